#!/usr/bin/env bash
# Prints, one a line, every suite that `guest.sh check` must report for the VM part of `make
# check` to pass (see vm-verdict.sh): what a guest that reached its end has run.
#
#   vm-expected.sh SELFTESTS_DIR KERNEL_CONFIG [lxcfs]
#
# SELFTESTS_DIR holds the built selftests (build/selftests): each pidns_*_test there runs in four
# modes. KERNEL_CONFIG is the .config of the kernel the VM boots: with CONFIG_SECURITY_YAMA=y the
# parity suite also runs under kernel.yama.ptrace_scope 0, 1, 2 and 3. With "lxcfs", the guest
# was given the LXCFS builds (PIDNS_GUEST_LXCFS) and runs selftests/lxcfs/lxcfs_test.sh.
#
# Keep this in step with guest.sh's `check`.
set -euo pipefail

[ $# -eq 2 ] || [ $# -eq 3 ] && [ "${3:-lxcfs}" = lxcfs ] ||
	{ echo "usage: $0 SELFTESTS_DIR KERNEL_CONFIG [lxcfs]" >&2; exit 2; }
selftests=$1 config=$2 lxcfs=${3:-}
[ -d "$selftests" ] || { echo "$0: no selftests directory $selftests" >&2; exit 1; }
[ -r "$config" ] || { echo "$0: cannot read the kernel config $config" >&2; exit 1; }

for t in "$selftests"/pidns_*_test; do
	[ -e "$t" ] || continue
	name=$(basename "$t" _test)
	name=${name#pidns_}
	for mode in root userns unprivileged compat32; do
		echo "$mode/$name"
	done
done

for name in load load-message node-mode-0666 unload-refused-while-open unload reload \
	use-after-reload 100-unload-reload-cycles; do
	echo "lifecycle/$name"
done
echo root/rust-client
echo root/cli
echo bench/smoke
for sample in lxcfs_init_pid criu_restore sibling_monitor; do
	echo "samples/$sample"
done
# LXCFS on pidns (selftests/lxcfs/lxcfs_test.sh): every build, and their comparison.
if [ -n "$lxcfs" ]; then
	for v in stock nsfs pidns; do
		for name in mount init-pid-path root-reader/uptime root-reader/meminfo root-reader/stat \
			root-reader/cpuinfo userns-reader/uptime userns-reader/meminfo userns-reader/stat \
			userns-reader/cpuinfo recycled-init-pid own-suite/readdir own-suite/test_proc \
			own-suite/test_cgroup own-suite/test_read_proc own-suite/cpusetrange \
			own-suite/meminfo-hierarchy own-suite/reload own-suite/sigusr2 own-suite/no-defunct; do
			echo "lxcfs/$v/$name"
		done
	done
	for f in meminfo stat cpuinfo; do
		echo "lxcfs/builds-agree/$f"
	done
fi
if grep -qx 'CONFIG_SECURITY_YAMA=y' "$config"; then
	for scope in 0 1 2 3; do
		echo "yama$scope/root/parity"
		echo "yama$scope/userns/parity"
	done
fi
echo lifecycle/final-unload
echo cli/without-module-exits-2
echo kernel/no-splats-in-dmesg
