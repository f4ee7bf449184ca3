// SPDX-License-Identifier: GPL-2.0

//! `PIDNS_IOC_INIT_PID`: the child reaper ("init") of a pid namespace, with what it takes to
//! hold on to it without races.
//!
//! The namespace's `child_reaper` pointer is not safe to follow: it is left pointing to the last
//! reaper after that task has been reaped and freed. So the reaper is found the way the kernel
//! names it to user space, as pid 1 of the namespace, and `child_reaper` is only compared against
//! the threads of that process: normally pid 1 itself, or, after a multi-threaded init's first
//! thread has exited, the thread the kernel promoted in its place (`find_child_reaper()`).

use super::translate::{visible_number, Viewer};
use crate::{
    caller::Caller,
    defs::PidnsInitPid,
    ext::{
        pid::{PidType, StructPid},
        pid_namespace::PidNamespaceExt,
        task::TaskExt,
    },
};
use kernel::{pid_namespace::PidNamespace, prelude::*, sync::rcu, task::Task};

/// Answers `req` in place for `caller`; see `struct pidns_init_pid` in the uapi header for the
/// contract.
pub(crate) fn init_pid(req: &mut PidnsInitPid, caller: &Caller<'_>) -> Result {
    if req.flags != 0 {
        return Err(EINVAL);
    }
    let ns = caller.resolve(&req.ns)?;
    let target = caller.resolve(&req.target)?;

    let rcu = rcu::read_lock();
    let reaper = Reaper::find(&ns, &target, Viewer::of(caller.ns()), &rcu)?;
    req.pid = reaper.pid;
    req.tid = reaper
        .thread
        .nr_in(PidType::Pid, &target)
        .ok_or(ENOENT)?
        .get();
    req.pidfs_ino = reaper.process.pidfs_ino();
    req.ns_id = ns.id();
    Ok(())
}

/// The living child reaper of a pid namespace, valid within an RCU read-side critical section.
pub(crate) struct Reaper<'r> {
    /// Pid 1 of the namespace: the reaper's process (thread group).
    pub(crate) process: &'r StructPid,
    /// The thread that is the reaper: the leader of `process`, or the thread that took over.
    pub(crate) thread: &'r Task,
    /// The number of `process` in the namespace the answer is asked in.
    pub(crate) pid: i32,
}

impl<'r> Reaper<'r> {
    /// Finds the living reaper of `ns` and its process's number in `target`, for `viewer`.
    /// `ESRCH` if there is none, or if the viewer cannot see it; `ENOENT` if it has no number in
    /// `target`.
    #[inline]
    pub(crate) fn find(
        ns: &PidNamespace,
        target: &PidNamespace,
        viewer: Viewer<'_>,
        rcu: &'r rcu::Guard,
    ) -> Result<Self> {
        let process = StructPid::find(1, ns, rcu).ok_or(ESRCH)?;
        let leader = process.task(PidType::Pid, rcu).ok_or(ESRCH)?;
        let thread = ns.living_reaper_among(leader, rcu).ok_or(ESRCH)?;
        let pid = visible_number(process, ns, target, viewer, || Ok(process.nr_in(target)))?;
        Ok(Self {
            process,
            thread,
            pid,
        })
    }
}
