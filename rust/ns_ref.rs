// SPDX-License-Identifier: GPL-2.0

//! Resolving a `struct pidns_ref` from user space to a pid namespace, with the permission rules
//! that keep pidns from telling anyone more than mainline's nsfs, pidfd ioctls and `/proc` do.
//!
//! - `PIDNS_REF_CALLER`: the caller's own active pid namespace.
//! - `PIDNS_REF_ID`: a namespace id, resolved only where mainline would let the caller learn it
//!   (`ns_lookup.rs`). Anything else is `ENOENT`, whether it exists or not.
//! - `PIDNS_REF_FD` with an nsfs pid-namespace fd: that namespace. Holding the fd is the
//!   permission, as it is for mainline's `NS_GET_*_PIDNS` ioctls; opening it went through the
//!   kernel's ptrace access check.
//! - `PIDNS_REF_FD` with a pidfd: its task's active pid namespace, under the rules of mainline's
//!   `PIDFD_GET_PID_NAMESPACE` on that pidfd: the task must not have exited (`ESRCH`), and the
//!   caller needs ptrace read access to it (`EACCES`), which the kernel checks for us as it opens
//!   the task's `/proc/PID/ns/pid` in the caller's `/proc`. A task in the caller's own namespace
//!   needs no check: that namespace is the caller's to name anyway. pidns also asks that the task
//!   be visible in the caller's namespace (`ESRCH`).

use crate::{
    borrowed_file::BorrowedFile,
    caller::Caller,
    defs::{PidnsRef, PIDNS_REF_CALLER, PIDNS_REF_FD, PIDNS_REF_ID},
    ns_file::NsFile,
    ns_lookup,
    pid::{Pid, PidType},
    task_ext::TaskExt,
};
use core::{ops::Deref, ptr::NonNull};
use kernel::{
    pid_namespace::PidNamespace,
    prelude::*,
    sync::{aref::ARef, rcu},
};

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
                // An fd is an `int`: a larger value is out of range for this kind.
                let fd = u32::try_from(r.value)
                    .ok()
                    .filter(|&fd| fd <= i32::MAX as u32)
                    .ok_or(EINVAL)?;
                let file = BorrowedFile::get(fd)?;
                let ns = match NsFile::of(&file)? {
                    NsFile::PidNamespace(ns) => ns,
                    NsFile::Pidfd(pid) => pidfd_namespace(pid, caller)?,
                };
                let ns = NonNull::from(ns);
                // INVARIANT: `ns` was found through `file`, which names it and keeps it alive.
                Ok(Self::File { file, ns })
            }
            PIDNS_REF_ID => ns_lookup::find_by_id(r.value, caller).map(Self::Held),
            _ => Err(EINVAL),
        }
    }
}

/// The active pid namespace of the task behind a pidfd, if the caller may name it (see the
/// module documentation). Borrowed from `pid`, which holds a reference to its namespace.
fn pidfd_namespace<'p>(pid: &'p Pid, caller: &Caller<'_>) -> Result<&'p PidNamespace> {
    let alive = {
        let rcu = rcu::read_lock();
        pid.task(PidType::Pid, &rcu)
            .is_some_and(|task| task.has_namespaces())
    };
    if !alive || pid.nr_in(caller).is_none() {
        return Err(ESRCH);
    }
    let ns = pid.namespace();
    if !core::ptr::eq(ns, caller.ns()) {
        // Mainline's check, made by the kernel: the file itself is not needed.
        caller.open_ns_file(pid, "pid")?;
    }
    Ok(ns)
}
