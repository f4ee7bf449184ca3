// SPDX-License-Identifier: GPL-2.0

//! `PIDNS_IOC_TRANSLATE` and `PIDNS_IOC_TRANSLATE_BATCH`: pids from one pid namespace, as numbers
//! in another.

use crate::{
    caller::{Caller, NamedNs},
    defs::{
        PidnsRef, PidnsTranslate, PidnsTranslateBatch, PIDNS_BATCH_MAX, PIDNS_TRANSLATE_FLAGS,
        PIDNS_TRANSLATE_TGID,
    },
    ext::{
        pid::{PidType, StructPid},
        task::TaskExt,
        uaccess::TentativeWrite,
    },
};
use core::{mem::size_of, num::NonZeroI32, ptr};
use kernel::{
    pid_namespace::PidNamespace,
    prelude::*,
    sync::rcu,
    uaccess::{UserPtr, UserSlice},
};

/// Entries a batch translates per RCU read-side critical section.
const BATCH_CHUNK: usize = 256;

/// Entries a batch keeps on the stack rather than in an allocation.
const INLINE_ENTRIES: usize = 64;

/// Who an answer is for: the task whose active pid namespace is `ns`, and, for a bound file
/// used by another task without `PIDNS_BIND_DELEGATE`, that task's namespace too.
#[derive(Clone, Copy)]
pub(crate) struct Viewer<'a> {
    /// The namespace whose tasks may be answered about.
    pub(crate) ns: &'a PidNamespace,
    /// A second namespace the task must be visible in as well, if any.
    pub(crate) also: Option<&'a PidNamespace>,
}

impl<'a> Viewer<'a> {
    /// A viewer with one namespace: the caller's.
    #[inline]
    pub(crate) fn of(ns: &'a PidNamespace) -> Self {
        Self { ns, also: None }
    }
}

/// The visibility rule, for an answer about `pid` (found in `source`) expressed in `target` to
/// `viewer`: never answer about a task the viewer cannot see in its own namespace (`ESRCH`, as
/// for a pid that does not exist, and checked before anything else). Found in the viewer's
/// namespace, or answered in it, the task needs no lookup of its own for that.
///
/// `number` gives the answer in `target`; a task with none there is `ENOENT`, unless `target` is
/// the viewer's namespace, where having none is being invisible.
#[inline]
pub(crate) fn visible_number(
    pid: &StructPid,
    source: &PidNamespace,
    target: &PidNamespace,
    viewer: Viewer<'_>,
    number: impl FnOnce() -> Result<Option<NonZeroI32>>,
) -> Result<i32> {
    let in_viewer = ptr::eq(target, viewer.ns);
    if !in_viewer && !ptr::eq(source, viewer.ns) && pid.nr_in(viewer.ns).is_none() {
        return Err(ESRCH);
    }
    if viewer.also.is_some_and(|also| pid.nr_in(also).is_none()) {
        return Err(ESRCH);
    }
    match number()? {
        Some(nr) => Ok(nr.get()),
        None if in_viewer => Err(ESRCH),
        None => Err(ENOENT),
    }
}

/// One translation, its references resolved: from numbers in `source` to numbers in `target`.
pub(crate) struct Translation<'a> {
    /// The namespace the numbers asked about are in.
    pub(crate) source: &'a PidNamespace,
    /// The namespace the answers are expressed in.
    pub(crate) target: &'a PidNamespace,
    /// The task's own number, or its thread group's.
    pub(crate) wanted: PidType,
}

impl Translation<'_> {
    /// The number in the target namespace of the task that is `nr` in the source namespace, for
    /// `viewer`.
    #[inline]
    pub(crate) fn one(&self, nr: i32, viewer: Viewer<'_>, rcu: &rcu::Guard) -> Result<i32> {
        if nr < 1 {
            return Err(EINVAL);
        }
        let pid = StructPid::find(nr, self.source, rcu).ok_or(ESRCH)?;
        // A pid being set up by fork, or one whose task was reaped, names no task.
        if !pid.has_task(PidType::Pid) {
            return Err(ESRCH);
        }
        visible_number(pid, self.source, self.target, viewer, || {
            match self.wanted {
                PidType::Pid => Ok(pid.nr_in(self.target)),
                PidType::Tgid => Ok(pid
                    .task(PidType::Pid, rcu)
                    .ok_or(ESRCH)?
                    .nr_in(PidType::Tgid, self.target)),
            }
        })
    }
}

