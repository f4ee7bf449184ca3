// SPDX-License-Identifier: GPL-2.0

//! The operations of `/dev/pidns`, one file per family, written in safe Rust on top of the
//! abstractions in `ext/` and the caller's references (`caller.rs`). Each answers its uapi
//! struct for a [`Caller`](crate::caller::Caller) and returns a [`Reply`]:
//! what the call commits once its answer has reached user space.
//!
//! No `unsafe` here: the compiler enforces it.

#![forbid(unsafe_code)]

pub(crate) mod bind;
pub(crate) mod init_pid;
pub(crate) mod last_pids;
pub(crate) mod namespaces;
pub(crate) mod relation;
pub(crate) mod translate;

use crate::ext::uaccess::TentativeWrite;
use kernel::prelude::*;

/// What an operation hands back to the dispatch (`device.rs`): turned into the ioctl's return
/// value once the answer has reached user space, which is when an operation's side effects take
/// place (a vector set, fds installed, a bound file created). Dropped instead, when the answer
/// could not be written back, it undoes what was written and commits nothing.
pub(crate) trait Reply {
    /// Commits the operation; returns the ioctl's return value.
    fn commit(self) -> Result<isize>;
}

/// A number, returned as the ioctl's value (`PIDNS_IOC_TRANSLATE`, like `translate_pid()`).
impl Reply for i32 {
    fn commit(self) -> Result<isize> {
        Ok(self as isize)
    }
}

/// Nothing beyond the struct's output fields.
impl Reply for () {
    fn commit(self) -> Result<isize> {
        Ok(0)
    }
}

/// An output written to user space: the caller's for good once the struct is written back too.
impl Reply for TentativeWrite {
    fn commit(self) -> Result<isize> {
        self.keep();
        Ok(0)
    }
}
