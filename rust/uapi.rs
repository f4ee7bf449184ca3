// SPDX-License-Identifier: GPL-2.0 WITH Linux-syscall-note

// The ABI of `/dev/pidns`, mirroring `include/uapi/linux/pidns.h` field for field.
//
// This file depends on nothing but `core`, so that a host-side test can include it and check it
// against bindgen's reading of the C header: the C and Rust views of the ABI cannot drift apart
// unnoticed. Documentation of every constant, struct and field is in the C header; comments here
// say only what the header does not.

/// The uapi structs: `#[repr(C)]`, plain integers and nested structs, public fields.
macro_rules! uapi_struct {
    ($name:ident { $($field:ident: $ty:ty),* $(,)? }) => {
        #[repr(C)]
        #[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
        pub struct $name {
            $(pub $field: $ty),*
        }
    };
}

pub const PIDNS_ABI_VERSION: u32 = 7;
pub const PIDNS_DEVICE_NAME: &core::ffi::CStr = c"pidns";
pub const PIDNS_IOC_MAGIC: u32 = 0xB9;

pub const PIDNS_REF_CALLER: u32 = 0;
pub const PIDNS_REF_FD: u32 = 1;
pub const PIDNS_REF_ID: u32 = 2;

uapi_struct! { PidnsRef { kind: u32, reserved: u32, value: u64 } }

uapi_struct! {
    PidnsTranslate {
        size: u32, flags: u32,
        source: PidnsRef, target: PidnsRef,
        pid: i32, reserved: u32,
    }
}
pub const PIDNS_TRANSLATE_SIZE_VER0: usize = 48;
pub const PIDNS_TRANSLATE_TGID: u32 = 1 << 0;
pub const PIDNS_TRANSLATE_FLAGS: u32 = PIDNS_TRANSLATE_TGID;

pub const PIDNS_BATCH_MAX: u32 = 4096;

uapi_struct! {
    PidnsTranslateBatch {
        size: u32, flags: u32,
        source: PidnsRef, target: PidnsRef,
        count: u32, translated: u32,
        pids: u64, results: u64,
    }
}
pub const PIDNS_TRANSLATE_BATCH_SIZE_VER0: usize = 64;

uapi_struct! {
    PidnsInitPid {
        size: u32, flags: u32,
        ns: PidnsRef, target: PidnsRef,
        pid: i32, tid: i32, pidfs_ino: u64, ns_id: u64,
    }
}
pub const PIDNS_INIT_PID_SIZE_VER0: usize = 64;

pub const PIDNS_MAX_LEVELS: usize = 33;

uapi_struct! {
    PidnsLastPids {
        size: u32, flags: u32,
        ns: PidnsRef,
        count: u32, levels: u32, last_pids: u64,
    }
}
pub const PIDNS_LAST_PIDS_SIZE_VER0: usize = 40;

/// `enum pidns_ns_index`: `PIDNS_NS_USER` .. `PIDNS_NS_TIME`, in order. Used only in a const
/// assertion (`ops/namespaces.rs`), which rustc 1.85 does not count as a use.
#[allow(dead_code)]
pub const PIDNS_NS_INDEX: [u32; 8] = [0, 1, 2, 3, 4, 5, 6, 7];
pub const PIDNS_NS_TYPES: usize = 8;
pub const PIDNS_NS_SHARED: u32 = 1 << 0;

uapi_struct! { PidnsNsInfo { fd: i32, flags: u32, id: u64 } }

uapi_struct! {
    PidnsNamespaces {
        size: u32, flags: u32,
        pidfd: i32, mask: u32, reserved: [u32; 2],
        ns: [PidnsNsInfo; PIDNS_NS_TYPES],
    }
}
pub const PIDNS_NAMESPACES_SIZE_VER0: usize = 152;
pub const PIDNS_NAMESPACES_IDS_ONLY: u32 = 1 << 0;
pub const PIDNS_NAMESPACES_FLAGS: u32 = PIDNS_NAMESPACES_IDS_ONLY;