/// The references and flags of a struct-based translation, resolved and checked for the caller.
struct Resolved<'a> {
    source: NamedNs<'a>,
    target: NamedNs<'a>,
    wanted: PidType,
}

impl<'a> Resolved<'a> {
    /// Checks `flags` and resolves the two references for `caller`.
    fn new(flags: u32, source: &PidnsRef, target: &PidnsRef, caller: &Caller<'a>) -> Result<Self> {
        if flags & !PIDNS_TRANSLATE_FLAGS != 0 {
            return Err(EINVAL);
        }
        let wanted = if flags & PIDNS_TRANSLATE_TGID != 0 {
            PidType::Tgid
        } else {
            PidType::Pid
        };
        Ok(Self {
            source: caller.resolve(source)?,
            target: caller.resolve(target)?,
            wanted,
        })
    }

    /// The translation these stand for.
    fn translation(&self) -> Translation<'_> {
        Translation {
            source: &self.source,
            target: &self.target,
            wanted: self.wanted,
        }
    }
}

/// Answers `req` for `caller`: the number, which the ioctl returns. See `struct pidns_translate`
/// in the uapi header for the contract.
pub(crate) fn translate(req: &mut PidnsTranslate, caller: &Caller<'_>) -> Result<i32> {
    if req.pid < 1 || req.reserved != 0 {
        return Err(EINVAL);
    }
    let resolved = Resolved::new(req.flags, &req.source, &req.target, caller)?;
    resolved
        .translation()
        .one(req.pid, Viewer::of(caller.ns()), &rcu::read_lock())
}

/// Answers a batch: reads `req.count` pids from user space, translates each (a number, or the
/// negative errno a single translation would have failed with) and writes them all to
/// `req.results`. See `struct pidns_translate_batch` in the uapi header for the contract.
pub(crate) fn translate_batch(
    req: &mut PidnsTranslateBatch,
    caller: &Caller<'_>,
) -> Result<TentativeWrite> {
    if req.count > PIDNS_BATCH_MAX {
        return Err(E2BIG);
    }
    let resolved = Resolved::new(req.flags, &req.source, &req.target, caller)?;
    let translation = resolved.translation();
    let count = req.count as usize;
    let len = count * size_of::<i32>();
    let pids_ptr = UserPtr::from_addr(usize::try_from(req.pids).map_err(|_| EFAULT)?);
    let results_ptr = UserPtr::from_addr(usize::try_from(req.results).map_err(|_| EFAULT)?);

    // Everything is read before anything is written, so @results may be @pids itself. A small
    // batch lives on the stack: it pays no allocation.
    let mut inline = [0i32; INLINE_ENTRIES];
    let mut allocated;
    let entries = if count <= INLINE_ENTRIES {
        &mut inline[..count]
    } else {
        allocated = KVVec::from_elem(0i32, count, GFP_KERNEL)?;
        allocated.as_mut_slice()
    };
    UserSlice::new(pids_ptr, len)
        .reader()
        .read_slice(entries.as_mut_bytes())?;

    let mut translated = 0;
    for chunk in entries.chunks_mut(BATCH_CHUNK) {
        let rcu = rcu::read_lock();
        for entry in chunk {
            *entry = translation
                .one(*entry, Viewer::of(caller.ns()), &rcu)
                .unwrap_or_else(|e| e.to_errno());
            translated += u32::from(*entry > 0);
        }
    }

    // Cleared again if the call fails after all.
    let written = TentativeWrite::new(results_ptr, entries.as_bytes())?;
    req.translated = translated;
    Ok(written)
}
