// SPDX-License-Identifier: GPL-2.0

//! `PIDNS_IOC_GET_LAST_PIDS` / `PIDNS_IOC_SET_LAST_PIDS`: the `ns_last_pid` of every level of a
//! pid-namespace hierarchy in one call, which CRIU otherwise needs a helper process per level for
//! (`/proc/sys/kernel/ns_last_pid` acts only on the writer's own namespace).
//!
//! Mainline reads and writes a level's `ns_last_pid` only from inside it, so that is what a level
//! below the caller's asks: `CAP_SYS_ADMIN` over its owning user namespace, what `setns()` into it
//! takes. Both calls are all or nothing, the write-back of the struct included: a GET that cannot
//! be written leaves zeroes, not a partial vector; a SET changes the levels only once the struct
//! has been written back (the [`Reply`] of [`PendingLastPids`]).

use super::Reply;
use crate::{
    caller::{Caller, NamedNs},
    defs::{PidnsLastPids, PIDNS_MAX_LEVELS},
    ext::{cred::Capability, pid_namespace::PidNamespaceExt, uaccess::TentativeWrite},
};
use core::{mem::size_of, ptr};
use kernel::{
    pid_namespace::PidNamespace,
    prelude::*,
    sync::aref::ARef,
    uaccess::{UserPtr, UserSlice}, //
};

/// The namespace `req` starts at, the depth of its hierarchy up to and including the caller's
/// namespace, and how many levels `req` covers, validated.
fn resolve<'a>(req: &PidnsLastPids, caller: &Caller<'a>) -> Result<(NamedNs<'a>, u32, usize)> {
    let ns = caller.resolve(&req.ns)?;
    if req.flags != 0 {
        return Err(EINVAL);
    }
    if !caller.ns().contains(&ns) {
        return Err(EPERM);
    }
    let depth = ns.level() - caller.ns().level() + 1;
    if req.count > depth {
        return Err(EINVAL);
    }
    Ok((ns, depth, req.count as usize))
}

/// The `count` levels of the hierarchy a request covers, innermost first.
fn levels(ns: &PidNamespace, count: usize) -> impl Iterator<Item = &PidNamespace> {
    core::iter::successors(Some(ns), |level| level.parent()).take(count)
}

/// Whether the caller may read (`write` false) or write the `ns_last_pid` of `level`, as mainline
/// would let it from inside (see the module documentation).
fn may_access(level: &PidNamespace, caller: &PidNamespace, write: bool) -> bool {
    if ptr::eq(level, caller) {
        // As `checkpoint_restore_ns_capable()`, which guards writes to `ns_last_pid`.
        !write
            || level.owner_capable(Capability::CheckpointRestore)
            || level.owner_capable(Capability::SysAdmin)
    } else {
        level.owner_capable(Capability::SysAdmin)
    }
}

/// The user array of a request: `count` entries at `last_pids`.
fn user_array(req: &PidnsLastPids) -> Result<(UserPtr, usize)> {
    let ptr = usize::try_from(req.last_pids).map_err(|_| EFAULT)?;
    Ok((
        UserPtr::from_addr(ptr),
        req.count as usize * size_of::<i32>(),
    ))
}

/// Reads the vector into the array at `req.last_pids` and sets `req.levels`.
pub(crate) fn get_last_pids(
    req: &mut PidnsLastPids,
    caller: &Caller<'_>,
) -> Result<TentativeWrite> {
    let (ns, depth, count) = resolve(req, caller)?;
    let mut values = [0i32; PIDNS_MAX_LEVELS];
    for (value, level) in values.iter_mut().zip(levels(&ns, count)) {
        if !may_access(level, caller.ns(), false) {
            return Err(EPERM);
        }
        // A namespace where no pid was allocated yet gives its first task pid 1.
        *value = if level.pids() == 0 {
            0
        } else {
            level.last_pid()
        };
    }
    let (array, _) = user_array(req)?;
    // Cleared again if the call fails after all.
    let written = TentativeWrite::new(array, values[..count].as_bytes())?;
    req.levels = depth;
    Ok(written)
}

/// A checked SET, applied as the call commits, once the struct has been written back;
/// dropped, it changes nothing.
pub(crate) struct PendingLastPids {
    ns: ARef<PidNamespace>,
    values: [i32; PIDNS_MAX_LEVELS],
    count: usize,
}

/// Sets the levels, innermost first like the array.
impl Reply for PendingLastPids {
    fn commit(self) -> Result<isize> {
        for (last, level) in self.values.iter().zip(levels(&self.ns, self.count)) {
            level.set_last_pid(*last);
        }
        Ok(0)
    }
}

/// Checks a SET of the vector from the array at `req.last_pids` (every entry and every permission)
/// and sets `req.levels`; the levels change only when the result is applied.
pub(crate) fn set_last_pids(
    req: &mut PidnsLastPids,
    caller: &Caller<'_>,
) -> Result<PendingLastPids> {
    let (ns, depth, count) = resolve(req, caller)?;
    let (array, len) = user_array(req)?;
    let mut values = [0i32; PIDNS_MAX_LEVELS];
    UserSlice::new(array, len)
        .reader()
        .read_slice(values[..count].as_mut_bytes())?;
    for (value, level) in values.iter().zip(levels(&ns, count)) {
        if !may_access(level, caller.ns(), true) {
            return Err(EPERM);
        }
        // The range the `ns_last_pid` sysctl accepts: 0 to pid_max, both included.
        if !(0..=level.pid_max()).contains(value) {
            return Err(EINVAL);
        }
        // The kernel restarts a new namespace's allocation at pid 1: the value would be lost.
        if level.pids() == 0 {
            return Err(ESRCH);
        }
    }
    req.levels = depth;
    Ok(PendingLastPids {
        ns: ARef::from(&*ns),
        values,
        count,
    })
}
