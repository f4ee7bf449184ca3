// SPDX-License-Identifier: GPL-2.0

//! Who is asking: the calling task's active pid namespace, and the state its open `/dev/pidns`
//! keeps between calls (hints that make repeated id lookups cheap).

use crate::pid_namespace_ext::PidNamespaceExt;
use core::ops::Deref;
use kernel::{pid_namespace::PidNamespace, sync::SpinLock};

/// How many namespace ids one open file remembers.
const ID_HINTS: usize = 16;

/// Where namespaces were last found by id: for each, the number (in the caller's namespace) of a
/// pid that led to it. Plain numbers, no references: a stale hint is detected and costs a full
/// lookup, never a wrong answer (ids are never reused, and a hint is checked against the id).
#[derive(Default)]
pub(crate) struct IdHints {
    entries: [IdHint; ID_HINTS],
    next: usize,
}

#[derive(Clone, Copy, Default)]
struct IdHint {
    caller_id: u64,
    id: u64,
    nr: i32,
}

impl IdHints {
    /// The remembered pid number for namespace `id`, as seen from namespace `caller_id`.
    pub(crate) fn get(&self, caller_id: u64, id: u64) -> Option<i32> {
        self.entries
            .iter()
            .find(|e| e.nr != 0 && e.caller_id == caller_id && e.id == id)
            .map(|e| e.nr)
    }

    /// Remembers that pid `nr` of namespace `caller_id` led to namespace `id`.
    pub(crate) fn put(&mut self, caller_id: u64, id: u64, nr: i32) {
        let slot = match self
            .entries
            .iter()
            .position(|e| e.caller_id == caller_id && e.id == id)
        {
            Some(slot) => slot,
            None => {
                let slot = self.next;
                self.next = (self.next + 1) % ID_HINTS;
                slot
            }
        };
        self.entries[slot] = IdHint { caller_id, id, nr };
    }
}

/// The caller of an ioctl. Dereferences to its active pid namespace.
pub(crate) struct Caller<'a> {
    ns: &'a PidNamespace,
    hints: &'a SpinLock<IdHints>,
}

impl<'a> Caller<'a> {
    /// A caller whose active pid namespace is `ns`, calling through a file holding `hints`.
    pub(crate) fn new(ns: &'a PidNamespace, hints: &'a SpinLock<IdHints>) -> Self {
        Self { ns, hints }
    }

    /// The caller's active pid namespace, for as long as the call lasts.
    pub(crate) fn ns(&self) -> &'a PidNamespace {
        self.ns
    }

    /// The remembered hint for namespace `id`.
    pub(crate) fn id_hint(&self, id: u64) -> Option<i32> {
        self.hints.lock().get(self.ns.id(), id)
    }

    /// Remembers a hint for namespace `id`.
    pub(crate) fn remember_id_hint(&self, id: u64, nr: i32) {
        self.hints.lock().put(self.ns.id(), id, nr);
    }
}

impl Deref for Caller<'_> {
    type Target = PidNamespace;

    fn deref(&self) -> &PidNamespace {
        self.ns
    }
}
