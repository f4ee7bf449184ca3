// SPDX-License-Identifier: GPL-2.0

//! Pid-namespace queries that the `kernel` crate's [`PidNamespace`] does not offer.
//!
//! C header: [`include/linux/pid_namespace.h`](srctree/include/linux/pid_namespace.h)

use crate::{ns_common::ns_id, task_ext::task_ptr};
use core::ptr;
use kernel::{bindings, pid_namespace::PidNamespace, task::Task};

mod ffi {
    use kernel::bindings::pid_namespace;

    #[expect(
        improper_ctypes,
        reason = "only pointers to these bindgen types cross, as everywhere in `kernel::bindings`"
    )]
    extern "C" {
        pub(super) fn pidns_helper_pid_ns_pids(ns: *const pid_namespace) -> i32;
    }
}

/// [`PidNamespace::from_ptr`], as a cast the compiler can inline (that one is an out-of-line call
/// into the `kernel` crate), for the hot paths.
///
/// # Safety
///
/// `ptr` must point to a valid pid namespace that outlives `'a`.
#[inline]
pub(crate) unsafe fn pid_ns_from_ptr<'a>(ptr: *const bindings::pid_namespace) -> &'a PidNamespace {
    // SAFETY: `PidNamespace` is a transparent wrapper of `Opaque<pid_namespace>`, itself
    // transparent; validity for `'a` is guaranteed by the caller.
    unsafe { &*ptr.cast::<PidNamespace>() }
}

/// A capability, as checked by `ns_capable()`.
#[derive(Clone, Copy, Debug)]
#[repr(u32)]
pub(crate) enum Capability {
    /// `CAP_SYS_ADMIN`.
    SysAdmin = bindings::CAP_SYS_ADMIN,
    /// `CAP_CHECKPOINT_RESTORE`.
    CheckpointRestore = bindings::CAP_CHECKPOINT_RESTORE,
}

/// Pid-namespace queries.
pub(crate) trait PidNamespaceExt {
    /// Returns the nesting level: 0 for the initial pid namespace, parent's level + 1 otherwise.
    fn level(&self) -> u32;

    /// Returns the parent namespace, or `None` for the initial pid namespace.
    fn parent(&self) -> Option<&PidNamespace>;

    /// Returns the 64-bit namespace id: what `NS_GET_ID` on an nsfd of this namespace returns.
    /// Ids are never reused.
    #[doc(alias = "NS_GET_ID")]
    fn id(&self) -> u64;

    /// Returns whether `other` is this namespace or one of its descendants, i.e. whether every
    /// task of `other` has a pid number in `self`.
    #[doc(alias = "pidns_is_ancestor")]
    fn contains(&self, other: &PidNamespace) -> bool;

    /// Returns whether the current task has `cap` in the user namespace that owns this pid
    /// namespace.
    #[doc(alias = "ns_capable")]
    fn owner_capable(&self, cap: Capability) -> bool;

    /// Returns whether `task` is this namespace's child reaper. Compares pointers only: the
    /// namespace's `child_reaper` field may point to a task that has been freed (it is not reset
    /// when the last reaper is reaped), so it must never be dereferenced.
    fn is_child_reaper(&self, task: &Task) -> bool;

    /// Returns the last pid allocated in this namespace: what `/proc/sys/kernel/ns_last_pid`
    /// shows to its tasks.
    #[doc(alias = "ns_last_pid")]
    fn last_pid(&self) -> i32;

    /// Makes the next pid allocated in this namespace the first free one after `last`, as
    /// writing `/proc/sys/kernel/ns_last_pid` does. The caller checks range and permission.
    fn set_last_pid(&self, last: i32);

    /// Returns the largest pid number plus one that this namespace allocates.
    fn pid_max(&self) -> i32;

    /// Returns how many pids are allocated in this namespace now: 0 if no task has a number
    /// in it (none yet, or none any more).
    fn pids(&self) -> i32;
}

impl PidNamespaceExt for PidNamespace {
    #[inline]
    fn level(&self) -> u32 {
        // SAFETY: `level` is set at creation and never changes.
        unsafe { (*self.as_ptr()).level }
    }

    #[inline]
    fn parent(&self) -> Option<&PidNamespace> {
        // SAFETY: `parent` is set at creation and never changes.
        let parent = unsafe { (*self.as_ptr()).parent };
        // SAFETY: A pid namespace holds a reference on its parent for its whole life, so the
        // parent lives at least as long as `self`.
        (!parent.is_null()).then(|| unsafe { pid_ns_from_ptr(parent) })
    }

    #[inline]
    fn id(&self) -> u64 {
        // SAFETY: `ns` is the `ns_common` of this valid namespace.
        unsafe { ns_id(ptr::addr_of!((*self.as_ptr()).ns)) }
    }

    fn contains(&self, other: &PidNamespace) -> bool {
        let mut ns = other;
        while ns.level() > self.level() {
            match ns.parent() {
                Some(parent) => ns = parent,
                // Unreachable: only level 0 has no parent.
                None => return false,
            }
        }
        ptr::eq(ns, self)
    }

    #[inline]
    fn owner_capable(&self, cap: Capability) -> bool {
        // SAFETY: `user_ns` is set at creation, referenced by the namespace for its whole life;
        // `ns_capable()` checks the current task's credentials against it.
        unsafe { bindings::ns_capable((*self.as_ptr()).user_ns, cap as i32) }
    }

    #[inline]
    fn is_child_reaper(&self, task: &Task) -> bool {
        // SAFETY: Reading the pointer value is what `READ_ONCE(ns->child_reaper)` does in C; it
        // is compared, never dereferenced.
        let reaper = unsafe { ptr::read_volatile(ptr::addr_of!((*self.as_ptr()).child_reaper)) };
        ptr::eq(reaper, task_ptr(task))
    }

    #[inline]
    fn last_pid(&self) -> i32 {
        // SAFETY: `idr_next` is read with `READ_ONCE()` by `idr_get_cursor()` in C, and updated
        // concurrently under `pidmap_lock` by pid allocation.
        let next = unsafe { ptr::read_volatile(ptr::addr_of!((*self.as_ptr()).idr.idr_next)) };
        next as i32 - 1
    }

    #[inline]
    fn set_last_pid(&self, last: i32) {
        // SAFETY: As `idr_set_cursor()` in C (`WRITE_ONCE()`), which is how the `ns_last_pid`
        // sysctl writes it, without a lock.
        unsafe {
            ptr::write_volatile(
                ptr::addr_of_mut!((*self.as_ptr()).idr.idr_next),
                (last + 1) as u32,
            )
        }
    }

    fn pids(&self) -> i32 {
        // SAFETY: The namespace is valid; the helper reads `pid_allocated` once.
        unsafe { ffi::pidns_helper_pid_ns_pids(self.as_ptr()) }
    }

    #[inline]
    fn pid_max(&self) -> i32 {
        // SAFETY: `pid_max` is an `int` read with `READ_ONCE()` by the C code too.
        unsafe { ptr::read_volatile(ptr::addr_of!((*self.as_ptr()).pid_max)) }
    }
}
