// SPDX-License-Identifier: GPL-2.0

//! Files borrowed from the calling task's fd table for the length of one ioctl, the way system
//! calls take their fd arguments: `fdget()` / `fdput()`.
//!
//! `fget()` takes a reference on the file, an atomic operation on a cache line every user of the
//! file shares. `fdget()` does not when the caller's fd table is not shared with another task
//! (a single-threaded process, the common case of a tool asking about a namespace): no other
//! task can then close the fd before the ioctl returns, so the table's own reference keeps the
//! file alive. That is sound only until the ioctl returns to user space, and only in the task
//! that made it, which [`BorrowedFile`] enforces by being neither `Send` nor storable beyond the
//! call (it is created and dropped within one ioctl).
//!
//! C header: [`include/linux/file.h`](srctree/include/linux/file.h)

use core::marker::PhantomData;
use kernel::{bindings, prelude::*};

mod ffi {
    use kernel::bindings::{fd, file};

    #[expect(
        improper_ctypes,
        reason = "only pointers to these bindgen types cross, as everywhere in `kernel::bindings`"
    )]
    extern "C" {
        pub(super) fn pidns_helper_fd_file(f: fd) -> *mut file;
        pub(super) fn pidns_helper_fdput(f: fd);
    }
}

/// An open file of the current task's fd table, held the way `fdget()` holds it.
///
/// # Invariants
///
/// `fd` was returned by `fdget()` for an open file (not `EMPTY_FD`), in the current task, and has
/// not been given to `fdput()`; `file` is `fd_file(fd)`.
pub(crate) struct BorrowedFile {
    fd: bindings::fd,
    file: *mut bindings::file,
    /// `fdget()`'s light reference is only good in the task that took it.
    _not_send: PhantomData<*mut ()>,
}

impl BorrowedFile {
    /// Borrows the file open as `fd` in the current task. `EBADF` if there is none, or if it is an
    /// `O_PATH` file (which `fdget()`, like `fget()`, does not return).
    pub(crate) fn get(fd: u32) -> Result<Self> {
        // SAFETY: `fdget()` may be called with any fd number.
        let fd = unsafe { bindings::fdget(fd) };
        // SAFETY: `fd` is what `fdget()` returned; `fd_file()` only decodes it.
        let file = unsafe { ffi::pidns_helper_fd_file(fd) };
        if file.is_null() {
            return Err(EBADF);
        }
        // INVARIANT: `fdget()` found an open file, and `file` is it.
        Ok(Self {
            fd,
            file,
            _not_send: PhantomData,
        })
    }

    /// The file, for as long as it is borrowed.
    pub(crate) fn as_ptr(&self) -> *mut bindings::file {
        self.file
    }
}

impl Drop for BorrowedFile {
    fn drop(&mut self) {
        // SAFETY: By the type invariant, `fd` came from `fdget()` in this task and is released
        // exactly once, here.
        unsafe { ffi::pidns_helper_fdput(self.fd) };
    }
}
