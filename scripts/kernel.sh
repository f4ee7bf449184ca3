#!/usr/bin/env bash
# Prints the path of a built, Rust-enabled kernel tree to build pidns against and boot, building
# it first if the cache has none for this key (kernel version + config + compilers).
#
#   KDIR=/path/to/tree   use that tree as it is (a user's own Rust-enabled kernel build)
#   PIDNS_KERNEL_FLAVOR=debug   merge virtme-config/debug.config too
source "$(dirname "$0")/lib.sh"

if [ -n "${KDIR:-}" ]; then
	[ -f "$KDIR/Makefile" ] || die "KDIR=$KDIR is not a kernel build tree"
	echo "$KDIR"
	exit 0
fi

# Fetches Debian's linux-source package with a private apt configuration (own sources list,
# lists and cache), reusing the Debian mirror this machine's apt is already configured with.
fetch_source() {
	local src tmp deb
	src=$(kernel_src_dir)
	[ -f "$src/Makefile" ] && return 0
	tmp="$PIDNS_CACHE/apt"
	mkdir -p "$PIDNS_CACHE/src"
	apt_private "$tmp" "$KERNEL_SUITE"
	local opts=("${APT_OPTS[@]}")
	log "fetching $KERNEL_PKG=$KERNEL_DEB_VERSION from $KERNEL_SUITE"
	apt-get "${opts[@]}" -qq update
	(cd "$tmp" && rm -f ./*.deb && apt-get "${opts[@]}" -qq download "$KERNEL_PKG=$KERNEL_DEB_VERSION")
	deb=$(ls "$tmp"/"$KERNEL_PKG"_*.deb)
	log "unpacking $(basename "$deb")"
	rm -rf "$src.tmp" && mkdir -p "$src.tmp"
	dpkg-deb --fsys-tarfile "$deb" | tar -xO "./usr/src/$KERNEL_PKG.tar.xz" |
		tar -xJ -C "$src.tmp" --strip-components=1
	mv "$src.tmp" "$src"
	rm -f "$deb"
}

build_kernel() {
	local src out
	src=$(kernel_src_dir)
	out=$(kernel_build_dir)
	[ -f "$out/.pidns-built" ] && return 0
	rm -rf "$out" && mkdir -p "$out"
	log "configuring kernel $KERNEL_VERSION in $out"
	kmake -C "$src" O="$out" rustavailable >/dev/null || die "Rust is not available to the kernel build"
	kmake -C "$src" O="$out" tinyconfig >/dev/null
	local frags=("$PIDNS_ROOT/virtme-config/pidns.config")
	[ "${PIDNS_KERNEL_FLAVOR:-}" = debug ] && frags+=("$PIDNS_ROOT/virtme-config/debug.config")
	(cd "$out" && KCONFIG_CONFIG=.config "$src/scripts/kconfig/merge_config.sh" -m -O "$out" \
		.config "${frags[@]}" >/dev/null)
	kmake -C "$src" O="$out" olddefconfig >/dev/null
	check_config "$out/.config" "${frags[@]}"
	log "building kernel (cold build: ~15 min on 2 cores; cached afterwards)"
	local t0=$SECONDS
	kmake -C "$src" O="$out" -j"$(nproc)" bzImage modules >"$out/build.log" 2>&1 ||
		{ tail -n 40 "$out/build.log" >&2; die "kernel build failed (log: $out/build.log)"; }
	log "kernel built in $((SECONDS - t0)) s"
	touch "$out/.pidns-built"
}

# Every option a fragment asks for must have survived olddefconfig; a silently dropped one (an
# unmet dependency) would otherwise show up much later as a confusing VM failure.
check_config() {
	local config=$1; shift
	local bad=0 line
	while IFS= read -r line; do
		case "$line" in
		CONFIG_*=n) grep -qx "# ${line%=n} is not set" "$config" || { echo "  wanted $line" >&2; bad=1; } ;;
		CONFIG_*) grep -qx "$line" "$config" || { echo "  wanted $line, got: $(grep "^${line%%=*}=" "$config" || echo unset)" >&2; bad=1; } ;;
		esac
	done < <(cat "$@")
	[ $bad -eq 0 ] || die "kernel config lost options (see above)"
}

# One build at a time: a second `make` waits for the first instead of clobbering its tree.
mkdir -p "$PIDNS_CACHE"
exec 9>"$PIDNS_CACHE/kernel.lock"
flock 9
fetch_source
build_kernel
kernel_build_dir
