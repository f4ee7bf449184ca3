#!/usr/bin/env bash
# A Debian trixie environment (a debootstrapped root directory, cached) with the toolchain Debian
# builds its kernels with: rustc and rust-src 1.85.1, bindgen 0.71.1, gcc-14, and what a kernel
# tree, DKMS and debhelper need. The host (Debian 12) gets only debootstrap; trixie's compilers
# and libc stay inside the environment.
#
#   trixie.sh            creates the environment if the cache has none, prints its root directory
#   trixie.sh run CMD... runs CMD as root inside it, in the current directory (if visible there)
#   trixie.sh scratch CMD...  the same in a throwaway copy of it (an overlay whose changes vanish
#                        with CMD): for installing packages as a user would, leaving it as it was
#   trixie.sh layer DIR CMD...  the same in an overlay whose changes are kept in DIR (upper/ and
#                        work/): an environment derived from this one (more packages, say), kept
#                        by its caller under its own key, that leaves this one as it was. DIR
#                        belongs to this environment only; one CMD in it at a time
#
# The environment is keyed by suite and package list: changing either makes a fresh one, the old
# one stays until removed by hand. It is built in a temporary directory and renamed when
# complete, so an interrupted creation leaves nothing that looks usable; the next run starts over.
#
# `run` works in a private mount namespace: /proc, /dev, /sys, the repository and $PIDNS_CACHE are
# mounted into the environment at their own paths, and all of it vanishes with the command;
# nothing is ever mounted in the host's namespace.
source "$(dirname "$0")/lib.sh"

TRIXIE_SUITE=trixie
# Components of the environment's apt sources: the suite and its updates and backports (the
# backports are never preferred over the suite; a package is taken from them only if asked for).
TRIXIE_SUITES=("$TRIXIE_SUITE" "$TRIXIE_SUITE-updates" "$TRIXIE_SUITE-backports")
TRIXIE_PACKAGES=(
	# The compilers Debian's kernels in trixie(-backports) are built with: the kernel's
	# CONFIG_RUSTC_VERSION_TEXT, CONFIG_BINDGEN_VERSION_TEXT and CONFIG_CC_VERSION_TEXT must
	# name these (scripts/distro-kernel.sh checks).
	rustc rust-src bindgen gcc-14 libc6-dev
	# A kernel tree's modules_prepare (Debian's config has DEBUG_INFO_BTF: pahole, in dwarves).
	make bc flex bison libelf-dev libssl-dev dwarves python3 cpio xz-utils zstd kmod
	# Kconfig asks openssl(1) whether it signs with ML-DSA (OPENSSL_SUPPORTS_ML_DSA).
	openssl
	# Packaging the module: DKMS and debhelper's dh-dkms.
	dkms debhelper dh-dkms
)

# Key of the environment: what it is made of (not the mirror it was fetched from).
trixie_key() {
	{
		echo "${TRIXIE_SUITES[*]}"
		echo "${TRIXIE_PACKAGES[*]}"
	} | sha256sum | cut -c1-16
}

TRIXIE_DIR="$PIDNS_CACHE/trixie/$TRIXIE_SUITE-$(trixie_key)"

