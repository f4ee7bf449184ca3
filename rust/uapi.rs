// SPDX-License-Identifier: GPL-2.0 WITH Linux-syscall-note

// The ABI of `/dev/pidns`, mirroring `include/uapi/linux/pidns.h` field for field.
//
// This file depends on nothing but `core`, so that a host-side test can include it and check it
// against bindgen's reading of the C header: the C and Rust views of the ABI cannot drift apart
// unnoticed. Documentation of every field is in the C header.

/// `PIDNS_ABI_VERSION`.
pub const PIDNS_ABI_VERSION: u32 = 6;
/// `PIDNS_DEVICE_NAME`.
pub const PIDNS_DEVICE_NAME: &core::ffi::CStr = c"pidns";
/// `PIDNS_IOC_MAGIC`.
pub const PIDNS_IOC_MAGIC: u32 = 0xB9;

/// `PIDNS_REF_CALLER`.
pub const PIDNS_REF_CALLER: u32 = 0;
/// `PIDNS_REF_FD`.
pub const PIDNS_REF_FD: u32 = 1;
/// `PIDNS_REF_ID`.
pub const PIDNS_REF_ID: u32 = 2;

/// `struct pidns_ref`.
#[repr(C)]
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct PidnsRef {
    /// `kind`.
    pub kind: u32,
    /// `reserved`.
    pub reserved: u32,
    /// `value`.
    pub value: u64,
}

/// `PIDNS_TRANSLATE_TGID`.
pub const PIDNS_TRANSLATE_TGID: u32 = 1 << 0;
/// `PIDNS_TRANSLATE_FLAGS`.
pub const PIDNS_TRANSLATE_FLAGS: u32 = PIDNS_TRANSLATE_TGID;

/// `struct pidns_translate`.
#[repr(C)]
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct PidnsTranslate {
    /// `size`.
    pub size: u32,
    /// `flags`.
    pub flags: u32,
    /// `source`.
    pub source: PidnsRef,
    /// `target`.
    pub target: PidnsRef,
    /// `pid`.
    pub pid: i32,
    /// `reserved`.
    pub reserved: u32,
}
/// `PIDNS_TRANSLATE_SIZE_VER0`.
pub const PIDNS_TRANSLATE_SIZE_VER0: usize = 48;

/// `PIDNS_BATCH_MAX`.
pub const PIDNS_BATCH_MAX: u32 = 4096;

/// `struct pidns_translate_batch`.
#[repr(C)]
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct PidnsTranslateBatch {
    /// `size`.
    pub size: u32,
    /// `flags`.
    pub flags: u32,
    /// `source`.
    pub source: PidnsRef,
    /// `target`.
    pub target: PidnsRef,
    /// `count`.
    pub count: u32,
    /// `translated`.
    pub translated: u32,
    /// `pids`.
    pub pids: u64,
    /// `results`.
    pub results: u64,
}
/// `PIDNS_TRANSLATE_BATCH_SIZE_VER0`.
pub const PIDNS_TRANSLATE_BATCH_SIZE_VER0: usize = 64;

/// `struct pidns_init_pid`.
#[repr(C)]
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct PidnsInitPid {
    /// `size`.
    pub size: u32,
    /// `flags`.
    pub flags: u32,
    /// `ns`.
    pub ns: PidnsRef,
    /// `target`.
    pub target: PidnsRef,
    /// `pid`.
    pub pid: i32,
    /// `tid`.
    pub tid: i32,
    /// `pidfs_ino`.
    pub pidfs_ino: u64,
    /// `ns_id`.
    pub ns_id: u64,
}
/// `PIDNS_INIT_PID_SIZE_VER0`.
pub const PIDNS_INIT_PID_SIZE_VER0: usize = 64;

/// `PIDNS_MAX_LEVELS`.
pub const PIDNS_MAX_LEVELS: usize = 33;

/// `struct pidns_last_pids`.
#[repr(C)]
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct PidnsLastPids {
    /// `size`.
    pub size: u32,
    /// `flags`.
    pub flags: u32,
    /// `ns`.
    pub ns: PidnsRef,
    /// `count`.
    pub count: u32,
    /// `levels`.
    pub levels: u32,
    /// `last_pids`.
    pub last_pids: u64,
}
/// `PIDNS_LAST_PIDS_SIZE_VER0`.
pub const PIDNS_LAST_PIDS_SIZE_VER0: usize = 40;

