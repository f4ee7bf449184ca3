#!/usr/bin/env bash
# Tests of the harness itself (run by `make check` as host checks): the VM part passes only if the
# guest reached its end (scripts/vm-verdict.sh).
#
#   vm-verdict-test.sh CASE              synthetic results fed to vm-verdict.sh; CASE is one of
#                                        complete, truncated-after-lifecycle, no-end-marker,
#                                        end-marker-not-last, exit-status, missing-suite,
#                                        prefix-is-not-the-suite, no-results
#   vm-verdict-test.sh dead-guest EXPECTED   one real VM boot whose guest stops dead right after
#                                        the lifecycle checks (PIDNS_GUEST_DIE_AFTER=lifecycle):
#                                        its verdict against EXPECTED (vm-expected.sh) must fail
# Exits 0 if the case holds.
source "$(dirname "$0")/lib.sh"
cd "$PIDNS_ROOT"

END_MARKER='END guest.sh check'
fail() { echo "FAILED: $*" >&2; exit 1; }

# verdict RESULTS STATUS EXPECTED WANT...: runs vm-verdict.sh; its FAIL lines (without their
# explanations) must be exactly WANT (none: it must pass), and its exit status must agree.
verdict() {
	local results=$1 status=$2 expected=$3; shift 3
	local out rc=0 got want
	out=$(scripts/vm-verdict.sh "$results" "$status" "$expected") || rc=$?
	echo "verdict on $(basename "$results"), status $status:"
	sed 's/^/  /' <<<"$out"
	got=$(grep '^FAIL ' <<<"$out" | sed 's/ (.*//' | sort || true)
	want=$(printf '%s\n' "$@" | sed '/^$/d' | sort)
	[ "$got" = "$want" ] || fail "expected the FAIL lines [$(echo $want)], got [$(echo $got)]"
	if [ $# -eq 0 ]; then
		[ $rc -eq 0 ] || fail "vm-verdict.sh exited $rc with no FAIL line"
		[ "$(grep -c '^PASS vm/' <<<"$out")" -eq 3 ] || fail "expected three PASS vm/ lines"
	else
		[ $rc -ne 0 ] || fail "vm-verdict.sh exited 0 with FAIL lines"
	fi
}

# A dead guest: its results must not pass, whatever else they contain.
dead_guest() {
	local expected=$1 out=build/vm/dead-guest.txt rc=0 v
	[ -s "$expected" ] || fail "no expected-suites list $expected"
	rm -f "$out"
	PIDNS_VM_CONSOLE=build/vm/console-dead-guest.log scripts/vm.sh PIDNS_GUEST_DIE_AFTER=lifecycle \
		PIDNS_GUEST_RESULTS="$out" scripts/guest.sh check ||
		rc=$?
	echo "vm.sh exit status: $rc; the guest's results:"
	sed 's/^/  /' "$out" 2>/dev/null || true
	# The run must show something: the guest came up, ran the lifecycle checks, and died there.
	grep -q '^[A-Z]* lifecycle/100-unload-reload-cycles$' "$out" ||
		fail "the guest did not get through the lifecycle checks: this boot tests nothing"
	! grep -v '^[A-Z]* lifecycle/' "$out" || fail "the guest ran on past the lifecycle checks"
	[ "$rc" -eq 137 ] || fail "vm.sh exit status $rc, expected 137 (the guest's SIGKILL)"
	v=$(scripts/vm-verdict.sh "$out" "$rc" "$expected") && fail "the verdict passed a dead guest"
	echo "verdict:"
	sed 's/^/  /' <<<"$v"
	for want in 'FAIL vm/no-end-marker' 'FAIL vm/exit-status-137' 'FAIL vm/missing/root/translate' \
		'FAIL vm/missing/kernel/no-splats-in-dmesg'; do
		grep -q "^$want\( \|$\)" <<<"$v" || fail "no '$want' in the verdict"
	done
	! grep -q '^FAIL vm/missing/lifecycle/load$' <<<"$v" || fail "lifecycle/load reported missing"
}

case "${1:-}" in
dead-guest)
	[ $# -eq 2 ] || fail "usage: $0 dead-guest EXPECTED"
	dead_guest "$2"
	exit 0
	;;
complete | truncated-after-lifecycle | no-end-marker | end-marker-not-last | exit-status | \
	missing-suite | prefix-is-not-the-suite | no-results) ;;
*) fail "usage: $0 CASE | dead-guest EXPECTED" ;;
esac

# Synthetic inputs: a selftests directory with three suites, a Yama kernel config, and the
# results of a complete run in the guest's order (lifecycle checks first).
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
mkdir "$tmp/selftests"
for t in translate bind parity; do
	touch "$tmp/selftests/pidns_${t}_test" "$tmp/selftests/pidns_${t}_test_32"
