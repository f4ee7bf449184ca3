// SPDX-License-Identifier: GPL-2.0

//! Task queries that the `kernel` crate's [`Task`] does not offer: pid numbers in a given
//! namespace and whether the task still has its namespaces; and the calling task's duties in a
//! long loop.
//!
//! C header: [`include/linux/sched/signal.h`](srctree/include/linux/sched/signal.h)

use super::{cast, helpers, pid::PidType};
use core::num::NonZeroI32;
use kernel::{bindings, pid_namespace::PidNamespace, task::Task};

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

    /// Returns whether the task still has its namespaces: it has not exited (zombies have
    /// none), which is what mainline's `PIDFD_GET_*_NAMESPACE` ask of it. A snapshot.
    fn has_namespaces(&self) -> bool;
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
    fn has_namespaces(&self) -> bool {
        // SAFETY: `self` is valid; the helper reads `nsproxy` once.
        unsafe { helpers::pidns_helper_task_has_namespaces(cast::task_ptr(self)) }
    }
}
