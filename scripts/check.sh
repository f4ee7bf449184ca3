#!/usr/bin/env bash
# `make check`: every test suite, host side and in the VM, summed into one closing line
#   N passed, N failed[, N skipped]
# Exits non-zero if anything failed or the VM run did not report.
source "$(dirname "$0")/lib.sh"
cd "$PIDNS_ROOT"

RESULTS=build/results
rm -rf "$RESULTS" build/vm && mkdir -p "$RESULTS" build/vm
HOST="$RESULTS/host.txt"
: >"$HOST"

# host_check NAME CMD...: one host-side test case from a command's exit status; output kept in
# build/results/NAME.log and shown on failure.
host_check() {
	local name=$1; shift
	local logf="$RESULTS/${name//\//_}.log"
	if "$@" >"$logf" 2>&1; then
		echo "PASS host/$name" >>"$HOST"
	else
		echo "FAIL host/$name" >>"$HOST"
		log "FAIL host/$name:"; tail -n 30 "$logf" >&2
	fi
}

KDIR=$(scripts/kernel.sh)
KSRC=$(readlink -f "$KDIR/source" 2>/dev/null || echo "$KDIR")

log "host checks"
host_check rustfmt rustfmt --check --edition 2021 --config-path "$KSRC/.rustfmt.toml" rust/*.rs
host_check module-build scripts/build.sh module
host_check module-clippy scripts/build.sh clippy
host_check module-dkms-build scripts/dkms-check.sh
host_check module-no-undefined-symbols bash -c "! grep -q 'undefined' '$RESULTS/module-build.log'"
host_check module-modinfo bash -c "modinfo rust/pidns.ko | grep -q '^license: *GPL' &&
	modinfo rust/pidns.ko | grep -q '^name: *pidns' &&
	[ \"\$(modinfo -F abi_version rust/pidns.ko)\" = \"\$(awk '/define PIDNS_ABI_VERSION/ {print \$3}' include/uapi/linux/pidns.h)\" ]"
host_check uapi-header scripts/abi-check.sh
host_check man-page-mandoc-lint mandoc -T lint -W style man/ioctl_pidns.4
host_check man-page-groff bash -c '! groff -ww -z -man man/ioctl_pidns.4 2>&1 | grep .'
host_check man-page-renders bash -c 'MANWIDTH=80 man -l man/ioctl_pidns.4 | grep -q PIDNS_IOC_GET_NAMESPACES'
host_check userspace-build scripts/build.sh userspace
host_check rust-client-fmt cargo fmt --check
host_check rust-client-clippy cargo clippy --quiet --locked --all-targets -- -D warnings
host_check rust-client-unit-tests cargo test --quiet --locked

log "booting the VM for the in-kernel suites"
vm_rc=0
# On the debug kernel the stress test runs a minute and the fuzzer gets the time to reach its
# 10^6 ioctls (as root); otherwise both keep their short defaults.
long_runs=()
[ "${PIDNS_KERNEL_FLAVOR:-}" = debug ] && long_runs=(PIDNS_STRESS_SECONDS=60 PIDNS_FUZZ_SECONDS=540)
scripts/vm.sh "${long_runs[@]}" scripts/guest.sh check || vm_rc=$?
if [ -s build/vm/results.txt ]; then
	cp build/vm/results.txt "$RESULTS/vm.txt"
else
	echo "FAIL vm/no-results (the VM did not come up or died; exit status $vm_rc)" >"$RESULTS/vm.txt"
fi

cat "$RESULTS"/*.txt >"$RESULTS/all.txt"
passed=$(grep -c '^PASS ' "$RESULTS/all.txt" || true)
failed=$(grep -c '^FAIL ' "$RESULTS/all.txt" || true)
skipped=$(grep -c '^SKIP ' "$RESULTS/all.txt" || true)
echo
grep -E '^(FAIL|SKIP) ' "$RESULTS/all.txt" || true
summary="$passed passed, $failed failed"
[ "$skipped" -gt 0 ] && summary+=", $skipped skipped"
echo "$summary"
[ "$failed" -eq 0 ] && [ "$passed" -gt 0 ]
