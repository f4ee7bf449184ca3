#!/usr/bin/env bash
# Installs every host tool pidns needs, idempotently: Debian packages, the Rust pieces the kernel's
# Rust support wants (rust-src, bindgen-cli), and virtme-ng. Quiet when all is there already.
source "$(dirname "$0")/lib.sh"

APT_PACKAGES=(
	make gcc "clang$LLVM_SUFFIX" "lld$LLVM_SUFFIX" "llvm$LLVM_SUFFIX" flex bison bc cpio
	libelf-dev libssl-dev dwarves kmod python3-pip
	# The VM: QEMU, plus udev so that virtme-ng-init finds its virtio console ports.
	qemu-system-x86 udev busybox-static
	# Clients, docs and tests (gcc-multilib: 32-bit selftests for the compat ioctl path).
	groff-base mandoc man-db gcc-multilib dkms
	# The LXCFS tests in the VM, which runs on this system's root (pgrep, ps).
	procps
	# make bench's plots (bench/plot.sh).
	gnuplot-nox
)

missing=()
for p in "${APT_PACKAGES[@]}"; do
	dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed" || missing+=("$p")
done
if [ ${#missing[@]} -gt 0 ]; then
	log "installing Debian packages: ${missing[*]}"
	sudo=""; [ "$(id -u)" -eq 0 ] || sudo=sudo
	export DEBIAN_FRONTEND=noninteractive
	$sudo apt-get update -qq
	if ! $sudo apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null; then
		# A half-configured system (an interrupted install) needs fixing before it accepts more.
		$sudo apt-get -f install -y -qq >/dev/null
		$sudo apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null
	fi
fi

command -v rustup >/dev/null || die "rustup not found: pidns needs the rustup-managed toolchain"
if ! rustup component list --installed 2>/dev/null | grep -q '^rust-src'; then
	log "adding rustup component rust-src"
	rustup component add rust-src >/dev/null
fi
for c in rustfmt clippy; do
	rustup component list --installed 2>/dev/null | grep -q "^$c" || rustup component add "$c" >/dev/null
done

if ! bindgen --version 2>/dev/null | grep -q " $BINDGEN_VERSION\$"; then
	log "installing bindgen-cli $BINDGEN_VERSION"
	cargo install --quiet --locked bindgen-cli --version "$BINDGEN_VERSION"
fi

if ! vng --version 2>/dev/null | grep -q "$VIRTME_NG_VERSION"; then
	log "installing virtme-ng $VIRTME_NG_VERSION"
	python3 -m pip install --quiet --disable-pip-version-check --root-user-action=ignore \
		"virtme-ng==$VIRTME_NG_VERSION"
	command -v pyenv >/dev/null && pyenv rehash
	vng --version >/dev/null || die "virtme-ng installed but vng is not on PATH"
fi
