// SPDX-License-Identifier: GPL-2.0

//! `PIDNS_IOC_TRANSLATE`: a pid from one pid namespace, as a number in another.

use crate::{
    caller::Caller,
    defs::{PidnsTranslate, PIDNS_TRANSLATE_FLAGS, PIDNS_TRANSLATE_TGID},
    ns_ref::NsHandle,
    pid::{Pid, PidType},
    task_ext::TaskExt,
};
use kernel::{prelude::*, sync::rcu};

/// Answers `req` in place for a caller whose active pid namespace is `caller`; see `struct
/// pidns_translate` in the uapi header for the contract.
pub(crate) fn translate(req: &mut PidnsTranslate, caller: &Caller<'_>) -> Result {
    if req.flags & !PIDNS_TRANSLATE_FLAGS != 0 || req.pid < 1 {
        return Err(EINVAL);
    }
    let wanted = if req.flags & PIDNS_TRANSLATE_TGID != 0 {
        PidType::Tgid
    } else {
        PidType::Pid
    };
    let source = NsHandle::resolve(&req.source, caller)?;
    let target = NsHandle::resolve(&req.target, caller)?;

    let rcu = rcu::read_lock();
    let pid = Pid::find(req.pid, &source, &rcu).ok_or(ESRCH)?;
    // A pid being set up by fork, or one whose task was reaped, names no task.
    let task = pid.task(PidType::Pid, &rcu).ok_or(ESRCH)?;
    // Never answer about a task the caller cannot see in its own namespace.
    if pid.nr_in(caller).is_none() {
        return Err(ESRCH);
    }
    let nr = match wanted {
        PidType::Pid => pid.nr_in(&target),
        PidType::Tgid => task.nr_in(PidType::Tgid, &target),
    };
    req.result = nr.ok_or(ENOENT)?.get();
    Ok(())
}
