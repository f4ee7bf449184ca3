// SPDX-License-Identifier: GPL-2.0

//! The `/dev/pidns` file: open, and the ioctl dispatch.

use crate::{
    binding::Binding,
    bound_file::install,
    caller::{Caller, IdHints},
    defs::*,
    init_pid::init_pid,
    last_pids::{get_last_pids, set_last_pids},
    namespaces::get_namespaces,
    task_ext::current_pid_ns,
    translate::{translate, translate_batch},
    user_struct::{read_extensible, write_outputs, ExtensibleStruct},
};
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
            // Answers in the return value: a number, like translate_pid().
            PIDNS_IOC_TRANSLATE => {
                return call(arg, hints, |req, caller| translate(req, caller)).map(|nr| nr as isize)
            }
            PIDNS_IOC_TRANSLATE_BATCH => call(arg, hints, translate_batch)?.keep(),
            PIDNS_IOC_INIT_PID => call(arg, hints, init_pid)?,
            PIDNS_IOC_GET_LAST_PIDS => call(arg, hints, get_last_pids)?,
            PIDNS_IOC_SET_LAST_PIDS => call(arg, hints, set_last_pids)?,
            PIDNS_IOC_GET_NAMESPACES => call(arg, hints, get_namespaces)?.keep(),
            // Answers with a new fd, on a bound file (`bound_file.rs`).
            PIDNS_IOC_BIND => {
                return call(arg, hints, Binding::new)
                    .and_then(install)
                    .map(|fd| fd as isize)
            }
            _ => return Err(ENOTTY),
        };
        Ok(0)
    }
}

/// Runs one struct-based ioctl: reads the extensible struct at `arg`, lets `op` answer it for the
/// calling task's active pid namespace, and on success writes back its output fields. What `op`
/// returns is handed back only once the answer has reached user space, and dropped if it could
/// not: that is how an operation undoes its side effects.
fn call<T: ExtensibleStruct, R>(
    arg: UserPtr,
    hints: &SpinLock<IdHints>,
    op: impl FnOnce(&mut T, &Caller<'_>) -> Result<R>,
) -> Result<R> {
    let mut req = read_extensible::<T>(arg)?;
    let task = current!();
    let caller = Caller::new(current_pid_ns(task).ok_or(ESRCH)?, hints);
    let outcome = op(&mut req, &caller)?;
    write_outputs(arg, &req)?;
    Ok(outcome)
}
