#!/usr/bin/env bash
# SPDX-License-Identifier: GPL-2.0
# Plots a benchmark run: bench/plot.sh [RESULTS_DIR] reads RESULTS_DIR/latest.csv (default
# bench-results) and writes there the SVGs (sibling, idref, lastpids, batch: scaling curves on
# log axes; ratios: the per-call sections as bars) and machine.txt (date, host CPU, accelerator).
# Runs on the host after `make bench`; not needed by `make check`.
set -euo pipefail
root=$(cd "$(dirname "$0")/.." && pwd)
dir=$(realpath "${1:-$root/bench-results}")
[ -f "$dir/latest.csv" ] || { echo "plot.sh: no $dir/latest.csv (run make bench)" >&2; exit 1; }
command -v gnuplot >/dev/null || { echo "plot.sh: gnuplot not found (scripts/install-deps.sh)" >&2; exit 1; }
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
python3 "$root/bench/plot_data.py" "$dir/latest.csv" "$tmp"
gnuplot -e "data='$tmp'; out='$dir'" "$root/bench/plots.gp"
accel=$(cat "${XDG_CACHE_HOME:-$HOME/.cache}/pidns/kvm-$(cat /proc/sys/kernel/random/boot_id)" 2>/dev/null || echo unknown)
{
	echo "date: $(date -u -r "$dir/latest.csv" +%F)"
	echo "host CPU: $(grep -m1 '^model name' /proc/cpuinfo | cut -d: -f2- | sed 's/^ //'), $(nproc) cores"
	echo "guest: 2 vCPUs, 4 GiB, $([ "$accel" = yes ] && echo KVM || echo 'TCG emulation')"
} >"$dir/machine.txt"
echo "plots: $(cd "$dir" && ls ./*.svg | xargs -n1 basename | tr '\n' ' ')"
