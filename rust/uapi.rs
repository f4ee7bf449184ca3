// SPDX-License-Identifier: GPL-2.0 WITH Linux-syscall-note

// The ABI of `/dev/pidns`, mirroring `include/uapi/linux/pidns.h` field for field.
//
// This file depends on nothing but `core`, so that a host-side test can include it and check it
// against bindgen's reading of the C header: the C and Rust views of the ABI cannot drift apart
// unnoticed. Documentation of every field is in the C header.

/// `PIDNS_ABI_VERSION`.
pub const PIDNS_ABI_VERSION: u32 = 1;
/// `PIDNS_DEVICE_NAME`.
pub const PIDNS_DEVICE_NAME: &core::ffi::CStr = c"pidns";
/// `PIDNS_IOC_MAGIC`.
pub const PIDNS_IOC_MAGIC: u32 = 0xB9;

/// `PIDNS_REF_CALLER`.
pub const PIDNS_REF_CALLER: u32 = 0;
/// `PIDNS_REF_FD`.
pub const PIDNS_REF_FD: u32 = 1;

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
    /// `result`.
    pub result: i32,
}
/// `PIDNS_TRANSLATE_SIZE_VER0`.
pub const PIDNS_TRANSLATE_SIZE_VER0: usize = 48;

/// Ioctl command numbers, as `(nr, size)`: the type is [`PIDNS_IOC_MAGIC`]; `PIDNS_IOC_GET_VERSION`
/// is `_IO`, the others `_IOWR` with their struct's VER0 size.
pub mod nr {
    /// `PIDNS_IOC_GET_VERSION`.
    pub const GET_VERSION: u32 = 0x00;
    /// `PIDNS_IOC_TRANSLATE`.
    pub const TRANSLATE: u32 = 0x01;
}

// The layout is the ABI: the same on 32- and 64-bit, with no implicit padding.
const _: () = {
    assert!(core::mem::size_of::<PidnsRef>() == 16);
    assert!(core::mem::align_of::<PidnsRef>() == 8);
    assert!(core::mem::size_of::<PidnsTranslate>() == PIDNS_TRANSLATE_SIZE_VER0);
    assert!(core::mem::offset_of!(PidnsTranslate, size) == 0);
    assert!(core::mem::offset_of!(PidnsTranslate, pid) == 40);
    assert!(core::mem::offset_of!(PidnsTranslate, result) == 44);
};
