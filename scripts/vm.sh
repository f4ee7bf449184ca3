#!/usr/bin/env bash
# Boots the pidns kernel under virtme-ng and runs a command in it as root, from the repository
# directory; the guest's exit status is passed through. build/vm is writable from the guest.
#
#   vm.sh CMD...
#
# PIDNS_VM_MEMORY sets the guest's memory (default 1G). The guest kernel's console goes to
# PIDNS_VM_CONSOLE (default build/vm/console.log), and its last lines to stderr if the VM exits
# non-zero: a guest that panics (panic_on_warn) otherwise dies with no word but vng's status 255.
#
# KVM is used only if a short sentinel boot under it succeeds (on some hosts QEMU aborts or the
# guest hangs under KVM); otherwise the guest runs under TCG emulation. The verdict is cached per
# host boot.
source "$(dirname "$0")/lib.sh"

KDIR=$("$PIDNS_ROOT/scripts/kernel.sh")
BZIMAGE=${PIDNS_BZIMAGE:-$KDIR/arch/x86/boot/bzImage}
[ -f "$BZIMAGE" ] || die "no kernel image at $BZIMAGE (with KDIR=, build bzImage there first)"
mkdir -p "$PIDNS_ROOT/build/vm"

vng_run() {
	vng --run "$BZIMAGE" --cpus 2 --memory "${PIDNS_VM_MEMORY:-1G}" --user root \
		--rwdir "$PIDNS_ROOT/build/vm" --append "panic_on_warn=1 oops=panic panic=-1" "$@" </dev/null
}

# Boots once under KVM, in a session of its own so that a hung QEMU can be killed with
# everything it started; succeeds if the guest ran a command within 60 seconds.
kvm_works() {
	local out pid
	[ -w /dev/kvm ] || return 1
	out=$(mktemp)
	setsid bash -c "$(declare -f vng_run); BZIMAGE='$BZIMAGE' PIDNS_ROOT='$PIDNS_ROOT' \
		vng_run --exec 'echo pidns-kvm-sentinel'" >"$out" 2>&1 &
	pid=$!
	for _ in $(seq 60); do
		kill -0 "$pid" 2>/dev/null || break
		sleep 1
	done
	kill -KILL -- "-$pid" 2>/dev/null
	wait "$pid" 2>/dev/null
	grep -q pidns-kvm-sentinel "$out"
	local ok=$?
	rm -f "$out"
	return $ok
}

accel_args() {
	local verdict="$PIDNS_CACHE/kvm-$(cat /proc/sys/kernel/random/boot_id 2>/dev/null || echo unknown)"
	if [ "${PIDNS_KVM:-auto}" = never ]; then
		echo --disable-kvm
		return
	fi
	if [ ! -f "$verdict" ]; then
		mkdir -p "$PIDNS_CACHE"
		if kvm_works; then echo yes >"$verdict"; else echo no >"$verdict"; fi
	fi
	if [ "$(cat "$verdict")" = yes ]; then
		log "VM accelerator: KVM"
	else
		log "VM accelerator: TCG (KVM unavailable or not working here)"
		echo --disable-kvm
	fi
}

CONSOLE=${PIDNS_VM_CONSOLE:-$PIDNS_ROOT/build/vm/console.log}
mkdir -p "$(dirname "$CONSOLE")"
# With --verbose the kernel console is vng's stderr; the command's own stderr joins its stdout.
# QEMU reopens vng's stdout by path (/proc/self/fd/1), which truncates a regular file: the
# command's output goes through a pipe, so that `make check >log` keeps what came before.
cd "$PIDNS_ROOT"
accel=$(accel_args)
# A guest that dies before it reaches the command (under TCG, a distribution kernel with two vCPUs
# has been seen to oops at 1.5 s on an int3 left behind by its own boot-time code patching) is
# booted again, once: the command's first act is to leave a marker, so that a failure of the
# command itself, which may well be a death, is never retried.
marker=$PIDNS_ROOT/build/vm/.started-$$
for try in 1 2; do
	rm -f "$marker"
	set +e
	# shellcheck disable=SC2086
	vng_run $accel --verbose --exec "cd '$PIDNS_ROOT' && : >'$marker' && { $*; } 2>&1" \
		2>"$CONSOLE" | cat
	rc=${PIPESTATUS[0]}
	set -e
	[ "$rc" -eq 0 ] || [ -e "$marker" ] || [ "$try" -eq 2 ] || {
		log "the VM died (status $rc) before it ran the command; its console is kept in" \
			"$CONSOLE.boot-failure. Booting it once more."
		tr -d '\000\r' <"$CONSOLE" | grep -E 'Oops|BUG|RIP|panic' | head -n 5 >&2 || true
		mv "$CONSOLE" "$CONSOLE.boot-failure"
		continue
	}
	break
done
rm -f "$marker"
if [ "$rc" -ne 0 ]; then
	log "the VM exited $rc; the last lines of its kernel console ($CONSOLE):"
	tr -d '\000\r' <"$CONSOLE" | tail -n 40 >&2
fi
exit "$rc"
