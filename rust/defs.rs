// SPDX-License-Identifier: GPL-2.0

//! The uapi types as the module uses them: the plain definitions of `uapi.rs` plus the byte-level
//! guarantees that let them cross the user/kernel boundary, and the typed ioctl commands.

use crate::ext::uaccess::ExtensibleStruct;
use core::mem::{offset_of, size_of};
use kernel::{
    ioctl::{_IO, _IOR, _IOW, _IOWR},
    transmute::{AsBytes, FromBytes}, //
};

/// The definitions shared with the host-side ABI test (see `uapi.rs`); documented in the C header,
/// as `rust/uapi` leaves its own to the C headers.
#[expect(unreachable_pub)]
#[allow(missing_docs)]
mod uapi {
    include!("uapi.rs");
}
pub(crate) use uapi::*;

/// Marks uapi structs as plain old data, and as extensible with their VER0 size and the byte range
/// of their output fields (`None` for a struct that is input only).
macro_rules! uapi_structs {
    ($($t:ident $({ ver0: $ver0:expr, outputs: $out:expr })?),* $(,)?) => {$(
        // SAFETY: Plain integers and nested structs of plain integers with no padding (the
        // layout is asserted in `uapi.rs`): every byte pattern is a valid value and every byte
        // is initialised.
        unsafe impl FromBytes for $t {}
        // SAFETY: See above.
        unsafe impl AsBytes for $t {}
        $(
            impl ExtensibleStruct for $t {
                const SIZE_VER0: usize = $ver0;
                const OUTPUTS: Option<core::ops::Range<usize>> = $out;

                fn size(&self) -> u32 {
                    self.size
                }

                fn set_size(&mut self, size: u32) {
                    self.size = size;
                }
            }
        )?
    )*};
}

/// The byte range of one `u32` field.
macro_rules! field_range {
    ($t:ident, $field:ident) => {
        offset_of!($t, $field)..offset_of!($t, $field) + size_of::<u32>()
    };
}

uapi_structs!(
    PidnsRef,
    PidnsTranslate {
        ver0: PIDNS_TRANSLATE_SIZE_VER0,
        outputs: None
    },
    PidnsTranslateBatch {
        ver0: PIDNS_TRANSLATE_BATCH_SIZE_VER0,
        outputs: Some(field_range!(PidnsTranslateBatch, translated))
    },
    PidnsInitPid {
        ver0: PIDNS_INIT_PID_SIZE_VER0,
        outputs: Some(offset_of!(PidnsInitPid, pid)..size_of::<PidnsInitPid>())
    },
    PidnsLastPids {
        ver0: PIDNS_LAST_PIDS_SIZE_VER0,
        outputs: Some(field_range!(PidnsLastPids, levels))
    },
    PidnsNsInfo,
    PidnsNamespaces {
        ver0: PIDNS_NAMESPACES_SIZE_VER0,
        outputs: Some(offset_of!(PidnsNamespaces, ns)..size_of::<PidnsNamespaces>())
    },
    PidnsBind {
        ver0: PIDNS_BIND_SIZE_VER0,
        outputs: None
    },
    PidnsRelation {
        ver0: PIDNS_RELATION_SIZE_VER0,
        outputs: Some(offset_of!(PidnsRelation, relation)..offset_of!(PidnsRelation, reserved))
    },
);

/// `PIDNS_IOC_GET_VERSION`.
pub(crate) const PIDNS_IOC_GET_VERSION: u32 = _IO(PIDNS_IOC_MAGIC, nr::GET_VERSION);
/// `PIDNS_IOC_TRANSLATE`.
pub(crate) const PIDNS_IOC_TRANSLATE: u32 = _IOW::<PidnsTranslate>(PIDNS_IOC_MAGIC, nr::TRANSLATE);
/// `PIDNS_IOC_TRANSLATE_BATCH`.
pub(crate) const PIDNS_IOC_TRANSLATE_BATCH: u32 =
    _IOWR::<PidnsTranslateBatch>(PIDNS_IOC_MAGIC, nr::TRANSLATE_BATCH);
/// `PIDNS_IOC_INIT_PID`.
pub(crate) const PIDNS_IOC_INIT_PID: u32 = _IOWR::<PidnsInitPid>(PIDNS_IOC_MAGIC, nr::INIT_PID);
/// `PIDNS_IOC_GET_LAST_PIDS`.
pub(crate) const PIDNS_IOC_GET_LAST_PIDS: u32 =
    _IOWR::<PidnsLastPids>(PIDNS_IOC_MAGIC, nr::GET_LAST_PIDS);
/// `PIDNS_IOC_SET_LAST_PIDS`.
pub(crate) const PIDNS_IOC_SET_LAST_PIDS: u32 =
    _IOWR::<PidnsLastPids>(PIDNS_IOC_MAGIC, nr::SET_LAST_PIDS);
/// `PIDNS_IOC_GET_NAMESPACES`.
pub(crate) const PIDNS_IOC_GET_NAMESPACES: u32 =
    _IOWR::<PidnsNamespaces>(PIDNS_IOC_MAGIC, nr::GET_NAMESPACES);
/// `PIDNS_IOC_BIND`.
pub(crate) const PIDNS_IOC_BIND: u32 = _IOW::<PidnsBind>(PIDNS_IOC_MAGIC, nr::BIND);
/// `PIDNS_IOC_RELATION`.
pub(crate) const PIDNS_IOC_RELATION: u32 = _IOWR::<PidnsRelation>(PIDNS_IOC_MAGIC, nr::RELATION);
/// `PIDNS_IOC_BOUND_PID`.
pub(crate) const PIDNS_IOC_BOUND_PID: u32 = _IO(PIDNS_IOC_MAGIC, nr::BOUND_PID);
/// `PIDNS_IOC_BOUND_TGID`.
pub(crate) const PIDNS_IOC_BOUND_TGID: u32 = _IO(PIDNS_IOC_MAGIC, nr::BOUND_TGID);
/// `PIDNS_IOC_BOUND_INIT_PID`.
pub(crate) const PIDNS_IOC_BOUND_INIT_PID: u32 = _IOR::<u64>(PIDNS_IOC_MAGIC, nr::BOUND_INIT_PID);
