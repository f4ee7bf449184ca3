// SPDX-License-Identifier: GPL-2.0

//! Namespaces of any type (`struct ns_common`): their ids, owned references, and nsfs fds.
//!
//! The mechanics live in `helpers.c` (declared here), because the 7.3 bindings know most
//! namespace structs only as opaque types; this file gives them safe types.
//!
//! C header: [`include/linux/ns_common.h`](srctree/include/linux/ns_common.h)

use crate::pid_namespace_ext::Capability;
use core::ptr::{self, NonNull};
use kernel::{bindings, prelude::*, task::Task};

mod ffi {
    use kernel::bindings::{ns_common, task_struct};

    #[expect(
        improper_ctypes,
        reason = "only pointers to these bindgen types cross, as everywhere in `kernel::bindings`"
    )]
    extern "C" {
        pub(super) fn pidns_helper_ns_id(ns: *const ns_common) -> u64;
        pub(super) fn pidns_helper_task_namespaces(
            task: *mut task_struct,
            wanted: u32,
            out: *mut [*mut ns_common; super::NS_TYPES],
        ) -> i32;
        pub(super) fn pidns_helper_current_ns(index: i32) -> *const ns_common;
        pub(super) fn pidns_helper_put_ns(ns: *mut ns_common);
        pub(super) fn pidns_helper_open_ns(ns: *mut ns_common) -> i32;
    }
}

/// The namespace types, in the order of `enum pidns_ns_index` (uapi), which `helpers.c` uses.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) enum NsType {
    /// `CLONE_NEWUSER`.
    User,
    /// `CLONE_NEWNS`.
    Mnt,
    /// `CLONE_NEWPID`: the task's active pid namespace.
    Pid,
    /// `CLONE_NEWNET`.
    Net,
    /// `CLONE_NEWUTS`.
    Uts,
    /// `CLONE_NEWIPC`.
    Ipc,
    /// `CLONE_NEWCGROUP`.
    Cgroup,
    /// `CLONE_NEWTIME`: the task's time namespace (not the one for its children).
    Time,
}

/// How many namespace types there are.
pub(crate) const NS_TYPES: usize = crate::defs::PIDNS_NS_TYPES;

const _: () = {
    let mut i = 0;
    while i < NS_TYPES {
        assert!(NsType::ALL[i].index() as u32 == crate::defs::PIDNS_NS_INDEX[i]);
        i += 1;
    }
};

impl NsType {
    /// Every type, in index order.
    pub(crate) const ALL: [NsType; NS_TYPES] = [
        Self::User,
        Self::Mnt,
        Self::Pid,
        Self::Net,
        Self::Uts,
        Self::Ipc,
        Self::Cgroup,
        Self::Time,
    ];

    /// The `CLONE_NEW*` flag that names this type in `setns()` and `unshare()`.
    pub(crate) const fn clone_flag(self) -> u32 {
        match self {
            Self::User => bindings::CLONE_NEWUSER,
            Self::Mnt => bindings::CLONE_NEWNS,
            Self::Pid => bindings::CLONE_NEWPID,
            Self::Net => bindings::CLONE_NEWNET,
            Self::Uts => bindings::CLONE_NEWUTS,
            Self::Ipc => bindings::CLONE_NEWIPC,
            Self::Cgroup => bindings::CLONE_NEWCGROUP,
            Self::Time => bindings::CLONE_NEWTIME,
        }
    }

    /// Its position in snapshots and in the uapi array.
    pub(crate) const fn index(self) -> usize {
        self as usize
    }
}

/// Returns the id of a namespace: what `NS_GET_ID` on an nsfd of it returns. Never reused.
///
/// # Safety
///
/// `ns` must point to a valid `struct ns_common`.
#[doc(alias = "NS_GET_ID")]
pub(crate) unsafe fn ns_id(ns: *const bindings::ns_common) -> u64 {
    // SAFETY: Valid by the caller's guarantee; `ns_id` is set before the namespace is reachable
    // and never changes.
    unsafe { ffi::pidns_helper_ns_id(ns) }
}

