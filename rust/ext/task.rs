// SPDX-License-Identifier: GPL-2.0

//! Task queries that the `kernel` crate's [`Task`] does not offer: pid numbers in a given
//! namespace, liveness, the threads of a thread group; and the calling task's duties in a long
//! loop.
//!
//! C header: [`include/linux/sched/signal.h`](srctree/include/linux/sched/signal.h)

use super::{cast, helpers, pid::PidType};
use core::{marker::PhantomData, num::NonZeroI32};
use kernel::{bindings, pid_namespace::PidNamespace, sync::rcu, task::Task};

/// Whether the calling task has a fatal signal pending: a long loop must then stop (`EINTR`).
pub(crate) fn fatal_signal_pending() -> bool {
    // SAFETY: No requirements.
    unsafe { helpers::pidns_helper_fatal_signal_pending() }
}

/// Lets the scheduler run another task if one is waiting: `cond_resched()`, which a long loop in
/// process context owes a kernel built without preemption.
pub(crate) fn cond_resched() {
    // SAFETY: Called in process context, with no lock held (the callers say so).
    unsafe { helpers::pidns_helper_cond_resched() }
}

/// Task queries.
pub(crate) trait TaskExt {
    /// Returns the task's thread id (`ty` = [`PidType::Pid`]) or thread-group id
    /// ([`PidType::Tgid`]) as a number in `ns`, or `None` if it has none there.
    fn nr_in(&self, ty: PidType, ns: &PidNamespace) -> Option<NonZeroI32>;

    /// Returns whether the task has begun exiting (or is already a zombie).
    fn is_exiting(&self) -> bool;

    /// Returns whether the task still has its namespaces: it has not exited (zombies have
    /// none), which is what mainline's `PIDFD_GET_*_NAMESPACE` ask of it. A snapshot.
    fn has_namespaces(&self) -> bool;

    /// Iterates over the threads of the task's thread group, under the RCU read lock `rcu`.
    #[doc(alias = "for_each_thread")]
    fn threads<'a>(&'a self, rcu: &'a rcu::Guard) -> Threads<'a>;
}

impl TaskExt for Task {
    #[doc(alias = "__task_pid_nr_ns")]
    #[inline]
    fn nr_in(&self, ty: PidType, ns: &PidNamespace) -> Option<NonZeroI32> {
        // SAFETY: `self` and `ns` are valid; `__task_pid_nr_ns()` takes the RCU read lock itself
        // and copes with a task that is exiting (its pids are then detached and it returns 0).
        NonZeroI32::new(unsafe {
            bindings::__task_pid_nr_ns(cast::task_ptr(self), ty as bindings::pid_type, ns.as_ptr())
        })
    }

    #[inline]
    fn is_exiting(&self) -> bool {
        // SAFETY: `self` is valid; the helper reads `flags` and `exit_state` once each.
        unsafe { helpers::pidns_helper_task_is_exiting(cast::task_ptr(self)) }
    }

    #[inline]
    fn has_namespaces(&self) -> bool {
        // SAFETY: `self` is valid; the helper reads `nsproxy` once.
        unsafe { helpers::pidns_helper_task_has_namespaces(cast::task_ptr(self)) }
    }

    #[inline]
    fn threads<'a>(&'a self, _rcu: &'a rcu::Guard) -> Threads<'a> {
        // SAFETY: `self` is valid and the RCU read lock is held, as the helper requires.
        let next = unsafe { helpers::pidns_helper_first_thread(cast::task_ptr(self)) };
        // INVARIANT: `next` is the first thread of the group, or NULL, found under `rcu`.
        Threads {
            next,
            _rcu: PhantomData,
        }
    }
}

/// Iterator over the threads of a thread group; see [`TaskExt::threads`].
///
/// # Invariants
///
/// `next` is NULL or a thread of the group, found under the RCU read lock that is held for `'a`,
/// so it is a valid task for `'a` (threads leave the list with `list_del_rcu()` and are freed
/// after a grace period).
pub(crate) struct Threads<'a> {
    next: *mut bindings::task_struct,
    _rcu: PhantomData<&'a rcu::Guard>,
}

impl<'a> Iterator for Threads<'a> {
    type Item = &'a Task;

    #[inline]
    fn next(&mut self) -> Option<&'a Task> {
        if self.next.is_null() {
            return None;
        }
        // SAFETY: By the type invariant, `next` is a valid task for `'a` and RCU is held.
        let following = unsafe { helpers::pidns_helper_next_thread(self.next) };
        // SAFETY: `Task` is a transparent wrapper of `task_struct`; valid for `'a`, see above.
        let thread = unsafe { &*self.next.cast::<Task>() };
        // INVARIANT: Found under the same RCU read lock.
        self.next = following;
        Some(thread)
    }
}