/// `enum pidns_ns_index`: `PIDNS_NS_USER` .. `PIDNS_NS_TIME`, in order.
pub const PIDNS_NS_INDEX: [u32; 8] = [0, 1, 2, 3, 4, 5, 6, 7];
/// `PIDNS_NS_TYPES`.
pub const PIDNS_NS_TYPES: usize = 8;
/// `PIDNS_NS_SHARED`.
pub const PIDNS_NS_SHARED: u32 = 1 << 0;

/// `struct pidns_ns_info`.
#[repr(C)]
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct PidnsNsInfo {
    /// `fd`.
    pub fd: i32,
    /// `flags`.
    pub flags: u32,
    /// `id`.
    pub id: u64,
}

/// `PIDNS_NAMESPACES_IDS_ONLY`.
pub const PIDNS_NAMESPACES_IDS_ONLY: u32 = 1 << 0;
/// `PIDNS_NAMESPACES_FLAGS`.
pub const PIDNS_NAMESPACES_FLAGS: u32 = PIDNS_NAMESPACES_IDS_ONLY;

/// `struct pidns_namespaces`.
#[repr(C)]
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct PidnsNamespaces {
    /// `size`.
    pub size: u32,
    /// `flags`.
    pub flags: u32,
    /// `pidfd`.
    pub pidfd: i32,
    /// `mask`.
    pub mask: u32,
    /// `reserved`.
    pub reserved: [u32; 2],
    /// `ns`.
    pub ns: [PidnsNsInfo; PIDNS_NS_TYPES],
}
/// `PIDNS_NAMESPACES_SIZE_VER0`.
pub const PIDNS_NAMESPACES_SIZE_VER0: usize = 152;

/// `PIDNS_BIND_DELEGATE`.
pub const PIDNS_BIND_DELEGATE: u32 = 1 << 0;
/// `PIDNS_BIND_FLAGS`.
pub const PIDNS_BIND_FLAGS: u32 = PIDNS_BIND_DELEGATE;

/// `struct pidns_bind`.
#[repr(C)]
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct PidnsBind {
    /// `size`.
    pub size: u32,
    /// `flags`.
    pub flags: u32,
    /// `source`.
    pub source: PidnsRef,
    /// `target`.
    pub target: PidnsRef,
}
/// `PIDNS_BIND_SIZE_VER0`.
pub const PIDNS_BIND_SIZE_VER0: usize = 40;

/// Ioctl command numbers, as `(nr, size)`: the type is [`PIDNS_IOC_MAGIC`]; `PIDNS_IOC_GET_VERSION`
/// and the bound calls are `_IO` (`PIDNS_IOC_BOUND_INIT_PID`: `_IOR` of a `u64`), the others
/// `_IOW`/`_IOWR` with their struct's VER0 size.
pub mod nr {
    /// `PIDNS_IOC_GET_VERSION`.
    pub const GET_VERSION: u32 = 0x00;
    /// `PIDNS_IOC_TRANSLATE`.
    pub const TRANSLATE: u32 = 0x01;
    /// `PIDNS_IOC_INIT_PID`.
    pub const INIT_PID: u32 = 0x02;
    /// `PIDNS_IOC_GET_LAST_PIDS`.
    pub const GET_LAST_PIDS: u32 = 0x03;
    /// `PIDNS_IOC_SET_LAST_PIDS`.
    pub const SET_LAST_PIDS: u32 = 0x04;
    /// `PIDNS_IOC_GET_NAMESPACES`.
    pub const GET_NAMESPACES: u32 = 0x05;
    /// `PIDNS_IOC_TRANSLATE_BATCH`.
    pub const TRANSLATE_BATCH: u32 = 0x06;
    /// `PIDNS_IOC_BIND`.
    pub const BIND: u32 = 0x07;
    /// `PIDNS_IOC_BOUND_PID`.
    pub const BOUND_PID: u32 = 0x08;
    /// `PIDNS_IOC_BOUND_TGID`.
    pub const BOUND_TGID: u32 = 0x09;
    /// `PIDNS_IOC_BOUND_INIT_PID`.
    pub const BOUND_INIT_PID: u32 = 0x0a;
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
};
