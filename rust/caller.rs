// SPDX-License-Identifier: GPL-2.0

//! Who is asking, and what the references it passes name: a `struct pidns_ref` becomes a pid
//! namespace only where mainline's nsfs, pidfd ioctls, `listns()` and `/proc` would let this very
//! caller name it.
//!
//! - `PIDNS_REF_CALLER`: the caller's own active pid namespace.
//! - `PIDNS_REF_FD` with an nsfs pid-namespace fd: that namespace. Holding the fd is the
//!   permission, as it is for mainline's `NS_GET_*_PIDNS` ioctls; opening it went through the
//!   kernel's ptrace access check.
//! - `PIDNS_REF_FD` with a pidfd: its task's active pid namespace, under the rules of mainline's
//!   `PIDFD_GET_PID_NAMESPACE`: the task must not have exited (`ESRCH`), and the caller needs
//!   ptrace read access to it (`EACCES`), which the kernel checks as it opens the task's
//!   `/proc/PID/ns/pid` in the caller's `/proc` (`ext/proc_root.rs`). A task in the caller's own
//!   namespace needs no check. pidns also asks that the task be visible to the caller (`ESRCH`).
//! - `PIDNS_REF_ID`: a namespace id, resolved only where mainline would let the caller learn it
//!   (see [`Caller::find_by_id`]); anything else is `ENOENT`, whether it exists or not.

use crate::{
    defs::{PidnsRef, PIDNS_REF_CALLER, PIDNS_REF_FD, PIDNS_REF_ID},
    ext::{
        borrowed_file::{BorrowedFile, FileBorrow},
        cred::{self, may_see_all_namespaces},
        pid::{PidType, StructPid},
        pid_namespace::{pid_ns_for_children, PidNamespaceExt},
        proc_root::ProcRoot,
        pseudo_fs,
        task::{cond_resched, fatal_signal_pending, TaskExt},
    },
};
use core::ops::Deref;
use kernel::{
    cred::Credential,
    fs::File,
    pid_namespace::PidNamespace,
    prelude::*,
    sync::{aref::ARef, rcu, Mutex, SpinLock},
};

/// The caller of an ioctl: the calling task, whose active pid namespace is `ns`, calling through
/// an open `/dev/pidns` that keeps `state`.
pub(crate) struct Caller<'a> {
    ns: &'a PidNamespace,
    state: &'a CallerState,
}

/// What an open `/dev/pidns` keeps for its callers, to make repeated calls cheap: the caller's
/// `/proc`, mounted on first use, and where namespaces were last found by id.
#[pin_data]
pub(crate) struct CallerState {
    #[pin]
    proc: Mutex<Option<ProcRoot>>,
    #[pin]
    id_hints: SpinLock<IdHints>,
}

impl CallerState {
    /// Nothing kept yet.
    pub(crate) fn new() -> impl PinInit<Self> {
        pin_init!(Self {
            proc <- kernel::new_mutex!(None),
            id_hints <- kernel::new_spinlock!(IdHints::default()),
        })
    }
}

/// A pid namespace named by a `struct pidns_ref`, held as cheaply as its kind allows.
pub(crate) enum NamedNs<'a> {
    /// The caller's active pid namespace: borrowed, no reference count to touch.
    Caller(&'a PidNamespace),
    /// A namespace named by a file (an nsfd or a pidfd), borrowed from the file, which is held
    /// the way system calls hold their fd arguments.
    File(FileBorrow<PidNamespace>),
    /// A namespace held by a reference of our own (one found by id).
    Held(ARef<PidNamespace>),
}

impl Deref for NamedNs<'_> {
    type Target = PidNamespace;

    #[inline]
    fn deref(&self) -> &PidNamespace {
        match self {
            Self::Caller(ns) => ns,
            Self::File(ns) => ns,
            Self::Held(ns) => ns,
        }
    }
}

impl<'a> Caller<'a> {
    /// The calling task, whose active pid namespace is `ns`, calling through a file keeping
    /// `state`.
    pub(crate) fn new(ns: &'a PidNamespace, state: &'a CallerState) -> Self {
        Self { ns, state }
    }

