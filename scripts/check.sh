#!/usr/bin/env bash
# `make check`: every test suite, host side and in the VM, summed into one closing line
#   N passed, N failed[, N skipped]
# Exits non-zero if anything failed or the VM run did not reach its end.
#
# The VM part counts only if the guest reached the end of its suite (scripts/vm-verdict.sh): its
# end marker, the VM's exit status 0, and every expected suite (scripts/vm-expected.sh) present;
# each violation is a FAIL line of its own. PIDNS_GUEST_DIE_AFTER=lifecycle (or selftests,
# clients, lxcfs, yama) makes the guest stop dead after that stage, which must make this fail.
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
host_check rustfmt bash -c "find rust -name '*.rs' -print0 |
	xargs -0 rustfmt --check --edition 2021 --config-path '$KSRC/.rustfmt.toml'"
host_check module-layers scripts/layers-check.sh
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
# LXCFS 6.0.4 (Debian trixie's source) built stock and with patches/lxcfs/{nsfs,pidns}: the
# patches apply without fuzz, add no compiler warning, and LXCFS's FUSE-free unit test passes
# (scripts/lxcfs.sh; cached, a warm run does nothing).
host_check lxcfs-build-stock-nsfs-pidns scripts/lxcfs.sh
LXCFS_BUILDS=$(scripts/lxcfs.sh 2>/dev/null || true)
# The harness itself: the verdict on synthetic VM results (a dead guest's among them).
for c in complete truncated-after-lifecycle no-end-marker end-marker-not-last exit-status \
	missing-suite prefix-is-not-the-suite no-results; do
	host_check "harness-verdict-$c" scripts/vm-verdict-test.sh "$c"
done

# The kernels the in-VM suites run on, each booted in turn (PIDNS_KERNELS, space- or
# comma-separated, narrows it for quick iteration):
#   self                 the self-built $KERNEL_VERSION (its debug twin under check-debug)
#   debian:KVER          Debian's stock kernel KVER: pidns.ko built for it in the trixie
#                        environment against its proven Rust artifacts (scripts/distro-kernel.sh)
# Every case of a kernel's run is named by the kernel: self-7.3.4/root/translate/..., and
# host/KVER/module-build for the module build of a Debian kernel (and, for the first of them,
# host/KVER/deb-install-dkms-modprobe-purge: the Debian package).
if [ "${PIDNS_KERNEL_FLAVOR:-}" = debug ]; then
	default_kernels=self
else
	default_kernels="self ${PIDNS_DEBIAN_KERNELS[*]/#/debian:}"
fi
read -r -a KERNELS <<<"$(tr , ' ' <<<"${PIDNS_KERNELS:-$default_kernels}")"

# On the debug kernel the stress test runs a minute and the fuzzer gets the time to reach its
# 10^6 ioctls (as root); otherwise both keep their short defaults.
guest_env=()
[ "${PIDNS_KERNEL_FLAVOR:-}" = debug ] && guest_env=(PIDNS_STRESS_SECONDS=60 PIDNS_FUZZ_SECONDS=540)
[ -n "${PIDNS_GUEST_DIE_AFTER:-}" ] && guest_env+=("PIDNS_GUEST_DIE_AFTER=$PIDNS_GUEST_DIE_AFTER")

# vm_suites LABEL CONFIG [VM_ENV...]: boots a kernel (vm.sh, with VM_ENV such as PIDNS_BZIMAGE=)
# and runs every in-VM suite on it; its cases go to $RESULTS/vm-LABEL.txt as LABEL/CASE, with the
# verdict on whether the guest reached its end (every suite that the kernel's CONFIG calls for).
vm_suites() {
	local label=$1 config=$2; shift 2
	local raw=build/vm/results-$label.txt expected=$RESULTS/vm-expected-$label.list vm_rc=0
	local start=$SECONDS
	log "$label: booting the VM for the in-kernel suites"
	scripts/vm-expected.sh build/selftests "$config" ${GUEST_LXCFS:+lxcfs} >"$expected" || : >"$expected"
	env PIDNS_VM_CONSOLE="build/vm/console-$label.log" "$@" scripts/vm.sh "${guest_env[@]}" PIDNS_GUEST_RESULTS="$raw" \
		PIDNS_GUEST_MODULE="${GUEST_MODULE:-rust/pidns.ko}" PIDNS_GUEST_LXCFS="${GUEST_LXCFS:-}" \
		scripts/guest.sh check || vm_rc=$?
	{
		grep -E '^(PASS|FAIL|SKIP) ' "$raw" 2>/dev/null || true
		scripts/vm-verdict.sh "$raw" "$vm_rc" "$expected" || true
	} | sed -E "s#^(PASS|FAIL|SKIP) #\1 $label/#" >"$RESULTS/vm-$label.txt"
	log "$label: $(grep -c '^PASS ' "$RESULTS/vm-$label.txt") passed, $(grep -c '^FAIL ' \
		"$RESULTS/vm-$label.txt") failed, in $((SECONDS - start)) s"
}

