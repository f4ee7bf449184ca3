# shellcheck shell=bash
# Shared settings for pidns's scripts. Sourced, never run.
#
# Everything downloaded or built outside the repository lives under $PIDNS_CACHE, keyed so that a
# rerun with the same inputs reuses it and a changed input gets a fresh copy.

set -euo pipefail

PIDNS_ROOT=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
PIDNS_CACHE=${PIDNS_CACHE:-${XDG_CACHE_HOME:-$HOME/.cache}/pidns}

# The kernel we build and boot: Debian's linux-source package, pinned.
KERNEL_SUITE=trixie-backports
KERNEL_PKG=linux-source-7.3
KERNEL_DEB_VERSION=7.3.4-1~bpo13+1
KERNEL_VERSION=7.3.4
# Debian's stock kernels `make check` also boots and tests pidns on (scripts/distro-kernel.sh).
PIDNS_DEBIAN_KERNELS=(7.3.4+deb13-amd64 7.2.12+deb13-amd64)

# Pinned userspace tools.
BINDGEN_VERSION=0.72.1
VIRTME_NG_VERSION=1.42
LLVM_SUFFIX=-19

# Where cargo and pip put the tools they install (vng may land in either pip scripts directory).
PATH="$HOME/.cargo/bin:$PATH:$HOME/.local/bin"
if command -v python3 >/dev/null; then
	PATH="$PATH:$(python3 -c 'import sysconfig; print(sysconfig.get_path("scripts"))')"
fi
export PATH

log() { printf '\033[1m[pidns]\033[0m %s\n' "$*" >&2; }
die() { printf '[pidns] error: %s\n' "$*" >&2; exit 1; }

# Path of the pristine kernel source tree (shared by every config).
kernel_src_dir() { echo "$PIDNS_CACHE/src/linux-$KERNEL_VERSION"; }

# Key of a kernel build: kernel version, config fragments, and the compilers that must match
# between the kernel and out-of-tree Rust modules.
kernel_build_key() {
	{
		echo "$KERNEL_DEB_VERSION"
		cat "$PIDNS_ROOT"/virtme-config/pidns.config
		[ "${PIDNS_KERNEL_FLAVOR:-}" = debug ] && cat "$PIDNS_ROOT"/virtme-config/debug.config
		rustc --version
		"clang$LLVM_SUFFIX" --version | head -n1
		bindgen --version
	} | sha256sum | cut -c1-16
}

# Path of the built kernel tree (O= directory) for the current key.
kernel_build_dir() {
	echo "$PIDNS_CACHE/build/${PIDNS_KERNEL_FLAVOR:-normal}-$KERNEL_VERSION-$(kernel_build_key)"
}

kmake() { make -s LLVM="$LLVM_SUFFIX" "$@"; }

# The first Debian archive URI in this machine's apt configuration (deb822 or one-line format),
# leaving out security and backports-only entries.
debian_mirror() {
	{
		awk '/^URIs:/{for (i = 2; i <= NF; i++) print $i}' /etc/apt/sources.list.d/*.sources 2>/dev/null
		awk '$1 == "deb" {for (i = 2; i <= NF; i++) if ($i ~ /^[a-z]+:\/\//) {print $i; break}}' \
			/etc/apt/sources.list /etc/apt/sources.list.d/*.list 2>/dev/null
	} | grep -v -- '-security' | grep -m1 '/debian/\?$' || true
}

# A private apt configuration in DIR (own sources list, lists, cache and an empty dpkg status, so
# the host's apt state is neither read nor changed) whose sources are the main component of each
# SUITE on this machine's Debian mirror. Sets the array APT_OPTS to pass to apt-get/apt-cache.
#   apt_private DIR SUITE...
apt_private() {
	local dir=$1 mirror suite
	shift
	mirror=$(debian_mirror)
	[ -n "$mirror" ] || die "no Debian mirror found in /etc/apt/sources.list{,.d/*}"
	mkdir -p "$dir"/{lists/partial,cache/archives/partial,etc}
	for suite in "$@"; do
		echo "deb [signed-by=/usr/share/keyrings/debian-archive-keyring.gpg] $mirror $suite main"
	done >"$dir/etc/sources.list"
	[ -f "$dir/etc/status" ] || : >"$dir/etc/status"
	APT_OPTS=(-o "Dir::Etc::SourceList=$dir/etc/sources.list" -o Dir::Etc::SourceParts=/dev/null
		-o "Dir::State::Lists=$dir/lists" -o "Dir::Cache=$dir/cache"
		-o "Dir::State::Status=$dir/etc/status" -o Debug::NoLocking=1
		-o APT::Sandbox::User=root)
}
