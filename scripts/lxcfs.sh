#!/usr/bin/env bash
# LXCFS, the FUSE filesystem that shows containers their own /proc/uptime, /proc/stat, ...,
# built three ways from Debian trixie's source package of LXCFS 6.0.4 (issue 16):
#   stock  unmodified: the init pid of a reader's pid namespace through fork, setns, fork and an
#          SCM_CREDENTIALS message (scm_init_pid() in src/bindings.c);
#   nsfs   patches/lxcfs/nsfs: mainline's NS_GET_PID_FROM_PIDNS(nsfd, 1), the same number as
#          cheaply, without a stable reference;
#   pidns  patches/lxcfs/pidns: /dev/pidns (PIDNS_IOC_INIT_PID and the pidfs inode of the answer,
#          a bound file per cached namespace), falling back to the stock path without it.
# Each is built with LXCFS's own build system (meson) and its tests enabled, for --prefix=/usr as
# Debian builds it, in a build environment derived from the trixie environment, and its unit
# tests that need no FUSE mount are run there. The VM runs each as installed on trixie: the
# variant's files over the build environment over the trixie environment, an overlay mounted by
# selftests/lxcfs/lxcfs_test.sh (which also runs LXCFS's own suite there).
#
#   lxcfs.sh           builds what the cache lacks; prints the directory holding the three
#   lxcfs.sh VARIANT   the same; prints that variant's root layer (stock, nsfs or pidns)
#   lxcfs.sh env CMD...  runs CMD as root in the build environment (in the current directory;
#                      one at a time, and not while the builds are made)
#
# Layout under $PIDNS_CACHE/lxcfs/:
#   src/            lxcfs_6.0.4.orig.tar.gz (its sha256 pinned below) and the upstream tree it
#                   unpacks to, lxcfs-6.0.4/, pristine (Debian ships no patch to it).
#   env-KEY/        the build environment: an overlay layer (scripts/trixie.sh layer) over the
#                   trixie environment, holding deb-src lines for its own apt sources and LXCFS's
#                   build dependencies. KEY: the trixie environment (the one made, not only its
#                   key) and the package list; the trixie environment itself, and so what is
#                   keyed by it, is left as it was.
#   KEY/            the builds. KEY: the upstream tarball, the build environment, the meson
#                   options, the patches and the tools. For each VARIANT: KEY/VARIANT/ its
#                   root layer (`meson install` with DESTDIR: usr/bin/lxcfs,
#                   usr/lib/x86_64-linux-gnu/lxcfs/liblxcfs.so, ...), KEY/src/VARIANT/ the
#                   patched source, KEY/build/VARIANT/ the meson build tree (tests/main.sh and
#                   the test programs; their paths are baked in, so it is built where it stays),
#                   KEY/log/VARIANT.{build,test}.log. KEY/lowerdirs: the layers below a
#                   variant's (build environment, trixie environment), colon-separated as
#                   overlayfs's lowerdir= takes them. KEY/recycle_race, KEY/cold_reads: the init pid
#                   cache race and the cold read benchmark, run in a variant's root
#                   (selftests/lxcfs/*.[ch]).
# A key whose KEY/.pidns-built exists is used as it is: a warm run does nothing else.
source "$(dirname "$0")/lib.sh"

LXCFS_VERSION=6.0.4
LXCFS_ORIG_SHA256=359046f440eb8c4cf6221939658b713b10c4b1b1145a071ed1502c324bf4a5ac
LXCFS_VARIANTS=(stock nsfs pidns)
# LXCFS's Build-Depends in trixie (debian/control) that its meson build uses: no debhelper, and
# no systemd-dev (no init script is installed: -Dinit-script=[] below). Then what its own test
# suite (tests/main.sh, run in the VM in this environment) calls beyond the base system:
# uuidgen and ps.
LXCFS_BUILD_PACKAGES=(meson ninja-build pkgconf gcc libc6-dev linux-libc-dev libfuse3-dev
	python3-jinja2 help2man patch
	uuid-runtime procps)
# -Dtests=true builds the test programs and tests/*.sh; debugoptimized is -O2 -g, as a
# distribution builds it (the benchmark compares the builds). --prefix=/usr as Debian's package.
LXCFS_MESON_OPTS=(--prefix=/usr --buildtype=debugoptimized -Dtests=true -Dinit-script=[] -Ddocs=true)
TOOLS_SRC=("$PIDNS_ROOT"/selftests/lxcfs/{recycle_race,cold_reads}.c)
TOOLS_HEADER="$PIDNS_ROOT/selftests/lxcfs/lxcfs_tools.h"

TRIXIE="$PIDNS_ROOT/scripts/trixie.sh"
TOP="$PIDNS_CACHE/lxcfs"
SRC="$TOP/src/lxcfs-$LXCFS_VERSION"

usage() { die "usage: lxcfs.sh [stock|nsfs|pidns | env CMD...]"; }

