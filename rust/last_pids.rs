// SPDX-License-Identifier: GPL-2.0

//! `PIDNS_IOC_GET_LAST_PIDS` / `PIDNS_IOC_SET_LAST_PIDS`: the `ns_last_pid` of every level of a
//! pid-namespace hierarchy in one call, which CRIU otherwise needs a helper process per level for
//! (`/proc/sys/kernel/ns_last_pid` acts only on the writer's own namespace).

use crate::{
    caller::Caller,
    defs::{PidnsLastPids, PIDNS_MAX_LEVELS},
    ns_ref::NsHandle,
    pid_namespace_ext::{Capability, PidNamespaceExt},
};
use core::mem::size_of;
use kernel::{
    pid_namespace::PidNamespace,
    prelude::*,
    uaccess::{UserPtr, UserSlice}, //
};

/// Validates `req` for the hierarchy starting at `ns`; returns its depth up to and including the
/// caller's namespace.
fn depth_of(req: &PidnsLastPids, ns: &PidNamespace, caller: &PidNamespace) -> Result<u32> {
    if req.flags != 0 {
        return Err(EINVAL);
    }
    if !caller.contains(ns) {
        return Err(EPERM);
    }
    let depth = ns.level() - caller.level() + 1;
    if req.count > depth {
        return Err(EINVAL);
    }
    Ok(depth)
}

/// The `count` levels of the hierarchy a request covers, innermost first.
fn levels(ns: &PidNamespace, count: u32) -> impl Iterator<Item = &PidNamespace> {
    core::iter::successors(Some(ns), |level| level.parent()).take(count as usize)
}

fn user_array(req: &PidnsLastPids) -> UserSlice {
    UserSlice::new(
        UserPtr::from_addr(req.last_pids as usize),
        req.count as usize * size_of::<i32>(),
    )
}

/// Reads the vector into the array at `req.last_pids` and sets `req.levels`.
pub(crate) fn get_last_pids(req: &mut PidnsLastPids, caller: &Caller<'_>) -> Result {
    let ns = NsHandle::resolve(&req.ns, caller)?;
    let depth = depth_of(req, &ns, caller)?;
    let mut writer = user_array(req).writer();
    for level in levels(&ns, req.count) {
        writer.write(&level.last_pid())?;
    }
    req.levels = depth;
    Ok(())
}

/// Sets the vector from the array at `req.last_pids`, all or nothing, and sets `req.levels`.
pub(crate) fn set_last_pids(req: &mut PidnsLastPids, caller: &Caller<'_>) -> Result {
    let ns = NsHandle::resolve(&req.ns, caller)?;
    let depth = depth_of(req, &ns, caller)?;
    let mut wanted = [0i32; PIDNS_MAX_LEVELS];
    let mut reader = user_array(req).reader();
    for (slot, level) in wanted.iter_mut().zip(levels(&ns, req.count)) {
        let last = reader.read::<i32>()?;
        if !(0..level.pid_max()).contains(&last) {
            return Err(EINVAL);
        }
        // As `checkpoint_restore_ns_capable()`, which guards writes to `ns_last_pid`.
        if !level.owner_capable(Capability::SysAdmin)
            && !level.owner_capable(Capability::CheckpointRestore)
        {
            return Err(EPERM);
        }
        *slot = last;
    }
    // Everything checked: now write, innermost first like the array.
    for (last, level) in wanted.iter().zip(levels(&ns, req.count)) {
        level.set_last_pid(*last);
    }
    req.levels = depth;
    Ok(())
}
