// SPDX-License-Identifier: GPL-2.0

//! The `/dev/pidns` file: open, and the ioctl dispatch.

use crate::{
    caller::{Caller, IdHints},
    defs::*,
    init_pid::init_pid,
    last_pids::{get_last_pids, set_last_pids},
    namespaces::get_namespaces,
    translate::{translate, translate_batch},
    user_struct::{read_extensible, write_outputs, ExtensibleStruct},
};
use core::mem::offset_of;
use kernel::{
    current,
    fs::File,
    miscdevice::{MiscDevice, MiscDeviceRegistration},
    new_spinlock,
    prelude::*,
    sync::SpinLock,
    uaccess::UserPtr, //
};

/// An open `/dev/pidns`. Every ioctl is self-contained; the file only keeps hints that make
/// repeated lookups of namespace ids cheap.
#[pin_data]
pub(crate) struct PidnsDevice {
    #[pin]
    id_hints: SpinLock<IdHints>,
}

#[vtable]
impl MiscDevice for PidnsDevice {
    type Ptr = Pin<KBox<Self>>;

    fn open(_file: &File, _misc: &MiscDeviceRegistration<Self>) -> Result<Pin<KBox<Self>>> {
        KBox::try_pin_init(
            try_pin_init!(Self {
                id_hints <- new_spinlock!(IdHints::default()),
            }),
            GFP_KERNEL,
        )
    }

    fn ioctl(device: Pin<&PidnsDevice>, _file: &File, cmd: u32, arg: usize) -> Result<isize> {
        let hints = &device.get_ref().id_hints;
        let arg = UserPtr::from_addr(arg);
        match cmd {
            PIDNS_IOC_GET_VERSION => return Ok(PIDNS_ABI_VERSION as isize),
            PIDNS_IOC_TRANSLATE => call(arg, hints, offset_of!(PidnsTranslate, result), translate)?,
            PIDNS_IOC_TRANSLATE_BATCH => call(
                arg,
                hints,
                offset_of!(PidnsTranslateBatch, translated),
                translate_batch,
            )?
            .keep(),
            PIDNS_IOC_INIT_PID => call(arg, hints, offset_of!(PidnsInitPid, pid), init_pid)?,
            PIDNS_IOC_GET_LAST_PIDS => {
                call(arg, hints, offset_of!(PidnsLastPids, levels), get_last_pids)?
            }
            PIDNS_IOC_SET_LAST_PIDS => {
                call(arg, hints, offset_of!(PidnsLastPids, levels), set_last_pids)?
            }
            PIDNS_IOC_GET_NAMESPACES => {
                call(arg, hints, offset_of!(PidnsNamespaces, ns), get_namespaces)?.keep()
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
    hints: &SpinLock<IdHints>,
    out_start: usize,
    op: impl FnOnce(&mut T, &Caller<'_>) -> Result<R>,
) -> Result<R> {
    let mut req = read_extensible::<T>(arg)?;
    let task = current!();
    let caller = Caller::new(task.active_pid_ns().ok_or(ESRCH)?, hints);
    let outcome = op(&mut req, &caller)?;
    write_outputs(arg, &req, out_start)?;
    Ok(outcome)
}
