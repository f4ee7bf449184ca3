// SPDX-License-Identifier: GPL-2.0

//! Files whose operations are a Rust type: a `file_operations` table built at compile time for
//! each type (as `kernel::miscdevice` builds its own), used by the misc device (`misc.rs`) and by
//! anonymous-inode files.
//!
//! The file's private data is the type, pinned in a [`KBox`], set when the file is opened (or
//! created, for an anonymous-inode file) and dropped on release. An ioctl reaches it with one
//! pointer read: no lock, no atomic, no state to check.
//!
//! C header: [`include/linux/fs.h`](srctree/include/linux/fs.h),
//! [`include/linux/anon_inodes.h`](srctree/include/linux/anon_inodes.h)

use super::helpers;
use core::marker::PhantomData;
use kernel::{
    bindings,
    error::to_result,
    ffi::{c_int, c_long, c_uint, c_ulong, c_void},
    prelude::*,
    seq_file::SeqFile,
    types::ForeignOwnable,
    ThisModule,
};

/// The `THIS_MODULE` of the crate this is expanded in, for [`FileOps::OWNER`]. Where `module!`
/// keeps it differs between kernel releases: 7.3's kernel crate has it in the module type's
/// `ModuleMetadata`, earlier ones in a static at the crate root (`rust/Kbuild` sets the cfg).
#[cfg(not(pidns_kernel_before_7_3))]
macro_rules! this_module {
    () => {
        ::kernel::module::this_module::<$crate::LocalModule>()
    };
}
#[cfg(pidns_kernel_before_7_3)]
macro_rules! this_module {
    () => {
        &$crate::THIS_MODULE
    };
}
pub(crate) use this_module;

/// The operations of a file whose private data is `Self`.
pub(crate) trait FileOps: Sized + Send + Sync + 'static {
    /// The module whose code the operations are, pinned while such a file is open:
    /// [`this_module!()`](this_module).
    const OWNER: &'static ThisModule;

    /// Answers an ioctl; a 32-bit caller's `arg` reaches it converted (`compat_ptr_ioctl()`).
    fn ioctl(this: Pin<&Self>, cmd: u32, arg: usize) -> Result<isize>;

    /// Shows what `/proc/PID/fdinfo/FD` adds for such a file.
    fn show_fdinfo(_this: Pin<&Self>, _m: &SeqFile) {}
}

/// The `file_operations` of the files of a [`FileOps`] type `T`.
pub(crate) struct FileOpsTable<T>(PhantomData<T>);

/// The `open` entry of a `file_operations` table.
pub(crate) type OpenFn = unsafe extern "C" fn(*mut bindings::inode, *mut bindings::file) -> c_int;

impl<T: FileOps> FileOpsTable<T> {
    /// The table, with `open` as its open operation (`None` for files that are created open).
    pub(crate) const fn build(open: Option<OpenFn>) -> bindings::file_operations {
        bindings::file_operations {
            open,
            release: Some(Self::release),
            unlocked_ioctl: Some(Self::ioctl),
            #[cfg(CONFIG_COMPAT)]
            compat_ioctl: bindings::compat_ptr_ioctl,
            show_fdinfo: Some(Self::show_fdinfo),
            owner: T::OWNER.as_ptr(),
            ..pin_init::zeroed()
        }
    }

    /// The table of anonymous-inode files, which are created open and have no position.
    const ANON: bindings::file_operations = bindings::file_operations {
        llseek: Some(bindings::noop_llseek),
        ..Self::build(None)
    };

    /// [`Self::ANON`], promoted to a static.
    const fn anon() -> &'static bindings::file_operations {
        &Self::ANON
    }

    /// The private data of `file`.
    ///
    /// # Safety
    ///
    /// `file` must be a file of this table, open for `'a`.
    #[inline]
    unsafe fn private<'a>(file: *mut bindings::file) -> Pin<&'a T> {
        // SAFETY: The private data of such a file is a `Pin<KBox<T>>` given up with
        // `into_foreign()`, taken back only on release, after its last user.
        unsafe { <Pin<KBox<T>> as ForeignOwnable>::borrow((*file).private_data) }
    }

    /// # Safety
    ///
    /// Called by the VFS only, with an open file of this table, held for the call.
    unsafe extern "C" fn ioctl(file: *mut bindings::file, cmd: c_uint, arg: c_ulong) -> c_long {
        // SAFETY: As the function's safety requirements say.
        let this = unsafe { Self::private(file) };
        match T::ioctl(this, cmd, arg) {
            Ok(ret) => ret as c_long,
            Err(err) => err.to_errno() as c_long,
        }
    }

    /// # Safety
    ///
    /// Called by the VFS only, with a valid `seq_file` and an open file of this table.
    unsafe extern "C" fn show_fdinfo(m: *mut bindings::seq_file, file: *mut bindings::file) {
        // SAFETY: The VFS gives a valid `seq_file`, used only for this call, and an open file of
        // this table.
        let (m, this) = unsafe { (SeqFile::from_raw(m), Self::private(file)) };
        T::show_fdinfo(this, m);
    }

    /// # Safety
    ///
    /// Called by the VFS only, once, after the last user of the file.
    unsafe extern "C" fn release(_inode: *mut bindings::inode, file: *mut bindings::file) -> c_int {
        // SAFETY: The private data is the `Pin<KBox<T>>` given up with `into_foreign()`, and
        // nothing uses it after release.
        drop(unsafe { <Pin<KBox<T>> as ForeignOwnable>::from_foreign((*file).private_data) });
        0
    }
}

/// Creates an anonymous-inode file named `name` (what `/proc/PID/fd/` links show as
/// `anon_inode:NAME`) owning `this`, and returns a new close-on-exec fd on it.
///
/// Errors: `EMFILE`/`ENFILE` (fd limits), `ENOMEM`.
pub(crate) fn anon_fd<T: FileOps>(name: &CStr, this: Pin<KBox<T>>) -> Result<i32> {
    let private = this.into_foreign();
    // SAFETY: `name` is NUL-terminated; the table is static; `private` is the `Pin<KBox<T>>`
    // the table's operations expect. On success the new file owns it and gives it back on
    // release; on failure it was not used.
    let fd = unsafe {
        helpers::anon_inode_getfd(
            name.as_char_ptr(),
            FileOpsTable::<T>::anon(),
            private.cast::<c_void>(),
            (bindings::O_RDWR | bindings::O_CLOEXEC) as c_int,
        )
    };
    if let Err(err) = to_result(fd) {
        // SAFETY: The file was not created, so `private` is still ours, from `into_foreign()`.
        drop(unsafe { <Pin<KBox<T>> as ForeignOwnable>::from_foreign(private) });
        return Err(err);
    }
    Ok(fd)
}
