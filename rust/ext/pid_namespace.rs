// SPDX-License-Identifier: GPL-2.0

//! Pid-namespace queries that the `kernel` crate's [`PidNamespace`] does not offer.
//!
//! C header: [`include/linux/pid_namespace.h`](srctree/include/linux/pid_namespace.h)

use super::{
    cast,
    cred::Capability,
    helpers,
    ns_common::{NsCommon, NsType},
};
use core::ptr::{self, NonNull};
use kernel::{bindings, pid_namespace::PidNamespace, sync::aref::ARef, sync::rcu, task::Task};

/// Pid-namespace queries.
pub(crate) trait PidNamespaceExt {
    /// Returns the pid namespace `ns` is, or `None` if it is a namespace of another type.
    fn from_ns_common(ns: &NsCommon) -> Option<&PidNamespace>;

    /// Returns the namespace as a namespace of any type.
    fn as_ns_common(&self) -> &NsCommon;

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

    /// Returns this namespace's ancestor (or itself) at nesting level `level`, or `None` if
    /// `level` is deeper than this namespace's own.
    fn ancestor_at(&self, level: u32) -> Option<&PidNamespace>;

    /// Returns the nearest namespace that contains both this one and `other`: the ancestor when
    /// one contains the other, else their nearest common ancestor. There always is one: every
    /// pid namespace descends from the initial one.
    fn common_ancestor<'a>(&'a self, other: &'a PidNamespace) -> &'a PidNamespace;

    /// Returns whether the current task has `cap` in the user namespace that owns this pid
    /// namespace.
    #[doc(alias = "ns_capable")]
    fn owner_capable(&self, cap: Capability) -> bool;

    /// Returns the thread of `leader`'s thread group that is this namespace's child reaper, if
    /// that thread has not begun exiting: usually `leader` itself, or, after a multi-threaded
    /// init's first thread has exited, the thread the kernel promoted in its place
    /// (`find_child_reaper()`). The namespace's `child_reaper` field is only compared, never
    /// followed: it is left pointing to the last reaper after that task has been freed.
    ///
    /// The result is only valid within the RCU read-side critical section `rcu`.
    fn living_reaper_among<'a>(&self, leader: &'a Task, rcu: &'a rcu::Guard) -> Option<&'a Task>;

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
    fn from_ns_common(ns: &NsCommon) -> Option<&PidNamespace> {
        if ns.clone_flag() != NsType::Pid.clone_flag() {
            return None;
        }
        // SAFETY: A `CLONE_NEWPID` `ns_common` is the `ns` member of a `pid_namespace`.
        let pid_ns = unsafe { kernel::container_of!(ns.as_ptr(), bindings::pid_namespace, ns) };
        // SAFETY: The pid namespace lives as long as its `ns_common`, which `ns` borrows.
        Some(unsafe { cast::pid_namespace(pid_ns) })
    }

