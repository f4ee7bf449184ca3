// SPDX-License-Identifier: GPL-2.0

//! The `/dev/pidns` file: open, and the ioctl dispatch.

use crate::{
    defs::*,
    init_pid::init_pid,
    last_pids::{get_last_pids, set_last_pids},
    namespaces::get_namespaces,
    translate::translate,
    user_struct::{read_extensible, write_outputs, ExtensibleStruct},
};
use core::mem::offset_of;
use kernel::{
    current,
    fs::File,
    miscdevice::{MiscDevice, MiscDeviceRegistration},
    pid_namespace::PidNamespace,
    prelude::*,
    uaccess::UserPtr, //
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
            PIDNS_IOC_GET_VERSION => return Ok(PIDNS_ABI_VERSION as isize),
            PIDNS_IOC_TRANSLATE => call(arg, offset_of!(PidnsTranslate, result), translate)?,
            PIDNS_IOC_INIT_PID => call(arg, offset_of!(PidnsInitPid, pid), init_pid)?,
            PIDNS_IOC_GET_LAST_PIDS => call(arg, offset_of!(PidnsLastPids, levels), get_last_pids)?,
            PIDNS_IOC_SET_LAST_PIDS => call(arg, offset_of!(PidnsLastPids, levels), set_last_pids)?,
            PIDNS_IOC_GET_NAMESPACES => {
                call(arg, offset_of!(PidnsNamespaces, ns), get_namespaces)?.keep()
            }
            _ => return Err(ENOTTY),
        };
        Ok(0)
    }
}

/// Runs one struct-based ioctl: reads the extensible struct at `arg`, lets `op` answer it for the
/// calling task's active pid namespace, and on success writes back the fields from `out_start`
/// (the first output field) on. What `op` returns is handed back only once the answer has reached
/// user space, and dropped if it could not: that is how an operation undoes its side effects.
fn call<T: ExtensibleStruct, R>(
    arg: UserPtr,
    out_start: usize,
    op: impl FnOnce(&mut T, &PidNamespace) -> Result<R>,
) -> Result<R> {
    let mut req = read_extensible::<T>(arg)?;
    let task = current!();
    let caller = task.active_pid_ns().ok_or(ESRCH)?;
    let outcome = op(&mut req, caller)?;
    write_outputs(arg, &req, out_start)?;
    Ok(outcome)
}
