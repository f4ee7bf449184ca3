// SPDX-License-Identifier: GPL-2.0

//! Pointer casts the `kernel` crate has, as `#[inline]` copies.
//!
//! [`PidNamespace::from_ptr`] and the `Opaque::get()` under [`Task::as_ptr`] are not inlined
//! across crates, so each use is a call into the `kernel` crate. The parent walks and thread
//! walks of the translation and init-pid paths make several per ioctl; these two casts are what
//! those loops use instead. Nothing else in pidns shadows the `kernel` crate.

use kernel::{bindings, pid_namespace::PidNamespace, task::Task};

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
