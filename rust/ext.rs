// SPDX-License-Identifier: GPL-2.0

//! Safe abstractions over the C parts of the kernel that the `kernel` crate does not cover (yet):
//! each file one C concept, written as it would be for `rust/kernel`, with its accessors in
//! `ext/helpers/` (one C file each, as `rust/helpers/`).
//!
//! The rules of this layer: it is the only one with `unsafe` code beyond the uapi types' byte
//! guarantees; it imports only the `kernel` crate and its own files, never `crate::defs`, an
//! operation or the module's state; and its files import one another without cycles:
//!
//! - `task` -> `pid`, `cast`; `pseudo_fs` -> `pid`, `ns_common`;
//! - `pid_namespace` -> `ns_common`, `cred`, `cast`; `pid` -> `cast`;
//! - `misc` -> `file_ops`; `proc_root` -> `cast`;
//! - leaves: `cast`, `cred`, `ns_common`, `file_ops`, `borrowed_file`, `uaccess`
//!   (and `helpers`, the declarations of the C accessors, which most files use).
//!
//! `scripts/layers-check.sh` (run by `make check`) checks these rules.

pub(crate) mod borrowed_file;
pub(crate) mod cast;
pub(crate) mod cred;
pub(crate) mod file_ops;
mod helpers;
pub(crate) mod misc;
pub(crate) mod ns_common;
pub(crate) mod pid;
pub(crate) mod pid_namespace;
pub(crate) mod proc_root;
pub(crate) mod pseudo_fs;
pub(crate) mod task;
pub(crate) mod uaccess;
