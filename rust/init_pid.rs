// SPDX-License-Identifier: GPL-2.0

//! `PIDNS_IOC_INIT_PID`: the child reaper ("init") of a pid namespace, with what it takes to
//! hold on to it without races.
//!
//! The namespace's `child_reaper` pointer is not safe to follow: it is left pointing to the last
//! reaper after that task has been reaped and freed. So the reaper is found the way the kernel
//! names it to user space, as pid 1 of the namespace, and `child_reaper` is only compared against
//! the threads of that process: normally pid 1 itself, or, after a multi-threaded init's first
//! thread has exited, the thread the kernel promoted in its place (`find_child_reaper()`).

use crate::{
    caller::Caller,
    defs::PidnsInitPid,
    ns_ref::NsHandle,
    pid::{Pid, PidType},
    pid_namespace_ext::PidNamespaceExt,
    task_ext::TaskExt,
};
use kernel::{prelude::*, sync::rcu};

/// Answers `req` in place for a caller whose active pid namespace is `caller`; see `struct
/// pidns_init_pid` in the uapi header for the contract.
pub(crate) fn init_pid(req: &mut PidnsInitPid, caller: &Caller<'_>) -> Result {
    if req.flags != 0 {
        return Err(EINVAL);
    }
    let ns = NsHandle::resolve(&req.ns, caller)?;
    let target = NsHandle::resolve(&req.target, caller)?;

    let rcu = rcu::read_lock();
    let init = Pid::find(1, &ns, &rcu).ok_or(ESRCH)?;
    let leader = init.task(PidType::Pid, &rcu).ok_or(ESRCH)?;
    let reaper = leader
        .threads(&rcu)
        .find(|thread| ns.is_child_reaper(thread))
        .filter(|reaper| !reaper.is_exiting())
        .ok_or(ESRCH)?;
    // Never answer about a task the caller cannot see in its own namespace.
    if init.nr_in(caller).is_none() {
        return Err(ESRCH);
    }
    req.pid = init.nr_in(&target).ok_or(ENOENT)?.get();
    req.tid = reaper.nr_in(PidType::Pid, &target).ok_or(ENOENT)?.get();
    req.pidfs_ino = init.pidfs_ino();
    req.ns_id = ns.id();
    Ok(())
}
