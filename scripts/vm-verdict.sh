#!/usr/bin/env bash
# The verdict on one VM run of `guest.sh check`: did the guest reach its end? Prints PASS/FAIL
# lines in the results format (counted by check.sh like any other test case) and exits non-zero
# if any is a FAIL.
#
#   vm-verdict.sh RESULTS VM_STATUS EXPECTED
#
# RESULTS is the results file the guest wrote (missing or empty if it never got going),
# VM_STATUS the exit status of vm.sh (the guest command's, or 255 if the kernel died), EXPECTED a
# file listing every suite that must be present (vm-expected.sh). Three conditions, each its own
# case:
#   vm/end-marker            the last line of RESULTS is guest.sh's end marker (END_MARKER below),
#                            which it writes as its very last act
#   vm/exit-status-0         VM_STATUS is 0
#   vm/all-suites-present    every suite in EXPECTED has at least one PASS/FAIL/SKIP line: the
#                            suite's own name, or a case below it (SUITE/...)
# A violation is FAIL vm/no-end-marker, FAIL vm/exit-status-N, or one FAIL vm/missing/SUITE per
# missing suite. The FAIL lines of the results themselves are not repeated here.
set -uo pipefail

# Written by guest.sh as the last line of its results (keep the two in step).
END_MARKER='END guest.sh check'

[ $# -eq 3 ] || { echo "usage: $0 RESULTS VM_STATUS EXPECTED" >&2; exit 2; }
results=$1 status=$2 expected=$3

out=()
[ -s "$results" ] || out+=("FAIL vm/no-results (the VM did not come up, or the guest died before its first test)")

if [ -s "$results" ] && [ "$(tail -n 1 "$results")" = "$END_MARKER" ]; then
	out+=("PASS vm/end-marker")
elif [ -s "$results" ] && grep -qxF "$END_MARKER" "$results"; then
	out+=("FAIL vm/no-end-marker (the end marker is not the last line)")
else
	out+=("FAIL vm/no-end-marker (the guest did not reach the end of its suite)")
fi

if [ "$status" = 0 ]; then
	out+=("PASS vm/exit-status-0")
else
	out+=("FAIL vm/exit-status-$status")
fi

if [ ! -s "$expected" ]; then
	out+=("FAIL vm/no-expected-list ($expected is missing or empty)")
else
	# A result line "PASS a/b/c" makes a, a/b and a/b/c present. A results file that does not
	# exist reads as empty.
	mapfile -t missing < <({ cat "$results" 2>/dev/null || true; } | awk '
		FNR == NR { if ($0 != "") want[$0] = 1; next }
		$1 == "PASS" || $1 == "FAIL" || $1 == "SKIP" {
			name = substr($0, length($1) + 2)
			n = split(name, part, "/")
			prefix = part[1]; seen[prefix] = 1
			for (i = 2; i <= n; i++) { prefix = prefix "/" part[i]; seen[prefix] = 1 }
		}
		END { for (s in want) if (!(s in seen)) print s }' "$expected" - | sort)
	if [ ${#missing[@]} -eq 0 ]; then
		out+=("PASS vm/all-suites-present")
	else
		for s in "${missing[@]}"; do out+=("FAIL vm/missing/$s"); done
	fi
fi

printf '%s\n' "${out[@]}"
! printf '%s\n' "${out[@]}" | grep -q '^FAIL '
