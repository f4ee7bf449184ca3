// SPDX-License-Identifier: GPL-2.0

//! pidns: pid-namespace operations for container managers, checkpoint/restore tools and process
//! monitors, through the misc device `/dev/pidns`.
//!
//! The ABI is `include/uapi/linux/pidns.h`. This file holds only the module plumbing; each
//! operation lives in a file of its own, on top of the safe abstractions in `pid.rs`,
//! `pid_namespace_ext.rs` and `ns_file.rs`.

mod binding;
mod borrowed_file;
mod bound_file;
mod caller;
mod defs;
mod device;
mod init_pid;
mod last_pids;
mod misc_registration;
mod namespaces;
mod ns_common;
mod ns_file;
mod ns_lookup;
mod ns_ref;
mod pid;
mod pid_namespace_ext;
mod proc_root;
mod task_ext;
mod translate;
mod user_struct;

use kernel::{miscdevice::MiscDeviceOptions, prelude::*};
use misc_registration::ModedMiscDeviceRegistration;

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
    _dev: ModedMiscDeviceRegistration<device::PidnsDevice>,
}

impl kernel::InPlaceModule for PidnsModule {
    fn init(_module: &'static ThisModule) -> impl PinInit<Self, Error> {
        // The C helpers rely on a layout private to fs/: checked against this very kernel.
        let layout = proc_root::ProcRoot::mount().and_then(|proc| proc.learn_layout());
        if let Err(err) = layout {
            pr_err!("cannot verify the namespace layouts of this kernel: {err:?}\n");
        }
        pr_info!(
            "/dev/pidns ready, ABI version {}\n",
            defs::PIDNS_ABI_VERSION
        );
        let options = MiscDeviceOptions {
            name: defs::PIDNS_DEVICE_NAME,
        };
        // Every ioctl checks its own permissions, so the node is open to all.
        try_pin_init!(Self {
            _dev <- {
                layout?;
                ModedMiscDeviceRegistration::register(options, 0o666)
            },
        })
    }
}
