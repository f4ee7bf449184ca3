// SPDX-License-Identifier: GPL-2.0

//! Copying extensible ioctl structs in from user space, and writing outputs back.
//!
//! An extensible struct starts with a `u32` holding the size the caller was built with. The rules
//! are those of `copy_struct_from_user()` (see `include/linux/uaccess.h`) plus the two that
//! `sched_setattr()` and `perf_event_open()` add for a size read from the struct itself:
//!
//! - a size below the first published size (`SIZE_VER0`) is `EINVAL`;
//! - a size above one page is `E2BIG`;
//! - a size above what this module knows is accepted only if the unknown tail is all zero
//!   (`E2BIG` otherwise), so that a newer caller asking for something we cannot do fails loudly;
//! - a size below what we know leaves the fields it does not cover zero.
//!
//! User memory is read once. Usually that is one copy of the whole struct, whose size field says
//! it is exactly the struct this module knows. Otherwise: the size word, then the struct (whose
//! size word is overwritten with the first read, so a concurrent change by another thread cannot
//! matter), then the tail.

use super::helpers;
use core::{cmp::min, mem::size_of};
use kernel::{
    ffi::c_ulong,
    page::PAGE_SIZE,
    prelude::*,
    transmute::{AsBytes, FromBytes},
    uaccess::{UserPtr, UserSlice}, //
};

/// An ioctl argument struct that starts with its own `u32` size.
pub(crate) trait ExtensibleStruct: FromBytes + AsBytes + Default {
    /// The size of the first published version of the struct.
    const SIZE_VER0: usize;

    /// The byte range of the output fields, the only ones written back; `None` if the struct is
    /// input only.
    const OUTPUTS: Option<core::ops::Range<usize>>;

    /// Returns the size the caller declared (the struct's first field).
    fn size(&self) -> u32;

    /// Stores the size the caller declared.
    fn set_size(&mut self, size: u32);
}

/// Reads the extensible struct `T` at user address `arg`.
pub(crate) fn read_extensible<T: ExtensibleStruct>(arg: UserPtr) -> Result<T> {
    // The common case, a caller built with this very struct, in one copy: read what we know,
    // and keep it if the size it declares is exactly that.
    let mut value = T::default();
    if UserSlice::new(arg, size_of::<T>())
        .reader()
        .read_slice(value.as_bytes_mut())
        .is_ok()
        && value.size() as usize == size_of::<T>()
    {
        return Ok(value);
    }

    // Any other size (or memory that ends before our size): the size word first, then exactly
    // as many bytes as it declares.
    let size = UserSlice::new(arg, size_of::<u32>())
        .reader()
        .read::<u32>()?;
    let user_size = size as usize;
    if user_size < T::SIZE_VER0 {
        return Err(EINVAL);
    }
    if user_size > PAGE_SIZE {
        return Err(E2BIG);
    }

    let known = size_of::<T>();
    let mut reader = UserSlice::new(arg, user_size).reader();
    value = T::default();
    reader.read_slice(&mut value.as_bytes_mut()[..min(user_size, known)])?;
    value.set_size(size);

    // Check the part we do not know in chunks, without allocating.
    let mut chunk = [0u8; 64];
    while !reader.is_empty() {
        let n = min(reader.len(), chunk.len());
        reader.read_slice(&mut chunk[..n])?;
        if chunk[..n].iter().any(|&b| b != 0) {
            return Err(E2BIG);
        }
    }
    Ok(value)
}

/// Bytes written to user memory that are zeroed again when dropped, unless kept: an output that
/// must not outlive a call that fails after writing it (say, when its struct cannot be written
/// back), lest the caller take it for an answer.
pub(crate) struct TentativeWrite {
    ptr: UserPtr,
    len: usize,
}

impl TentativeWrite {
    /// Writes `bytes` to user memory at `ptr`.
    ///
    /// Errors: `EFAULT`, and what was written before the fault is zeroed again.
    pub(crate) fn new(ptr: UserPtr, bytes: &[u8]) -> Result<Self> {
        let written = Self {
            ptr,
            len: bytes.len(),
        };
        UserSlice::new(ptr, bytes.len())
            .writer()
            .write_slice(bytes)?;
        Ok(written)
    }

    /// Keeps the bytes: the call succeeded.
    pub(crate) fn keep(self) {
        core::mem::forget(self);
    }
}

impl Drop for TentativeWrite {
    fn drop(&mut self) {
        // SAFETY: `clear_user()` checks the range with `access_ok()` and handles faults (a fault
        // ends the clearing quietly: it undoes a write that may itself have stopped there); it
        // touches no kernel memory.
        unsafe { helpers::pidns_helper_clear_user(self.ptr.as_mut_ptr(), self.len as c_ulong) };
    }
}

/// Writes one `u64` to user memory at `ptr`: the kernel's `put_user()`, a single store, where
/// [`UserSlice`]'s writer goes through `copy_to_user()`'s copy loop; for an ioctl's one-value
/// output.
///
/// Errors: `EFAULT` if `ptr` is not writable.
#[inline]
pub(crate) fn put_user_u64(value: u64, ptr: UserPtr) -> Result {
    // SAFETY: `put_user()` checks the address with `access_ok()` and handles faults; it touches
    // no kernel memory.
    match unsafe { helpers::pidns_helper_put_user_u64(value, ptr.as_mut_ptr().cast()) } {
        0 => Ok(()),
        // `put_user()` fails with nothing but this.
        _ => Err(EFAULT),
    }
}

/// Writes the output fields of `value` back to the struct at `arg`, as far as the caller's struct
/// has them: never an input field, which the caller may have changed meanwhile (or placed on
/// memory it does not want written). An input-only struct is not written at all.
pub(crate) fn write_outputs<T: ExtensibleStruct>(arg: UserPtr, value: &T) -> Result {
    let Some(outputs) = T::OUTPUTS else {
        return Ok(());
    };
    // The declared size was validated on the way in: at least `SIZE_VER0`, at most a page.
    let end = min(outputs.end, min(value.size() as usize, size_of::<T>()));
    let Some(bytes) = value.as_bytes().get(outputs.start..end) else {
        return Ok(());
    };
    UserSlice::new(arg.wrapping_byte_add(outputs.start), bytes.len())
        .writer()
        .write_slice(bytes)
}
