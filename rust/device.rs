// SPDX-License-Identifier: GPL-2.0

//! The `/dev/pidns` file: open, and the ioctl dispatch.

use crate::{
    caller::{Caller, CallerState},
    defs::*,
    ext::{
        cast::current_pid_ns,
        file_ops::{this_module, FileOps},
        misc::MiscDevice,
        uaccess::{read_extensible, write_outputs, ExtensibleStruct},
    },
    ops::{
        bind::Binding,
        init_pid::init_pid,
        last_pids::{get_last_pids, set_last_pids},
        namespaces::get_namespaces,
        relation::relation,
        translate::{translate, translate_batch},
        Reply,
    },
};
use kernel::{current, prelude::*, uaccess::UserPtr, ThisModule};

/// An open `/dev/pidns`. Every ioctl is self-contained; the file only keeps what makes repeated
/// calls cheap ([`CallerState`]).
#[pin_data]
pub(crate) struct PidnsDevice {
    #[pin]
    state: CallerState,
}

impl MiscDevice for PidnsDevice {
    fn open() -> Result<Pin<KBox<Self>>> {
        KBox::pin_init(
            pin_init!(Self {
                state <- CallerState::new(),
            }),
            GFP_KERNEL,
        )
    }
}

impl FileOps for PidnsDevice {
    const OWNER: &'static ThisModule = this_module!();

    fn ioctl(this: Pin<&Self>, cmd: u32, arg: usize) -> Result<isize> {
        let state = &this.get_ref().state;
        let arg = UserPtr::from_addr(arg);
        match cmd {
            PIDNS_IOC_GET_VERSION => Ok(PIDNS_ABI_VERSION as isize),
            PIDNS_IOC_TRANSLATE => call(arg, state, translate),
            PIDNS_IOC_TRANSLATE_BATCH => call(arg, state, translate_batch),
            PIDNS_IOC_INIT_PID => call(arg, state, init_pid),
            PIDNS_IOC_GET_LAST_PIDS => call(arg, state, get_last_pids),
            PIDNS_IOC_SET_LAST_PIDS => call(arg, state, set_last_pids),
            PIDNS_IOC_GET_NAMESPACES => call(arg, state, get_namespaces),
            PIDNS_IOC_BIND => call(arg, state, Binding::new),
            PIDNS_IOC_RELATION => call(arg, state, relation),
            _ => Err(ENOTTY),
        }
    }
}

/// Runs one struct-based ioctl: reads the extensible struct at `arg`, lets `op` answer it for the
/// calling task, writes back its output fields, and then commits what `op` returned.
fn call<T: ExtensibleStruct, R: Reply>(
    arg: UserPtr,
    state: &CallerState,
    op: impl FnOnce(&mut T, &Caller<'_>) -> Result<R>,
) -> Result<isize> {
    let mut req = read_extensible::<T>(arg)?;
    let task = current!();
    let ns = current_pid_ns(task).ok_or(ESRCH)?;
    let reply = op(&mut req, &Caller::new(ns, state))?;
    write_outputs(arg, &req)?;
    reply.commit()
}
