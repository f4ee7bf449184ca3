// SPDX-License-Identifier: GPL-2.0

//! Resolving a `struct pidns_ref` from user space to a pid namespace, with the permission rules
//! that keep pidns from telling anyone more than mainline's nsfs and `/proc` already do.
//!
//! - `PIDNS_REF_CALLER`: the caller's own active pid namespace.
//! - `PIDNS_REF_ID`: a namespace id, resolved only within the caller's pid-namespace subtree (see
//!   `ns_lookup.rs`): exactly the namespaces whose tasks the caller can already see in `/proc`.
//!   Anything else is `ENOENT`, whether it exists or not.
//! - `PIDNS_REF_FD` with an nsfs pid-namespace fd: that namespace. Holding the fd is the
//!   permission, as it is for mainline's `NS_GET_*_PIDNS` ioctls; opening it went through the
//!   kernel's ptrace-mode access check.
//! - `PIDNS_REF_FD` with a pidfd: its task's active pid namespace. A pidfd can be had without any
//!   access check, and mainline's `PIDFD_GET_PID_NAMESPACE` requires ptrace read access to the
//!   task, which modules cannot check (`ptrace_may_access()` is not exported). So, stricter than
//!   mainline: the task must be alive (`ESRCH`) and visible in the caller's pid namespace
//!   (`ESRCH`), and unless it lives in the caller's own pid namespace, the caller must have
//!   `CAP_SYS_PTRACE` over the user namespace owning the task's pid namespace (`EPERM`), which
//!   the owner of a rootless container has.

use crate::{
    borrowed_file::BorrowedFile,
    caller::Caller,
    defs::{PidnsRef, PIDNS_REF_CALLER, PIDNS_REF_FD, PIDNS_REF_ID},
    ns_file::NsFile,
    ns_lookup,
    pid::{Pid, PidType},
    pid_namespace_ext::{Capability, PidNamespaceExt},
};
use core::{ops::Deref, ptr::NonNull};
use kernel::{pid_namespace::PidNamespace, prelude::*, sync::aref::ARef};

/// A pid namespace named by a `struct pidns_ref`, held as cheaply as its kind allows.
pub(crate) enum NsHandle<'a> {
    /// The caller's active pid namespace: borrowed, no reference count to touch.
    Caller(&'a PidNamespace),
    /// A namespace named by a file (an nsfd or a pidfd): borrowed from the file, which is held
    /// the way system calls hold their fd arguments.
    ///
    /// # Invariants
    ///
    /// `ns` points to the namespace `file` names, which `file` keeps alive while it is held.
    File {
        /// The file naming the namespace, held (and released on drop) only to keep `ns` alive.
        #[expect(dead_code, reason = "held for its lifetime, never read")]
        file: BorrowedFile,
        /// The namespace.
        ns: NonNull<PidNamespace>,
    },
    /// A namespace held by a reference of our own (one found by id).
    Held(ARef<PidNamespace>),
}

impl Deref for NsHandle<'_> {
    type Target = PidNamespace;

    fn deref(&self) -> &PidNamespace {
        match self {
            Self::Caller(ns) => ns,
            // SAFETY: By the invariant of `File`, the file held alongside keeps `ns` alive for as
            // long as `self` lives.
            Self::File { ns, .. } => unsafe { ns.as_ref() },
            Self::Held(ns) => ns,
        }
    }
}

impl<'a> NsHandle<'a> {
    /// Resolves `r` for `caller`.
    pub(crate) fn resolve(r: &PidnsRef, caller: &Caller<'a>) -> Result<Self> {
        if r.reserved != 0 {
            return Err(EINVAL);
        }
        match r.kind {
            PIDNS_REF_CALLER if r.value == 0 => Ok(Self::Caller(caller.ns())),
            PIDNS_REF_FD => {
                // Like a syscall given a negative fd: not an open file.
                let fd = i32::try_from(r.value).map_err(|_| EBADF)?;
                let file = BorrowedFile::get(fd as u32)?;
                let ns = match NsFile::of(&file)? {
                    NsFile::PidNamespace(ns) => ns,
                    NsFile::Pidfd(pid) => pidfd_namespace(pid, caller)?,
                };
                let ns = NonNull::from(ns);
                // INVARIANT: `ns` was found through `file`, which names it and keeps it alive.
                Ok(Self::File { file, ns })
            }
            PIDNS_REF_ID => ns_lookup::find_by_id(r.value, caller)
                .map(Self::Held)
                .ok_or(ENOENT),
            _ => Err(EINVAL),
        }
    }
}

/// The active pid namespace of the task behind a pidfd, if the caller may name it (see the
/// module documentation). Borrowed from `pid`, which holds a reference to its namespace.
fn pidfd_namespace<'p>(pid: &'p Pid, caller: &PidNamespace) -> Result<&'p PidNamespace> {
    if !pid.has_task(PidType::Pid) || pid.nr_in(caller).is_none() {
        return Err(ESRCH);
    }
    let ns = pid.namespace();
    if !core::ptr::eq(ns, caller) && !ns.owner_capable(Capability::SysPtrace) {
        return Err(EPERM);
    }
    Ok(ns)
}
