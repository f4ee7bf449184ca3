// SPDX-License-Identifier: GPL-2.0

//! The uapi types as the module uses them: the plain definitions of `uapi.rs` plus the byte-level
//! guarantees that let them cross the user/kernel boundary, and the typed ioctl commands.

use crate::user_struct::ExtensibleStruct;
use kernel::{
    ioctl::{_IO, _IOWR},
    transmute::{AsBytes, FromBytes}, //
};

/// The definitions shared with the host-side ABI test (see `uapi.rs`).
#[expect(unreachable_pub)]
mod uapi {
    include!("uapi.rs");
}
pub(crate) use uapi::*;

/// Marks uapi structs as plain old data and as extensible with their VER0 size.
macro_rules! uapi_structs {
    ($($t:ty $(= $ver0:expr)?),* $(,)?) => {$(
        // SAFETY: Plain integers and nested structs of plain integers with no padding (the
        // layout is asserted in `uapi.rs`): every byte pattern is a valid value and every byte
        // is initialised.
        unsafe impl FromBytes for $t {}
        // SAFETY: See above.
        unsafe impl AsBytes for $t {}
        $(
            impl ExtensibleStruct for $t {
                const SIZE_VER0: usize = $ver0;

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

uapi_structs!(
    PidnsRef,
    PidnsTranslate = PIDNS_TRANSLATE_SIZE_VER0,
    PidnsTranslateBatch = PIDNS_TRANSLATE_BATCH_SIZE_VER0,
    PidnsInitPid = PIDNS_INIT_PID_SIZE_VER0,
    PidnsLastPids = PIDNS_LAST_PIDS_SIZE_VER0,
    PidnsNsInfo,
    PidnsNamespaces = PIDNS_NAMESPACES_SIZE_VER0,
);

/// `PIDNS_IOC_GET_VERSION`.
pub(crate) const PIDNS_IOC_GET_VERSION: u32 = _IO(PIDNS_IOC_MAGIC, nr::GET_VERSION);
/// `PIDNS_IOC_TRANSLATE`.
pub(crate) const PIDNS_IOC_TRANSLATE: u32 = _IOWR::<PidnsTranslate>(PIDNS_IOC_MAGIC, nr::TRANSLATE);
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
