// SPDX-License-Identifier: GPL-2.0

//! Finding a pid namespace by its 64-bit id, within the caller's pid-namespace subtree.
//!
//! The kernel indexes namespaces by id (`ns_tree_lookup_rcu()`), but does not export that index to
//! modules. What modules do get is `find_ge_pid()`, the iterator `/proc` itself uses: every task of
//! a namespace in the caller's subtree has a pid in the caller's namespace, and each pid leads to
//! its namespace and, through the parents, to every namespace between that one and the caller's.
//! So a lookup walks the pids of the caller's namespace, costing O(pids x depth) per call, in
//! chunks so that the RCU read-side critical sections stay short.
//!
//! This can only find namespaces that still have tasks; a namespace kept alive by nothing but
//! open fds or bind mounts is not found. Mainline's own id lookups (`listns()`, nsfs file handles)
//! likewise only serve active namespaces.

use crate::{pid::Pid, pid_namespace_ext::PidNamespaceExt};
use kernel::{
    pid_namespace::PidNamespace,
    sync::{aref::ARef, rcu}, //
};

/// How many pids one RCU read-side critical section visits.
const PIDS_PER_CHUNK: usize = 256;

/// Returns the namespace with id `id` if it is `caller` or a descendant of it that has tasks.
pub(crate) fn find_by_id(id: u64, caller: &PidNamespace) -> Option<ARef<PidNamespace>> {
    if caller.id() == id {
        return Some(caller.into());
    }
    let mut next_nr = 1;
    loop {
        let rcu = rcu::read_lock();
        for _ in 0..PIDS_PER_CHUNK {
            let pid = Pid::find_next(next_nr, caller, &rcu)?;
            let mut ns = pid.namespace();
            while ns.level() > caller.level() {
                if ns.id() == id {
                    // The pid holds a reference on its namespace, which holds one on each
                    // ancestor, and RCU keeps the pid from being freed until `rcu` drops.
                    return Some(ns.into());
                }
                ns = ns.parent()?;
            }
            next_nr = pid.nr_in(caller)?.get().checked_add(1)?;
        }
        drop(rcu);
        kernel::task::might_sleep();
    }
}
