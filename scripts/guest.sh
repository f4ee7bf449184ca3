#!/usr/bin/env bash
# Runs inside the VM as root (see vm.sh). Loads pidns.ko and either shows the demo or runs every
# in-VM test suite, writing one line per test case to build/vm/results.txt:
#   PASS|FAIL|SKIP <suite>/<name>
#
#   guest.sh check | demo | bench [ARGS]
#
# PIDNS_STRESS_SECONDS and PIDNS_FUZZ_SECONDS (given on the guest command line: environment
# variables do not cross into the VM) set the stress test's duration and the fuzzer's time limit
# in the root run; the other modes keep their defaults.
set -uo pipefail
cd "$(dirname "$0")/.."
RESULTS=build/vm/results.txt
# The checkout may sit where unprivileged users cannot reach (a 0700 temporary directory, /root):
# run the test binaries from a copy they can.
SELFTESTS=$(mktemp -d /tmp/pidns-selftests.XXXXXX)
cp build/selftests/* "$SELFTESTS"/ && chmod -R a+rX "$SELFTESTS"
MODULE=rust/pidns.ko
NOBODY=(setpriv --reuid=65534 --regid=65534 --clear-groups)
ROOT_ENV=()
[ -n "${PIDNS_STRESS_SECONDS:-}" ] && ROOT_ENV+=("PIDNS_STRESS_SECONDS=$PIDNS_STRESS_SECONDS")
[ -n "${PIDNS_FUZZ_SECONDS:-}" ] && ROOT_ENV+=("PIDNS_FUZZ_SECONDS=$PIDNS_FUZZ_SECONDS")
unset PIDNS_STRESS_SECONDS PIDNS_FUZZ_SECONDS

: >"$RESULTS"
record() { echo "$1 $2" >>"$RESULTS"; [ "$1" = FAIL ] && echo "FAIL: $2" >&2; return 0; }
check() { # check NAME CMD...: one test case from a command's exit status
	local name=$1; shift
	if "$@"; then record PASS "$name"; else record FAIL "$name"; fi
}

# Runs a kselftest-harness binary (10 minutes at most) and records each of its TAP results under
# SUITE. Output goes through a file, so that a process a test leaks cannot hold the run open.
run_harness() {
	local suite=$1; shift
	local out rc
	out=$(mktemp)
	timeout -k 10 600 "$@" >"$out" 2>&1 </dev/null; rc=$?
	sed "s|^|[$suite] |" "$out"
	awk -v suite="$suite" '
		/^ok [0-9]+ .*# SKIP/ { sub(/^ok [0-9]+ /, ""); sub(/ # SKIP.*/, ""); print "SKIP " suite "/" $0; n++; next }
		/^ok [0-9]+ / { sub(/^ok [0-9]+ /, ""); print "PASS " suite "/" $0; n++; next }
		/^not ok [0-9]+ / { sub(/^not ok [0-9]+ /, ""); print "FAIL " suite "/" $0; n++; next }
		END { if (!n) print "FAIL " suite "/(no TAP output)" }' "$out" >>"$RESULTS"
	rm -f "$out"
	[ $rc -eq 0 ] || grep -q "^FAIL $suite/" "$RESULTS" || record FAIL "$suite/exit-status-$rc"
}

load() { insmod "$MODULE" && [ -c /dev/pidns ]; }
unload() { rmmod pidns && [ ! -e /dev/pidns ]; }

# On a kernel with kmemleak (the debug one): no unreferenced object after two scans.
no_kmemleak_reports() {
	mountpoint -q /sys/kernel/debug || mount -t debugfs none /sys/kernel/debug
	echo scan >/sys/kernel/debug/kmemleak && sleep 2 && echo scan >/sys/kernel/debug/kmemleak
	if grep -q "unreferenced object" /sys/kernel/debug/kmemleak; then
		cat /sys/kernel/debug/kmemleak >&2
		return 1
	fi
}

# Anything the kernel said that a correct module never makes it say.
no_splats() {
	! dmesg | grep -E -i 'BUG:|WARNING:|Oops|KASAN|UBSAN|refcount_t:|lockdep|possible recursive|RCU.*(stall|detected)|kmemleak|general protection|Call Trace'
}

module_lifecycle() {
	check lifecycle/load load
	check lifecycle/load-message bash -c 'dmesg | grep -q "pidns: /dev/pidns ready, ABI version"'
	check lifecycle/node-mode-0666 bash -c '[ "$(stat -c %a /dev/pidns)" = 666 ]'
	check lifecycle/unload-refused-while-open bash -c 'exec 3</dev/pidns; ! rmmod pidns 2>/dev/null && [ -c /dev/pidns ]'
	check lifecycle/unload unload
	check lifecycle/reload load
	check lifecycle/use-after-reload "$SELFTESTS"/pidns_translate_test -t version
	local i ok=0
	for i in $(seq 100); do unload && load && ok=$((ok + 1)); done
	check lifecycle/100-unload-reload-cycles [ $ok -eq 100 ]
}

case "${1:-check}" in
check)
	dmesg -C
	module_lifecycle
	lsmod | grep -q '^pidns' || load
	for t in "$SELFTESTS"/pidns_*_test; do
		name=$(basename "$t" _test)
		name=${name#pidns_}
		run_harness "root/$name" env "${ROOT_ENV[@]}" "$t"
		run_harness "userns/$name" "${NOBODY[@]}" unshare -Urp --fork --mount-proc "$t"
		run_harness "unprivileged/$name" "${NOBODY[@]}" "$t"
		# The same suite as a 32-bit program: every ioctl through compat_ioctl.
		run_harness "compat32/$name" "${t}_32"
	done
	run_harness root/rust-client target/debug/examples/vm_check
	run_harness root/cli scripts/cli-check.sh
	check bench/smoke build/bench/pidns_bench --smoke
	for sample in lxcfs_init_pid criu_restore sibling_monitor; do
		check "samples/$sample" "build/samples/$sample"
	done
	check lifecycle/final-unload unload
	check cli/without-module-exits-2 bash -c 'target/debug/pidns translate 1 2>/tmp/err; [ $? = 2 ] && grep -q insmod /tmp/err'
	if [ -e /sys/kernel/debug/kmemleak ] || { mount -t debugfs none /sys/kernel/debug 2>/dev/null &&
		[ -e /sys/kernel/debug/kmemleak ]; }; then
		check kernel/no-kmemleak-reports no_kmemleak_reports
	fi
	check kernel/no-splats-in-dmesg no_splats
	;;
demo)
	load || exit 1
	build/samples/pidns_demo || exit 1
	# A taste of the benchmarks (make bench runs them all): the per-call sections, 3 rounds.
	echo
	build/bench/pidns_bench --only floor,down,up,initpid --rounds 3
	;;
bench)
	load || exit 1
	build/bench/pidns_bench --csv build/vm/bench.csv --json build/vm/bench.json "${@:2}"
	;;
*)
	echo "usage: $0 check|demo|bench [ARGS]" >&2
	exit 2
	;;
esac
