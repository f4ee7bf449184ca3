// SPDX-License-Identifier: GPL-2.0

//! `PIDNS_IOC_GET_NAMESPACES`: every requested namespace of the task behind a pidfd, from one
//! consistent instant, as nsfds, ids, and whether the caller already shares each one. The join
//! itself is then one `setns(pidfd, mask)`, all or nothing, in user space.
//!
//! Each file is what opening `/proc/PID/task/TID/ns/NAME` gives the caller, opened in the caller's
//! `/proc` (`ext/proc_root.rs`): the kernel's own permission check decides, for ids as for fds. The
//! files are compared with the task's namespaces read at one instant afterwards, and taken again
//! if the task switched namespaces in between. Fds are published last, as mainline does:
//! reserved here, installed as the call commits, once the answer has reached user space.

use super::Reply;
use crate::{
    caller::Caller,
    defs::{
        PidnsNamespaces, PIDNS_NAMESPACES_FLAGS, PIDNS_NAMESPACES_IDS_ONLY, PIDNS_NS_INDEX,
        PIDNS_NS_SHARED, PIDNS_NS_TYPES,
    },
    ext::{
        borrowed_file::BorrowedFile,
        ns_common::{task_namespaces, NsType},
        pid::PidType,
        pseudo_fs,
        task::{fatal_signal_pending, TaskExt},
    },
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

/// The namespace types in the order of `enum pidns_ns_index`: the entries of `ns[]`.
const UAPI_TYPES: [NsType; PIDNS_NS_TYPES] = [
    NsType::User,
    NsType::Mnt,
    NsType::Pid,
    NsType::Net,
    NsType::Uts,
    NsType::Ipc,
    NsType::Cgroup,
    NsType::Time,
];

const _: () = {
    let mut i = 0;
    while i < PIDNS_NS_TYPES {
        assert!(PIDNS_NS_INDEX[i] as usize == i);
        i += 1;
    }
};

/// All `CLONE_NEW*` flags this ioctl knows.
const KNOWN_MASK: u32 = {
    let mut mask = 0;
    let mut i = 0;
    while i < PIDNS_NS_TYPES {
        mask |= UAPI_TYPES[i].clone_flag();
        i += 1;
    }
    mask
};

/// Nsfds reserved in the caller's fd table and the files they are for: installed as the call
/// commits, or, if dropped, given back without ever having been visible.
pub(crate) struct PendingFds {
    fds: KVec<(FileDescriptorReservation, ARef<File>)>,
}

/// Publishes the fds: the call has succeeded.
impl Reply for PendingFds {
    fn commit(self) -> Result<isize> {
        for (reservation, file) in self.fds {
            reservation.fd_install(file);
        }
        Ok(0)
    }
}

/// Answers `req` in place; see `struct pidns_namespaces` in the uapi header for the contract.
pub(crate) fn get_namespaces(req: &mut PidnsNamespaces, caller: &Caller<'_>) -> Result<PendingFds> {
    if req.flags & !PIDNS_NAMESPACES_FLAGS != 0
        || req.reserved != [0; 2]
        || req.mask == 0
        || req.mask & !KNOWN_MASK != 0
    {
        return Err(EINVAL);
    }
    let fd = u32::try_from(req.pidfd).map_err(|_| EBADF)?;
    let pidfd = BorrowedFile::get(fd)?;
    let pid = pseudo_fs::pidfd_pid(&pidfd).ok_or(EINVAL)?;
    let task = pid.get_task(PidType::Pid).ok_or(ESRCH)?;
    if !task.has_namespaces() || pid.nr_in(caller.ns()).is_none() {
        return Err(ESRCH);
    }

    let wanted = UAPI_TYPES.map(|ty| req.mask & ty.clone_flag() != 0);
    let mut files: [Option<ARef<File>>; PIDNS_NS_TYPES] = Default::default();
    let mut attempt = 0;
    loop {
        for (i, ty) in UAPI_TYPES.into_iter().enumerate() {
            if wanted[i] {
                files[i] = Some(caller.open_ns_file(pid, ty.proc_name())?);
            }
        }
        let now = task_namespaces(&task, UAPI_TYPES)?;
        let consistent = files.iter().zip(now).all(|(file, now)| match file {
            Some(file) => {
                pseudo_fs::nsfs_namespace(file).is_some_and(|ns| ptr::eq(ns.as_ptr(), now))
            }
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

    for ((info, ty), file) in req.ns.iter_mut().zip(UAPI_TYPES).zip(&files) {
        *info = Default::default();
        info.fd = -1;
        let Some(ns) = file
            .as_deref()
            .and_then(|file| pseudo_fs::nsfs_namespace(file))
        else {
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
    for (info, file) in req.ns.iter_mut().zip(files) {
        let Some(file) = file else { continue };
        let reservation = FileDescriptorReservation::get_unused_fd_flags(bindings::O_CLOEXEC)?;
        info.fd = reservation.reserved_fd() as i32;
        pending.fds.push((reservation, file), GFP_KERNEL)?;
    }
    Ok(pending)
}
