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

// SAFETY: Plain integers with no padding (the layout is asserted in `uapi.rs`): every byte
// pattern is a valid value and every byte is initialised.
unsafe impl FromBytes for PidnsRef {}
// SAFETY: See above.
unsafe impl AsBytes for PidnsRef {}
// SAFETY: See above.
unsafe impl FromBytes for PidnsTranslate {}
// SAFETY: See above.
unsafe impl AsBytes for PidnsTranslate {}

impl ExtensibleStruct for PidnsTranslate {
    const SIZE_VER0: usize = PIDNS_TRANSLATE_SIZE_VER0;

    fn set_size(&mut self, size: u32) {
        self.size = size;
    }
}

/// `PIDNS_IOC_GET_VERSION`.
pub(crate) const PIDNS_IOC_GET_VERSION: u32 = _IO(PIDNS_IOC_MAGIC, nr::GET_VERSION);
/// `PIDNS_IOC_TRANSLATE`.
pub(crate) const PIDNS_IOC_TRANSLATE: u32 = _IOWR::<PidnsTranslate>(PIDNS_IOC_MAGIC, nr::TRANSLATE);
