#!/usr/bin/env bash
# The uapi header is the product's face. Checks that it compiles on its own as C and C++, for
# 64-bit and (where the compiler can) 32-bit x86 with the same struct sizes, and that the Rust
# definitions in rust/uapi.rs match bindgen's reading of it field for field.
source "$(dirname "$0")/lib.sh"
cd "$PIDNS_ROOT"
out=build/abi
mkdir -p "$out"
hdr=include/uapi/linux/pidns.h

cat >"$out/standalone.c" <<C
#include "$PWD/$hdr"
/* One layout for 32- and 64-bit callers: these sizes and offsets are the ABI. */
_Static_assert(sizeof(struct pidns_ref) == 16, "pidns_ref");
_Static_assert(sizeof(struct pidns_translate) == PIDNS_TRANSLATE_SIZE_VER0, "pidns_translate");
_Static_assert(__builtin_offsetof(struct pidns_translate, source) == 8, "source");
_Static_assert(__builtin_offsetof(struct pidns_translate, target) == 24, "target");
_Static_assert(__builtin_offsetof(struct pidns_translate, pid) == 40, "pid");
_Static_assert(sizeof(struct pidns_translate_batch) == PIDNS_TRANSLATE_BATCH_SIZE_VER0, "batch");
_Static_assert(__builtin_offsetof(struct pidns_translate_batch, count) == 40, "count");
_Static_assert(__builtin_offsetof(struct pidns_translate_batch, pids) == 48, "pids");
_Static_assert(__builtin_offsetof(struct pidns_translate_batch, results) == 56, "results");
_Static_assert(sizeof(struct pidns_init_pid) == PIDNS_INIT_PID_SIZE_VER0, "pidns_init_pid");
_Static_assert(__builtin_offsetof(struct pidns_init_pid, pidfs_ino) == 48, "pidfs_ino");
_Static_assert(sizeof(struct pidns_last_pids) == PIDNS_LAST_PIDS_SIZE_VER0, "pidns_last_pids");
_Static_assert(__builtin_offsetof(struct pidns_last_pids, last_pids) == 32, "last_pids");
_Static_assert(sizeof(struct pidns_namespaces) == PIDNS_NAMESPACES_SIZE_VER0, "pidns_namespaces");
_Static_assert(__builtin_offsetof(struct pidns_namespaces, ns) == 24, "ns");
_Static_assert(sizeof(struct pidns_bind) == PIDNS_BIND_SIZE_VER0, "pidns_bind");
_Static_assert(__builtin_offsetof(struct pidns_bind, target) == 24, "bind target");
_Static_assert(sizeof(struct pidns_relation) == PIDNS_RELATION_SIZE_VER0, "pidns_relation");
_Static_assert(__builtin_offsetof(struct pidns_relation, relation) == 40, "relation");
_Static_assert(__builtin_offsetof(struct pidns_relation, reserved) == 60, "relation reserved");
int main(void) { return PIDNS_IOC_TRANSLATE == 0 || PIDNS_IOC_GET_VERSION == 0; }
C
gcc -std=c99 -Wall -Wextra -Werror -pedantic -Wno-c11-extensions -fsyntax-only "$out/standalone.c" 2>/dev/null ||
	gcc -std=c11 -Wall -Wextra -Werror -pedantic -fsyntax-only "$out/standalone.c"
g++ -std=c++17 -Wall -Wextra -Werror -fsyntax-only -x c++ -D_Static_assert=static_assert "$out/standalone.c"
"clang$LLVM_SUFFIX" -target i386-linux-gnu -std=c11 -Wall -Werror -fsyntax-only \
	-I/usr/include -I/usr/include/x86_64-linux-gnu "$out/standalone.c"
# Same command numbers on both (the size field of _IOWR must not differ).
for m in x86_64 i386; do
	"clang$LLVM_SUFFIX" -target $m-linux-gnu -E -dM -I/usr/include -I/usr/include/x86_64-linux-gnu \
		-include "$hdr" -x c /dev/null >/dev/null
done

bindgen "$hdr" --use-core --no-layout-tests --with-derive-default -o "$out/pidns_bindgen.rs" -- \
	-I/usr/include -I/usr/include/x86_64-linux-gnu
cat >"$out/abi_test.rs" <<'RS'
#![allow(non_camel_case_types, non_upper_case_globals, dead_code, unused_imports)]
mod c {
    include!("pidns_bindgen.rs");
}
mod rs {
    include!("../../rust/uapi.rs");
}
use core::mem::{align_of, offset_of, size_of};

macro_rules! same_struct {
    ($c:ty, $r:ty, [$($f:ident),*]) => {{
        assert_eq!(size_of::<$c>(), size_of::<$r>(), "size of {}", stringify!($r));
        assert_eq!(align_of::<$c>(), align_of::<$r>(), "align of {}", stringify!($r));
        $(assert_eq!(offset_of!($c, $f), offset_of!($r, $f), "{}.{}", stringify!($r), stringify!($f));)*
    }};
}

