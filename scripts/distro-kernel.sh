#!/usr/bin/env bash
# Makes a Debian kernel usable for pidns: fetches Debian's image, headers and source of kernel
# KVER, rebuilds the Rust artifacts Debian does not ship (rust/*.rmeta, rust/*.so,
# scripts/target.json) in the trixie environment with Debian's own compilers, proves them equal
# to what the kernel was built with, and prints the KDIR to build pidns.ko against.
#
#   distro-kernel.sh KVER          prints the KDIR (a build tree for `make -C KDIR M=... modules`,
#                                  usable inside `scripts/trixie.sh run`, where it is at the
#                                  same path)
#   distro-kernel.sh KVER vmlinuz  prints the kernel image to boot (`vng --run` finds the
#                                  modules beside it)
#
#   KVER                         for example 7.3.4+deb13-amd64
#   PIDNS_DISTRO_SUITE           the suite to take the kernel from (default trixie-backports)
#   PIDNS_DISTRO_DEB_VERSION     the Debian version to pin (default: the cached one, else the
#                                newest in the suite)
#
# Layout, one directory per kernel and Debian version, $PIDNS_CACHE/distro/KVER/DEBVERSION/:
#   root/   the packages as dpkg would install them (usr/lib/modules/KVER/ with vmlinuz and the
#           modules, usr/src/linux-headers-KVER{,-common}, usr/lib/linux-kbuild-*), plus the
#           rebuilt Rust artifacts where Ubuntu's linux-lib-rust-KVER puts them: rust/ in the
#           headers tree and scripts/target.json. root/usr/src/linux-headers-KVER is the KDIR.
#   src/    linux-source-X.Y of the same Debian version; build/  the O= tree of modules_prepare
#           (both removed once the artifacts are proven and installed; log/ keeps the logs and
#           the proof; PIDNS_DISTRO_KEEP_SOURCE=1 keeps them);
#   debs/   the downloaded image and headers packages (the .deb tests can install them).
# The KDIR is Debian's own headers tree (its Module.symvers, .config, generated headers, modpost
# and compiler settings from .kernelvariables, exactly what DKMS on a Debian system uses) with
# nothing added but the proven Rust artifacts; its one absolute path (/usr/src in the arch
# Makefile) is rewritten to the cache. Debian's kbuild tools are linked against trixie's libc, so
# the tree is used inside the trixie environment (scripts/trixie.sh run), never on the host.
source "$(dirname "$0")/lib.sh"
source "$(dirname "$0")/rust-artifacts.sh"

KVER=${1:-}
WHAT=${2:-kdir}
[ -n "$KVER" ] || die "usage: distro-kernel.sh KVER [kdir|vmlinuz]   (KVER: e.g. 7.3.4+deb13-amd64)"
[[ $KVER =~ ^([0-9]+)\.([0-9]+)(\.[0-9]+)?[^-]*-[a-z0-9-]+$ ]] ||
	die "KVER=$KVER does not look like a Debian kernel release (e.g. 7.3.4+deb13-amd64)"
SERIES=${BASH_REMATCH[1]}.${BASH_REMATCH[2]}
SUITE=${PIDNS_DISTRO_SUITE:-trixie-backports}
TRIXIE="$PIDNS_ROOT/scripts/trixie.sh"
[ "$(id -u)" -eq 0 ] || die "distro-kernel.sh works in the trixie environment (chroot): run as root"