done
printf 'CONFIG_SECURITY=y\nCONFIG_SECURITY_YAMA=y\n' >"$tmp/config"
scripts/vm-expected.sh "$tmp/selftests" "$tmp/config" >"$tmp/expected"
grep -qx yama3/userns/parity "$tmp/expected" || fail "no Yama suites expected on a Yama kernel"
grep -qx compat32/parity "$tmp/expected" || fail "compat32/parity not expected"
! grep -q _32 "$tmp/expected" || fail "a _32 binary taken for a suite of its own"
printf 'CONFIG_SECURITY=y\n# CONFIG_SECURITY_YAMA is not set\n' >"$tmp/config-noyama"
! scripts/vm-expected.sh "$tmp/selftests" "$tmp/config-noyama" | grep -q '^yama' ||
	fail "Yama suites expected on a kernel without Yama"

complete=$tmp/complete.txt
{
	grep '^lifecycle/' "$tmp/expected" | grep -vx lifecycle/final-unload | sed 's/^/PASS /'
	grep -v '^lifecycle/' "$tmp/expected" | grep -vx -e cli/without-module-exits-2 \
		-e kernel/no-splats-in-dmesg | while read -r s; do
		case "$s" in
		*/*/* | root/* | userns/* | unprivileged/* | compat32/*)
			echo "PASS $s/fixture.first"
			echo "SKIP $s/fixture.second"
			;;
		*) echo "PASS $s" ;;
		esac
	done
	echo "PASS lifecycle/final-unload"
	echo "FAIL cli/without-module-exits-2"
	echo "PASS kernel/no-splats-in-dmesg"
	echo "$END_MARKER"
} >"$complete"

r=$tmp/results.txt
case "$1" in
complete)
	# Every suite, the marker last, status 0: passes (a FAIL inside a suite is the suite's own
	# failure, counted once, not a harness failure).
	verdict "$complete" 0 "$tmp/expected"
	;;
truncated-after-lifecycle)
	# The issue's case: the guest stopped right after the lifecycle checks.
	awk '$2 ~ /^lifecycle\// { print; next } { exit }' "$complete" >"$r"
	[ "$(wc -l <"$r")" -eq 8 ] || fail "expected 8 lifecycle lines, got $(wc -l <"$r")"
	missing=$(grep -v '^lifecycle/[^f]' "$tmp/expected" | sed 's|^|FAIL vm/missing/|')
	mapfile -t missing <<<"$missing"
	verdict "$r" 0 "$tmp/expected" 'FAIL vm/no-end-marker' "${missing[@]}"
	verdict "$r" 137 "$tmp/expected" 'FAIL vm/no-end-marker' 'FAIL vm/exit-status-137' "${missing[@]}"
	;;
no-end-marker)
	grep -vxF "$END_MARKER" "$complete" >"$r"
	verdict "$r" 0 "$tmp/expected" 'FAIL vm/no-end-marker'
	;;
end-marker-not-last)
	{ cat "$complete"; echo "PASS kernel/no-splats-in-dmesg"; } >"$r"
	verdict "$r" 0 "$tmp/expected" 'FAIL vm/no-end-marker'
	;;
exit-status)
	verdict "$complete" 1 "$tmp/expected" 'FAIL vm/exit-status-1'
	verdict "$complete" 255 "$tmp/expected" 'FAIL vm/exit-status-255'
	;;
missing-suite)
	grep -v ' root/translate/' "$complete" >"$r"
	verdict "$r" 0 "$tmp/expected" 'FAIL vm/missing/root/translate'
	grep -v ' yama3/userns/parity/' "$complete" >"$r"
	verdict "$r" 0 "$tmp/expected" 'FAIL vm/missing/yama3/userns/parity'
	grep -vx 'PASS bench/smoke' "$complete" >"$r"
	verdict "$r" 0 "$tmp/expected" 'FAIL vm/missing/bench/smoke'
	;;
prefix-is-not-the-suite)
	# userns/bindx and userns/bind_32 do not stand for userns/bind.
	sed -e 's| userns/bind/fixture.second$| userns/bind_32|' -e 's| userns/bind/| userns/bindx/|' \
		"$complete" >"$r"
	grep -qx 'SKIP userns/bind_32' "$r" && grep -qx 'PASS userns/bindx/fixture.first' "$r" ||
		fail "the synthetic results are not what this case needs"
	verdict "$r" 0 "$tmp/expected" 'FAIL vm/missing/userns/bind'
	;;
no-results)
	: >"$r"
	all=$(sed 's|^|FAIL vm/missing/|' "$tmp/expected")
	mapfile -t all <<<"$all"
	verdict "$r" 255 "$tmp/expected" 'FAIL vm/no-results' 'FAIL vm/no-end-marker' \
		'FAIL vm/exit-status-255' "${all[@]}"
	verdict "$tmp/does-not-exist" 255 "$tmp/expected" 'FAIL vm/no-results' \
		'FAIL vm/no-end-marker' 'FAIL vm/exit-status-255' "${all[@]}"
	;;
esac
echo "ok: $1"
