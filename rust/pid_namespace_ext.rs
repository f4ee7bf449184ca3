// SPDX-License-Identifier: GPL-2.0

//! Pid-namespace queries that the `kernel` crate's [`PidNamespace`] does not offer.
//!
//! C header: [`include/linux/pid_namespace.h`](srctree/include/linux/pid_namespace.h)

use kernel::{bindings, pid_namespace::PidNamespace};

/// A capability, as checked by `ns_capable()`.
#[derive(Clone, Copy, Debug)]
#[repr(u32)]
pub(crate) enum Capability {
    /// `CAP_SYS_PTRACE`.
    SysPtrace = bindings::CAP_SYS_PTRACE,
}

/// Pid-namespace queries.
pub(crate) trait PidNamespaceExt {
    /// Returns whether the current task has `cap` in the user namespace that owns this pid
    /// namespace.
    #[doc(alias = "ns_capable")]
    fn owner_capable(&self, cap: Capability) -> bool;
}

impl PidNamespaceExt for PidNamespace {
    #[inline]
    fn owner_capable(&self, cap: Capability) -> bool {
        // SAFETY: `user_ns` is set at creation, referenced by the namespace for its whole life;
        // `ns_capable()` checks the current task's credentials against it.
        unsafe { bindings::ns_capable((*self.as_ptr()).user_ns, cap as i32) }
    }
}
