// SPDX-License-Identifier: GPL-2.0

//! Namespaces of any type (`struct ns_common`): their types and ids, the namespace an nsfs file
//! stands for, and which namespaces a task has at one instant.
//!
//! The mechanics live in `helpers.c` (declared here), because the 7.3 bindings know most
//! namespace structs only as opaque types; this file gives them safe types.
//!
//! C header: [`include/linux/ns_common.h`](srctree/include/linux/ns_common.h)

use core::ptr;
use kernel::{bindings, fs::File, prelude::*, task::Task};

mod ffi {
    use kernel::bindings::{file, ns_common, task_struct};

    #[expect(
        improper_ctypes,
        reason = "only pointers to these bindgen types cross, as everywhere in `kernel::bindings`"
    )]
    extern "C" {
        pub(super) fn pidns_helper_ns_id(ns: *const ns_common) -> u64;
        pub(super) fn pidns_helper_nsfs_file_ns(file: *const file) -> *mut ns_common;
        pub(super) fn pidns_helper_task_namespaces(
            task: *mut task_struct,
            types: *const u32,
            n: u32,
            out: *mut *const ns_common,
        ) -> i32;
        pub(super) fn pidns_helper_current_ns_for_children(ty: u32) -> *const ns_common;
    }
}

/// The namespace types, in the order of `enum pidns_ns_index` (uapi).
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

    /// Its position in snapshots and in the uapi array.
    pub(crate) const fn index(self) -> usize {
        self as usize
    }

    /// Whether `ns` is the namespace of this type the calling task's new children would get
    /// (for pid and time namespaces, its `*_for_children` one): whether a `setns()` into it
    /// would change nothing.
    pub(crate) fn is_current_for_children(self, ns: &NsCommon) -> bool {
        // SAFETY: Any type flag is valid; the result is only compared.
        let current = unsafe { ffi::pidns_helper_current_ns_for_children(self.clone_flag()) };
        ptr::eq(current, ns.as_ptr())
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

/// A namespace of any type: the kernel's `struct ns_common`.
///
/// # Invariants
///
/// Instances are valid `struct ns_common`s, borrowed from something that holds a reference.
#[repr(transparent)]
pub(crate) struct NsCommon(kernel::types::Opaque<bindings::ns_common>);

impl NsCommon {
    /// The namespace an nsfs file stands for, borrowed from the file; `None` for other files.
    pub(crate) fn of_file(file: &File) -> Option<&NsCommon> {
        // SAFETY: `file` is a valid, referenced file; the helper only reads its inode.
        let ns = unsafe { ffi::pidns_helper_nsfs_file_ns(file.as_ptr()) };
        // SAFETY: An nsfs inode holds a reference to its namespace, and the file holds the
        // inode, for as long as `file` is borrowed. `NsCommon` is transparent.
        (!ns.is_null()).then(|| unsafe { &*ns.cast::<NsCommon>() })
    }

    /// The raw pointer.
    pub(crate) fn as_ptr(&self) -> *const bindings::ns_common {
        self.0.get()
    }

    /// Its id (`NS_GET_ID`).
    pub(crate) fn id(&self) -> u64 {
        // SAFETY: Valid by the type invariant.
        unsafe { ns_id(self.as_ptr()) }
    }

    /// Its type, as a `CLONE_NEW*` flag.
    pub(crate) fn clone_flag(&self) -> u32 {
        // SAFETY: Valid by the type invariant; `ns_type` never changes.
        unsafe { (*self.as_ptr()).ns_type }
    }
}

/// Which namespaces a task has, at one instant, as bare pointers: good only for comparing with
/// namespaces held otherwise (a held namespace cannot share its address with another).
pub(crate) type Identities = [*const bindings::ns_common; NS_TYPES];

/// The namespaces of every type of `task`, all read at one instant (under the task lock that
/// `setns()` and `unshare()` switch namespaces under).
///
/// Errors: `ESRCH` if the task has exited.
pub(crate) fn task_namespaces(task: &Task) -> Result<Identities> {
    let types = NsType::ALL.map(NsType::clone_flag);
    let mut out: Identities = [ptr::null(); NS_TYPES];
    // SAFETY: `task` is valid; both arrays have `NS_TYPES` entries.
    let ret = unsafe {
        ffi::pidns_helper_task_namespaces(
            task.as_ptr(),
            types.as_ptr(),
            NS_TYPES as u32,
            out.as_mut_ptr(),
        )
    };
    if ret < 0 {
        return Err(Error::from_errno(ret));
    }
    Ok(out)
}
