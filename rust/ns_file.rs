// SPDX-License-Identifier: GPL-2.0

//! Turning a file descriptor into what it names: a pid namespace (an nsfs file such as an open
//! `/proc/PID/ns/pid`) or a process (a pidfd).
//!
//! The kernel's own accessors for this, `proc_ns_file()` and `pidfd_pid()`, are not exported to
//! modules. This file identifies the file the way nsfs and pidfs identify their own: every inode
//! of those pseudo filesystems is a regular file whose `i_private` points to the object it
//! stands for (`struct ns_common` for nsfs, `struct pid` for pidfs), and the superblock magic
//! tells the two apart. The namespace type is checked before the `ns_common` is treated as a
//! pid namespace.
//!
//! What a file names is borrowed from it: the open file keeps its inode, and the inode keeps
//! the namespace or the `struct pid` alive, so no reference count is touched.
//!
//! C headers: [`include/linux/proc_ns.h`](srctree/include/linux/proc_ns.h),
//! [`include/linux/pidfs.h`](srctree/include/linux/pidfs.h)

use crate::{borrowed_file::BorrowedFile, pid::Pid, pid_namespace_ext::pid_ns_from_ptr};
use kernel::{bindings, ffi::c_ulong, pid_namespace::PidNamespace, prelude::*};

// Superblock magics, as `s_magic` holds them (compared in full: no truncation can alias them).
const NSFS_MAGIC: c_ulong = bindings::NSFS_MAGIC as c_ulong;
const PID_FS_MAGIC: c_ulong = bindings::PID_FS_MAGIC as c_ulong;

/// What a file passed by user space refers to, borrowed from the file.
pub(crate) enum NsFile<'f> {
    /// A pid-namespace file from nsfs (`/proc/PID/ns/pid` or `pid_for_children`).
    PidNamespace(&'f PidNamespace),
    /// A pidfd (from `pidfd_open()` or `clone3(CLONE_PIDFD)`), thread or process.
    Pidfd(&'f Pid),
}

impl<'f> NsFile<'f> {
    /// What `file` refers to.
    ///
    /// Errors: `EINVAL` if it is neither a pid-namespace nsfs file nor a pidfd.
    pub(crate) fn of(file: &'f BorrowedFile) -> Result<Self> {
        // SAFETY: `file` is open for `'f`, which pins its inode and superblock; `f_inode`,
        // `i_sb`, `s_magic` and `i_mode` do not change while the file is open.
        let (inode, magic, mode) = unsafe {
            let inode = (*file.as_ptr()).f_inode;
            (inode, (*(*inode).i_sb).s_magic, u32::from((*inode).i_mode))
        };
        // Both pseudo filesystems have one directory, their root; every other inode is a
        // regular file standing for one object.
        if mode & bindings::S_IFMT != bindings::S_IFREG {
            return Err(EINVAL);
        }
        // SAFETY: `i_private` is set before the inode is published and never changes.
        let private = unsafe { (*inode).i_private };
        if private.is_null() {
            return Err(EINVAL);
        }
        match magic {
            NSFS_MAGIC => {
                let ns = private.cast::<bindings::ns_common>();
                // SAFETY: An nsfs inode's `i_private` is the `ns_common` it stands for, valid
                // while the file is open; `ns_type` never changes.
                if unsafe { (*ns).ns_type } != bindings::CLONE_NEWPID {
                    return Err(EINVAL);
                }
                // SAFETY: A `CLONE_NEWPID` `ns_common` is the `ns` member of a `pid_namespace`.
                let pid_ns = unsafe { kernel::container_of!(ns, bindings::pid_namespace, ns) };
                // SAFETY: The inode holds a reference to the namespace, and the open file holds
                // the inode, for `'f`.
                let pid_ns = unsafe { pid_ns_from_ptr(pid_ns) };
                Ok(Self::PidNamespace(pid_ns))
            }
            PID_FS_MAGIC => {
                // SAFETY: A pidfs inode's `i_private` is the `struct pid` it stands for, which
                // the inode holds a reference to; the open file holds the inode for `'f`.
                let pid = unsafe { Pid::from_ptr(private.cast::<bindings::pid>()) };
                Ok(Self::Pidfd(pid))
            }
            _ => Err(EINVAL),
        }
    }
}
