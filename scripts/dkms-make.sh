#!/usr/bin/env bash
# DKMS's build command (dkms.conf's MAKE and CLEAN): builds rust/pidns.ko for kernel KVER, whose
# build tree DKMS found at KDIR (/lib/modules/KVER/build), with the kernel's own compilers.
#
#   dkms-make.sh KVER KDIR [modules|clean] [VAR=VALUE...]
#
# DKMS appends CC=clang and LD=ld.lld for a clang-built kernel; they are ignored: the compilers
# are chosen from the kernel's own config below (Debian's clang is clang-19, not clang).
#
# - A build tree that has its Rust artifacts (rust/libkernel.rmeta and scripts/target.json: a
#   kernel you built yourself, or Ubuntu's headers with linux-lib-rust-KVER installed): the module
#   is built against it directly, with LLVM if the kernel was built with clang.
# - Debian's headers (linux-headers-KVER ships no Rust artifacts): the artifacts are rebuilt once
#   per kernel into $PIDNS_DKMS_CACHE/KVER/DEBVERSION (default /var/lib/pidns-dkms) from
#   linux-source-X.Y of the kernel's own Debian version, with the kernel's own rustc, bindgen and
#   C compiler (scripts/rust-artifacts.sh checks each against the kernel's config), proven
#   against the headers' Module.symvers, and added to a private view of the headers tree (links
#   to it: no file of another package is changed); the module is built against that view.
# - Anything else is refused with the reason.
source "$(dirname "$0")/lib.sh"
source "$(dirname "$0")/rust-artifacts.sh"

KVER=${1:-}
KDIR=${2:-}
[ -n "$KVER" ] && [ -d "$KDIR" ] || die "usage: dkms-make.sh KVER KDIR [modules|clean] [VAR=VALUE...]"
TARGET=modules
for arg in "${@:3}"; do
	case $arg in
	modules | clean) TARGET=$arg ;;
	*=*) ;;
	*) die "unknown argument $arg" ;;
	esac
done
CACHE=${PIDNS_DKMS_CACHE:-/var/lib/pidns-dkms}
RA_RUN=()
RA_TOOLCHAIN_HINT="install that version (apt install rustc=VERSION bindgen=VERSION, or gcc-N),"
RA_TOOLCHAIN_HINT+=" or build pidns against a kernel built with the compilers you have."

# The build against a tree with its Rust artifacts; LLVM as the kernel was built (the clang of
# the kernel's major version, e.g. Debian's clang-19, if there is one).
build_against() {
	local kdir=$1 llvm=() major
	if grep -q '^CONFIG_CC_IS_CLANG=y' "$kdir/.config"; then
		major=$(($(ra_config "$kdir" CONFIG_CLANG_VERSION) / 10000))
		if command -v "clang-$major" >/dev/null; then llvm=(LLVM="-$major"); else llvm=(LLVM=1); fi
	fi
	log "building pidns.ko for $KVER against $kdir ${llvm[*]}"
	make -C "$kdir" M="$PWD" "${llvm[@]}" "$TARGET"
}

has_rust_artifacts() { [ -f "$1/rust/libkernel.rmeta" ] && [ -f "$1/scripts/target.json" ]; }

if [ "$TARGET" = clean ] || has_rust_artifacts "$KDIR"; then
	build_against "$KDIR"
	exit
fi

[ -f "$KDIR/.kernelvariables" ] && [ -f "$KDIR/Module.symvers" ] ||
	die "$KDIR has no Rust artifacts (rust/libkernel.rmeta, scripts/target.json) and is not a" \
		"Debian headers tree: build the kernel's Rust artifacts (make modules_prepare in its build" \
		"tree), or install your distribution's package of them (Ubuntu: linux-lib-rust-$KVER)"
HDR=$(readlink -f "$KDIR")
[ "$(ra_config "$HDR" CONFIG_RUST)" = y ] ||
	die "$KVER was built without CONFIG_RUST: no Rust module can be loaded into it"
[[ $KVER =~ ^([0-9]+)\.([0-9]+) ]] || die "cannot read the kernel series from $KVER"
SERIES=${BASH_REMATCH[1]}.${BASH_REMATCH[2]}
debver() { dpkg-query -W -f '${Version}' "$1" 2>/dev/null || true; }
DEBVER=$(debver "linux-headers-$KVER")
[ -n "$DEBVER" ] || die "linux-headers-$KVER is not installed as a package: cannot tell its Debian version"
DIR=$CACHE/$KVER/$DEBVER
VIEW=$DIR/kdir

# The private view of the headers tree: every entry a link to Debian's, but the Makefile, whose
# KBUILD_OUTPUT must name the view, and scripts/, a directory of links plus target.json; rust/
# holds the proven artifacts.
make_view() {
	local tmp=$VIEW.tmp scripts e
	scripts=$(readlink -f "$HDR/scripts")
	rm -rf "$tmp" && mkdir -p "$tmp/scripts"
	for e in "$HDR"/* "$HDR"/.[!.]*; do
		[ -e "$e" ] || continue
		case "$(basename "$e")" in Makefile | scripts | rust) continue ;; esac
		ln -s "$e" "$tmp/"
	done
	for e in "$scripts"/* "$scripts"/.[!.]*; do
		[ -e "$e" ] && ln -s "$e" "$tmp/scripts/"
	done
	grep -q "^KBUILD_OUTPUT=$HDR\$" "$HDR/Makefile" ||
		die "$HDR/Makefile does not set KBUILD_OUTPUT=$HDR as Debian's headers do"
	sed "s|^KBUILD_OUTPUT=.*|KBUILD_OUTPUT=$VIEW|" "$HDR/Makefile" >"$tmp/Makefile"
	ra_install "$DIR/build" "$tmp/rust" "$tmp/scripts/target.json"
	rm -rf "$VIEW" && mv "$tmp" "$VIEW"
}

if [ ! -f "$DIR/.pidns-proven" ]; then
	mkdir -p "$DIR"
	exec 9>"$DIR/.lock"
	flock 9
fi
if [ ! -f "$DIR/.pidns-proven" ]; then
	ra_check_toolchain "$HDR" "$KVER"
	tarball=/usr/src/linux-source-$SERIES.tar.xz
	srcver=$(debver "linux-source-$SERIES")
	[ -f "$tarball" ] && [ "$srcver" = "$DEBVER" ] ||
		die "$KVER's Rust artifacts are rebuilt from its own source: install" \
			"linux-source-$SERIES=$DEBVER (installed: ${srcver:-none}; from the suite that has" \
			"linux-image-$KVER, e.g. apt install -t trixie-backports linux-source-$SERIES=$DEBVER)"
	log "unpacking $tarball"
	rm -rf "$DIR/src" && mkdir -p "$DIR/src"
	tar -xJf "$tarball" -C "$DIR/src" --strip-components=1
	ra_rebuild "$HDR" "$KVER" "$DIR/src" "$DIR/build"
	ra_prove "$HDR" "$KVER" "$DIR/build"
	make_view
	mkdir -p "$DIR/log"
	mv "$DIR/build/proof" "$DIR"/build/*.log "$DIR/build/config.diff" "$DIR/log/"
	rm -rf "$DIR/build" "$DIR/src"
	touch "$DIR/.pidns-proven"
fi
build_against "$VIEW"
