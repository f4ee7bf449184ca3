// SPDX-License-Identifier: GPL-2.0

//! The `/dev/pidns` file: open, and the ioctl dispatch.

use crate::{defs::*, translate::translate, user_struct::read_extensible};
use core::mem::{offset_of, size_of};
use kernel::{
    current,
    fs::File,
    miscdevice::{MiscDevice, MiscDeviceRegistration},
    prelude::*,
    uaccess::{UserPtr, UserSlice}, //
};

/// An open `/dev/pidns`. It has no state: every ioctl is self-contained.
pub(crate) struct PidnsDevice;

#[vtable]
impl MiscDevice for PidnsDevice {
    type Ptr = ();

    fn open(_file: &File, _misc: &MiscDeviceRegistration<Self>) -> Result {
        Ok(())
    }

    fn ioctl(_device: (), _file: &File, cmd: u32, arg: usize) -> Result<isize> {
        let arg = UserPtr::from_addr(arg);
        match cmd {
            PIDNS_IOC_GET_VERSION => Ok(PIDNS_ABI_VERSION as isize),
            PIDNS_IOC_TRANSLATE => ioctl_translate(arg),
            _ => Err(ENOTTY),
        }
    }
}

fn ioctl_translate(arg: UserPtr) -> Result<isize> {
    let req = read_extensible::<PidnsTranslate>(arg)?;
    let task = current!();
    let caller = task.active_pid_ns().ok_or(ESRCH)?;
    let result = translate(&req, caller)?;
    write_field(arg, offset_of!(PidnsTranslate, result), &result)?;
    Ok(0)
}

/// Writes one output field of an argument struct, leaving the caller's other bytes untouched.
fn write_field(arg: UserPtr, offset: usize, value: &i32) -> Result {
    UserSlice::new(arg.wrapping_byte_add(offset), size_of::<i32>())
        .writer()
        .write(value)
}
