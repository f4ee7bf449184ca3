# shellcheck shell=bash
# Rebuilding and proving a distribution kernel's Rust artifacts. Sourced, never run: shared by
# scripts/distro-kernel.sh (in the trixie environment, for the tests) and scripts/dkms-make.sh
# (on the user's own Debian system, under DKMS).
#
# A kernel's headers package (Debian's linux-headers-KVER) has its .config, .kernelvariables and
# Module.symvers but not the Rust build artifacts an out-of-tree Rust module is compiled against
# (rust/*.rmeta, rust/*.so, scripts/target.json). They are rebuilt from the kernel's own source
# with the kernel's own compilers, and proven equal to what the kernel was built with before use.
#
# The caller sets RA_RUN, the command prefix that runs a tool where the kernel's compilers are
# (an array: empty to run on this system), and RA_TOOLCHAIN_HINT, what to tell a user whose
# compiler is not the kernel's. Every function takes the headers tree HDR first; die and log are
# lib.sh's.

# ra_config HDR KEY: CONFIG_KEY of the headers' .config, unquoted ("" if unset).
ra_config() { sed -n "s/^$2=//p" "$1/.config" | sed 's/^"\(.*\)"$/\1/'; }

# ra_check_toolchain HDR KVER: the kernel has CONFIG_RUST, no MODVERSIONS, and its rustc, bindgen
# and C compiler are the ones RA_RUN finds, version text for version text. Sets RA_CC to the C
# compiler's name (from .kernelvariables, e.g. gcc-14).
ra_check_toolchain() {
	local hdr=$1 kver=$2 want found c key cmd name
	[ "$(ra_config "$hdr" CONFIG_RUST)" = y ] ||
		die "$kver was built without CONFIG_RUST: no Rust module can be loaded into it"
	grep -q '^CONFIG_MODVERSIONS=y' "$hdr/.config" &&
		die "$kver has CONFIG_MODVERSIONS: its Rust exports' CRCs cannot be proven from modules_prepare"
	# CC as the kernel's build set it (.kernelvariables: $(CROSS_COMPILE)gcc-14).
	RA_CC=$("${RA_RUN[@]}" make -s -f "$hdr/.kernelvariables" -f - print-cc \
		<<<$'print-cc:\n\t@echo $(CC)' | awk '{print $NF}')
	local -a checks=(
		"CONFIG_RUSTC_VERSION_TEXT|rustc --version|rustc"
		"CONFIG_BINDGEN_VERSION_TEXT|bindgen --version|bindgen"
		"CONFIG_CC_VERSION_TEXT|$RA_CC --version|$RA_CC"
	)
	for c in "${checks[@]}"; do
		IFS='|' read -r key cmd name <<<"$c"
		want=$(ra_config "$hdr" "$key")
		# shellcheck disable=SC2086
		found=$("${RA_RUN[@]}" $cmd 2>/dev/null | head -n1) || found="(not installed)"
		[ -n "$found" ] || found="(not installed)"
		[ "$want" = "$found" ] || die "$kver was built with '$want' ($key), but here $name is" \
			"'$found'. Its Rust artifacts and pidns.ko must come from that exact compiler:" \
			"$RA_TOOLCHAIN_HINT"
	done
	log "toolchain matches the kernel's: $(ra_config "$hdr" CONFIG_RUSTC_VERSION_TEXT);" \
		"$(ra_config "$hdr" CONFIG_BINDGEN_VERSION_TEXT); $(ra_config "$hdr" CONFIG_CC_VERSION_TEXT)"
}