# Key of the build environment: the package list, and the very trixie environment it is a layer
# of (its key, and the log of its creation, which differs each time one is made under that key).
env_key() {
	{
		basename "$TRIXIE_DIR"
		sha256sum <"$TRIXIE_DIR/pidns-create.log"
		echo "${LXCFS_BUILD_PACKAGES[*]}"
	} | sha256sum | cut -c1-16
}

# The patches of VARIANT, in order (none for stock).
patches_of() {
	[ "$1" = stock ] && return 0
	compgen -G "$PIDNS_ROOT/patches/lxcfs/$1/*.patch" | sort ||
		die "no patches in $PIDNS_ROOT/patches/lxcfs/$1"
}

build_key() {
	local v
	{
		echo "$LXCFS_VERSION $LXCFS_ORIG_SHA256"
		echo "$ENV_DIR"
		echo "${LXCFS_MESON_OPTS[*]}"
		cat "${TOOLS_SRC[@]}" "$TOOLS_HEADER"
		for v in "${LXCFS_VARIANTS[@]}"; do
			echo "$v"
			patches_of "$v" | while read -r p; do
				basename "$p"
				cat "$p"
			done
		done
	} | sha256sum | cut -c1-16
}

# Runs CMD as root in the build environment.
in_env() { "$TRIXIE" layer "$ENV_DIR" "$@"; }

# One maker of the build environment or of the builds at a time: a second caller waits, then
# finds them made.
lock() {
	[ "$(id -u)" -eq 0 ] || die "LXCFS is built in the trixie environment (chroot): run as root"
	mkdir -p "$TOP"
	exec 9>"$TOP/lxcfs.lock"
	flock 9
}

# The build environment: the trixie environment plus deb-src lines (the same mirror and suites
# as its own deb lines, so no mirror is named here) and LXCFS's build dependencies. Made under
# a temporary name and renamed when complete.
make_env() {
	[ -f "$ENV_DIR/.pidns-ready" ] && return 0
	local tmp="$ENV_DIR.tmp" t0=$SECONDS
	mkdir -p "$TOP"
	rm -rf "$tmp"
	log "making the LXCFS build environment $ENV_DIR: ${LXCFS_BUILD_PACKAGES[*]}"
	"$TRIXIE" layer "$tmp" sh -euc '
		if ! grep -qs "^deb-src " /etc/apt/sources.list /etc/apt/sources.list.d/*.list; then
			sed -n "s/^deb /deb-src /p" /etc/apt/sources.list >/etc/apt/sources.list.d/pidns-deb-src.list
		fi
		apt-get -qq update
		apt-get install -y -qq --no-install-recommends "$@"
		apt-get clean
	' sh "${LXCFS_BUILD_PACKAGES[@]}" >"$TOP/env.log" 2>&1 ||
		{ tail -n 20 "$TOP/env.log" >&2; die "making the LXCFS build environment failed (log: $TOP/env.log)"; }
	mv "$TOP/env.log" "$tmp/pidns-create.log"
	touch "$tmp/.pidns-ready"
	mv "$tmp" "$ENV_DIR"
	log "LXCFS build environment ready in $((SECONDS - t0)) s"
}

# The upstream source: Debian's lxcfs source package of version $LXCFS_VERSION (the newest
# Debian revision of it in trixie), fetched with `apt-get source` through the environment's apt
# sources; its upstream tarball, checked against the pinned sha256, unpacked pristine.
fetch_source() {
	[ -f "$SRC/meson.build" ] && return 0
	local dl="$TOP/src/download"
	rm -rf "$dl" "$SRC.tmp"
	mkdir -p "$dl"
	log "fetching Debian's lxcfs $LXCFS_VERSION source package"
	(cd "$dl" && in_env sh -euc '
		apt-get -qq update
		v=$(apt-cache showsrc lxcfs | sed -n "s/^Version: //p" | grep "^$1-" | sort -V | tail -n1)
		[ -n "$v" ] || { echo "no source package lxcfs $1-* in the apt sources" >&2; exit 1; }
		apt-get -qq -o APT::Sandbox::User=root source --download-only "lxcfs=$v"
	' sh "$LXCFS_VERSION") >"$TOP/src/fetch.log" 2>&1 ||
		{ tail -n 20 "$TOP/src/fetch.log" >&2; die "apt-get source lxcfs failed (log: $TOP/src/fetch.log)"; }
	local orig="$dl/lxcfs_$LXCFS_VERSION.orig.tar.gz"
	[ -f "$orig" ] || die "the source package has no $(basename "$orig")"
	echo "$LXCFS_ORIG_SHA256  $orig" | sha256sum -c --quiet - ||
		die "$(basename "$orig") is not the LXCFS $LXCFS_VERSION tarball pinned in scripts/lxcfs.sh"
	mkdir -p "$SRC.tmp"
	tar -xzf "$orig" -C "$SRC.tmp" --strip-components=1
	grep -q "version: '$LXCFS_VERSION'" "$SRC.tmp/meson.build" || die "the tarball is not LXCFS $LXCFS_VERSION"
	mv "$orig" "$dl"/*.dsc "$TOP/src/"
	rm -rf "$dl"
	mv "$SRC.tmp" "$SRC"
	log "LXCFS $LXCFS_VERSION source in $SRC"
}

# Normalized compiler warnings of a build log: "file: message [-Wflag]", without line numbers
# (a patch moves lines) and without the path of the tree.
warnings_of() {
	grep -E '^[^ ]+:[0-9]+:[0-9]+: warning: ' "$1" |
		sed -E 's|^.*/src/[a-z]+/||; s|^\.\./||; s|:[0-9]+:[0-9]+: warning: |: |' | sort -u
}

