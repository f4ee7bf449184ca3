// SPDX-License-Identifier: GPL-2.0

//! What a file of nsfs or pidfs stands for: a namespace (an nsfs file such as an open
//! `/proc/PID/ns/pid`) or a process (a pidfd).
//!
//! The kernel's own accessors, `proc_ns_file()` and `pidfd_pid()`, are not exported to modules.
//! The helpers (`helpers/pseudo_fs.c`) identify the files the way nsfs and pidfs do: every inode
//! of those pseudo filesystems but their root is a regular file whose `i_private` points to the
//! object it stands for, and the superblock magic tells the two apart.
//!
//! What a file stands for is borrowed from it: the open file keeps its inode, and the inode keeps
//! the namespace or the `struct pid` alive, so no reference count is touched.
//!
//! C headers: [`include/linux/proc_ns.h`](srctree/include/linux/proc_ns.h),
//! [`include/linux/pidfs.h`](srctree/include/linux/pidfs.h)

use super::{cast, helpers, ns_common::NsCommon, pid::StructPid};
use kernel::fs::LocalFile;

/// The namespace an nsfs file stands for, or `None` if `file` is not an nsfs file.
#[doc(alias = "proc_ns_file")]
#[inline]
pub(crate) fn nsfs_namespace(file: &LocalFile) -> Option<&NsCommon> {
    // SAFETY: `file` is a valid, open file; the helper only reads its inode.
    let ns = unsafe { helpers::pidns_helper_nsfs_file_ns(cast::file_ptr(file)) };
    // SAFETY: An nsfs inode holds a reference to its namespace, and the open file holds the
    // inode, for as long as `file` is borrowed.
    (!ns.is_null()).then(|| unsafe { NsCommon::from_ptr(ns) })
}

/// The `struct pid` a pidfd stands for (a process or a thread), or `None` if `file` is not a
/// pidfd.
#[inline]
pub(crate) fn pidfd_pid(file: &LocalFile) -> Option<&StructPid> {
    // SAFETY: `file` is a valid, open file; the helper only reads its inode.
    let pid = unsafe { helpers::pidns_helper_pidfs_file_pid(cast::file_ptr(file)) };
    // SAFETY: A pidfs inode holds a reference to its `struct pid`, and the open file holds the
    // inode, for as long as `file` is borrowed.
    (!pid.is_null()).then(|| unsafe { StructPid::from_ptr(pid) })
}
