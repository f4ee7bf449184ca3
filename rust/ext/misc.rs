// SPDX-License-Identifier: GPL-2.0

//! A misc device whose node has a given mode, with its operations from a [`FileOps`] type.
//!
//! The `kernel` crate's `MiscDeviceRegistration` always registers with mode 0 (devtmpfs then
//! makes the node 0600), and its file operations find their data through the layout of that
//! very type. `/dev/pidns` is meant for every user, each ioctl doing its own permission checks,
//! so this registration owns its `struct miscdevice`, sets the mode, and uses the table of
//! `file_ops.rs`. The clean fix upstream is a `mode` field in `MiscDeviceOptions`.
//!
//! C header: [`include/linux/miscdevice.h`](srctree/include/linux/miscdevice.h)

use super::file_ops::{FileOps, FileOpsTable};
use core::marker::PhantomData;
use kernel::{
    bindings,
    error::to_result,
    ffi::{c_int, c_void},
    prelude::*,
    types::{ForeignOwnable, Opaque},
};

/// The data of an open misc device: created on `open()`, dropped on release.
pub(crate) trait MiscDevice: FileOps {
    /// Creates the data of a file that opened the device.
    fn open() -> Result<Pin<KBox<Self>>>;
}

/// The table of the misc device's files: those of [`FileOpsTable`] plus `open`.
struct MiscTable<T>(PhantomData<T>);

impl<T: MiscDevice> MiscTable<T> {
    const FOPS: bindings::file_operations = FileOpsTable::<T>::build(Some(Self::open));

    /// The table, promoted to a static.
    const fn fops() -> &'static bindings::file_operations {
        &Self::FOPS
    }

    /// # Safety
    ///
    /// Called by `misc_open()` only, with the file being opened.
    unsafe extern "C" fn open(_inode: *mut bindings::inode, file: *mut bindings::file) -> c_int {
        match T::open() {
            Ok(this) => {
                // SAFETY: The file is being opened, so nothing else uses its private data yet
                // (`misc_open()` set it to the `struct miscdevice`, which we do not need).
                unsafe { (*file).private_data = this.into_foreign().cast::<c_void>() };
                0
            }
            Err(err) => err.to_errno(),
        }
    }
}

/// A registered misc device, with a dynamic minor and a node of a given mode.
///
/// # Invariants
///
/// `inner` holds a `struct miscdevice` whose `fops` are `MiscTable::<T>::FOPS`, registered with
/// `misc_register()` and deregistered exactly once, on drop.
#[pin_data(PinnedDrop)]
pub(crate) struct MiscRegistration<T> {
    #[pin]
    inner: Opaque<bindings::miscdevice>,
    _t: PhantomData<T>,
}

// SAFETY: `misc_deregister()` may be called from any thread.
unsafe impl<T> Send for MiscRegistration<T> {}
// SAFETY: No `&self` method mutates anything.
unsafe impl<T> Sync for MiscRegistration<T> {}

impl<T: MiscDevice> MiscRegistration<T> {
    /// Registers `/dev/NAME` with permission bits `mode` (e.g. `0o666`).
    pub(crate) fn register(name: &'static CStr, mode: u16) -> impl PinInit<Self, Error> {
        try_pin_init!(Self {
            inner <- Opaque::try_ffi_init(move |slot: *mut bindings::miscdevice| {
                let mut raw: bindings::miscdevice = pin_init::zeroed();
                raw.minor = bindings::MISC_DYNAMIC_MINOR as c_int;
                raw.name = name.as_char_ptr();
                raw.fops = MiscTable::<T>::fops();
                raw.mode = mode;
                // SAFETY: The initializer may write to `slot`.
                unsafe { slot.write(raw) };
                // INVARIANT: On success `slot` holds a registered misc device.
                // SAFETY: `slot` holds a valid `struct miscdevice`, pinned, and deregistered in
                // `drop` before its memory goes away.
                to_result(unsafe { bindings::misc_register(slot) })
            }),
            _t: PhantomData,
        })
    }
}

#[pinned_drop]
impl<T> PinnedDrop for MiscRegistration<T> {
    fn drop(self: Pin<&mut Self>) {
        // SAFETY: Registered, by the type invariant.
        unsafe { bindings::misc_deregister(self.inner.get()) };
    }
}