# The cached directory for KVER: the pinned Debian version's, or else the newest one proven.
cached_dir() {
	local d
	if [ -n "${PIDNS_DISTRO_DEB_VERSION:-}" ]; then
		d="$PIDNS_CACHE/distro/$KVER/$PIDNS_DISTRO_DEB_VERSION"
		[ -f "$d/.pidns-proven" ] && echo "$d"
		return 0
	fi
	for d in $(ls -d "$PIDNS_CACHE/distro/$KVER"/*/.pidns-proven 2>/dev/null | sort -V -r); do
		dirname "$d"
		return 0
	done
}

# Versioned packages of this kernel that PKG depends on (image -> binary, modules; headers ->
# common headers, kbuild), recursively; the unversioned ones (linux-base, gcc-14-for-host,
# an initramfs tool) are not needed to boot or build against the kernel.
closure() {
	local -A seen=()
	local queue=("$@") p dep
	while [ ${#queue[@]} -gt 0 ]; do
		p=${queue[0]}
		queue=("${queue[@]:1}")
		[ -n "${seen[$p]:-}" ] && continue
		seen[$p]=1
		echo "$p"
		for dep in $(apt-cache "${APT_OPTS[@]}" show "$p=$DEBVER" 2>/dev/null |
			sed -n 's/^Depends: //p' | tr ',|' '\n\n' | awk '{print $1}'); do
			[[ $dep =~ ^linux-[a-z]+-[0-9] ]] && queue+=("$dep")
		done
	done
}

# Downloads KVER's packages of Debian version DEBVER into $dir/debs.
fetch() {
	local image p missing=()
	apt_private "$PIDNS_CACHE/apt-distro" "$SUITE"
	log "updating the package lists of $SUITE"
	apt-get "${APT_OPTS[@]}" -qq update || die "apt-get update of $SUITE failed"
	avail=$(apt-cache "${APT_OPTS[@]}" madison "linux-headers-$KVER" | awk -F' *[|] *' '{print $2}')
	[ -n "$avail" ] || die "linux-headers-$KVER is not in $SUITE: no such kernel there (list them:" \
		"apt-cache search --names-only '^linux-headers-[0-9]' with $SUITE in your sources)"
	DEBVER=${PIDNS_DISTRO_DEB_VERSION:-$(head -n1 <<<"$avail")}
	grep -qxF -- "$DEBVER" <<<"$avail" ||
		die "linux-headers-$KVER $DEBVER is no longer in $SUITE (backports keeps few versions);" \
			"available: $(echo $avail); pin one with PIDNS_DISTRO_DEB_VERSION="
	# The signed image if there is one, else the unsigned one.
	image=linux-image-$KVER
	apt-cache "${APT_OPTS[@]}" show "$image=$DEBVER" >/dev/null 2>&1 || image=linux-image-$KVER-unsigned
	mapfile -t PKGS < <(closure "$image" "linux-headers-$KVER" "linux-source-$SERIES")
	for p in "${PKGS[@]}"; do
		apt-cache "${APT_OPTS[@]}" show "$p=$DEBVER" >/dev/null 2>&1 || missing+=("$p")
	done
	[ ${#missing[@]} -eq 0 ] || die "not in $SUITE at version $DEBVER: ${missing[*]}" \
		"(the source package must be of the kernel's own Debian version; pin another KVER or" \
		"PIDNS_DISTRO_DEB_VERSION)"
	DIR="$PIDNS_CACHE/distro/$KVER/$DEBVER"
	mkdir -p "$DIR/debs"
	log "downloading ${PKGS[*]} ($DEBVER)"
	(cd "$DIR/debs" && apt-get "${APT_OPTS[@]}" -qq download "${PKGS[@]/%/=$DEBVER}") ||
		die "downloading the packages of $KVER $DEBVER failed"
}

# Unpacks the packages: everything but linux-source into root/, linux-source into src/.
unpack() {
	local deb tmp="$DIR/root.tmp"
	rm -rf "$tmp" "$DIR/src.tmp"
	mkdir -p "$tmp" "$DIR/src.tmp"
	for deb in "$DIR"/debs/*.deb; do
		case "$(basename "$deb")" in
		linux-source-*)
			log "unpacking $(basename "$deb")"
			dpkg-deb --fsys-tarfile "$deb" | tar -xO "./usr/src/linux-source-$SERIES.tar.xz" |
				tar -xJ -C "$DIR/src.tmp" --strip-components=1
			;;
		*) dpkg-deb -x "$deb" "$tmp" ;;
		esac
	done
	local hdr="$tmp/usr/src/linux-headers-$KVER"
	[ -f "$tmp/usr/lib/modules/$KVER/vmlinuz" ] || die "no usr/lib/modules/$KVER/vmlinuz in the image packages"
	[ -f "$hdr/.config" ] && [ -f "$hdr/Module.symvers" ] || die "linux-headers-$KVER has no .config or Module.symvers"
	# Relocate the headers tree: its arch Makefile names /usr/src (KBUILD_OUTPUT and the common
	# Makefile); nothing else in it does. The modules dir's build/source links likewise.
	sed -i "s|/usr/src/|$DIR/root/usr/src/|g" "$hdr/Makefile"
	grep -rIl '^[^#]*/usr/src/' "$hdr"/Makefile "$tmp"/usr/src/linux-headers-*-common/Makefile |
		grep -v "^$hdr/Makefile$" && die "unexpected absolute /usr/src paths in the headers (above)"
	ln -sfn "../../../src/linux-headers-$KVER" "$tmp/usr/lib/modules/$KVER/build"
	ln -sfn "../../../src/linux-headers-$KVER" "$tmp/usr/lib/modules/$KVER/source"
	ln -sfn usr/lib "$tmp/lib"
	rm -rf "$DIR/src" "$DIR/root"
	mv "$DIR/src.tmp" "$DIR/src"
	mv "$tmp" "$DIR/root"
	# modules.dep and friends are made by the image's postinst: make them here (trixie's kmod
	# reads the .ko.xz modules), for modprobe in the VM.
	"$TRIXIE" run depmod -b "$DIR/root" "$KVER" || die "depmod failed"
}

# The kernel's compilers must be the trixie environment's (scripts/rust-artifacts.sh).
RA_RUN=("$TRIXIE" run)
RA_TOOLCHAIN_HINT="add the package of that version to TRIXIE_PACKAGES in scripts/trixie.sh"
RA_TOOLCHAIN_HINT+=" (e.g. rustc=VERSION from the suite that has it), or use a kernel built with"
RA_TOOLCHAIN_HINT+=" the environment's."
HDR_REL=usr/src/linux-headers-$KVER

# Once proven and installed, the source and the O= tree are not needed any more (the KDIR is the
# headers tree): keep only the logs and the proof, in log/. PIDNS_DISTRO_KEEP_SOURCE=1 keeps them.
tidy() {
	[ "${PIDNS_DISTRO_KEEP_SOURCE:-0}" = 1 ] && return 0
	mkdir -p "$DIR/log"
	mv "$DIR"/build/proof "$DIR"/build/*.log "$DIR"/build/config.diff "$DIR"/build/.modules_prepare-seconds \
		"$DIR/log/"
	rm -rf "$DIR/build" "$DIR/src" "$DIR"/debs/linux-source-*.deb
}

# One preparation of a kernel at a time (a second caller waits, then finds it cached); kernels
# are prepared independently of each other.
DIR=$(cached_dir)
if [ -z "$DIR" ]; then
	mkdir -p "$PIDNS_CACHE/distro"
	exec 9>"$PIDNS_CACHE/distro/$KVER.lock"
	flock 9
	DIR=$(cached_dir)
fi
if [ -z "$DIR" ]; then
	"$TRIXIE" >/dev/null
	fetch
	[ -d "$DIR/root" ] && [ -d "$DIR/src" ] || unpack
	ra_check_toolchain "$DIR/root/$HDR_REL" "$KVER"
	[ -f "$DIR/build/.modules_prepare-seconds" ] ||
		ra_rebuild "$DIR/root/$HDR_REL" "$KVER" "$DIR/src" "$DIR/build"
	ra_prove "$DIR/root/$HDR_REL" "$KVER" "$DIR/build"
	# Where Ubuntu's linux-lib-rust-KVER has them: rust/ and scripts/target.json of the headers.
	ra_install "$DIR/build" "$DIR/root/$HDR_REL/rust" "$DIR/root/$HDR_REL/scripts/target.json"
	touch "$DIR/.pidns-proven"
	tidy
	log "$KVER ($DEBVER) ready: $(du -sh "$DIR" | cut -f1) in $DIR"
fi
case "$WHAT" in
kdir) echo "$DIR/root/usr/src/linux-headers-$KVER" ;;
vmlinuz) echo "$DIR/root/usr/lib/modules/$KVER/vmlinuz" ;;
*) die "unknown output $WHAT (kdir or vmlinuz)" ;;
esac
