#!/usr/bin/env bash
# Checks that dkms.conf works: registers this source tree with DKMS under a scratch DKMS tree,
# builds pidns.ko for the test kernel, checks the module, and leaves the host's DKMS state as it
# was. Nothing is installed or loaded.
source "$(dirname "$0")/lib.sh"
KDIR=$("$PIDNS_ROOT/scripts/kernel.sh")
version=$(awk -F'"' '/^PACKAGE_VERSION=/ {print $2}' "$PIDNS_ROOT/dkms.conf")
scratch=$(mktemp -d)
trap 'rm -rf "$scratch"' EXIT
mkdir -p "$scratch/tree" "$scratch/src/pidns-$version"
# The source as DKMS sees it: the checkout without build products.
git -C "$PIDNS_ROOT" ls-files -z --cached --others --exclude-standard | (cd "$PIDNS_ROOT" && xargs -0 cp --parents -t "$scratch/src/pidns-$version")
dkms() { command dkms --dkmstree "$scratch/tree" --sourcetree "$scratch/src" "$@"; }
dkms add "pidns/$version" >/dev/null
dkms build "pidns/$version" -k "$KERNEL_VERSION" --kernelsourcedir "$KDIR" >/dev/null ||
	{ cat "$scratch/tree/pidns/$version/build/make.log" >&2; exit 1; }
ko=$(find "$scratch/tree/pidns/$version" -name pidns.ko | head -n1)
[ -n "$ko" ] && modinfo -F name "$ko" | grep -qx pidns
