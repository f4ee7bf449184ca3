// SPDX-License-Identifier: GPL-2.0

//! pidns: pid-namespace operations for container managers, checkpoint/restore tools and process
//! monitors, through the misc device `/dev/pidns`. The ABI is `include/uapi/linux/pidns.h`.
//!
//! # Layers
//!
//! - `ext/`: safe abstractions over C that the `kernel` crate lacks (`struct pid`, pid-namespace
//!   and task queries, namespaces of any type, nsfs/pidfs files, borrowed fds, credentials,
//!   uaccess, file operations, the misc device), each written as it would be for `rust/kernel`.
//!   The only layer with `unsafe` code; it imports nothing from the rest of the crate.
//! - This directory: the module (this file), the uapi types (`defs.rs`, `uapi.rs`), the ioctl
//!   dispatch (`device.rs`), and who is calling and what the references it passes name, under
//!   mainline's permission rules (`caller.rs`). No `unsafe` but the byte guarantees of the uapi
//!   types.
//! - `ops/`: the operations, one file per family, in safe Rust (`#![forbid(unsafe_code)]`).
//!
//! Imports go downwards only: `ops/` uses this directory and `ext/`; `ext/` uses only the `kernel`
//! crate and itself.

mod caller;
mod defs;
mod device;
mod ext;
mod ops;

use ext::{misc::MiscRegistration, ns_common, proc_root::ProcRoot};
use kernel::prelude::*;

module! {
    type: PidnsModule,
    name: "pidns",
    authors: ["The pidns developers"],
    description: "Pid-namespace operations: translation, init pids, ns_last_pid vectors, snapshots",
    license: "GPL",
}

#[pin_data]
/// The loaded module: owns the registration of `/dev/pidns`.
pub struct PidnsModule {
    #[pin]
    _dev: MiscRegistration<device::PidnsDevice>,
}

/// Learns what the C helpers need of a layout private to `fs/`, checked against this very kernel.
fn learn_layouts() -> Result {
    let mnt_ns = ProcRoot::mount()?.open(c"self/ns/mnt")?;
    ns_common::learn_mnt_ns_layout(&mnt_ns)
}

impl kernel::InPlaceModule for PidnsModule {
    fn init(_module: &'static ThisModule) -> impl PinInit<Self, Error> {
        let layouts = learn_layouts();
        if let Err(err) = layouts {
            pr_err!("cannot verify the namespace layouts of this kernel: {err:?}\n");
        }
        pr_info!(
            "/dev/pidns ready, ABI version {}\n",
            defs::PIDNS_ABI_VERSION
        );
        // Every ioctl checks its own permissions, so the node is open to all.
        try_pin_init!(Self {
            _dev <- {
                layouts?;
                MiscRegistration::register(defs::PIDNS_DEVICE_NAME, 0o666)
            },
        })
    }
}
