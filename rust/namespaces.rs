// SPDX-License-Identifier: GPL-2.0

//! `PIDNS_IOC_GET_NAMESPACES`: every requested namespace of the task behind a pidfd, from one
//! consistent instant, as nsfds, ids, and whether the caller already shares each one. The join
//! itself is then one `setns(pidfd, mask)`, all or nothing, in user space.
//!
//! Each file is what opening `/proc/PID/task/TID/ns/NAME` gives the caller, opened in the caller's
//! `/proc` (`proc_root.rs`): the kernel's own permission check decides, for ids as for fds. The
//! files are compared with the task's namespaces read at one instant afterwards, and taken again
//! if the task switched namespaces in between. Fds are published last, as mainline does:
//! reserved here, installed by [`PendingFds::install`] once the answer has reached user space.

use crate::{
    borrowed_file::BorrowedFile,
    caller::Caller,
    defs::{PidnsNamespaces, PIDNS_NAMESPACES_FLAGS, PIDNS_NAMESPACES_IDS_ONLY, PIDNS_NS_SHARED},
    ns_common::{task_namespaces, NsCommon, NsType, NS_TYPES},
    ns_file::NsFile,
    pid::PidType,
    task_ext::{fatal_signal_pending, TaskExt},
};
use core::ptr;
use kernel::{
    bindings,
    fs::{file::FileDescriptorReservation, File},
    prelude::*,
    sync::aref::ARef,
};

/// How often the namespaces are taken again when the task switched some while they were taken.
const ATTEMPTS: usize = 8;

/// Nsfds reserved in the caller's fd table and the files they are for: installed by
/// [`PendingFds::install`], or, if dropped, given back without ever having been visible.
pub(crate) struct PendingFds {
    fds: KVec<(FileDescriptorReservation, ARef<File>)>,
}

impl PendingFds {
    /// Publishes the fds: the call has succeeded.
    pub(crate) fn install(self) {
        for (reservation, file) in self.fds {
            reservation.fd_install(file);
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
pub(crate) fn get_namespaces(req: &mut PidnsNamespaces, caller: &Caller<'_>) -> Result<PendingFds> {
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
    if !task.has_namespaces() || pid.nr_in(caller).is_none() {
        return Err(ESRCH);
    }

    let wanted = NsType::ALL.map(|ty| req.mask & ty.clone_flag() != 0);
    let mut files: [Option<ARef<File>>; NS_TYPES] = Default::default();
    let mut attempt = 0;
    loop {
        for ty in NsType::ALL.into_iter().filter(|ty| wanted[ty.index()]) {
            files[ty.index()] = Some(caller.open_ns_file(pid, ty.proc_name())?);
        }
        let now = task_namespaces(&task)?;
        let consistent = files.iter().zip(now).all(|(file, now)| match file {
            Some(file) => NsCommon::of_file(file).is_some_and(|ns| ptr::eq(ns.as_ptr(), now)),
            None => true,
        });
        if consistent {
            break;
        }
        attempt += 1;
        if attempt == ATTEMPTS {
            return Err(EAGAIN);
        }
        if fatal_signal_pending() {
            return Err(EINTR);
        }
    }

    for ty in NsType::ALL {
        let info = &mut req.ns[ty.index()];
        *info = Default::default();
        info.fd = -1;
        let Some(ns) = files[ty.index()].as_deref().and_then(NsCommon::of_file) else {
            continue;
        };
        info.id = ns.id();
        if ty.is_current_for_children(ns) {
            info.flags |= PIDNS_NS_SHARED;
        }
    }
    let mut pending = PendingFds { fds: KVec::new() };
    if req.flags & PIDNS_NAMESPACES_IDS_ONLY != 0 {
        return Ok(pending);
    }
    for (ty, file) in NsType::ALL.into_iter().zip(files) {
        let Some(file) = file else { continue };
        let reservation = FileDescriptorReservation::get_unused_fd_flags(bindings::O_CLOEXEC)?;
        req.ns[ty.index()].fd = reservation.reserved_fd() as i32;
        pending.fds.push((reservation, file), GFP_KERNEL)?;
    }
    Ok(pending)
}
