// SPDX-License-Identifier: GPL-2.0

//! Finding a pid namespace by its 64-bit id, within the caller's pid-namespace subtree.
//!
//! The kernel indexes namespaces by id (`ns_tree_lookup_rcu()`), but does not export that index to
//! modules. What modules do get is `find_ge_pid()`, the iterator `/proc` itself uses: every task of
//! a namespace in the caller's subtree has a pid in the caller's namespace, and each pid leads to
//! its namespace and, through the parents, to every namespace between that one and the caller's.
//! So a first lookup walks the pids of the caller's namespace, costing O(pids x depth), in chunks
//! so that the RCU read-side critical sections stay short. The open file then remembers which pid
//! led to the namespace, and later lookups of the same id check that pid first: O(depth) for as
//! long as that process lives.
//!
//! This can only find namespaces that still have tasks; a namespace kept alive by nothing but
//! open fds or bind mounts is not found. Mainline's own id lookups (`listns()`, nsfs file handles)
//! likewise only serve active namespaces.

use crate::{caller::Caller, pid::Pid, pid_namespace_ext::PidNamespaceExt};
use kernel::{
    pid_namespace::PidNamespace,
    sync::{aref::ARef, rcu},
};

/// How many pids one RCU read-side critical section visits.
const PIDS_PER_CHUNK: usize = 256;

/// The namespace with id `id` on the way from `pid`'s namespace up to (excluding) `caller`'s.
fn on_chain<'a>(pid: &'a Pid, caller: &PidNamespace, id: u64) -> Option<&'a PidNamespace> {
    let mut ns = pid.namespace();
    while ns.level() > caller.level() {
        if ns.id() == id {
            return Some(ns);
        }
        ns = ns.parent()?;
    }
    None
}

/// Returns the namespace with id `id` if it is the caller's or a descendant of it that has tasks.
pub(crate) fn find_by_id(id: u64, caller: &Caller<'_>) -> Option<ARef<PidNamespace>> {
    if caller.id() == id {
        return Some(caller.ns().into());
    }
    if let Some(nr) = caller.id_hint(id) {
        let rcu = rcu::read_lock();
        // The pid holds a reference on its namespace, which holds one on each ancestor, and RCU
        // keeps the pid from being freed until `rcu` drops.
        if let Some(ns) = Pid::find(nr, caller, &rcu).and_then(|pid| on_chain(pid, caller, id)) {
            return Some(ns.into());
        }
    }
    let mut next_nr = 1;
    loop {
        let rcu = rcu::read_lock();
        for _ in 0..PIDS_PER_CHUNK {
            let pid = Pid::find_next(next_nr, caller, &rcu)?;
            let nr = pid.nr_in(caller)?.get();
            if let Some(ns) = on_chain(pid, caller, id) {
                let ns = ns.into();
                drop(rcu);
                caller.remember_id_hint(id, nr);
                return Some(ns);
            }
            next_nr = nr.checked_add(1)?;
        }
        drop(rcu);
        kernel::task::might_sleep();
    }
}
