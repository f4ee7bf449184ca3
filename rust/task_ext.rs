// SPDX-License-Identifier: GPL-2.0

//! Task queries that the `kernel` crate's [`Task`] does not offer: pid numbers in a given
//! namespace, liveness, and the threads of a thread group.
//!
//! C header: [`include/linux/sched/signal.h`](srctree/include/linux/sched/signal.h)

use crate::{pid::PidType, pid_namespace_ext::pid_ns_from_ptr};
use core::{marker::PhantomData, num::NonZeroI32, ptr};
use kernel::{
    bindings,
    pid_namespace::PidNamespace,
    sync::rcu,
    task::{CurrentTask, Task}, //
};

mod ffi {
    use kernel::bindings::task_struct;

    #[expect(
        improper_ctypes,
        reason = "only pointers to these bindgen types cross, as everywhere in `kernel::bindings`"
    )]
    extern "C" {
        pub(super) fn pidns_helper_task_has_namespaces(task: *mut task_struct) -> bool;
        pub(super) fn pidns_helper_fatal_signal_pending() -> bool;
        pub(super) fn pidns_helper_cond_resched();
    }
}

/// Whether the current task has a fatal signal pending: a long loop must then stop (`EINTR`).
pub(crate) fn fatal_signal_pending() -> bool {
    // SAFETY: No requirements.
    unsafe { ffi::pidns_helper_fatal_signal_pending() }
}

/// Lets the scheduler run another task if one is waiting: `cond_resched()`, which a long loop in
/// process context owes a kernel built without preemption.
pub(crate) fn cond_resched() {
    // SAFETY: Called in process context, with no lock held (the callers say so).
    unsafe { ffi::pidns_helper_cond_resched() }
}

/// The `task_struct` of `task`: what [`Task::as_ptr`] returns, as a cast the compiler can inline
/// (that one goes through an out-of-line `Opaque::get()` of the `kernel` crate), since the
/// queries below run on the hot paths, once per thread for some.
#[inline]
pub(crate) fn task_ptr(task: &Task) -> *mut bindings::task_struct {
    // `Task` is a transparent wrapper of `Opaque<task_struct>`, itself transparent.
    ptr::from_ref(task).cast_mut().cast()
}

/// The active pid namespace of the current task: [`CurrentTask::active_pid_ns`], inlined (see
/// [`task_ptr`]); every struct-based ioctl asks it.
#[inline]
pub(crate) fn current_pid_ns(current: &CurrentTask) -> Option<&PidNamespace> {
    // SAFETY: The current task is valid, and `task_active_pid_ns()` may be called on it without
    // the RCU read lock.
    let ns = unsafe { bindings::task_active_pid_ns(task_ptr(current)) };
    if ns.is_null() {
        return None;
    }
    // SAFETY: The active pid namespace of a task never changes, and the task holds a reference
    // to it through its `struct pid` until it is reaped, which the current task is not while it
    // runs: the namespace outlives `current`.
    Some(unsafe { pid_ns_from_ptr(ns) })
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
            bindings::__task_pid_nr_ns(task_ptr(self), ty as bindings::pid_type, ns.as_ptr())
        })
    }

    #[inline]
    fn is_exiting(&self) -> bool {
        let task = task_ptr(self);
        // SAFETY: `flags` and `exit_state` of a valid task may be read at any time; they only
        // ever gain the exit bits, so a stale read errs towards "alive", as it would in C.
        let (flags, exit_state) = unsafe {
            (
                ptr::read_volatile(ptr::addr_of!((*task).flags)),
                ptr::read_volatile(ptr::addr_of!((*task).exit_state)),
            )
        };
        flags & bindings::PF_EXITING != 0 || exit_state != 0
    }

    #[inline]
    fn has_namespaces(&self) -> bool {
        // SAFETY: `self` is valid; the helper reads `nsproxy` once, as `READ_ONCE()`.
        unsafe { ffi::pidns_helper_task_has_namespaces(task_ptr(self)) }
    }

    #[inline]
    fn threads<'a>(&'a self, _rcu: &'a rcu::Guard) -> Threads<'a> {
        // SAFETY: `signal` is set at fork and freed only with the last reference to the task,
        // which is dropped after an RCU grace period; `rcu` is held.
        let head = unsafe { ptr::addr_of_mut!((*(*task_ptr(self)).signal).thread_head) };
        Threads {
            head,
            // SAFETY: `head` is a valid list head under RCU.
            next: unsafe { ptr::read_volatile(ptr::addr_of!((*head).next)) },
            _rcu: PhantomData,
        }
    }
}

/// Iterator over the threads of a thread group; see [`TaskExt::threads`].
///
/// # Invariants
///
/// `head` is the `thread_head` of a live `signal_struct` and the RCU read lock is held for `'a`,
/// so every entry reached from it is a valid task for `'a` (threads leave the list with
/// `list_del_rcu()` and are freed after a grace period).
pub(crate) struct Threads<'a> {
    head: *mut bindings::list_head,
    next: *mut bindings::list_head,
    _rcu: PhantomData<&'a rcu::Guard>,
}

impl<'a> Iterator for Threads<'a> {
    type Item = &'a Task;

    #[inline]
    fn next(&mut self) -> Option<&'a Task> {
        if ptr::eq(self.next, self.head) {
            return None;
        }
        let node = self.next;
        // SAFETY: By the type invariant, `node` is the `thread_node` of a task valid for `'a`.
        let task = unsafe { kernel::container_of!(node, bindings::task_struct, thread_node) };
        // SAFETY: As above; `next` pointers are published with RCU ordering.
        self.next = unsafe { ptr::read_volatile(ptr::addr_of!((*node).next)) };
        // SAFETY: `Task` is a transparent wrapper of `task_struct`; valid for `'a`, see above.
        Some(unsafe { &*task.cast::<Task>() })
    }
}
