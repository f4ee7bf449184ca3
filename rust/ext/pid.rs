// SPDX-License-Identifier: GPL-2.0

//! Process identifiers: the kernel's `struct pid` ([`StructPid`], named apart from
//! [`kernel::task::Pid`], which is a `pid_t`).
//!
//! A `struct pid` is the kernel's stable handle for a task (or a process group or session): it
//! carries one number per pid-namespace level, from the root namespace down to the namespace the
//! task was created in, and it outlives the task for as long as someone holds a reference.
//!
//! C header: [`include/linux/pid.h`](srctree/include/linux/pid.h)

use super::{cast, helpers};
use core::{
    num::NonZeroI32,
    ptr::{self, NonNull},
};
use kernel::{
    bindings,
    pid_namespace::PidNamespace,
    sync::{
        aref::{ARef, AlwaysRefCounted},
        rcu,
    },
    task::Task,
    types::Opaque,
};

/// What a [`StructPid`] identifies a task as.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
#[repr(u32)]
pub(crate) enum PidType {
    /// The task itself: its thread id.
    Pid = bindings::pid_type_PIDTYPE_PID,
    /// Its thread group: the process id.
    Tgid = bindings::pid_type_PIDTYPE_TGID,
}

/// Wraps the kernel's `struct pid`.
///
/// # Invariants
///
/// Instances are valid `struct pid`s created by the C side of the kernel, and they are always
/// reference counted: a `&StructPid` is valid while the reference it was borrowed from is, an
/// [`ARef<StructPid>`](kernel::sync::aref::ARef) owns one count.
#[repr(transparent)]
pub(crate) struct StructPid(Opaque<bindings::pid>);

// SAFETY: `struct pid` is reference counted with atomics and freed through RCU; all the fields we
// read are immutable after allocation or read under the RCU read lock.
unsafe impl Send for StructPid {}
// SAFETY: See above; shared references only ever read.
unsafe impl Sync for StructPid {}

// SAFETY: `get_pid()` and `put_pid()` maintain the count that keeps a `struct pid` alive.
unsafe impl AlwaysRefCounted for StructPid {
    #[inline]
    fn inc_ref(&self) {
        // SAFETY: The existence of `&self` means the count is non-zero, so incrementing it is
        // what `get_pid()` does.
        unsafe { bindings::refcount_inc(ptr::addr_of_mut!((*self.as_ptr()).count)) };
    }

    #[inline]
    unsafe fn dec_ref(obj: ptr::NonNull<Self>) {
        // SAFETY: The caller owns a count, which `put_pid()` gives back.
        unsafe { bindings::put_pid(obj.cast().as_ptr()) };
    }
}

impl StructPid {
    /// Creates a reference to a [`Pid`] from a valid pointer.
    ///
    /// # Safety
    ///
    /// `ptr` must point to a valid `struct pid` that stays valid (referenced, or protected by an
    /// RCU read-side critical section) for `'a`.
    #[inline]
    pub(crate) unsafe fn from_ptr<'a>(ptr: *const bindings::pid) -> &'a Self {
        // SAFETY: Guaranteed by the caller; `Pid` is a transparent wrapper of `struct pid`.
        unsafe { &*ptr.cast() }
    }

    /// Returns a raw pointer to the inner C struct.
    #[inline]
    pub(crate) fn as_ptr(&self) -> *mut bindings::pid {
        self.0.get()
    }