    #[inline]
    fn as_ns_common(&self) -> &NsCommon {
        // SAFETY: `ns` is a member of this valid namespace, borrowed with it.
        unsafe { NsCommon::from_ptr(ptr::addr_of!((*self.as_ptr()).ns)) }
    }

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
        (!parent.is_null()).then(|| unsafe { cast::pid_namespace(parent) })
    }

    #[inline]
    fn id(&self) -> u64 {
        self.as_ns_common().id()
    }

    fn contains(&self, other: &PidNamespace) -> bool {
        other
            .ancestor_at(self.level())
            .is_some_and(|ns| ptr::eq(ns, self))
    }

    fn ancestor_at(&self, level: u32) -> Option<&PidNamespace> {
        let mut ns = self;
        while ns.level() > level {
            // Only level 0 has no parent, and `ns.level() > level >= 0`.
            ns = ns.parent()?;
        }
        (ns.level() == level).then_some(ns)
    }

    fn common_ancestor<'a>(&'a self, other: &'a PidNamespace) -> &'a PidNamespace {
        let level = self.level().min(other.level());
        let (mut a, mut b) = match (self.ancestor_at(level), other.ancestor_at(level)) {
            (Some(a), Some(b)) => (a, b),
            // Unreachable: `level` is at most either namespace's own.
            _ => return self,
        };
        while !ptr::eq(a, b) {
            match (a.parent(), b.parent()) {
                (Some(pa), Some(pb)) => (a, b) = (pa, pb),
                // Unreachable: two namespaces at level 0 are both the initial one.
                _ => break,
            }
        }
        a
    }

    #[inline]
    fn owner_capable(&self, cap: Capability) -> bool {
        // SAFETY: `user_ns` is set at creation and referenced by the namespace for its whole
        // life.
        unsafe { cap.in_user_ns((*self.as_ptr()).user_ns) }
    }

    #[inline]
    fn living_reaper_among<'a>(&self, leader: &'a Task, _rcu: &'a rcu::Guard) -> Option<&'a Task> {
        let (ns, leader_ptr) = (self.as_ptr(), cast::task_ptr(leader));
        // The common case, `leader` itself the living reaper, inline: the same test as the
        // helper's first branch, whose out-of-line call alone made `PIDNS_IOC_INIT_PID` about 10%
        // slower (A/B of both builds in one VM run). Anything else goes to the helper. Each
        // `read_volatile` stands for the helper's `READ_ONCE()`, as in `rust/kernel/fs/file.rs`:
        // `child_reaper` is compared, never followed, and the exit fields only ever gain bits, so
        // a stale read gives the helper's answer at an earlier instant.
        // SAFETY: Aligned fields of a valid namespace and of a valid task, read under RCU.
        let (reaper, flags, exit_state) = unsafe {
            (
                ptr::addr_of!((*ns).child_reaper).read_volatile(),
                ptr::addr_of!((*leader_ptr).flags).read_volatile(),
                ptr::addr_of!((*leader_ptr).exit_state).read_volatile(),
            )
        };
        if ptr::eq(reaper, leader_ptr) && flags & bindings::PF_EXITING == 0 && exit_state == 0 {
            return Some(leader);
        }
        // SAFETY: The namespace and `leader` are valid and the RCU read lock is held, as the
        // helper requires; it only compares the namespace's `child_reaper` pointer.
        let reaper = unsafe { helpers::pidns_helper_pid_ns_living_reaper(ns, leader_ptr) };
        // SAFETY: A thread found under RCU stays valid (its `task_struct` is RCU-freed) until the
        // read-side critical section ends. `Task` is a transparent wrapper of `task_struct`.
        (!reaper.is_null()).then(|| unsafe { &*reaper.cast::<Task>() })
    }

    #[inline]
    fn last_pid(&self) -> i32 {
        // SAFETY: The namespace is valid; the helper reads the idr cursor as `ns_last_pid` does.
        unsafe { helpers::pidns_helper_pid_ns_last_pid(self.as_ptr()) }
    }

    #[inline]
    fn set_last_pid(&self, last: i32) {
        // SAFETY: The namespace is valid; the helper sets the idr cursor as the `ns_last_pid`
        // sysctl does, without a lock.
        unsafe { helpers::pidns_helper_pid_ns_set_last_pid(self.as_ptr(), last) }
    }

    #[inline]
    fn pid_max(&self) -> i32 {
        // SAFETY: The namespace is valid; the helper reads `pid_max` once.
        unsafe { helpers::pidns_helper_pid_ns_pid_max(self.as_ptr()) }
    }

    #[inline]
    fn pids(&self) -> i32 {
        // SAFETY: The namespace is valid; the helper reads `pid_allocated` once.
        unsafe { helpers::pidns_helper_pid_ns_pids(self.as_ptr()) }
    }
}

/// The calling task's `pid_for_children` namespace: the one its next child is created in.
pub(crate) fn pid_ns_for_children() -> Option<ARef<PidNamespace>> {
    // SAFETY: No requirements; a non-NULL result carries a reference we now own.
    let ns = NonNull::new(unsafe { helpers::pidns_helper_get_pid_ns_for_children() })?;
    // SAFETY: `PidNamespace` is a transparent wrapper of `struct pid_namespace`; the reference
    // is handed over to the `ARef`.
    Some(unsafe { ARef::from_raw(ns.cast::<PidNamespace>()) })
}
