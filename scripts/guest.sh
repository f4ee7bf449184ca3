#!/usr/bin/env bash
# Runs inside the VM as root (see vm.sh). Loads pidns.ko and either shows the demo or runs every
# in-VM test suite, writing one line per test case to build/vm/results.txt:
#   PASS|FAIL|SKIP <suite>/<name>
#
#   guest.sh check | demo | bench [ARGS]
#
# `check` writes the end marker "END guest.sh check" as the last line of the results as its very
# last act, and then exits 0: a run whose results do not end with it, or whose exit status is not
# 0, did not reach its end (scripts/vm-verdict.sh judges that on the host).
#
# Settings, given on the guest command line (environment variables do not cross into the VM):
#   PIDNS_STRESS_SECONDS, PIDNS_FUZZ_SECONDS  the stress test's duration and the fuzzer's time
#       limit in the root run; the other modes keep their defaults
#   PIDNS_GUEST_RESULTS  the results file (default build/vm/results.txt)
#   PIDNS_GUEST_MODULE   the module to load (default rust/pidns.ko; another kernel's build)
#   PIDNS_GUEST_LXCFS    the LXCFS builds (what scripts/lxcfs.sh prints): LXCFS stock, on nsfs
#       and on pidns, tested (check) or compared (bench) by selftests/lxcfs/lxcfs_test.sh
#   PIDNS_GUEST_DIE_AFTER=lifecycle|selftests|clients|lxcfs|yama  for testing the harness itself:
#       `check` stops dead (SIGKILL to itself, no end marker) after that stage
set -uo pipefail
cd "$(dirname "$0")/.."
RESULTS=${PIDNS_GUEST_RESULTS:-build/vm/results.txt}
END_MARKER='END guest.sh check'
DIE_AFTER=${PIDNS_GUEST_DIE_AFTER:-}
MODULE=${PIDNS_GUEST_MODULE:-rust/pidns.ko}
LXCFS=${PIDNS_GUEST_LXCFS:-}
unset PIDNS_GUEST_RESULTS PIDNS_GUEST_DIE_AFTER PIDNS_GUEST_MODULE PIDNS_GUEST_LXCFS
# The checkout may sit where unprivileged users cannot reach (a 0700 temporary directory, /root):
# run the test binaries from a copy they can.
SELFTESTS=$(mktemp -d /tmp/pidns-selftests.XXXXXX)
cp build/selftests/* "$SELFTESTS"/ && chmod -R a+rX "$SELFTESTS"
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

# stage_done NAME: the end of a stage of `check`; with PIDNS_GUEST_DIE_AFTER=NAME the guest dies
# here, as a kernel panic or a hung suite would leave it: no end marker, a non-zero status.
stage_done() {
	[ "$DIE_AFTER" = "$1" ] || return 0
	echo "guest.sh: PIDNS_GUEST_DIE_AFTER=$1: stopping dead" >&2
	kill -KILL $$
}

# The parity suite again under each Yama ptrace_scope, as root and as root of a user namespace:
# pidns must refuse what mainline's ptrace checks refuse under each. Every scope is set explicitly:
# mainline's built-in default is 0 (distributions raise it to 1 with a sysctl; the VM does not), so
# the runs above are at the boot value, whatever it is. Scope 3 cannot be lowered again, so it
# comes last, and this runs after everything that may need to attach; the boot value is restored
# after 0, 1 and 2. Only on a kernel with Yama. A missing parity binary leaves these suites out,
# and the host's expected-suites check reports them missing.
yama_runs() {
	local knob=/proc/sys/kernel/yama/ptrace_scope t="$SELFTESTS/pidns_parity_test" scope boot
	[ -e "$knob" ] || return 0
	if [ ! -x "$t" ]; then
		echo "guest.sh: no $(basename "$t"): the Yama runs are left out" >&2
		return 0
	fi
	boot=$(cat "$knob")
	for scope in 0 1 2 3; do
		if ! echo "$scope" >"$knob" || [ "$(cat "$knob")" != "$scope" ]; then
			record FAIL "yama$scope/set-ptrace-scope"
			continue
		fi
		run_harness "yama$scope/root/parity" "$t"
		run_harness "yama$scope/userns/parity" "${NOBODY[@]}" unshare -Urp --fork --mount-proc "$t"
		if [ "$scope" != 3 ] && ! { echo "$boot" >"$knob" && [ "$(cat "$knob")" = "$boot" ]; }; then
			record FAIL "yama$scope/restore-ptrace-scope-$boot"
		fi
	done
}

load() { insmod "$MODULE" && [ -c /dev/pidns ]; }
unload() { rmmod pidns && [ ! -e /dev/pidns ]; }

# The last unload: processes the suites killed may still be exiting, their /dev/pidns and bound
# files not yet released; give them up to 10 seconds, then name whoever still holds one.
final_unload() {
	local i
	for i in $(seq 100); do
		rmmod pidns 2>/dev/null && [ ! -e /dev/pidns ] && return 0
		sleep 0.1
	done
	echo "pidns still in use by:" >&2
	ls -l /proc/[0-9]*/fd/ 2>/dev/null | grep -E 'pidns' >&2
	for p in /proc/[0-9]*; do
		ls -l "$p/fd" 2>/dev/null | grep -q pidns && echo "  $(basename "$p"): $(tr '\0' ' ' <"$p/cmdline")" >&2
	done
	return 1
}

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
	stage_done lifecycle
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
	stage_done selftests
	run_harness root/rust-client target/debug/examples/vm_check
	run_harness root/cli scripts/cli-check.sh
	check bench/smoke build/bench/pidns_bench --smoke
	for sample in lxcfs_init_pid criu_restore sibling_monitor; do
		check "samples/$sample" "build/samples/$sample"
	done
	stage_done clients
	# LXCFS itself on pidns (issue 16), against stock LXCFS and its mainline-nsfs peer, if given
	# (make check gives it on its own kernel; vm-expected.sh then expects its cases).
	[ -z "$LXCFS" ] || LXCFS_TEST_LOGS=build/vm/lxcfs selftests/lxcfs/lxcfs_test.sh check "$LXCFS" >>"$RESULTS"
	stage_done lxcfs
	yama_runs
	stage_done yama
	check lifecycle/final-unload final_unload
	check cli/without-module-exits-2 bash -c 'target/debug/pidns translate 1 2>/tmp/err; [ $? = 2 ] && grep -q insmod /tmp/err'
	if [ -e /sys/kernel/debug/kmemleak ] || { mount -t debugfs none /sys/kernel/debug 2>/dev/null &&
		[ -e /sys/kernel/debug/kmemleak ]; }; then
		check kernel/no-kmemleak-reports no_kmemleak_reports
	fi
	check kernel/no-splats-in-dmesg no_splats
	# The very last act: the guest reached its end.
	echo "$END_MARKER" >>"$RESULTS" || exit 1
	exit 0
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
	build/bench/pidns_bench --csv build/vm/bench.csv --json build/vm/bench.json "${@:2}" || exit 1
	# LXCFS's cold reads, stock vs nsfs vs pidns, if the builds are given.
	[ -z "$LXCFS" ] ||
		LXCFS_TEST_LOGS=build/vm/lxcfs selftests/lxcfs/lxcfs_test.sh bench "$LXCFS" build/vm/lxcfs-bench.csv
	;;
*)
	echo "usage: $0 check|demo|bench [ARGS]" >&2
	exit 2
	;;
esac
