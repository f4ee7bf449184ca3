// SPDX-License-Identifier: GPL-2.0

//! Namespaces of any type (`struct ns_common`): their types and ids, and which namespaces a task
//! has at one instant.
//!
//! The 7.3 bindings know most namespace structs only as opaque types, so the accessors are C
//! (`helpers/ns_common.c`); this file gives them safe types.
//!
//! C header: [`include/linux/ns_common.h`](srctree/include/linux/ns_common.h)

use super::helpers;
use core::ptr;
use kernel::{bindings, fs::File, prelude::*, task::Task, types::Opaque};

/// A namespace type, named by its `CLONE_NEW*` flag.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
#[repr(u32)]
pub(crate) enum NsType {
    /// `CLONE_NEWUSER`.
    User = bindings::CLONE_NEWUSER,
    /// `CLONE_NEWNS`.
    Mnt = bindings::CLONE_NEWNS,
    /// `CLONE_NEWPID`: a task's active pid namespace.
    Pid = bindings::CLONE_NEWPID,
    /// `CLONE_NEWNET`.
    Net = bindings::CLONE_NEWNET,
    /// `CLONE_NEWUTS`.
    Uts = bindings::CLONE_NEWUTS,
    /// `CLONE_NEWIPC`.
    Ipc = bindings::CLONE_NEWIPC,
    /// `CLONE_NEWCGROUP`.
    Cgroup = bindings::CLONE_NEWCGROUP,
    /// `CLONE_NEWTIME`: a task's time namespace (not the one for its children).
    Time = bindings::CLONE_NEWTIME,
}

impl NsType {
    /// The `CLONE_NEW*` flag that names this type in `setns()` and `unshare()`.
    #[inline]
    pub(crate) const fn clone_flag(self) -> u32 {
        self as u32
    }

    /// The name of its file in `/proc/PID/ns/`.
    pub(crate) const fn proc_name(self) -> &'static str {
        match self {
            Self::User => "user",
            Self::Mnt => "mnt",
            Self::Pid => "pid",
            Self::Net => "net",
            Self::Uts => "uts",
            Self::Ipc => "ipc",
            Self::Cgroup => "cgroup",
            Self::Time => "time",
        }
    }

    /// Whether `ns` is the namespace of this type the calling task's new children would get
    /// (for pid and time namespaces, its `*_for_children` one): whether a `setns()` into it
    /// would change nothing.
    pub(crate) fn is_current_for_children(self, ns: &NsCommon) -> bool {
        // SAFETY: Any type flag is valid; the result is only compared.
        let current = unsafe { helpers::pidns_helper_current_ns_for_children(self.clone_flag()) };
        ptr::eq(current, ns.as_ptr())
    }
}

/// A namespace of any type: the kernel's `struct ns_common`.
///
/// # Invariants
///
/// Instances are valid `struct ns_common`s, borrowed from something that holds a reference.
#[repr(transparent)]
pub(crate) struct NsCommon(Opaque<bindings::ns_common>);

impl NsCommon {
    /// Creates a reference to an [`NsCommon`] from a valid pointer.
    ///
    /// # Safety
    ///
    /// `ptr` must point to a valid `struct ns_common` that stays valid for `'a`.
    #[inline]
    pub(crate) unsafe fn from_ptr<'a>(ptr: *const bindings::ns_common) -> &'a Self {
        // SAFETY: Guaranteed by the caller; `NsCommon` is transparent.
        unsafe { &*ptr.cast() }
    }

    /// The raw pointer.
    #[inline]
    pub(crate) fn as_ptr(&self) -> *mut bindings::ns_common {
        self.0.get()
    }

    /// Its id: what `NS_GET_ID` on an nsfd of it returns. Never reused.
    #[doc(alias = "NS_GET_ID")]
    #[inline]
    pub(crate) fn id(&self) -> u64 {
        // SAFETY: Valid by the type invariant; `ns_id` is set before the namespace is reachable
        // and never changes.
        unsafe { helpers::pidns_helper_ns_id(self.as_ptr()) }
    }

    /// Its type, as a `CLONE_NEW*` flag.
    #[inline]
    pub(crate) fn clone_flag(&self) -> u32 {
        // SAFETY: Valid by the type invariant; `ns_type` never changes.
        unsafe { (*self.as_ptr()).ns_type }
    }
}

/// Which namespace of each type a task has, at one instant, as bare pointers: good only for
/// comparing with namespaces held otherwise (a held namespace cannot share its address with
/// another).
pub(crate) type Identities<const N: usize> = [*const bindings::ns_common; N];

/// The namespaces of `task` of each of `types`, all read at one instant (under the task lock
/// that `setns()` and `unshare()` switch namespaces under).
///
/// Errors: `ESRCH` if the task has exited.
pub(crate) fn task_namespaces<const N: usize>(
    task: &Task,
    types: [NsType; N],
) -> Result<Identities<N>> {
    let flags = types.map(NsType::clone_flag);
    let mut out: Identities<N> = [ptr::null(); N];
    // SAFETY: `task` is valid; both arrays have `N` entries.
    let ret = unsafe {
        helpers::pidns_helper_task_namespaces(
            task.as_ptr(),
            flags.as_ptr(),
            N as u32,
            out.as_mut_ptr(),
        )
    };
    kernel::error::to_result(ret)?;
    Ok(out)
}

/// Learns, and checks, where `struct mnt_namespace` (private to `fs/`) keeps its `ns_common`,
/// from `mnt_ns_file`, an open `/proc/self/ns/mnt` of the calling task. Called once, at load
/// time; until it succeeds, mount namespaces have no [`NsCommon`].
///
/// Errors: `EINVAL` if the file does not match the calling task's mount namespace.
pub(crate) fn learn_mnt_ns_layout(mnt_ns_file: &File) -> Result {
    // SAFETY: The file is valid and open; the helper only reads it and `current`.
    kernel::error::to_result(unsafe {
        helpers::pidns_helper_learn_mnt_ns_layout(mnt_ns_file.as_ptr())
    })
}