#[test]
fn structs_match_the_c_header() {
    same_struct!(c::pidns_ref, rs::PidnsRef, [kind, reserved, value]);
    same_struct!(c::pidns_translate, rs::PidnsTranslate, [size, flags, source, target, pid, reserved]);
    same_struct!(c::pidns_translate_batch, rs::PidnsTranslateBatch, [size, flags, source, target, count, translated, pids, results]);
    same_struct!(c::pidns_init_pid, rs::PidnsInitPid, [size, flags, ns, target, pid, tid, pidfs_ino, ns_id]);
    same_struct!(c::pidns_last_pids, rs::PidnsLastPids, [size, flags, ns, count, levels, last_pids]);
    same_struct!(c::pidns_ns_info, rs::PidnsNsInfo, [fd, flags, id]);
    same_struct!(c::pidns_namespaces, rs::PidnsNamespaces, [size, flags, pidfd, mask, reserved, ns]);
    same_struct!(c::pidns_bind, rs::PidnsBind, [size, flags, source, target]);
    same_struct!(c::pidns_relation, rs::PidnsRelation, [size, flags, source, target, relation, distance, source_level, target_level, common_level, reserved]);
}

#[test]
fn constants_match_the_c_header() {
    assert_eq!(c::PIDNS_ABI_VERSION, rs::PIDNS_ABI_VERSION);
    assert_eq!(c::PIDNS_IOC_MAGIC, rs::PIDNS_IOC_MAGIC);
    assert_eq!(c::PIDNS_DEVICE_NAME, rs::PIDNS_DEVICE_NAME.to_bytes_with_nul());
    assert_eq!(c::pidns_ref_kind_PIDNS_REF_CALLER, rs::PIDNS_REF_CALLER);
    assert_eq!(c::pidns_ref_kind_PIDNS_REF_FD, rs::PIDNS_REF_FD);
    assert_eq!(c::pidns_ref_kind_PIDNS_REF_ID, rs::PIDNS_REF_ID);
    assert_eq!(c::PIDNS_INIT_PID_SIZE_VER0 as usize, rs::PIDNS_INIT_PID_SIZE_VER0);
    assert_eq!(c::PIDNS_LAST_PIDS_SIZE_VER0 as usize, rs::PIDNS_LAST_PIDS_SIZE_VER0);
    assert_eq!(c::PIDNS_MAX_LEVELS as usize, rs::PIDNS_MAX_LEVELS);
    assert_eq!(c::pidns_ns_index_PIDNS_NS_TYPES as usize, rs::PIDNS_NS_TYPES);
    assert_eq!(c::PIDNS_NS_SHARED, rs::PIDNS_NS_SHARED);
    assert_eq!(c::PIDNS_NAMESPACES_IDS_ONLY, rs::PIDNS_NAMESPACES_IDS_ONLY);
    assert_eq!(c::PIDNS_NAMESPACES_FLAGS, rs::PIDNS_NAMESPACES_FLAGS);
    assert_eq!(c::PIDNS_NAMESPACES_SIZE_VER0 as usize, rs::PIDNS_NAMESPACES_SIZE_VER0);
    // The index order, which rust/ns_common.rs (NsType) relies on.
    assert_eq!(
        [c::pidns_ns_index_PIDNS_NS_USER, c::pidns_ns_index_PIDNS_NS_MNT, c::pidns_ns_index_PIDNS_NS_PID,
         c::pidns_ns_index_PIDNS_NS_NET, c::pidns_ns_index_PIDNS_NS_UTS, c::pidns_ns_index_PIDNS_NS_IPC,
         c::pidns_ns_index_PIDNS_NS_CGROUP, c::pidns_ns_index_PIDNS_NS_TIME],
        rs::PIDNS_NS_INDEX
    );
    assert_eq!(c::PIDNS_TRANSLATE_TGID, rs::PIDNS_TRANSLATE_TGID);
    assert_eq!(c::PIDNS_TRANSLATE_FLAGS, rs::PIDNS_TRANSLATE_FLAGS);
    assert_eq!(c::PIDNS_TRANSLATE_SIZE_VER0 as usize, rs::PIDNS_TRANSLATE_SIZE_VER0);
    assert_eq!(c::PIDNS_BATCH_MAX, rs::PIDNS_BATCH_MAX);
    assert_eq!(c::PIDNS_TRANSLATE_BATCH_SIZE_VER0 as usize, rs::PIDNS_TRANSLATE_BATCH_SIZE_VER0);
    assert_eq!(c::PIDNS_BIND_SIZE_VER0 as usize, rs::PIDNS_BIND_SIZE_VER0);
    assert_eq!(c::PIDNS_RELATION_SIZE_VER0 as usize, rs::PIDNS_RELATION_SIZE_VER0);
    assert_eq!(
        [c::pidns_relation_kind_PIDNS_RELATION_EQUAL, c::pidns_relation_kind_PIDNS_RELATION_SOURCE_IS_ANCESTOR,
         c::pidns_relation_kind_PIDNS_RELATION_TARGET_IS_ANCESTOR, c::pidns_relation_kind_PIDNS_RELATION_UNRELATED],
        [rs::PIDNS_RELATION_EQUAL, rs::PIDNS_RELATION_SOURCE_IS_ANCESTOR,
         rs::PIDNS_RELATION_TARGET_IS_ANCESTOR, rs::PIDNS_RELATION_UNRELATED]
    );
}
RS
rustc --edition 2021 --test -o "$out/abi_test" "$out/abi_test.rs"
"$out/abi_test"