# debian_kernel KVER: builds pidns.ko for Debian's kernel KVER from a copy of this tree (so that
# rust/pidns.ko stays the self-built kernel's) and runs the suites on that kernel.
debian_kernel() {
	local kver=$1 copy=build/kernels/$1 vmlinuz
	rm -rf "$copy" && mkdir -p "$copy"
	git ls-files -z --cached --others --exclude-standard | xargs -0 cp --parents -t "$copy"
	host_check "$kver/module-build" env PIDNS_DISTRO_KVER="$kver" "$copy/scripts/build.sh" module
	if ! grep -q "^PASS host/$kver/module-build$" "$HOST"; then
		echo "FAIL $kver/vm/not-booted (no module for it)" >"$RESULTS/vm-$kver.txt"
		return
	fi
	vmlinuz=$(scripts/distro-kernel.sh "$kver" vmlinuz)
	GUEST_MODULE="$copy/rust/pidns.ko" vm_suites "$kver" \
		"$(scripts/distro-kernel.sh "$kver")/.config" PIDNS_BZIMAGE="$vmlinuz" PIDNS_VM_MEMORY=2G
	# The Debian package on the first of Debian's kernels: apt install, DKMS build, modprobe in
	# that kernel, apt purge (scripts/deb-test.sh).
	if [ "$kver" = "${PIDNS_DEBIAN_KERNELS[0]}" ]; then
		host_check "$kver/deb-install-dkms-modprobe-purge" scripts/deb-test.sh "$kver"
	fi
}

EXPECTED=$RESULTS/vm-expected.list
scripts/vm-expected.sh build/selftests "$KDIR/.config" >"$EXPECTED" || : >"$EXPECTED"
for kernel in "${KERNELS[@]}"; do
	case $kernel in
	# LXCFS (issue 16) on the self-built kernel only: its suite takes minutes under TCG, and the
	# module's paths are the same on every kernel.
	self) GUEST_LXCFS="$LXCFS_BUILDS" vm_suites "${PIDNS_KERNEL_FLAVOR:-self}-$KERNEL_VERSION" "$KDIR/.config" ;;
	debian:*) debian_kernel "${kernel#debian:}" ;;
	*) echo "FAIL $kernel/unknown-kernel (PIDNS_KERNELS: self or debian:KVER)" >"$RESULTS/vm-$kernel.txt" ;;
	esac
done

# The harness itself, for real: one more boot, whose guest stops dead after the lifecycle checks;
# the verdict on it must fail.
log "booting the VM once more, with a guest that dies midway (a test of this harness)"
host_check harness-detects-dead-guest scripts/vm-verdict-test.sh dead-guest "$EXPECTED"

cat "$RESULTS"/*.txt >"$RESULTS/all.txt"
passed=$(grep -c '^PASS ' "$RESULTS/all.txt" || true)
failed=$(grep -c '^FAIL ' "$RESULTS/all.txt" || true)
skipped=$(grep -c '^SKIP ' "$RESULTS/all.txt" || true)
echo
grep -E '^(FAIL|SKIP) ' "$RESULTS/all.txt" || true
summary="$passed passed, $failed failed"
[ "$skipped" -gt 0 ] && summary+=", $skipped skipped"
echo "$summary"
log "make check took $((SECONDS / 60)) min $((SECONDS % 60)) s"
[ "$failed" -eq 0 ] && [ "$passed" -gt 0 ]
