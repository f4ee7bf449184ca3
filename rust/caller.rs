// SPDX-License-Identifier: GPL-2.0

//! Who is asking: the calling task's active pid namespace and credentials, and the state its
//! open `/dev/pidns` keeps between calls: its `/proc` (`proc_root.rs`), and hints that make
//! repeated id lookups cheap.

use crate::{
    pid::{Pid, PidType},
    pid_namespace_ext::PidNamespaceExt,
    proc_root::ProcRoot,
    task_ext::TaskExt,
};
use core::{ops::Deref, ptr};
use kernel::{
    bindings,
    cred::Credential,
    fs::File,
    pid_namespace::PidNamespace,
    prelude::*,
    sync::{aref::ARef, rcu, Mutex, SpinLock},
};

mod ffi {
    use kernel::bindings::cred;

    #[expect(
        improper_ctypes,
        reason = "only pointers to these bindgen types cross, as everywhere in `kernel::bindings`"
    )]
    extern "C" {
        pub(super) fn pidns_helper_get_current_cred() -> *const cred;
        pub(super) fn pidns_helper_current_cred() -> *const cred;
    }
}

/// How many namespace ids one open file remembers.
const ID_HINTS: usize = 16;

/// Where namespaces were last found by id, and for whom: for each, the number (in the caller's
/// namespace) of a pid that led to it, and the credentials the caller had when mainline's rules
/// let it learn that id. A stale hint is detected and costs a full lookup, never a wrong answer
/// (ids are never reused, and a hint is checked against the id); a hint is only ever used for the
/// very credentials it was found with (a reference keeps their address from being reused).
#[derive(Default)]
pub(crate) struct IdHints {
    entries: [Option<IdHint>; ID_HINTS],
    next: usize,
}

struct IdHint {
    caller_id: u64,
    id: u64,
    nr: i32,
    cred: ARef<Credential>,
}

impl IdHints {
    /// The remembered pid number for namespace `id`, as seen from namespace `caller_id` by a
    /// task with credentials `cred`.
    fn get(&self, caller_id: u64, id: u64, cred: *const bindings::cred) -> Option<i32> {
        self.entries
            .iter()
            .flatten()
            .find(|e| e.caller_id == caller_id && e.id == id && ptr::eq(e.cred.as_ptr(), cred))
            .map(|e| e.nr)
    }

    /// Remembers that pid `nr` of namespace `caller_id` led to namespace `id` for `cred`.
    fn put(&mut self, hint: IdHint) -> Option<IdHint> {
        let slot = match self.entries.iter().position(|e| {
            e.as_ref().is_some_and(|e| {
                e.caller_id == hint.caller_id
                    && e.id == hint.id
                    && ptr::eq(e.cred.as_ptr(), hint.cred.as_ptr())
            })
        }) {
            Some(slot) => slot,
            None => {
                let slot = self.next;
                self.next = (self.next + 1) % ID_HINTS;
                slot
            }
        };
        // The replaced hint is dropped by the caller, outside the lock.
        self.entries[slot].replace(hint)
    }
}

/// The caller of an ioctl.
pub(crate) struct Caller<'a> {
    ns: &'a PidNamespace,
    hints: &'a SpinLock<IdHints>,
    proc: &'a Mutex<Option<ProcRoot>>,
}

impl<'a> Caller<'a> {
    /// The calling task, whose active pid namespace is `ns`, calling through a file holding
    /// `hints` and `proc`.
    pub(crate) fn new(
        ns: &'a PidNamespace,
        hints: &'a SpinLock<IdHints>,
        proc: &'a Mutex<Option<ProcRoot>>,
    ) -> Self {
        Self { ns, hints, proc }
    }

    /// The caller's active pid namespace, for as long as the call lasts.
    pub(crate) fn ns(&self) -> &'a PidNamespace {
        self.ns
    }

    /// The remembered hint for namespace `id`, for the caller's current credentials.
    pub(crate) fn id_hint(&self, id: u64) -> Option<i32> {
        // SAFETY: No requirements; the pointer is only compared.
        let cred = unsafe { ffi::pidns_helper_current_cred() };
        self.hints.lock().get(self.ns.id(), id, cred)
    }

    /// Remembers a hint for namespace `id`, for the caller's current credentials.
    pub(crate) fn remember_id_hint(&self, id: u64, nr: i32) {
        // SAFETY: `get_current_cred()` returns a new reference, which the `ARef` takes over;
        // `Credential` is a transparent wrapper of `struct cred`.
        let cred = unsafe {
            ARef::from_raw(core::ptr::NonNull::new_unchecked(
                ffi::pidns_helper_get_current_cred()
                    .cast_mut()
                    .cast::<Credential>(),
            ))
        };
        let hint = IdHint {
            caller_id: self.ns.id(),
            id,
            nr,
            cred,
        };
        let replaced = self.hints.lock().put(hint);
        drop(replaced);
    }

    /// Opens, in the caller's `/proc`, the namespace file `name` (`/proc/PID/ns/NAME`) of the task
    /// `pid` stands for: with mainline's permission check for exactly that, ptrace read access
    /// with the caller's filesystem credentials, LSMs included.
    ///
    /// Errors: `ESRCH` if the task is gone or not visible to the caller; `EACCES` if the kernel
    /// refuses the caller access.
    pub(crate) fn open_ns_file(&self, pid: &Pid, name: &str) -> Result<ARef<File>> {
        let (tgid, tid) = {
            let rcu = rcu::read_lock();
            let tid = pid.nr_in(self.ns).ok_or(ESRCH)?.get();
            let task = pid.task(PidType::Pid, &rcu).ok_or(ESRCH)?;
            let tgid = task.nr_in(PidType::Tgid, self.ns).ok_or(ESRCH)?.get();
            (tgid, tid)
        };
        let mut proc = self.proc.lock();
        // The file was opened in another pid namespace, or this is its first use: a /proc for
        // this caller's.
        if !proc.as_ref().is_some_and(|root| root.shows(self.ns)) {
            *proc = Some(ProcRoot::mount()?);
        }
        let root = proc.as_ref().ok_or(ENOMEM)?;
        root.open_ns_file(tgid, tid, name).map_err(|err| {
            // A path that does not resolve (any more), or a task that went away while its link
            // was being followed (procfs says EACCES then), is a task that is gone.
            let gone = || {
                let rcu = rcu::read_lock();
                !pid.task(PidType::Pid, &rcu)
                    .is_some_and(|task| task.has_namespaces())
            };
            if err == ENOENT || (err == EACCES && gone()) {
                ESRCH
            } else {
                err
            }
        })
    }
}

impl Deref for Caller<'_> {
    type Target = PidNamespace;

    fn deref(&self) -> &PidNamespace {
        self.ns
    }
}
