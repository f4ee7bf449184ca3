// SPDX-License-Identifier: GPL-2.0

//! The `/dev/pidns` file: open, and the ioctl dispatch.

use crate::{
    binding::Binding,
    bound_file::install,
    caller::{Caller, IdHints},
    defs::*,
    init_pid::init_pid,
    last_pids::{get_last_pids, set_last_pids, PendingLastPids, WrittenVector},
    namespaces::{get_namespaces, PendingFds},
    proc_root::ProcRoot,
    task_ext::current_pid_ns,
    translate::{translate, translate_batch, BatchResults},
    user_struct::{read_extensible, write_outputs, ExtensibleStruct},
};
use kernel::{
    current,
    fs::File,
    miscdevice::{MiscDevice, MiscDeviceRegistration},
    new_mutex,
    new_spinlock,
    prelude::*,
    sync::{Mutex, SpinLock},
    uaccess::UserPtr, //
};

/// An open `/dev/pidns`. Every ioctl is self-contained; the file only keeps what makes repeated
/// calls cheap: hints for id lookups, and the caller's `/proc` (`proc_root.rs`), mounted on
/// first use.
#[pin_data]
pub(crate) struct PidnsDevice {
    #[pin]
    id_hints: SpinLock<IdHints>,
    #[pin]
    proc: Mutex<Option<ProcRoot>>,
}

#[vtable]
impl MiscDevice for PidnsDevice {
    type Ptr = Pin<KBox<Self>>;

    fn open(_file: &File, _misc: &MiscDeviceRegistration<Self>) -> Result<Pin<KBox<Self>>> {
        KBox::try_pin_init(
            try_pin_init!(Self {
                id_hints <- new_spinlock!(IdHints::default()),
                proc <- new_mutex!(None),
            }),
            GFP_KERNEL,
        )
    }

    fn ioctl(device: Pin<&PidnsDevice>, _file: &File, cmd: u32, arg: usize) -> Result<isize> {
        let device = device.get_ref();
        let arg = UserPtr::from_addr(arg);
        match cmd {
            PIDNS_IOC_GET_VERSION => Ok(PIDNS_ABI_VERSION as isize),
            PIDNS_IOC_TRANSLATE => call(arg, device, translate),
            PIDNS_IOC_TRANSLATE_BATCH => call(arg, device, translate_batch),
            PIDNS_IOC_INIT_PID => call(arg, device, init_pid),
            PIDNS_IOC_GET_LAST_PIDS => call(arg, device, get_last_pids),
            PIDNS_IOC_SET_LAST_PIDS => call(arg, device, set_last_pids),
            PIDNS_IOC_GET_NAMESPACES => call(arg, device, get_namespaces),
            PIDNS_IOC_BIND => call(arg, device, Binding::new),
            _ => Err(ENOTTY),
        }
    }
}

/// What an operation hands back to [`call`]: turned into the ioctl's return value once the
/// answer has reached user space, which is when an operation's side effects take place (a
/// vector set, fds installed, a bound file created). Dropped instead, when the answer could not
/// be written back, it undoes what was written and commits nothing.
pub(crate) trait Reply {
    /// Commits the operation; returns the ioctl's return value.
    fn commit(self) -> Result<isize>;
}

/// A number, returned as the ioctl's value (`PIDNS_IOC_TRANSLATE`, like `translate_pid()`).
impl Reply for i32 {
    fn commit(self) -> Result<isize> {
        Ok(self as isize)
    }
}

/// Nothing beyond the struct's output fields.
impl Reply for () {
    fn commit(self) -> Result<isize> {
        Ok(0)
    }
}

impl Reply for BatchResults {
    fn commit(self) -> Result<isize> {
        self.keep();
        Ok(0)
    }
}

impl Reply for WrittenVector {
    fn commit(self) -> Result<isize> {
        self.keep();
        Ok(0)
    }
}

impl Reply for PendingLastPids {
    fn commit(self) -> Result<isize> {
        self.apply();
        Ok(0)
    }
}

impl Reply for PendingFds {
    fn commit(self) -> Result<isize> {
        self.install();
        Ok(0)
    }
}

/// A new bound file: its fd is the return value.
impl Reply for Binding {
    fn commit(self) -> Result<isize> {
        install(self).map(|fd| fd as isize)
    }
}

/// Runs one struct-based ioctl: reads the extensible struct at `arg`, lets `op` answer it for the
/// calling task, writes back its output fields, and then commits what `op` returned.
fn call<T: ExtensibleStruct, R: Reply>(
    arg: UserPtr,
    device: &PidnsDevice,
    op: impl FnOnce(&mut T, &Caller<'_>) -> Result<R>,
) -> Result<isize> {
    let mut req = read_extensible::<T>(arg)?;
    let task = current!();
    let ns = current_pid_ns(task).ok_or(ESRCH)?;
    let caller = Caller::new(ns, &device.id_hints, &device.proc);
    let reply = op(&mut req, &caller)?;
    write_outputs(arg, &req)?;
    reply.commit()
}