/// An owned reference to a namespace.
///
/// # Invariants
///
/// `ns` points to a `struct ns_common` of type `ty` on which this value owns one reference count.
pub(crate) struct NsRef {
    ns: NonNull<bindings::ns_common>,
    ty: NsType,
}

// SAFETY: The reference may be dropped from any thread.
unsafe impl Send for NsRef {}

impl NsRef {
    /// Returns the namespace's id.
    pub(crate) fn id(&self) -> u64 {
        // SAFETY: Valid by the type invariant.
        unsafe { ns_id(self.ns.as_ptr()) }
    }

    /// Returns whether the calling task's new children would already be in this namespace (for
    /// pid and time namespaces, whether it is the caller's `*_for_children` one): whether a
    /// `setns()` into it would change nothing.
    pub(crate) fn is_current(&self) -> bool {
        // SAFETY: Any `NsType` index is valid; the result is only compared.
        let current = unsafe { ffi::pidns_helper_current_ns(self.ty.index() as i32) };
        ptr::eq(current, self.ns.as_ptr())
    }

    /// Returns whether the current task has `cap` in this namespace, which must be a user
    /// namespace (`false` for any other type).
    #[doc(alias = "ns_capable")]
    pub(crate) fn capable(&self, cap: Capability) -> bool {
        if self.ty != NsType::User {
            return false;
        }
        // SAFETY: A user namespace's `ns_common` is its `ns` member.
        let user_ns =
            unsafe { kernel::container_of!(self.ns.as_ptr(), bindings::user_namespace, ns) };
        // SAFETY: We hold a reference on it; `ns_capable()` checks the current task's creds.
        unsafe { bindings::ns_capable(user_ns, cap as i32) }
    }

    /// Opens an nsfs file on the namespace (read-only, close-on-exec) in the calling task's fd
    /// table, giving it this reference. Returns the fd.
    pub(crate) fn into_fd(self) -> Result<i32> {
        let this = core::mem::ManuallyDrop::new(self);
        // SAFETY: We own a reference, which `pidns_helper_open_ns()` consumes in every case.
        let fd = unsafe { ffi::pidns_helper_open_ns(this.ns.as_ptr()) };
        if fd < 0 {
            Err(Error::from_errno(fd))
        } else {
            Ok(fd)
        }
    }
}

impl Drop for NsRef {
    fn drop(&mut self) {
        // SAFETY: We own a reference, by the type invariant.
        unsafe { ffi::pidns_helper_put_ns(self.ns.as_ptr()) };
    }
}

/// The namespaces of one task, taken at one instant; see [`task_namespaces`].
pub(crate) type Snapshot = [Option<NsRef>; NS_TYPES];

/// Takes a reference on each namespace of `task` whose type `wanted` accepts, all from one
/// instant (under the task lock that `setns()` and `unshare()` switch namespaces under).
///
/// Errors: `ESRCH` if the task has exited.
pub(crate) fn task_namespaces(task: &Task, wanted: impl Fn(NsType) -> bool) -> Result<Snapshot> {
    let bits = NsType::ALL
        .into_iter()
        .filter(|ty| wanted(*ty))
        .fold(0u32, |bits, ty| bits | 1 << ty.index());
    let mut raw = [ptr::null_mut(); NS_TYPES];
    // SAFETY: `task` is valid; `raw` has room for every type.
    let ret = unsafe { ffi::pidns_helper_task_namespaces(task.as_ptr(), bits, &mut raw) };
    if ret < 0 {
        return Err(Error::from_errno(ret));
    }
    let mut snapshot: Snapshot = Default::default();
    for (slot, (ns, ty)) in snapshot.iter_mut().zip(raw.into_iter().zip(NsType::ALL)) {
        // INVARIANT: Each non-NULL entry carries a reference of type `ty` the helper took for us.
        *slot = NonNull::new(ns).map(|ns| NsRef { ns, ty });
    }
    Ok(snapshot)
}
