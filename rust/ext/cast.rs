// SPDX-License-Identifier: GPL-2.0

//! Pointer casts the `kernel` crate has, as `#[inline]` copies.
//!
//! [`PidNamespace::from_ptr`] and the `Opaque::get()` under [`Task::as_ptr`] and
//! [`LocalFile::as_ptr`] are not inlined across crates, so each use is a call into the `kernel`
//! crate. Every ioctl and bound-file call asks the caller's pid namespace, every reference by fd
//! asks what the file stands for, and the parent walks of the translation paths make several
//! such casts per ioctl: these are what those paths use instead (a `make bench` run without the
//! first showed every per-call way slower).
//! Nothing else in pidns shadows the `kernel` crate.

use kernel::{
    bindings,
    fs::LocalFile,
    pid_namespace::PidNamespace,
    task::{CurrentTask, Task},
};

/// [`PidNamespace::from_ptr`], inlined.
///
/// # Safety
///
/// `ptr` must point to a valid pid namespace that outlives `'a`.
#[inline]
pub(crate) unsafe fn pid_namespace<'a>(ptr: *const bindings::pid_namespace) -> &'a PidNamespace {
    // SAFETY: `PidNamespace` is a transparent wrapper of `Opaque<pid_namespace>`, itself
    // transparent; validity for `'a` is guaranteed by the caller.
    unsafe { &*ptr.cast::<PidNamespace>() }
}

/// [`Task::as_ptr`], inlined.
#[inline]
pub(crate) fn task_ptr(task: &Task) -> *mut bindings::task_struct {
    // `Task` is a transparent wrapper of `Opaque<task_struct>`, itself transparent.
    core::ptr::from_ref(task).cast_mut().cast()
}

/// [`LocalFile::as_ptr`], inlined.
#[inline]
pub(crate) fn file_ptr(file: &LocalFile) -> *mut bindings::file {
    // `LocalFile` is a transparent wrapper of `Opaque<file>`, itself transparent.
    core::ptr::from_ref(file).cast_mut().cast()
}

/// [`CurrentTask::active_pid_ns`], inlined.
#[inline]
pub(crate) fn current_pid_ns(current: &CurrentTask) -> Option<&PidNamespace> {
    // SAFETY: The current task is valid, and `task_active_pid_ns()` may be called on it without
    // the RCU read lock.
    let ns = unsafe { bindings::task_active_pid_ns(task_ptr(current)) };
    if ns.is_null() {
        return None;
    }
    // SAFETY: The active pid namespace of a task never changes, and the task holds a reference
    // to it through its `struct pid` until it is reaped, which the current task is not while it
    // runs: the namespace outlives `current`.
    Some(unsafe { pid_namespace(ns) })
}