# ra_rebuild HDR KVER SRC OUT: modules_prepare in OUT (an O= directory) from SRC with the headers'
# .config and .kernelvariables: builds rust/ and scripts/target.json. olddefconfig must not change
# the config (a changed one means a different toolchain or source than the kernel's: the
# artifacts would not fit it).
ra_rebuild() {
	local hdr=$1 kver=$2 src=$3 out=$4 t0
	rm -rf "$out" && mkdir -p "$out"
	cp "$hdr/.config" "$hdr/.kernelvariables" "$out/"
	"${RA_RUN[@]}" make -s -C "$src" O="$out" olddefconfig >"$out/olddefconfig.log" 2>&1 ||
		{ cat "$out/olddefconfig.log" >&2; die "make olddefconfig failed"; }
	if ! diff -u "$hdr/.config" "$out/.config" >"$out/config.diff"; then
		head -n 40 "$out/config.diff" >&2
		die "make olddefconfig changed $kver's config (above, full diff: $out/config.diff): the" \
			"source or the toolchain is not the one the kernel was built with"
	fi
	log "rebuilding $kver's Rust artifacts (make modules_prepare: ~3 min on 2 cores)"
	t0=$SECONDS
	"${RA_RUN[@]}" make -C "$src" O="$out" -j"$(nproc)" modules_prepare \
		>"$out/modules_prepare.log" 2>&1 ||
		{ tail -n 40 "$out/modules_prepare.log" >&2; die "make modules_prepare failed (log: $out/modules_prepare.log)"; }
	log "modules_prepare took $((SECONDS - t0)) s"
	echo "$((SECONDS - t0))" >"$out/.modules_prepare-seconds"
}

# ra_prove HDR KVER OUT: the Rust exports the rebuilt kernel crates declare
# (rust/exports_*_generated.h: the mangled names carry each crate's hash, which depends on the
# exact compiler) are exactly the Rust and rust_helper_ exports of the kernel's Module.symvers.
# Without MODVERSIONS every CRC there is 0, so names are what binds a module to the kernel; they
# are checked all the same. The proof is left in OUT/proof.
ra_prove() {
	local hdr=$1 kver=$2 out=$3 p="$3/proof" nr nh
	mkdir -p "$p"
	sed -n 's/^EXPORT_SYMBOL_RUST_GPL(\(.*\));$/\1/p' "$out"/rust/exports_*_generated.h |
		grep -E '^(_R|rust_helper_)' | sort -u >"$p/rebuilt"
	awk '$3 == "vmlinux" && ($2 ~ /^_R/ || $2 ~ /^rust_helper_/) {print $2}' "$hdr/Module.symvers" |
		sort -u >"$p/debian"
	awk '$3 == "vmlinux" && ($2 ~ /^_R/ || $2 ~ /^rust_helper_/) && $1 != "0x00000000"' \
		"$hdr/Module.symvers" >"$p/nonzero-crc"
	nr=$(grep -c '^_R' "$p/debian" || true)
	nh=$(grep -c '^rust_helper_' "$p/debian" || true)
	if ! diff "$p/debian" "$p/rebuilt" >"$p/diff" || [ -s "$p/nonzero-crc" ] || [ "$nr" -eq 0 ]; then
		echo "  only in the kernel's Module.symvers: $(grep -c '^<' "$p/diff" || true);" \
			"only in the rebuilt tree: $(grep -c '^>' "$p/diff" || true); first differences:" >&2
		head -n 10 "$p/diff" >&2
		die "the rebuilt Rust artifacts do not match $kver's Module.symvers (full diff: $p/diff):" \
			"a module built against them would not load. Is the source package the kernel's own" \
			"version and the rustc the kernel's (RUSTC_FORCE_RUSTC_VERSION for a rustup build)?"
	fi
	log "proven: all $(ra_thousands "$nr") Rust exports and $(ra_thousands "$nh") rust_helper_" \
		"exports of $kver's Module.symvers match the rebuilt tree (names; CRCs all 0, MODVERSIONS off)"
	echo "$nr Rust exports and $nh rust_helper_ exports match" >"$p/summary"
}

# 2502 -> 2,502
ra_thousands() { sed ':a;s/\B[0-9]\{3\}\>/,&/;ta' <<<"$1"; }

# ra_install OUT RUST_DIR TARGET_JSON: copies the proven artifacts where a build tree has them:
# the crates' metadata and proc-macro libraries into RUST_DIR (Ubuntu's linux-lib-rust-KVER puts
# them in the headers tree's rust/), and the target specification to TARGET_JSON (its
# scripts/target.json).
ra_install() {
	local out=$1 rust=$2 target=$3 f
	[ -f "$out/scripts/target.json" ] || die "modules_prepare made no scripts/target.json"
	mkdir -p "$rust"
	for f in "$out"/rust/*.rmeta "$out"/rust/*.so; do
		cp "$f" "$rust/"
	done
	cp "$out/scripts/target.json" "$target"
}
