// SPDX-License-Identifier: GPL-2.0

//! `PIDNS_IOC_GET_NAMESPACES`: every requested namespace of the task behind a pidfd, from one
//! consistent snapshot, as nsfds, ids, and whether the caller already shares each one. The join
//! itself is then one `setns(pidfd, mask)`, all or nothing, in user space.

use crate::{
    borrowed_file::BorrowedFile,
    caller::Caller,
    defs::{PidnsNamespaces, PIDNS_NAMESPACES_FLAGS, PIDNS_NAMESPACES_IDS_ONLY, PIDNS_NS_SHARED},
    ns_common::{task_namespaces, NsType},
    ns_file::NsFile,
    pid::PidType,
    pid_namespace_ext::Capability,
};
use kernel::{bindings, current, prelude::*};

/// Fds opened for the caller, closed again on drop unless [`OpenedFds::keep`] is called: so that a
/// failure after they were opened (writing the answer back) leaves none behind.
pub(crate) struct OpenedFds {
    fds: [i32; NsType::ALL.len()],
}

impl OpenedFds {
    fn new() -> Self {
        Self {
            fds: [-1; NsType::ALL.len()],
        }
    }

    /// Hands the fds over to the caller for good.
    pub(crate) fn keep(mut self) {
        self.fds = [-1; NsType::ALL.len()];
    }
}

impl Drop for OpenedFds {
    fn drop(&mut self) {
        for &fd in self.fds.iter().filter(|&&fd| fd >= 0) {
            // SAFETY: We installed `fd` in the caller's table during this ioctl and have not
            // handed it out yet; closing it is what a failed ioctl owes the caller.
            unsafe { bindings::close_fd(fd as u32) };
        }
    }
}

/// All `CLONE_NEW*` flags this ioctl knows.
fn known_mask() -> u32 {
    NsType::ALL
        .iter()
        .fold(0, |mask, ty| mask | ty.clone_flag())
}

/// Answers `req` in place; see `struct pidns_namespaces` in the uapi header for the contract.
pub(crate) fn get_namespaces(req: &mut PidnsNamespaces, caller: &Caller<'_>) -> Result<OpenedFds> {
    if req.flags & !PIDNS_NAMESPACES_FLAGS != 0
        || req.reserved != [0; 2]
        || req.mask == 0
        || req.mask & !known_mask() != 0
    {
        return Err(EINVAL);
    }
    let fd = u32::try_from(req.pidfd).map_err(|_| EBADF)?;
    let file = BorrowedFile::get(fd)?;
    let NsFile::Pidfd(pid) = NsFile::of(&file)? else {
        return Err(EINVAL);
    };
    let task = pid.get_task(PidType::Pid).ok_or(ESRCH)?;
    if pid.nr_in(caller).is_none() {
        return Err(ESRCH);
    }

    // The user namespace is always taken: it decides the permission.
    let mut snapshot = task_namespaces(&task, |ty| {
        ty == NsType::User || req.mask & ty.clone_flag() != 0
    })?;
    let own_group = task.tgid() == current!().tgid();
    let may_ptrace = snapshot[NsType::User.index()]
        .as_ref()
        .is_some_and(|user_ns| user_ns.capable(Capability::SysPtrace));
    if !own_group && !may_ptrace {
        return Err(EPERM);
    }

    let mut opened = OpenedFds::new();
    for ty in NsType::ALL {
        let slot = snapshot[ty.index()].take();
        let info = &mut req.ns[ty.index()];
        *info = Default::default();
        info.fd = -1;
        let Some(ns) = slot.filter(|_| req.mask & ty.clone_flag() != 0) else {
            continue;
        };
        info.id = ns.id();
        if ns.is_current() {
            info.flags |= PIDNS_NS_SHARED;
        }
        if req.flags & PIDNS_NAMESPACES_IDS_ONLY == 0 {
            info.fd = ns.into_fd()?;
            opened.fds[ty.index()] = info.fd;
        }
    }
    Ok(opened)
}
