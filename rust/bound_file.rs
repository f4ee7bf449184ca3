// SPDX-License-Identifier: GPL-2.0

//! Bound files: the anonymous-inode files `PIDNS_IOC_BIND` returns, each owning one [`Binding`]
//! for its whole life.
//!
//! The binding is set before the file exists and never changes, so a bound call reaches it with
//! one pointer read: no lock, no atomic, no state to check. That is what lets a bound call cost
//! what mainline's nsfs ioctls do. The `file_operations` table lives in `helpers.c` (it needs
//! `THIS_MODULE`, which pins the module while a bound file is open); its callbacks are here.
//! Everything past them is the safe [`Binding`] API.

use crate::binding::Binding;
use kernel::{
    bindings,
    ffi::{c_int, c_long, c_uint, c_ulong, c_void},
    prelude::*,
    seq_file::SeqFile,
};

mod ffi {
    use kernel::ffi::{c_int, c_void};

    extern "C" {
        pub(super) fn pidns_helper_bound_fd(binding: *mut c_void) -> c_int;
    }
}

/// Creates a bound file owning `binding` and returns a new close-on-exec fd on it.
///
/// Errors: `ENOMEM`, `EMFILE`/`ENFILE` (fd limits).
pub(crate) fn install(binding: Binding) -> Result<i32> {
    let raw = KBox::into_raw(KBox::new(binding, GFP_KERNEL)?);
    // SAFETY: `raw` is a valid, leaked `KBox<Binding>`. On success the new file owns it and
    // gives it back in `pidns_bound_release()`; on failure it was not used.
    let fd = unsafe { ffi::pidns_helper_bound_fd(raw.cast::<c_void>()) };
    if fd < 0 {
        // SAFETY: The file was not created, so `raw` is still ours, from `KBox::into_raw()`.
        drop(unsafe { KBox::from_raw(raw) });
        return Err(Error::from_errno(fd));
    }
    Ok(fd)
}

/// The binding a bound file owns.
///
/// # Safety
///
/// `file` must be a bound file (created by [`install`]) that is open for `'a`.
#[inline]
unsafe fn binding_of<'a>(file: *const bindings::file) -> &'a Binding {
    // SAFETY: A bound file's private data is the `KBox<Binding>` it was created with, freed only
    // on release, after its last user.
    unsafe { &*(*file).private_data.cast::<Binding>() }
}

/// `unlocked_ioctl` (and, through `compat_ptr_ioctl()`, `compat_ioctl`) of bound files.
///
/// # Safety
///
/// Called by the VFS only, with an open bound file.
#[no_mangle]
unsafe extern "C" fn pidns_bound_ioctl(
    file: *mut bindings::file,
    cmd: c_uint,
    arg: c_ulong,
) -> c_long {
    // SAFETY: The VFS calls this with an open bound file, held for the call.
    let binding = unsafe { binding_of(file) };
    match binding.ioctl(cmd, arg) {
        Ok(ret) => ret as c_long,
        Err(err) => err.to_errno() as c_long,
    }
}

/// `show_fdinfo` of bound files: what `/proc/PID/fdinfo/FD` shows of one.
///
/// # Safety
///
/// Called by the VFS only, with a valid `seq_file` and an open bound file.
#[no_mangle]
unsafe extern "C" fn pidns_bound_show_fdinfo(
    m: *mut bindings::seq_file,
    file: *mut bindings::file,
) {
    // SAFETY: The VFS gives a valid `seq_file`, used only for this call, and an open bound file.
    let (m, binding) = unsafe { (SeqFile::from_raw(m), binding_of(file)) };
    binding.show_fdinfo(m);
}

/// `release` of bound files: gives back the binding, and with it its namespace references.
///
/// # Safety
///
/// Called by the VFS only, once, after the last user of the bound file.
#[no_mangle]
unsafe extern "C" fn pidns_bound_release(
    _inode: *mut bindings::inode,
    file: *mut bindings::file,
) -> c_int {
    // SAFETY: The private data is the `KBox<Binding>` leaked by `install()`, and nothing uses it
    // after release.
    drop(unsafe { KBox::from_raw((*file).private_data.cast::<Binding>()) });
    0
}