# Runs CMD inside ROOT in a private mount namespace, with /proc, /dev, /sys, the repository
# and $PIDNS_CACHE mounted at their own paths. The environment is cleared but for a few
# variables, so nothing of the host's toolchain setup (PATH to rustup, RUSTC, ...) leaks in.
# With SCRATCH (a directory), ROOT is the lower layer of an overlay whose upper layer is in
# SCRATCH: CMD's changes go there.
#   in_root ROOT CMD...
in_root() {
	local root=$1 scratch=${SCRATCH:-}
	shift
	local dir cwd=/
	for dir in /proc /dev /sys "$PIDNS_ROOT" "$PIDNS_CACHE"; do
		mkdir -p "$root$dir"
	done
	[ -d "$root$PWD" ] && cwd=$PWD
	case "$PWD/" in "$PIDNS_ROOT"/* | "$PIDNS_CACHE"/*) cwd=$PWD ;; esac
	# The mounts below happen in the new namespace only (propagation private: none of them
	# reaches the host's namespace, and the host's later mounts do not reach in).
	unshare --mount --propagation private -- /bin/bash -euc '
		root=$1 repo=$2 cache=$3 cwd=$4 scratch=$5
		shift 5
		if [ -n "$scratch" ]; then
			mkdir -p "$scratch/upper" "$scratch/work" "$scratch/root"
			mount -t overlay overlay \
				-o "lowerdir=$root,upperdir=$scratch/upper,workdir=$scratch/work" "$scratch/root"
			root=$scratch/root
		fi
		mount -t proc proc "$root/proc"
		mount --rbind /dev "$root/dev"
		mount --rbind /sys "$root/sys"
		mount --bind "$repo" "$root$repo"
		mount --bind "$cache" "$root$cache"
		exec chroot "$root" /usr/bin/env -i \
			PATH=/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin \
			HOME=/root LANG=C.UTF-8 TERM="${TERM:-dumb}" PIDNS_CACHE="$cache" \
			DEBIAN_FRONTEND=noninteractive \
			/bin/sh -c "cd \"\$0\" && exec \"\$@\"" "$cwd" "$@"
	' in_root "$root" "$PIDNS_ROOT" "$PIDNS_CACHE" "$cwd" "$scratch" "$@"
}

# debootstrap is the one package the host needs; installed on first use.
need_debootstrap() {
	command -v debootstrap >/dev/null && return 0
	log "installing debootstrap on the host (the only host package the trixie environment needs)"
	local sudo=""
	[ "$(id -u)" -eq 0 ] || sudo=sudo
	DEBIAN_FRONTEND=noninteractive $sudo apt-get install -y -qq --no-install-recommends debootstrap \
		>/dev/null || die "could not install debootstrap on the host (apt-get install debootstrap)"
	[ -f /usr/share/debootstrap/scripts/$TRIXIE_SUITE ] ||
		die "this debootstrap does not know $TRIXIE_SUITE (update the host's debootstrap)"
}

create() {
	[ "$(id -u)" -eq 0 ] || die "the trixie environment is made with debootstrap and chroot: run as root"
	need_debootstrap
	local tmp="$TRIXIE_DIR.tmp" mirror t0 s
	mirror=$(debian_mirror)
	[ -n "$mirror" ] || die "no Debian mirror found in /etc/apt/sources.list{,.d/*}"
	# A leftover of an interrupted run. Its mounts were in a namespace that died with it, but
	# make sure before deleting anything.
	if [ -e "$tmp" ]; then
		findmnt -rno TARGET | grep -q "^$tmp" &&
			die "$tmp has something mounted under it; unmount it first"
		log "removing the unfinished environment $tmp"
		rm -rf "$tmp"
	fi
	mkdir -p "$(dirname "$TRIXIE_DIR")"

	log "debootstrap $TRIXIE_SUITE from $mirror into $tmp"
	t0=$SECONDS
	debootstrap --variant=minbase --keyring=/usr/share/keyrings/debian-archive-keyring.gpg \
		"$TRIXIE_SUITE" "$tmp" "$mirror" >"$tmp.log" 2>&1 ||
		{ tail -n 20 "$tmp.log" >&2; die "debootstrap failed (log: $tmp.log)"; }
	log "debootstrap took $((SECONDS - t0)) s"

	for s in "${TRIXIE_SUITES[@]}"; do
		echo "deb [signed-by=/usr/share/keyrings/debian-archive-keyring.gpg] $mirror $s main"
	done >"$tmp/etc/apt/sources.list"
	# No daemons are started by package scripts inside the environment.
	printf '#!/bin/sh\nexit 101\n' >"$tmp/usr/sbin/policy-rc.d"
	chmod +x "$tmp/usr/sbin/policy-rc.d"
	cp /etc/resolv.conf "$tmp/etc/resolv.conf" 2>/dev/null || true

	log "installing in it: ${TRIXIE_PACKAGES[*]}"
	t0=$SECONDS
	in_root "$tmp" sh -c 'apt-get -qq update && apt-get install -y -qq --no-install-recommends "$@" && apt-get clean' \
		sh "${TRIXIE_PACKAGES[@]}" >>"$tmp.log" 2>&1 ||
		{ tail -n 20 "$tmp.log" >&2; die "installing packages in the trixie environment failed (log: $tmp.log)"; }
	log "packages took $((SECONDS - t0)) s"
	in_root "$tmp" sh -c 'rustc --version; bindgen --version; gcc-14 --version | head -n1' >>"$tmp.log" 2>&1
	mv "$tmp.log" "$tmp/pidns-create.log"
	mv "$tmp" "$TRIXIE_DIR"
	log "trixie environment ready: $TRIXIE_DIR ($(du -sh "$TRIXIE_DIR" | cut -f1))"
}

ensure() {
	[ -f "$TRIXIE_DIR/pidns-create.log" ] && return 0
	mkdir -p "$PIDNS_CACHE"
	# One creation at a time; a second caller waits and then finds it done.
	exec 8>"$PIDNS_CACHE/trixie.lock"
	flock 8
	[ -f "$TRIXIE_DIR/pidns-create.log" ] || create
	exec 8>&-
}

case "${1:-}" in
"")
	ensure
	echo "$TRIXIE_DIR"
	;;
run)
	shift
	[ $# -gt 0 ] || die "usage: trixie.sh run CMD..."
	[ "$(id -u)" -eq 0 ] || die "trixie.sh run uses chroot: run as root"
	ensure
	in_root "$TRIXIE_DIR" "$@"
	;;
scratch)
	shift
	[ $# -gt 0 ] || die "usage: trixie.sh scratch CMD..."
	[ "$(id -u)" -eq 0 ] || die "trixie.sh scratch uses chroot: run as root"
	ensure
	SCRATCH=$(mktemp -d "$PIDNS_CACHE/trixie-scratch.XXXXXX")
	trap 'rm -rf "$SCRATCH"' EXIT
	rc=0
	SCRATCH=$SCRATCH in_root "$TRIXIE_DIR" "$@" || rc=$?
	exit "$rc"
	;;
layer)
	shift
	[ $# -gt 1 ] || die "usage: trixie.sh layer DIR CMD..."
	[ "$(id -u)" -eq 0 ] || die "trixie.sh layer uses chroot: run as root"
	ensure
	layer=$1
	shift
	mkdir -p "$layer"
	SCRATCH=$layer in_root "$TRIXIE_DIR" "$@"
	;;
*) die "usage: trixie.sh [run CMD... | scratch CMD... | layer DIR CMD...]" ;;
esac