    /// Looks up the pid numbered `nr` in `ns`.
    ///
    /// The result is only valid within the RCU read-side critical section `_rcu`; take a
    /// reference (`ARef::from`) to keep it longer.
    #[doc(alias = "find_pid_ns")]
    #[inline]
    pub(crate) fn find<'a>(nr: i32, ns: &PidNamespace, _rcu: &'a rcu::Guard) -> Option<&'a Self> {
        // SAFETY: `ns` is a valid pid namespace and the RCU read lock is held, as
        // `find_pid_ns()` requires.
        let pid = unsafe { bindings::find_pid_ns(nr, ns.as_ptr()) };
        // SAFETY: A non-NULL result is a `struct pid` that RCU keeps valid until `_rcu` drops.
        (!pid.is_null()).then(|| unsafe { Self::from_ptr(pid) })
    }

    /// Returns the pid with the lowest number at or above `nr` in `ns`: the iterator `/proc` uses
    /// to list a namespace's processes.
    ///
    /// The result is only valid within the RCU read-side critical section `_rcu`.
    #[doc(alias = "find_ge_pid")]
    #[inline]
    pub(crate) fn find_next<'a>(
        nr: i32,
        ns: &PidNamespace,
        _rcu: &'a rcu::Guard,
    ) -> Option<&'a Self> {
        // SAFETY: `ns` is a valid pid namespace and the RCU read lock is held, as
        // `find_ge_pid()` requires.
        let pid = unsafe { bindings::find_ge_pid(nr, ns.as_ptr()) };
        // SAFETY: A non-NULL result is a `struct pid` that RCU keeps valid until `_rcu` drops.
        (!pid.is_null()).then(|| unsafe { Self::from_ptr(pid) })
    }

    /// Returns the number of this pid in `ns`, or `None` if it has none there (`ns` is neither
    /// the namespace the pid was allocated in nor one of its ancestors).
    #[doc(alias = "pid_nr_ns")]
    #[inline]
    pub(crate) fn nr_in(&self, ns: &PidNamespace) -> Option<NonZeroI32> {
        // SAFETY: Both pointers are valid; `pid_nr_ns()` only reads immutable fields.
        NonZeroI32::new(unsafe { bindings::pid_nr_ns(self.as_ptr(), ns.as_ptr()) })
    }

    /// Returns the namespace this pid was allocated in: the active pid namespace of its task.
    #[doc(alias = "ns_of_pid")]
    #[inline]
    pub(crate) fn namespace(&self) -> &PidNamespace {
        let pid = self.as_ptr();
        // A `struct pid` holds a reference on the namespace it was allocated in, dropped by
        // `put_pid()` together with the pid itself, so that namespace outlives `self`.
        // SAFETY: `level` and `numbers[0..=level]` are immutable after allocation; see above.
        unsafe {
            let level = (*pid).level as usize;
            let upid = (*pid).numbers.as_ptr().add(level);
            cast::pid_namespace((*upid).ns)
        }
    }

    /// Returns the first task attached to this pid as `ty`, if any is still attached.
    ///
    /// The task is only valid within the RCU read-side critical section `_rcu`.
    #[doc(alias = "pid_task")]
    #[inline]
    pub(crate) fn task<'a>(&self, ty: PidType, _rcu: &'a rcu::Guard) -> Option<&'a Task> {
        // SAFETY: `self` is valid and the RCU read lock is held, as `pid_task()` requires.
        let task = unsafe { bindings::pid_task(self.as_ptr(), ty as bindings::pid_type) };
        // SAFETY: A task found under RCU stays valid (its `task_struct` is RCU-freed) until the
        // read-side critical section ends. `Task` is a transparent wrapper of `task_struct`.
        (!task.is_null()).then(|| unsafe { &*task.cast::<Task>() })
    }

    /// Returns a reference to the first task attached to this pid as `ty`, if any still is.
    #[doc(alias = "get_pid_task")]
    #[inline]
    pub(crate) fn get_task(&self, ty: PidType) -> Option<ARef<Task>> {
        // SAFETY: `self` is valid; `get_pid_task()` takes the RCU read lock itself.
        let task = unsafe { bindings::get_pid_task(self.as_ptr(), ty as bindings::pid_type) };
        // SAFETY: A non-NULL result carries a reference we now own. `Task` is a transparent
        // wrapper of `task_struct`.
        NonNull::new(task).map(|task| unsafe { ARef::from_raw(task.cast::<Task>()) })
    }

    /// Returns whether a task is still attached to this pid as `ty` (it has not been reaped): a
    /// snapshot, which can change as soon as it is taken unless the caller holds what keeps the
    /// task attached.
    #[doc(alias = "pid_has_task")]
    #[inline]
    pub(crate) fn has_task(&self, ty: PidType) -> bool {
        // SAFETY: `self` is valid; `pid_has_task()` reads the list head once, without a lock.
        unsafe { helpers::pidns_helper_pid_has_task(self.as_ptr(), ty as bindings::pid_type) }
    }

    /// Returns the pid's pidfs inode number: the `st_ino` of every pidfd that refers to it, never
    /// reused on 64-bit kernels (on 32-bit ones it is split into `st_ino` and the inode
    /// generation). It lets user space check that a pidfd it opened by number refers to this very
    /// pid.
    #[inline]
    pub(crate) fn pidfs_ino(&self) -> u64 {
        // SAFETY: `ino` is assigned when the pid is allocated, before it becomes reachable, and
        // never changes afterwards.
        unsafe { (*self.as_ptr()).__bindgen_anon_1.ino }
    }
}
