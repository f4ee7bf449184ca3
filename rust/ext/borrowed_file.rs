// SPDX-License-Identifier: GPL-2.0

//! Files borrowed from the calling task's fd table for the length of one ioctl, the way system
//! calls take their fd arguments: `fdget()` / `fdput()`, which takes no reference when the fd
//! table is not shared. Such a borrow is sound only in the task that made it and only until the
//! call returns, which [`BorrowedFile`] enforces by being neither `Send` nor storable.
//!
//! C header: [`include/linux/file.h`](srctree/include/linux/file.h)

use super::helpers;
use core::{marker::PhantomData, ops::Deref, ptr::NonNull};
use kernel::{bindings, fs::LocalFile, prelude::*};

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
        let file = unsafe { helpers::pidns_helper_fd_file(fd) };
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

    /// Keeps what `borrow` borrows from the file, together with the file.
    pub(crate) fn map<T: ?Sized>(
        self,
        borrow: impl for<'f> FnOnce(&'f LocalFile) -> Result<&'f T>,
    ) -> Result<FileBorrow<T>> {
        let value = NonNull::from(borrow(&self)?);
        // INVARIANT: `value` is borrowed from the file, which `self` holds; moving a
        // `BorrowedFile` does not move the `struct file` it refers to.
        Ok(FileBorrow { value, _file: self })
    }
}

impl Deref for BorrowedFile {
    type Target = LocalFile;

    /// The file, for as long as it is borrowed.
    #[inline]
    fn deref(&self) -> &LocalFile {
        // SAFETY: By the type invariant, `file` is open and the fd table's reference keeps it
        // so while `self` lives (see the module documentation); an `fdget_pos()` of it that did
        // not take `f_pos_lock` could only be on this very thread.
        unsafe { LocalFile::from_raw_file(self.file) }
    }
}

impl Drop for BorrowedFile {
    fn drop(&mut self) {
        // SAFETY: By the type invariant, `fd` came from `fdget()` in this task and is released
        // exactly once, here.
        unsafe { helpers::pidns_helper_fdput(self.fd) };
    }
}

/// Something borrowed from a [`BorrowedFile`] (the namespace an nsfd names, say), held together
/// with the file that keeps it alive.
///
/// # Invariants
///
/// `value` was borrowed from `file` (it lives as long as `file` is open), and `file` is held.
pub(crate) struct FileBorrow<T: ?Sized> {
    value: NonNull<T>,
    /// Held only to keep `value` alive; released on drop.
    _file: BorrowedFile,
}

impl<T: ?Sized> Deref for FileBorrow<T> {
    type Target = T;

    #[inline]
    fn deref(&self) -> &T {
        // SAFETY: By the type invariant, the file `value` was borrowed from is held for as long as
        // `self` lives.
        unsafe { self.value.as_ref() }
    }
}