pub const PIDNS_BIND_DELEGATE: u32 = 1 << 0;
pub const PIDNS_BIND_FLAGS: u32 = PIDNS_BIND_DELEGATE;

uapi_struct! {
    PidnsBind {
        size: u32, flags: u32,
        source: PidnsRef, target: PidnsRef,
    }
}
pub const PIDNS_BIND_SIZE_VER0: usize = 40;

pub const PIDNS_RELATION_EQUAL: u32 = 1;
pub const PIDNS_RELATION_SOURCE_IS_ANCESTOR: u32 = 2;
pub const PIDNS_RELATION_TARGET_IS_ANCESTOR: u32 = 3;
pub const PIDNS_RELATION_UNRELATED: u32 = 4;

uapi_struct! {
    PidnsRelation {
        size: u32, flags: u32,
        source: PidnsRef, target: PidnsRef,
        // Out: the answer. The levels count from the caller's pid namespace (0).
        relation: u32, distance: u32, source_level: u32, target_level: u32, common_level: u32,
        reserved: u32,
    }
}
pub const PIDNS_RELATION_SIZE_VER0: usize = 64;

/// Ioctl command numbers, as `(nr, size)`: the type is [`PIDNS_IOC_MAGIC`]; `PIDNS_IOC_GET_VERSION`
/// and the bound calls are `_IO` (`PIDNS_IOC_BOUND_INIT_PID`: `_IOR` of a `u64`), the others
/// `_IOW`/`_IOWR` with their struct's VER0 size.
pub mod nr {
    pub const GET_VERSION: u32 = 0x00;
    pub const TRANSLATE: u32 = 0x01;
    pub const INIT_PID: u32 = 0x02;
    pub const GET_LAST_PIDS: u32 = 0x03;
    pub const SET_LAST_PIDS: u32 = 0x04;
    pub const GET_NAMESPACES: u32 = 0x05;
    pub const TRANSLATE_BATCH: u32 = 0x06;
    pub const BIND: u32 = 0x07;
    pub const BOUND_PID: u32 = 0x08;
    pub const BOUND_TGID: u32 = 0x09;
    pub const BOUND_INIT_PID: u32 = 0x0a;
    pub const RELATION: u32 = 0x0b;
}

// The layout is the ABI: the same on 32- and 64-bit, with no implicit padding.
const _: () = {
    assert!(core::mem::size_of::<PidnsRef>() == 16);
    assert!(core::mem::align_of::<PidnsRef>() == 8);
    assert!(core::mem::size_of::<PidnsTranslate>() == PIDNS_TRANSLATE_SIZE_VER0);
    assert!(core::mem::offset_of!(PidnsTranslate, size) == 0);
    assert!(core::mem::offset_of!(PidnsTranslate, pid) == 40);
    assert!(core::mem::offset_of!(PidnsTranslate, reserved) == 44);
    assert!(core::mem::size_of::<PidnsTranslateBatch>() == PIDNS_TRANSLATE_BATCH_SIZE_VER0);
    assert!(core::mem::offset_of!(PidnsTranslateBatch, count) == 40);
    assert!(core::mem::offset_of!(PidnsTranslateBatch, pids) == 48);
    assert!(core::mem::size_of::<PidnsInitPid>() == PIDNS_INIT_PID_SIZE_VER0);
    assert!(core::mem::size_of::<PidnsLastPids>() == PIDNS_LAST_PIDS_SIZE_VER0);
    assert!(core::mem::size_of::<PidnsNamespaces>() == PIDNS_NAMESPACES_SIZE_VER0);
    assert!(core::mem::size_of::<PidnsBind>() == PIDNS_BIND_SIZE_VER0);
    assert!(core::mem::offset_of!(PidnsBind, target) == 24);
    assert!(core::mem::size_of::<PidnsRelation>() == PIDNS_RELATION_SIZE_VER0);
    assert!(core::mem::offset_of!(PidnsRelation, relation) == 40);
    assert!(core::mem::offset_of!(PidnsRelation, reserved) == 60);
};
