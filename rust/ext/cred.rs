// SPDX-License-Identifier: GPL-2.0

//! Capabilities and credentials of the calling task, beyond what [`kernel::cred`] offers.
//!
//! C header: [`include/linux/cred.h`](srctree/include/linux/cred.h)

use super::helpers;
use core::ptr::NonNull;
use kernel::{bindings, cred::Credential, sync::aref::ARef};

/// A capability, as `ns_capable()` checks it.
#[derive(Clone, Copy, Debug)]
#[repr(u32)]
pub(crate) enum Capability {
    /// `CAP_SYS_ADMIN`.
    SysAdmin = bindings::CAP_SYS_ADMIN,
    /// `CAP_CHECKPOINT_RESTORE`.
    CheckpointRestore = bindings::CAP_CHECKPOINT_RESTORE,
}

impl Capability {
    /// Whether the calling task has this capability over the user namespace `ns`.
    ///
    /// # Safety
    ///
    /// `ns` must point to a valid user namespace.
    #[doc(alias = "ns_capable")]
    #[inline]
    pub(crate) unsafe fn in_user_ns(self, ns: *mut bindings::user_namespace) -> bool {
        // SAFETY: `ns` is valid by the caller's guarantee; `ns_capable()` checks the calling
        // task's credentials against it.
        unsafe { bindings::ns_capable(ns, self as i32) }
    }
}

/// A new reference to the calling task's credentials.
#[doc(alias = "get_current_cred")]
pub(crate) fn current_credentials() -> ARef<Credential> {
    // SAFETY: No requirements; the result is a new reference.
    let cred = unsafe { helpers::pidns_helper_get_current_cred() };
    // SAFETY: `get_current_cred()` never returns NULL, and its reference is handed over to the
    // `ARef`. `Credential` is a transparent wrapper of `struct cred`.
    unsafe { ARef::from_raw(NonNull::new_unchecked(cred.cast_mut().cast::<Credential>())) }
}

/// Runs `f` with the calling task's credentials, borrowed: only the task itself replaces them,
/// so they stay valid while `f` runs.
#[doc(alias = "current_cred")]
pub(crate) fn with_current<R>(f: impl FnOnce(&Credential) -> R) -> R {
    // SAFETY: No requirements.
    let cred = unsafe { helpers::pidns_helper_current_cred() };
    // SAFETY: `current_cred()` is valid and referenced by the calling task until the task itself
    // replaces it, which it cannot do while it runs `f`.
    f(unsafe { Credential::from_ptr(cred) })
}

/// Whether the calling task may see every namespace: what `listns()` and nsfs file handles ask
/// (`may_see_all_namespaces()`, not exported): it is in the initial pid namespace and has
/// `CAP_SYS_ADMIN` over the initial user namespace.
pub(crate) fn may_see_all_namespaces() -> bool {
    // SAFETY: No requirements.
    unsafe { helpers::pidns_helper_may_see_all_namespaces() }
}
