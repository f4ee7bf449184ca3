#!/usr/bin/env bash
# The Debian package, the way a user installs it, on Debian's stock kernel KVER:
#   1. in a throwaway copy of the trixie environment (trixie.sh scratch), apt installs Debian's
#      linux-headers-KVER, linux-source-X.Y of the kernel's Debian version and
#      pidns-dkms_VERSION_all.deb (make deb); DKMS must build and install pidns.ko for KVER
#      through scripts/dkms-make.sh (the kernel's Rust artifacts rebuilt and proven);
#   2. KVER's own vmlinuz boots with its own modules plus the DKMS-built one, and `modprobe pidns`
#      must load it from updates/dkms and /dev/pidns answer (a selftest);
#   3. `apt-get purge pidns-dkms` must remove the module, DKMS's record and the rebuilt artifacts.
#
#   deb-test.sh KVER        exits 0 if all of it holds
#
# The artifacts DKMS rebuilt are kept in $PIDNS_CACHE/dkms-artifacts, keyed by the scripts that
# make them, the trixie environment and the kernel's Debian version, and handed to the next run's
# DKMS (so a warm run skips modules_prepare; any change to those scripts rebuilds them).
source "$(dirname "$0")/lib.sh"
cd "$PIDNS_ROOT"

KVER=${1:-}
[ -n "$KVER" ] || die "usage: deb-test.sh KVER"
[[ $KVER =~ ^([0-9]+)\.([0-9]+) ]] || die "cannot read the kernel series from $KVER"
SERIES=${BASH_REMATCH[1]}.${BASH_REMATCH[2]}

deb=$(scripts/deb.sh)
kdir=$(scripts/distro-kernel.sh "$KVER")
vmlinuz=$(scripts/distro-kernel.sh "$KVER" vmlinuz)
distro=${kdir%/root/usr/src/*}
debver=$(basename "$distro")
key=$({
	cat scripts/dkms-make.sh scripts/rust-artifacts.sh
	scripts/trixie.sh
} | sha256sum | cut -c1-16)
artifacts=$PIDNS_CACHE/dkms-artifacts/$key
out=$PIDNS_ROOT/build/deb-test/$KVER
rm -rf "$out" && mkdir -p "$out" "$artifacts"

log "installing $(basename "$deb") for $KVER in a scratch trixie environment"
# shellcheck disable=SC2016
scripts/trixie.sh scratch bash -euxc '
	kver=$1 series=$2 debver=$3 debs=$4/debs deb=$5 artifacts=$6 out=$7
	export DEBIAN_FRONTEND=noninteractive
	apt-get -qq update
	apt-get install -y -qq --no-install-recommends "$debs"/linux-headers-*.deb "$debs"/linux-kbuild-*.deb
	apt-get install -y -qq --no-install-recommends "linux-source-$series=$debver"
	if [ -f "$artifacts/$kver/$debver/.pidns-proven" ]; then
		mkdir -p /var/lib/pidns-dkms/$kver && cp -a "$artifacts/$kver/$debver" /var/lib/pidns-dkms/$kver/
		echo "reusing the artifacts a previous run of these scripts rebuilt" >"$out/artifacts"
	else
		echo "rebuilt by this run" >"$out/artifacts"
	fi
	# What dkms does when the package is installed on a system running $kver (in a chroot it
	# would build for the running kernel only).
	autoinstall_all_kernels=1 apt-get install -y --no-install-recommends "$deb" >"$out/install.log" 2>&1 ||
		{ cat /var/lib/dkms/pidns/*/build/make.log >>"$out/install.log" 2>/dev/null; exit 1; }
	dkms status pidns | tee "$out/dkms-status"
	grep -q "^pidns/.*, $kver, x86_64: installed" "$out/dkms-status"
	ko=$(find /lib/modules/$kver/updates/dkms -name "pidns.ko*")
	[ -n "$ko" ]
	mkdir -p "$out/updates/dkms" && cp "$ko" "$out/updates/dkms/"
	cp -a /var/lib/pidns-dkms/$kver/$debver/log "$out/dkms-artifacts-log"
	[ -f "$artifacts/$kver/$debver/.pidns-proven" ] ||
		{ mkdir -p "$artifacts/$kver" && cp -a /var/lib/pidns-dkms/$kver/$debver "$artifacts/$kver/"; }
	apt-get purge -y -qq pidns-dkms >"$out/purge.log" 2>&1
	# (set -e does not act on a negated command: each check is a test of its own.)
	[ -z "$(find /lib/modules/$kver -name "pidns.ko*")" ]
	[ -z "$(dkms status pidns)" ]
	[ ! -e /var/lib/pidns-dkms ]
	echo purged >"$out/purged"
' deb-test "$KVER" "$SERIES" "$debver" "$distro" "$deb" "$artifacts" "$out" ||
	{ tail -n 40 "$out/install.log" >&2 2>/dev/null; die "installing, building or purging pidns-dkms failed"; }
log "DKMS built $(ls "$out/updates/dkms"); artifacts: $(cat "$out/artifacts");" \
	"$(cat "$out/dkms-artifacts-log/proof/summary")"

# The kernel's own modules with the DKMS-built one added, as /lib/modules/KVER would be; vng finds
# them beside the image.
boot=$out/boot/lib/modules/$KVER
mkdir -p "$(dirname "$boot")"
cp -as "$(dirname "$vmlinuz")" "$boot"
rm "$boot/vmlinuz" && cp "$vmlinuz" "$boot/vmlinuz"
cp -r "$out/updates" "$boot/"
rm -f "$boot"/modules.*
scripts/trixie.sh run depmod -b "$out/boot" "$KVER"
log "booting $KVER with its modules and DKMS's pidns.ko: modprobe pidns"
PIDNS_BZIMAGE=$boot/vmlinuz PIDNS_VM_MEMORY=2G PIDNS_VM_CONSOLE=$out/console.log scripts/vm.sh \
	"modprobe pidns && modinfo -F filename pidns | grep -q /updates/dkms/pidns.ko &&
	 test -c /dev/pidns && build/selftests/pidns_translate_test"
