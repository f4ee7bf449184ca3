// SPDX-License-Identifier: GPL-2.0

//! Finding a pid namespace by its 64-bit id, for a caller that mainline would let learn that id.
//!
//! Mainline tells a task a pid namespace's id in these ways only: `listns()` and nsfs file
//! handles show everyone the namespaces it is in, and show every namespace to callers that pass
//! `may_see_all_namespaces()`; and `NS_GET_ID` works on any nsfd the caller can open, which for a
//! pid namespace means `/proc/PID/ns/pid` of one of its tasks (ptrace read access), or
//! `NS_GET_PARENT` from there, up to the caller's own namespace. So an id resolves to:
//!
//! - the caller's active pid namespace, or its `pid_for_children` one;
//! - for a caller that may see all namespaces, any namespace that has tasks;
//! - otherwise a descendant of the caller's namespace with a task, in it or below it, whose
//!   `/proc/PID/ns/pid` the caller may open: the kernel decides, in the caller's `/proc`.
//!
//! Anything else is `ENOENT`, like an id that never existed.
//!
//! The kernel's id index (`ns_tree_lookup_rcu()`) is not exported to modules. What is exported
//! is `find_ge_pid()`, the iterator `/proc` itself uses: every task of a descendant namespace
//! has a pid in the caller's, and each pid leads, through the parents, to every namespace between
//! its own and the caller's. So a first lookup walks the pids of the caller's namespace, in
//! chunks under RCU, checking for fatal signals and rescheduling between chunks. The open file
//! then remembers which pid led to the namespace, for the caller's credentials, and later lookups
//! check that pid first.

use crate::{
    caller::Caller,
    ns_common::NsCommon,
    pid::Pid,
    pid_namespace_ext::{pid_ns_from_ptr, PidNamespaceExt},
    task_ext::{cond_resched, fatal_signal_pending},
};
use kernel::{
    bindings,
    pid_namespace::PidNamespace,
    prelude::*,
    sync::{aref::ARef, rcu},
};

mod ffi {
    use kernel::bindings::pid_namespace;

    #[expect(
        improper_ctypes,
        reason = "only pointers to these bindgen types cross, as everywhere in `kernel::bindings`"
    )]
    extern "C" {
        pub(super) fn pidns_helper_get_pid_ns_for_children() -> *mut pid_namespace;
        pub(super) fn pidns_helper_may_see_all_namespaces() -> bool;
    }
}

/// How many pids one RCU read-side critical section visits.
const PIDS_PER_CHUNK: usize = 256;

/// The namespace with id `id` on the way from `ns` up to (excluding) `caller`'s.
fn on_chain<'a>(
    mut ns: &'a PidNamespace,
    caller: &PidNamespace,
    id: u64,
) -> Option<&'a PidNamespace> {
    while ns.level() > caller.level() {
        if ns.id() == id {
            return Some(ns);
        }
        ns = ns.parent()?;
    }
    None
}

/// The calling task's `pid_for_children` namespace.
fn pid_ns_for_children() -> Option<ARef<PidNamespace>> {
    // SAFETY: No requirements; a non-NULL result carries a reference we now own.
    let ns = unsafe { ffi::pidns_helper_get_pid_ns_for_children() };
    let ns = core::ptr::NonNull::new(ns)?;
    // SAFETY: `PidNamespace` is a transparent wrapper of `struct pid_namespace`; the reference
    // is handed over to the `ARef`.
    Some(unsafe { ARef::from_raw(ns.cast::<PidNamespace>()) })
}

/// Whether `listns()` and nsfs file handles would show the caller every namespace.
fn may_see_all_namespaces() -> bool {
    // SAFETY: No requirements.
    unsafe { ffi::pidns_helper_may_see_all_namespaces() }
}

/// Whether the caller may open `/proc/PID/ns/pid` of the task `pid` stands for, and the namespace
/// that file names has `id` on its chain (the pid number may have been reused meanwhile).
fn proves(pid: &Pid, caller: &Caller<'_>, id: u64) -> Result<bool> {
    let file = match caller.open_ns_file(pid, "pid") {
        Ok(file) => file,
        Err(err) if err == EACCES || err == ESRCH => return Ok(false),
        Err(err) => return Err(err),
    };
    let Some(ns) = NsCommon::of_file(&file) else {
        return Ok(false);
    };
    if ns.clone_flag() != bindings::CLONE_NEWPID {
        return Ok(false);
    }
    // SAFETY: A `CLONE_NEWPID` `ns_common` is the `ns` member of a `pid_namespace`.
    let pid_ns =
        unsafe { kernel::container_of!(ns.as_ptr().cast_mut(), bindings::pid_namespace, ns) };
    // SAFETY: The file holds a reference on the namespace while it is open, which it is for the
    // rest of this function.
    let pid_ns = unsafe { pid_ns_from_ptr(pid_ns) };
    Ok(on_chain(pid_ns, caller, id).is_some())
}

/// One step of the walk: the next pid at or after `from` whose namespace chain holds `id`.
enum Step {
    /// A pid that leads to the namespace, the namespace, and the pid's number.
    Found(ARef<Pid>, ARef<PidNamespace>, i32),
    /// Nothing in this chunk; continue at this number.
    Continue(i32),
    /// No pid left.
    End,
}

fn next_candidate(from: i32, caller: &Caller<'_>, id: u64) -> Step {
    let rcu = rcu::read_lock();
    let mut next = from;
    for _ in 0..PIDS_PER_CHUNK {
        let Some(pid) = Pid::find_next(next, caller, &rcu) else {
            return Step::End;
        };
        let Some(nr) = pid.nr_in(caller) else {
            return Step::End;
        };
        let nr = nr.get();
        if let Some(ns) = on_chain(pid.namespace(), caller, id) {
            // The pid holds a reference on its namespace, which holds one on each ancestor, and
            // RCU keeps the pid alive until `rcu` drops: both can be referenced now.
            return Step::Found(ARef::from(pid), ARef::from(ns), nr);
        }
        match nr.checked_add(1) {
            Some(n) => next = n,
            None => return Step::End,
        }
    }
    Step::Continue(next)
}

/// Returns the namespace with id `id` if mainline would let the caller learn that id (see the
/// module documentation).
///
/// Errors: `ENOENT` for any other id; `EINTR` if a fatal signal arrived during the walk.
pub(crate) fn find_by_id(id: u64, caller: &Caller<'_>) -> Result<ARef<PidNamespace>> {
    if id == 0 {
        return Err(ENOENT);
    }
    if caller.id() == id {
        return Ok(caller.ns().into());
    }
    if let Some(ns) = pid_ns_for_children().filter(|ns| ns.id() == id) {
        return Ok(ns);
    }
    if let Some(nr) = caller.id_hint(id) {
        let rcu = rcu::read_lock();
        // As in `next_candidate()`.
        if let Some(ns) =
            Pid::find(nr, caller, &rcu).and_then(|pid| on_chain(pid.namespace(), caller, id))
        {
            return Ok(ns.into());
        }
    }
    let see_all = may_see_all_namespaces();
    let mut from = 1;
    loop {
        match next_candidate(from, caller, id) {
            Step::End => return Err(ENOENT),
            Step::Continue(next) => from = next,
            Step::Found(pid, ns, nr) => {
                if see_all || proves(&pid, caller, id)? {
                    caller.remember_id_hint(id, nr);
                    return Ok(ns);
                }
                from = nr.checked_add(1).ok_or(ENOENT)?;
            }
        }
        if fatal_signal_pending() {
            return Err(EINTR);
        }
        cond_resched();
    }
}