# Patches, configures, builds, tests and installs one variant into $OUT (in the environment).
build_variant() {
	local v=$1 patches
	local src="$OUT/src/$v" build="$OUT/build/$v" blog="$OUT/log/$v.build.log" tlog="$OUT/log/$v.test.log"
	mapfile -t patches < <(patches_of "$v")
	cp -a "$SRC" "$src"
	log "building LXCFS ($v)"
	(cd "$src" && in_env sh -euc '
		build=$1 destdir=$2 n=$3
		shift 3
		# The patches, exactly: no fuzz, no offset beyond what patch(1) reports.
		while [ "$n" -gt 0 ]; do
			echo "applying $(basename "$1")"
			patch -p1 --fuzz=0 --no-backup-if-mismatch <"$1"
			shift
			n=$((n - 1))
		done
		meson setup "$build" "$@"
		ninja -C "$build"
		DESTDIR="$destdir" meson install -C "$build" --quiet
	' sh "$build" "$OUT/$v" ${#patches[@]} "${patches[@]}" "${LXCFS_MESON_OPTS[@]}") >"$blog" 2>&1 ||
		{ tail -n 40 "$blog" >&2; die "building LXCFS ($v) failed (log: $blog)"; }
	! grep -E '^Hunk #[0-9]+ (succeeded|FAILED)' "$blog" >&2 ||
		die "the $v patches do not apply cleanly to LXCFS $LXCFS_VERSION (above)"
	# LXCFS's tests that need no FUSE mount: whatever `meson test` has (6.0.4 defines none; its
	# suite is tests/main.sh, which mounts LXCFS) and the cpuset parser's unit test.
	(cd "$build" && in_env sh -euc '
		meson test -C . --print-errorlogs
		./tests/test-cpusetrange
	') >"$tlog" 2>&1 || { cat "$tlog" >&2; die "LXCFS's unit tests failed ($v; log: $tlog)"; }
}

build_all() {
	local v t new t0=$SECONDS
	rm -rf "$OUT"
	mkdir -p "$OUT"/{src,build,log}
	for v in "${LXCFS_VARIANTS[@]}"; do
		build_variant "$v"
	done
	# The tools, and the layers below a variant's.
	for t in "${TOOLS_SRC[@]}"; do
		in_env gcc -O2 -Wall -Werror -o "$OUT/$(basename "$t" .c)" "$t" || die "building $t failed"
	done
	echo "$ENV_DIR/upper:$TRIXIE_DIR" >"$OUT/lowerdirs"
	# The patched builds add no compiler warning to the stock one.
	warnings_of "$OUT/log/stock.build.log" >"$OUT/log/stock.warnings"
	for v in "${LXCFS_VARIANTS[@]}"; do
		[ "$v" = stock ] && continue
		warnings_of "$OUT/log/$v.build.log" >"$OUT/log/$v.warnings"
		new=$(comm -13 "$OUT/log/stock.warnings" "$OUT/log/$v.warnings")
		[ -z "$new" ] || { echo "$new" >&2; die "the $v patches add compiler warnings (above)"; }
	done
	touch "$OUT/.pidns-built"
	log "LXCFS $LXCFS_VERSION built, tested and installed in $((SECONDS - t0)) s: $OUT/{$(
		IFS=,
		echo "${LXCFS_VARIANTS[*]}"
	)}"
}

case "${1:-}" in
"" | stock | nsfs | pidns | env) ;;
*) usage ;;
esac
TRIXIE_DIR=$("$TRIXIE")
ENV_DIR="$TOP/env-$(env_key)"

if [ "${1:-}" = env ]; then
	shift
	[ $# -gt 0 ] || usage
	# Holding the lock: the environment's overlay layer is mounted by one command at a time.
	lock
	make_env
	in_env "$@"
	exit
fi

OUT="$TOP/$(build_key)"

if [ ! -f "$OUT/.pidns-built" ]; then
	lock
	if [ ! -f "$OUT/.pidns-built" ]; then
		make_env
		fetch_source
		build_all
	fi
	exec 9>&-
fi
case "${1:-}" in
"") echo "$OUT" ;;
*) echo "$OUT/$1" ;;
esac
