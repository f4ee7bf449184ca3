// SPDX-License-Identifier: GPL-2.0

//! A misc device registration that also sets the device node's mode.
//!
//! The `kernel` crate's [`MiscDeviceRegistration`] always registers with mode 0 (devtmpfs then
//! makes the node 0600). `/dev/pidns` is meant for every user, each ioctl doing its own
//! permission checks, so it needs the mode set in `struct miscdevice` before `misc_register()`.
//! This type is that registration, built from the same [`MiscDeviceOptions::into_raw`] so that the
//! file operations are exactly the `kernel` crate's.
//!
//! C header: [`include/linux/miscdevice.h`](srctree/include/linux/miscdevice.h)

use core::marker::PhantomData;
use kernel::{
    bindings,
    error::to_result,
    miscdevice::{MiscDevice, MiscDeviceOptions, MiscDeviceRegistration},
    prelude::*,
    types::Opaque, //
};

/// A registered misc device whose node is created with a given mode.
///
/// # Invariants
///
/// `inner` holds a `struct miscdevice` built by [`MiscDeviceOptions::into_raw::<T>`] and
/// registered with `misc_register()`; it is deregistered exactly once, on drop.
#[pin_data(PinnedDrop)]
pub(crate) struct ModedMiscDeviceRegistration<T> {
    #[pin]
    inner: Opaque<bindings::miscdevice>,
    _t: PhantomData<T>,
}

// SAFETY: `misc_deregister()` may be called from any thread.
unsafe impl<T> Send for ModedMiscDeviceRegistration<T> {}
// SAFETY: No `&self` method mutates anything.
unsafe impl<T> Sync for ModedMiscDeviceRegistration<T> {}

impl<T: MiscDevice> ModedMiscDeviceRegistration<T> {
    /// Registers a misc device whose node gets permission bits `mode` (e.g. `0o666`).
    pub(crate) fn register(opts: MiscDeviceOptions, mode: u16) -> impl PinInit<Self, Error> {
        try_pin_init!(Self {
            inner <- Opaque::try_ffi_init(move |slot: *mut bindings::miscdevice| {
                let mut raw = opts.into_raw::<T>();
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

// The file operations of `into_raw::<T>()` recover `&MiscDeviceRegistration<T>` from the
// `struct miscdevice` pointer in `file->private_data`. That type is a transparent wrapper of the
// same `struct miscdevice` this registration holds, so the cast it does is valid here too.
const _: () = assert!(
    core::mem::size_of::<MiscDeviceRegistration<()>>()
        == core::mem::size_of::<bindings::miscdevice>()
);

#[pinned_drop]
impl<T> PinnedDrop for ModedMiscDeviceRegistration<T> {
    fn drop(self: Pin<&mut Self>) {
        // SAFETY: Registered, by the type invariant.
        unsafe { bindings::misc_deregister(self.inner.get()) };
    }
}