    /// The caller's active pid namespace, for as long as the call lasts.
    #[inline]
    pub(crate) fn ns(&self) -> &'a PidNamespace {
        self.ns
    }

    /// The namespace `r` names, if the caller may name it (see the module documentation).
    pub(crate) fn resolve(&self, r: &PidnsRef) -> Result<NamedNs<'a>> {
        if r.reserved != 0 {
            return Err(EINVAL);
        }
        match r.kind {
            PIDNS_REF_CALLER if r.value == 0 => Ok(NamedNs::Caller(self.ns)),
            PIDNS_REF_FD => {
                // An fd is an `int`: a larger value is out of range for this kind.
                let fd = u32::try_from(r.value)
                    .ok()
                    .filter(|&fd| fd <= i32::MAX as u32)
                    .ok_or(EINVAL)?;
                BorrowedFile::get(fd)?
                    .map(|file| {
                        if let Some(ns) = pseudo_fs::nsfs_namespace(file) {
                            PidNamespace::from_ns_common(ns).ok_or(EINVAL)
                        } else if let Some(pid) = pseudo_fs::pidfd_pid(file) {
                            self.pidfd_namespace(pid)
                        } else {
                            Err(EINVAL)
                        }
                    })
                    .map(NamedNs::File)
            }
            PIDNS_REF_ID => self.find_by_id(r.value).map(NamedNs::Held),
            _ => Err(EINVAL),
        }
    }

    /// The active pid namespace of the task behind a pidfd, if the caller may name it (see the
    /// module documentation). Borrowed from `pid`, which holds a reference to its namespace.
    fn pidfd_namespace<'p>(&self, pid: &'p StructPid) -> Result<&'p PidNamespace> {
        let alive = {
            let rcu = rcu::read_lock();
            pid.task(PidType::Pid, &rcu)
                .is_some_and(|task| task.has_namespaces())
        };
        if !alive || pid.nr_in(self.ns).is_none() {
            return Err(ESRCH);
        }
        let ns = pid.namespace();
        if !core::ptr::eq(ns, self.ns) {
            // Mainline's check, made by the kernel: the file itself is not needed.
            self.open_ns_file(pid, "pid")?;
        }
        Ok(ns)
    }

    /// Opens, in the caller's `/proc`, the namespace file `name` (`/proc/PID/ns/NAME`) of the task
    /// `pid` stands for: with mainline's permission check for exactly that, ptrace read access
    /// with the caller's filesystem credentials, LSMs included.
    ///
    /// Errors: `ESRCH` if the task is gone or not visible to the caller; `EACCES` if the kernel
    /// refuses the caller access.
    pub(crate) fn open_ns_file(&self, pid: &StructPid, name: &str) -> Result<ARef<File>> {
        let (tgid, tid) = {
            let rcu = rcu::read_lock();
            let tid = pid.nr_in(self.ns).ok_or(ESRCH)?.get();
            let task = pid.task(PidType::Pid, &rcu).ok_or(ESRCH)?;
            let tgid = task.nr_in(PidType::Tgid, self.ns).ok_or(ESRCH)?.get();
            (tgid, tid)
        };
        let mut proc = self.state.proc.lock();
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

// Finding a pid namespace by its 64-bit id.
//
// Mainline tells a task a pid namespace's id in these ways only: `listns()` and nsfs file handles
// show everyone the namespaces it is in, and show every namespace to callers that pass
// `may_see_all_namespaces()`; and `NS_GET_ID` works on any nsfd the caller can open, which for a
// pid namespace means `/proc/PID/ns/pid` of one of its tasks (ptrace read access), or
// `NS_GET_PARENT` from there, up to the caller's own namespace.
//
// The kernel's id index (`ns_tree_lookup_rcu()`) is not exported to modules; `find_ge_pid()`,
// the iterator `/proc` itself uses, is. Every task of a descendant namespace has a pid in the
// caller's, and each pid leads, through the parents, to every namespace between its own and the
// caller's. So a first lookup walks the pids of the caller's namespace, in chunks under RCU; the
// open file then remembers which pid led to the namespace, for the caller's credentials.

/// How many pids one RCU read-side critical section of an id lookup visits.
const PIDS_PER_CHUNK: usize = 256;

/// How many namespace ids one open file remembers.
const ID_HINTS: usize = 16;

/// Where namespaces were last found by id, and for whom: for each, the number (in the caller's
/// namespace) of a pid that led to it, and the credentials the caller had when mainline's rules
/// let it learn that id. A stale hint is detected and costs a full lookup, never a wrong answer
/// (ids are never reused, and a hint is checked against the id); a hint is only ever used for the
/// very credentials it was found with (a reference keeps their address from being reused).
#[derive(Default)]
struct IdHints {
    entries: [Option<IdHint>; ID_HINTS],
    next: usize,
}

struct IdHint {
    caller_id: u64,
    id: u64,
    nr: i32,
    cred: ARef<Credential>,
}

impl IdHint {
    /// Whether this hint is for namespace `id` as seen from namespace `caller_id` by a task with
    /// credentials `cred` (the very same `struct cred`).
    fn is_for(&self, caller_id: u64, id: u64, cred: &Credential) -> bool {
        self.caller_id == caller_id
            && self.id == id
            && core::ptr::eq(self.cred.as_ptr(), cred.as_ptr())
    }
}

impl IdHints {
    /// The remembered pid number for namespace `id`, as seen from namespace `caller_id` by the
    /// calling task with its current credentials.
    fn get(&self, caller_id: u64, id: u64) -> Option<i32> {
        cred::with_current(|cred| {
            self.entries
                .iter()
                .flatten()
                .find(|e| e.is_for(caller_id, id, cred))
                .map(|e| e.nr)
        })
    }

    /// Remembers `hint`, in place of the one for the same namespace and credentials if there is
    /// one; returns the hint it replaced, for the caller to drop outside the lock.
    fn put(&mut self, hint: IdHint) -> Option<IdHint> {
        let slot = match self.entries.iter().position(|e| {
            e.as_ref()
                .is_some_and(|e| e.is_for(hint.caller_id, hint.id, &hint.cred))
        }) {
            Some(slot) => slot,
            None => {
                let slot = self.next;
                self.next = (self.next + 1) % ID_HINTS;
                slot
            }
        };
        self.entries[slot].replace(hint)
    }
}

/// The namespace with id `id` on the way from `ns` up to (excluding) `caller`.
fn on_chain<'n>(
    mut ns: &'n PidNamespace,
    caller: &PidNamespace,
    id: u64,
) -> Option<&'n PidNamespace> {
    while ns.level() > caller.level() {
        if ns.id() == id {
            return Some(ns);
        }
        ns = ns.parent()?;
    }
    None
}

