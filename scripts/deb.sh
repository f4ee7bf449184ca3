#!/usr/bin/env bash
# `make deb`: builds build/deb/pidns-dkms_VERSION_all.deb, the module's source packaged for DKMS
# the way Debian ships such modules (debian/: dh-dkms), in the trixie environment
# (scripts/trixie.sh), from the files of this checkout. Prints the .deb's path.
source "$(dirname "$0")/lib.sh"
cd "$PIDNS_ROOT"

version=$(awk -F'"' '/^PACKAGE_VERSION=/ {print $2}' dkms.conf)
debver=$(sed -n '1s/^pidns (\([^)]*\)).*/\1/p' debian/changelog)
[ "$version" = "$debver" ] ||
	die "dkms.conf says version $version, debian/changelog $debver: make them agree"
out=$PIDNS_ROOT/build/deb
src=$out/pidns-$version
rm -rf "$out" && mkdir -p "$src"
git ls-files -z --cached --others --exclude-standard | xargs -0 cp --parents -t "$src"
# -d: the build needs nothing but debhelper and dh-dkms (in the environment), not
# build-essential.
"$PIDNS_ROOT/scripts/trixie.sh" run sh -c 'cd "$1" && dpkg-buildpackage -b -d -us -uc' sh "$src" \
	>"$out/build.log" 2>&1 || { tail -n 30 "$out/build.log" >&2; die "dpkg-buildpackage failed (log: $out/build.log)"; }
deb=$out/pidns-dkms_${version}_all.deb
[ -f "$deb" ] || die "dpkg-buildpackage made no $deb"
log "built $deb"
echo "$deb"
