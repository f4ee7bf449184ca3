// SPDX-License-Identifier: GPL-2.0

//! The caller's `/proc`: an internal procfs instance of the calling task's active pid namespace.
//!
//! Mainline decides who may have a task's namespaces (`/proc/PID/ns/*`, `PIDFD_GET_*_NAMESPACE`)
//! with `ptrace_may_access()`, LSMs included, which is not exported to modules. Opening
//! `PID/task/TID/ns/NAME` in a procfs instance lets the kernel make exactly that decision for the
//! calling task, and yields the nsfs file without installing it in any fd table, so that an
//! ioctl can publish its fds last. The kernel itself kept such an instance per pid namespace
//! until 5.x (`pid_ns->proc_mnt`).
//!
//! The mechanics are in `helpers/proc_root.c`.
//!
//! C header: [`include/linux/mount.h`](srctree/include/linux/mount.h)

use super::{cast::current_pid_ns, helpers};
use core::ptr::NonNull;
use kernel::{
    bindings,
    current,
    fs::File,
    pid_namespace::PidNamespace,
    prelude::*,
    str::CString,
    sync::aref::ARef, //
};

/// A procfs instance of one pid namespace, mounted internally (in no mount namespace).
///
/// # Invariants
///
/// `mnt` is a procfs mount made by `kern_mount()` for the pid namespace `ns`, unmounted on drop.
pub(crate) struct ProcRoot {
    mnt: NonNull<bindings::vfsmount>,
    ns: ARef<PidNamespace>,
}

// SAFETY: The mount may be used and unmounted from any task.
unsafe impl Send for ProcRoot {}

impl ProcRoot {
    /// Mounts procfs for the calling task's active pid namespace.
    pub(crate) fn mount() -> Result<Self> {
        let ns = ARef::from(current_pid_ns(current!()).ok_or(ESRCH)?);
        // SAFETY: No requirements; procfs takes the pid namespace from the current task.
        let mnt = unsafe { helpers::pidns_helper_proc_mount() };
        let mnt = NonNull::new(kernel::error::from_err_ptr(mnt)?).ok_or(ENOMEM)?;
        // INVARIANT: `kern_mount()` succeeded, for the current task's active pid namespace.
        Ok(Self { mnt, ns })
    }

    /// Opens `path` (relative to the root of this procfs) read-only, as `open(2)` would for the
    /// calling task: with every permission check on the way.
    pub(crate) fn open(&self, path: &CStr) -> Result<ARef<File>> {
        // SAFETY: `mnt` is a live mount by the type invariant; `path` is NUL-terminated.
        let file =
            unsafe { helpers::pidns_helper_proc_open(self.mnt.as_ptr(), path.as_char_ptr()) };
        let file = NonNull::new(kernel::error::from_err_ptr(file)?).ok_or(ENOENT)?;
        // SAFETY: `file_open_root()` returned a file with one reference, which we now own.
        // `File` is a transparent wrapper of `struct file`, and a file just opened has no
        // `fdget_pos()` users.
        Ok(unsafe { ARef::from_raw(file.cast::<File>()) })
    }

    /// Opens `/proc/TGID/task/TID/ns/NAME` of this instance: the namespace file of the thread
    /// `tid` of the process `tgid` (numbers in the namespace this instance shows), if the caller
    /// may have it.
    ///
    /// Errors: `EACCES` if the kernel refuses the caller access (ptrace read access, LSMs
    /// included); `ENOENT` if there is no such task (any more).
    pub(crate) fn open_ns_file(&self, tgid: i32, tid: i32, name: &str) -> Result<ARef<File>> {
        let path = CString::try_from_fmt(fmt!("{}/task/{}/ns/{}", tgid, tid, name))?;
        self.open(&path)
    }

    /// Whether this instance shows `ns`.
    pub(crate) fn shows(&self, ns: &PidNamespace) -> bool {
        core::ptr::eq(&*self.ns, ns)
    }
}

impl Drop for ProcRoot {
    fn drop(&mut self) {
        // SAFETY: Mounted by `kern_mount()`, by the type invariant, and unmounted only here.
        unsafe { helpers::pidns_helper_proc_unmount(self.mnt.as_ptr()) };
    }
}