/// One step of the walk: the next pid at or after a number whose namespace chain holds the id.
enum Step {
    /// A pid that leads to the namespace, the namespace, and the pid's number.
    Found(ARef<StructPid>, ARef<PidNamespace>, i32),
    /// Nothing in this chunk; continue at this number.
    Continue(i32),
    /// No pid left.
    End,
}

impl Caller<'_> {
    /// Returns the namespace with id `id` if mainline would let the caller learn that id:
    ///
    /// - the caller's active pid namespace, or its `pid_for_children` one;
    /// - for a caller that may see all namespaces, any namespace that has tasks;
    /// - otherwise a descendant of the caller's namespace with a task, in it or below it, whose
    ///   `/proc/PID/ns/pid` the caller may open: the kernel decides, in the caller's `/proc`.
    ///
    /// Errors: `ENOENT` for any other id; `EINTR` if a fatal signal arrived during the walk.
    fn find_by_id(&self, id: u64) -> Result<ARef<PidNamespace>> {
        if id == 0 {
            return Err(ENOENT);
        }
        if self.ns.id() == id {
            return Ok(self.ns.into());
        }
        if let Some(ns) = pid_ns_for_children().filter(|ns| ns.id() == id) {
            return Ok(ns);
        }
        if let Some(ns) = self.hinted(id) {
            return Ok(ns);
        }
        let see_all = may_see_all_namespaces();
        let mut from = 1;
        loop {
            match self.next_candidate(from, id) {
                Step::End => return Err(ENOENT),
                Step::Continue(next) => from = next,
                Step::Found(pid, ns, nr) => {
                    if see_all || self.proves(&pid, id)? {
                        self.remember(id, nr);
                        return Ok(ns);
                    }
                    from = nr.checked_add(1).ok_or(ENOENT)?;
                }
            }
            if fatal_signal_pending() {
                return Err(EINTR);
            }
            cond_resched();
        }
    }

    /// The namespace `id`, if the pid remembered for it still leads there.
    fn hinted(&self, id: u64) -> Option<ARef<PidNamespace>> {
        let nr = self.state.id_hints.lock().get(self.ns.id(), id)?;
        let rcu = rcu::read_lock();
        let pid = StructPid::find(nr, self.ns, &rcu)?;
        // As in `next_candidate()`.
        on_chain(pid.namespace(), self.ns, id).map(ARef::from)
    }

    /// Remembers that pid `nr` led to namespace `id`, for the caller's current credentials.
    fn remember(&self, id: u64, nr: i32) {
        let hint = IdHint {
            caller_id: self.ns.id(),
            id,
            nr,
            cred: cred::current_credentials(),
        };
        let replaced = self.state.id_hints.lock().put(hint);
        drop(replaced);
    }

    /// The next pid at or after `from` whose namespace chain holds `id`, within one chunk.
    fn next_candidate(&self, from: i32, id: u64) -> Step {
        let rcu = rcu::read_lock();
        let mut next = from;
        for _ in 0..PIDS_PER_CHUNK {
            let Some(pid) = StructPid::find_next(next, self.ns, &rcu) else {
                return Step::End;
            };
            let Some(nr) = pid.nr_in(self.ns) else {
                return Step::End;
            };
            let nr = nr.get();
            if let Some(ns) = on_chain(pid.namespace(), self.ns, id) {
                // The pid holds a reference on its namespace, which holds one on each ancestor,
                // and RCU keeps the pid alive until `rcu` drops: both can be referenced now.
                return Step::Found(ARef::from(pid), ARef::from(ns), nr);
            }
            match nr.checked_add(1) {
                Some(n) => next = n,
                None => return Step::End,
            }
        }
        Step::Continue(next)
    }

    /// Whether the caller may open `/proc/PID/ns/pid` of the task `pid` stands for, and the
    /// namespace that file names has `id` on its chain (the number may have been reused).
    fn proves(&self, pid: &StructPid, id: u64) -> Result<bool> {
        let file = match self.open_ns_file(pid, "pid") {
            Ok(file) => file,
            Err(err) if err == EACCES || err == ESRCH => return Ok(false),
            Err(err) => return Err(err),
        };
        Ok(pseudo_fs::nsfs_namespace(&file)
            .and_then(PidNamespace::from_ns_common)
            .is_some_and(|ns| on_chain(ns, self.ns, id).is_some()))
    }
}
