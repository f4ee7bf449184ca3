#!/usr/bin/env bash
# Builds the pieces of pidns:
#   build.sh module     pidns.ko against the kernel tree (warnings are errors)
#   build.sh clippy     the same with the kernel's CLIPPY=1
#   build.sh userspace  selftests, C samples and benchmarks (into build/), the Rust client
#   build.sh install    modules_install into the kernel tree's module directory
#
#   PIDNS_DISTRO_KVER=7.3.4+deb13-amd64   build the module (module, clippy, install) for that Debian
#       kernel instead: against the tree scripts/distro-kernel.sh makes, inside the trixie
#       environment, with the kernel's own compilers (Debian's rustc, gcc-14 as its
#       .kernelvariables say, no LLVM). userspace is always built on the host.
source "$(dirname "$0")/lib.sh"

if [ -n "${PIDNS_DISTRO_KVER:-}" ] && [ "${1:-module}" != userspace ]; then
	KDIR=$("$PIDNS_ROOT/scripts/distro-kernel.sh" "$PIDNS_DISTRO_KVER")
	kmake() { "$PIDNS_ROOT/scripts/trixie.sh" run make -s "$@"; }
else
	KDIR=$("$PIDNS_ROOT/scripts/kernel.sh")
fi

module_make() {
	kmake -C "$KDIR" M="$PIDNS_ROOT" KCFLAGS=-Werror KRUSTFLAGS=-Dwarnings "$@"
}

case "${1:-module}" in
module)
	module_make modules
	log "built $(realpath --relative-to="$PWD" "$PIDNS_ROOT/rust/pidns.ko")"
	;;
clippy)
	# Clippy runs as part of compiling, so the objects must be rebuilt: touch the sources.
	find "$PIDNS_ROOT/rust" -name "*.rs" -exec touch {} +
	module_make CLIPPY=1 modules
	;;
userspace)
	# The selftests need this kernel's uapi (nsfs and pidfd ioctls newer than the host's) and its
	# kselftest harness.
	kmake -C "$KDIR" headers
	ksrc=$(readlink -f "$KDIR/source" 2>/dev/null || echo "$KDIR")
	make -s -C "$PIDNS_ROOT/selftests" KSRC="$ksrc" KHDR="$KDIR/usr/include" \
		OUT="$PIDNS_ROOT/build/selftests"
	make -s -C "$PIDNS_ROOT/samples/c" KHDR="$KDIR/usr/include" OUT="$PIDNS_ROOT/build/samples"
	make -s -C "$PIDNS_ROOT/bench" KHDR="$KDIR/usr/include" OUT="$PIDNS_ROOT/build/bench"
	(cd "$PIDNS_ROOT" && cargo build --quiet --locked --workspace --bins --examples)
	;;
install)
	module_make modules_install
	;;
*) die "unknown target $1" ;;
esac
