// SPDX-License-Identifier: GPL-2.0 WITH Linux-syscall-note

//! A safe client of `/dev/pidns`, the pidns kernel module's device.
//!
//! ```no_run
//! use pidns::{Device, PidNs};
//!
//! let dev = Device::open()?;
//! let container = PidNs::of_pid(1234)?; // the active pid namespace of process 1234
//! let inside = dev.translate(1234, &PidNs::caller(), &container, false)?;
//! let init = dev.init_pid(&container, &PidNs::caller())?;
//! // Here SourceIsAncestor { distance: 1 }, if 1234 is in a child of our namespace:
//! let kind = dev.relation(&PidNs::caller(), &container)?.kind;
//! # Ok::<(), pidns::Error>(())
//! ```
//!
//! The ioctl structs come from `rust/uapi.rs` in this repository, the same definitions the
//! module uses, which `scripts/abi-check.sh` checks field by field against the C header.

use rustix::fd::{AsFd, BorrowedFd, OwnedFd};
use rustix::io::Errno;
use rustix::ioctl::{self, opcode, Updater};
use std::fmt;
use std::path::Path;

/// The ABI types, shared with the module.
#[allow(missing_docs, dead_code)]
pub mod sys {
    include!("../../../../rust/uapi.rs");
}

use sys::*;

const OP_TRANSLATE: ioctl::Opcode =
    opcode::write::<PidnsTranslate>(PIDNS_IOC_MAGIC as u8, nr::TRANSLATE as u8);
const OP_TRANSLATE_BATCH: ioctl::Opcode =
    opcode::read_write::<PidnsTranslateBatch>(PIDNS_IOC_MAGIC as u8, nr::TRANSLATE_BATCH as u8);
const OP_INIT_PID: ioctl::Opcode =
    opcode::read_write::<PidnsInitPid>(PIDNS_IOC_MAGIC as u8, nr::INIT_PID as u8);
const OP_GET_LAST_PIDS: ioctl::Opcode =
    opcode::read_write::<PidnsLastPids>(PIDNS_IOC_MAGIC as u8, nr::GET_LAST_PIDS as u8);
const OP_SET_LAST_PIDS: ioctl::Opcode =
    opcode::read_write::<PidnsLastPids>(PIDNS_IOC_MAGIC as u8, nr::SET_LAST_PIDS as u8);
const OP_GET_NAMESPACES: ioctl::Opcode =
    opcode::read_write::<PidnsNamespaces>(PIDNS_IOC_MAGIC as u8, nr::GET_NAMESPACES as u8);
const OP_BIND: ioctl::Opcode = opcode::write::<PidnsBind>(PIDNS_IOC_MAGIC as u8, nr::BIND as u8);
const OP_RELATION: ioctl::Opcode =
    opcode::read_write::<PidnsRelation>(PIDNS_IOC_MAGIC as u8, nr::RELATION as u8);
const OP_BOUND_PID: ioctl::Opcode = opcode::none(PIDNS_IOC_MAGIC as u8, nr::BOUND_PID as u8);
const OP_BOUND_TGID: ioctl::Opcode = opcode::none(PIDNS_IOC_MAGIC as u8, nr::BOUND_TGID as u8);
const OP_BOUND_INIT_PID: ioctl::Opcode =
    opcode::read::<u64>(PIDNS_IOC_MAGIC as u8, nr::BOUND_INIT_PID as u8);

/// An `_IO` ioctl: its argument is an integer (0 where it takes none), and its answer is its
/// return value, which rustix's own patterns drop. `PIDNS_IOC_GET_VERSION` and the bound calls
/// here, nsfs's `NS_GET_PARENT` (a new fd) in the CLI.
pub struct ReturnValue<const OP: ioctl::Opcode>(pub usize);

// SAFETY: The ioctl is given no pointer (an `_IO` command takes its argument as a plain integer,
// never dereferenced), so it can touch no memory of ours; what `OP` returns is left to the caller
// of `ioctl::ioctl` to trust (its own unsafe block says why).
unsafe impl<const OP: ioctl::Opcode> ioctl::Ioctl for ReturnValue<OP> {
    type Output = ioctl::IoctlOutput;
    const IS_MUTATING: bool = false;

    fn opcode(&self) -> ioctl::Opcode {
        OP
    }

    fn as_ptr(&mut self) -> *mut core::ffi::c_void {
        self.0 as *mut core::ffi::c_void
    }

    unsafe fn output_from_ptr(
        out: ioctl::IoctlOutput,
        _: *mut core::ffi::c_void,
    ) -> rustix::io::Result<ioctl::IoctlOutput> {
        Ok(out)
    }
}

/// An ioctl that reads a struct and answers with its return value (`PIDNS_IOC_TRANSLATE`).
struct ReadsReturning<'a, const OP: ioctl::Opcode, T>(&'a T);

// SAFETY: The kernel only reads the `T` behind the pointer, which lives as long as `self`; every
// `OP` used with this is `_IOW` of exactly `T` (see the constants above).
unsafe impl<const OP: ioctl::Opcode, T> ioctl::Ioctl for ReadsReturning<'_, OP, T> {
    type Output = ioctl::IoctlOutput;
    const IS_MUTATING: bool = false;

    fn opcode(&self) -> ioctl::Opcode {
        OP
    }

    fn as_ptr(&mut self) -> *mut core::ffi::c_void {
        core::ptr::from_ref(self.0).cast_mut().cast()
    }

    unsafe fn output_from_ptr(
        out: ioctl::IoctlOutput,
        _: *mut core::ffi::c_void,
    ) -> rustix::io::Result<ioctl::IoctlOutput> {
        Ok(out)
    }
}

/// An ioctl that writes a `T` and also answers with its return value
/// (`PIDNS_IOC_BOUND_INIT_PID`).
struct WritesReturning<'a, const OP: ioctl::Opcode, T>(&'a mut T);

// SAFETY: The kernel writes at most one `T` behind the pointer, which lives as long as `self`;
// every `OP` used with this is `_IOR` of exactly `T`.
unsafe impl<const OP: ioctl::Opcode, T> ioctl::Ioctl for WritesReturning<'_, OP, T> {
    type Output = ioctl::IoctlOutput;
    const IS_MUTATING: bool = true;

    fn opcode(&self) -> ioctl::Opcode {
        OP
    }

    fn as_ptr(&mut self) -> *mut core::ffi::c_void {
        core::ptr::from_mut(self.0).cast()
    }

    unsafe fn output_from_ptr(
        out: ioctl::IoctlOutput,
        _: *mut core::ffi::c_void,
    ) -> rustix::io::Result<ioctl::IoctlOutput> {
        Ok(out)
    }
}

/// What went wrong, with the errno kept and said in words.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Error {
    /// `/dev/pidns` does not exist: the module is not loaded.
    NotLoaded,
    /// `ESRCH`: no such process in the source namespace, or none the caller can see, or the task
    /// has exited.
    NoSuchProcess,
    /// `ENOENT`: the process has no number in the target namespace, or no such namespace id.
    NotInTarget,
    /// `EPERM`: the caller lacks the capability the operation needs, or a namespace lies
    /// outside the caller's subtree (the `ns_last_pid` calls, [`Device::relation`]).
    NotPermitted,
    /// `EACCES`: the caller may not inspect that task: it lacks ptrace read access to the task
    /// behind a pidfd (whose namespaces it asked for, or whose pid namespace it named from
    /// outside its own), as mainline's `/proc/PID/ns/*` and `PIDFD_GET_*_NAMESPACE` demand.
    AccessDenied,
    /// `EBADF`: a file descriptor is not open.
    BadFd,
    /// `EINVAL`: an argument is invalid (an fd that is not a pid namespace or pidfd, a flag, a
    /// range).
    Invalid,
    /// Any other errno.
    Os(Errno),
    /// The module answered with a value this client does not know (a relation kind outside
    /// `enum pidns_relation_kind`, or one that contradicts its distance): a newer or broken
    /// module. Not an errno of the call, which succeeded; [`Error::errno`] says `EPROTO`.
    UnknownAnswer,
}

impl Error {
    fn from_errno(e: Errno) -> Self {
        match e {
            Errno::SRCH => Self::NoSuchProcess,
            Errno::NOENT => Self::NotInTarget,
            Errno::PERM => Self::NotPermitted,
            Errno::ACCESS => Self::AccessDenied,
            Errno::BADF => Self::BadFd,
            Errno::INVAL => Self::Invalid,
            e => Self::Os(e),
        }
    }

    /// The errno behind this error.
    pub fn errno(&self) -> Errno {
        match self {
            Self::NotLoaded | Self::NotInTarget => Errno::NOENT,
            Self::NoSuchProcess => Errno::SRCH,
            Self::NotPermitted => Errno::PERM,
            Self::AccessDenied => Errno::ACCESS,
            Self::BadFd => Errno::BADF,
            Self::Invalid => Errno::INVAL,
            Self::Os(e) => *e,
            Self::UnknownAnswer => Errno::PROTO,
        }
    }
}

impl fmt::Display for Error {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Self::NotLoaded => write!(f, "/dev/pidns not found: load the module (insmod pidns.ko)"),
            Self::NoSuchProcess => write!(f, "no such process visible in that pid namespace"),
            Self::NotInTarget => write!(f, "the process has no pid in the target namespace"),
            Self::NotPermitted => write!(
                f,
                "operation not permitted: a capability is missing, or the namespace is outside \
                 the caller's subtree"
            ),
            Self::AccessDenied => write!(f, "permission denied: no ptrace read access to the task"),
            Self::BadFd => write!(f, "file descriptor not open"),
            Self::Invalid => write!(f, "invalid argument"),
            Self::Os(e) => write!(f, "{e}"),
            Self::UnknownAnswer => write!(f, "the module gave an answer this client does not know"),
        }
    }
}

impl std::error::Error for Error {}

impl From<Errno> for Error {
    fn from(e: Errno) -> Self {
        Self::from_errno(e)
    }
}

/// Result of this crate's calls.
pub type Result<T> = std::result::Result<T, Error>;

/// A pid namespace as the device can be told about it.
#[derive(Debug)]
pub enum PidNs {
    /// The caller's own active pid namespace.
    Caller,
    /// An nsfd of a pid namespace, or a pidfd (its task's active pid namespace).
    Fd(OwnedFd),
    /// A 64-bit namespace id, as `NS_GET_ID` returns it.
    Id(u64),
}

impl PidNs {
    /// The caller's own pid namespace.
    pub fn caller() -> Self {
        Self::Caller
    }

    /// The active pid namespace of process `pid`, through a pidfd.
    pub fn of_pid(pid: i32) -> Result<Self> {
        let pid = rustix::process::Pid::from_raw(pid).ok_or(Error::Invalid)?;
        Ok(Self::Fd(rustix::process::pidfd_open(
            pid,
            rustix::process::PidfdFlags::empty(),
        )?))
    }

    /// A pid-namespace file such as `/proc/PID/ns/pid`.
    pub fn open_path(path: impl AsRef<Path>) -> Result<Self> {
        use rustix::fs::{open, Mode, OFlags};
        Ok(Self::Fd(open(
            path.as_ref(),
            OFlags::RDONLY | OFlags::CLOEXEC,
            Mode::empty(),
        )?))
    }

    fn raw(&self) -> PidnsRef {
        match self {
            Self::Caller => PidnsRef {
                kind: PIDNS_REF_CALLER,
                ..Default::default()
            },
            Self::Fd(fd) => PidnsRef {
                kind: PIDNS_REF_FD,
                value: rustix::fd::AsRawFd::as_raw_fd(fd) as u64,
                ..Default::default()
            },
            Self::Id(id) => PidnsRef {
                kind: PIDNS_REF_ID,
                value: *id,
                ..Default::default()
            },
        }
    }
}

/// The child reaper of a pid namespace; see `struct pidns_init_pid`.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct InitPid {
    /// Its process id, in the namespace asked for.
    pub pid: i32,
    /// The reaper thread's id (differs from `pid` once a multi-threaded init's first thread
    /// exited).
    pub tid: i32,
    /// Its pidfs inode number: a pidfd opened on `pid` is this process iff `fstat().st_ino`
    /// equals it.
    pub pidfs_ino: u64,
    /// The namespace's id.
    pub ns_id: u64,
}

/// How two pid namespaces are related; see `enum pidns_relation_kind`.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum RelationKind {
    /// The same namespace.
    Equal,
    /// The source strictly contains the target, `distance` levels above it (1: its parent):
    /// every task of the target has a number in the source.
    SourceIsAncestor {
        /// Levels from the source down to the target, at least 1.
        distance: u32,
    },
    /// The target strictly contains the source, `distance` levels above it.
    TargetIsAncestor {
        /// Levels from the target down to the source, at least 1.
        distance: u32,
    },
    /// Neither contains the other (siblings, cousins): no task of one has a number in the
    /// other.
    Unrelated,
}

impl RelationKind {
    /// From the kernel's `relation` and `distance`; [`Error::UnknownAnswer`] for a kind this
    /// client does not know, or a distance that contradicts it (0 for an ancestor, anything
    /// else for equal or unrelated namespaces).
    fn from_raw(relation: u32, distance: u32) -> Result<Self> {
        match (relation, distance) {
            (PIDNS_RELATION_EQUAL, 0) => Ok(Self::Equal),
            (PIDNS_RELATION_SOURCE_IS_ANCESTOR, 1..) => Ok(Self::SourceIsAncestor { distance }),
            (PIDNS_RELATION_TARGET_IS_ANCESTOR, 1..) => Ok(Self::TargetIsAncestor { distance }),
            (PIDNS_RELATION_UNRELATED, 0) => Ok(Self::Unrelated),
            _ => Err(Error::UnknownAnswer),
        }
    }

    /// The levels between the two when one contains the other; 0 when they are equal or
    /// unrelated (the kernel's `distance`).
    pub fn distance(self) -> u32 {
        match self {
            Self::SourceIsAncestor { distance } | Self::TargetIsAncestor { distance } => distance,
            Self::Equal | Self::Unrelated => 0,
        }
    }
}

/// How two pid namespaces are related, and where they lie in the caller's subtree; see
/// `struct pidns_relation`. Every level counts from the caller's own pid namespace (0), down.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Relation {
    /// Equal, one an ancestor of the other (and by how many levels), or unrelated.
    pub kind: RelationKind,
    /// The source namespace's level.
    pub source_level: u32,
    /// The target namespace's level.
    pub target_level: u32,
    /// The level of the nearest namespace that contains both: the ancestor when one contains
    /// the other (equal ones: their own level), else their nearest common ancestor.
    pub common_level: u32,
}

impl Relation {
    fn from_raw(req: &PidnsRelation) -> Result<Self> {
        Ok(Self {
            kind: RelationKind::from_raw(req.relation, req.distance)?,
            source_level: req.source_level,
            target_level: req.target_level,
            common_level: req.common_level,
        })
    }
}

/// Options of [`Device::bind_with`] (`PIDNS_BIND_*`).
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct BindFlags {
    /// `PIDNS_BIND_DELEGATE`: hand the binder's view on. The bound file then answers about any
    /// task the binding task could see, whoever calls it, like an open `/proc` directory fd
    /// carries its opener's view; pass such a file only to processes meant to have that view.
    /// Without it (the default), each bound call also needs the task asked about to be visible
    /// in the calling task's own pid namespace (`ESRCH` otherwise).
    pub delegate: bool,
}

impl BindFlags {
    /// No flags: the bound file hands on no view.
    pub const NONE: Self = Self { delegate: false };
    /// `PIDNS_BIND_DELEGATE`.
    pub const DELEGATE: Self = Self { delegate: true };

    /// The `PIDNS_BIND_*` bits.
    pub fn bits(self) -> u32 {
        if self.delegate {
            PIDNS_BIND_DELEGATE
        } else {
            0
        }
    }
}

/// A bound file: one pair of pid namespaces, from [`Device::bind`] or [`Device::bind_with`].
#[derive(Debug)]
pub struct Bound {
    fd: OwnedFd,
}

impl Bound {
    /// `pid` (a thread id; with `tgid`, its thread group's id is returned) of the source
    /// namespace, as a number in the target namespace.
    pub fn translate(&self, pid: i32, tgid: bool) -> Result<i32> {
        let arg = usize::try_from(pid).map_err(|_| Error::Invalid)?;
        // SAFETY: Both are `_IO` commands taking a pid and returning a number.
        let nr = unsafe {
            if tgid {
                ioctl::ioctl(&self.fd, ReturnValue::<OP_BOUND_TGID>(arg))
            } else {
                ioctl::ioctl(&self.fd, ReturnValue::<OP_BOUND_PID>(arg))
            }
        }?;
        Ok(nr)
    }

    /// The source namespace's init, as a pid in the target namespace, with its pidfs inode
    /// number (the stable reference: see [`InitPid::pidfs_ino`]).
    pub fn init_pid(&self) -> Result<(i32, u64)> {
        let mut pidfs_ino = 0u64;
        // SAFETY: See `WritesReturning`; `OP_BOUND_INIT_PID` is `_IOR` of a `u64`.
        let pid = unsafe {
            ioctl::ioctl(
                &self.fd,
                WritesReturning::<OP_BOUND_INIT_PID, _>(&mut pidfs_ino),
            )
        }?;
        Ok((pid, pidfs_ino))
    }
}

impl AsFd for Bound {
    fn as_fd(&self) -> BorrowedFd<'_> {
        self.fd.as_fd()
    }
}

/// One namespace of a snapshot; see `struct pidns_ns_info`.
#[derive(Debug)]
pub struct Namespace {
    /// The `CLONE_NEW*` flag of its type.
    pub flag: u32,
    /// An nsfd on it, unless only ids were asked for.
    pub fd: Option<OwnedFd>,
    /// Its 64-bit id.
    pub id: u64,
    /// Joining it would change nothing for the caller.
    pub shared: bool,
}

/// The `CLONE_NEW*` flag of each position of a snapshot (`enum pidns_ns_index`).
pub const NS_FLAGS: [u32; PIDNS_NS_TYPES] = [
    0x1000_0000, // CLONE_NEWUSER
    0x0002_0000, // CLONE_NEWNS
    0x2000_0000, // CLONE_NEWPID
    0x4000_0000, // CLONE_NEWNET
    0x0400_0000, // CLONE_NEWUTS
    0x0800_0000, // CLONE_NEWIPC
    0x0200_0000, // CLONE_NEWCGROUP
    0x0000_0080, // CLONE_NEWTIME
];

/// An open `/dev/pidns`.
#[derive(Debug)]
pub struct Device {
    fd: OwnedFd,
}

impl Device {
    /// Opens `/dev/pidns`; [`Error::NotLoaded`] if the module is not loaded.
    pub fn open() -> Result<Self> {
        use rustix::fs::{open, Mode, OFlags};
        match open("/dev/pidns", OFlags::RDWR | OFlags::CLOEXEC, Mode::empty()) {
            Ok(fd) => Ok(Self { fd }),
            Err(Errno::NOENT) => Err(Error::NotLoaded),
            Err(e) => Err(e.into()),
        }
    }

    /// The module's ABI version.
    pub fn version(&self) -> Result<u32> {
        const OP: ioctl::Opcode = opcode::none(PIDNS_IOC_MAGIC as u8, nr::GET_VERSION as u8);
        // SAFETY: `PIDNS_IOC_GET_VERSION` takes no argument and returns an integer.
        let version = unsafe { ioctl::ioctl(&self.fd, ReturnValue::<OP>(0)) }?;
        Ok(version as u32)
    }

    fn call<const OP: ioctl::Opcode, T>(&self, value: &mut T) -> Result<()> {
        // SAFETY: Every `OP` used with this is `_IOWR` of exactly `T` (see the constants above).
        unsafe { ioctl::ioctl(&self.fd, Updater::<OP, T>::new(value)) }?;
        Ok(())
    }

    /// `pid` (a thread id; with `tgid`, its thread group's id is returned) of namespace `from`,
    /// as a number in namespace `to`.
    pub fn translate(&self, pid: i32, from: &PidNs, to: &PidNs, tgid: bool) -> Result<i32> {
        let req = PidnsTranslate {
            size: core::mem::size_of::<PidnsTranslate>() as u32,
            flags: if tgid { PIDNS_TRANSLATE_TGID } else { 0 },
            source: from.raw(),
            target: to.raw(),
            pid,
            reserved: 0,
        };
        // SAFETY: See `ReadsReturning`.
        let nr = unsafe { ioctl::ioctl(&self.fd, ReadsReturning::<OP_TRANSLATE, _>(&req)) }?;
        Ok(nr)
    }

    /// Every pid of `pids` (thread ids; with `tgid`, their thread groups' ids are returned) of
    /// namespace `from`, as numbers in namespace `to`: one result per pid, in order, each what
    /// [`Device::translate`] would have answered for it alone. Any number of pids, in calls of
    /// up to `PIDNS_BATCH_MAX` each.
    pub fn translate_batch(
        &self,
        pids: &[i32],
        from: &PidNs,
        to: &PidNs,
        tgid: bool,
    ) -> Result<Vec<Result<i32>>> {
        let mut results = vec![0; pids.len()];
        for (chunk, out) in pids
            .chunks(PIDNS_BATCH_MAX as usize)
            .zip(results.chunks_mut(PIDNS_BATCH_MAX as usize))
        {
            let mut req = PidnsTranslateBatch {
                size: core::mem::size_of::<PidnsTranslateBatch>() as u32,
                flags: if tgid { PIDNS_TRANSLATE_TGID } else { 0 },
                source: from.raw(),
                target: to.raw(),
                count: chunk.len() as u32,
                pids: chunk.as_ptr() as u64,
                results: out.as_mut_ptr() as u64,
                ..Default::default()
            };
            self.call::<OP_TRANSLATE_BATCH, _>(&mut req)?;
        }
        Ok(results
            .into_iter()
            .map(|r| match r {
                r if r > 0 => Ok(r),
                errno => Err(Errno::from_raw_os_error(-errno).into()),
            })
            .collect())
    }

    /// A bound file on (`from`, `to`): the handle for many questions about one pair of
    /// namespaces, each as cheap as one of mainline's nsfs ioctls. It answers only about tasks
    /// both the caller (now) and whoever makes a bound call (then) can see; see
    /// [`Device::bind_with`] to hand the caller's view on.
    pub fn bind(&self, from: &PidNs, to: &PidNs) -> Result<Bound> {
        self.bind_with(from, to, BindFlags::NONE)
    }

    /// [`Device::bind`] with `flags`; with [`BindFlags::DELEGATE`], the bound file answers with
    /// the caller's view, whoever uses it later.
    pub fn bind_with(&self, from: &PidNs, to: &PidNs, flags: BindFlags) -> Result<Bound> {
        let req = PidnsBind {
            size: core::mem::size_of::<PidnsBind>() as u32,
            flags: flags.bits(),
            source: from.raw(),
            target: to.raw(),
        };
        // SAFETY: See `ReadsReturning`; `OP_BIND` is `_IOW` of `PidnsBind`.
        let fd = unsafe { ioctl::ioctl(&self.fd, ReadsReturning::<OP_BIND, _>(&req)) }?;
        // SAFETY: A successful `PIDNS_IOC_BIND` returns a new fd, which nothing else owns.
        let fd = unsafe { rustix::fd::FromRawFd::from_raw_fd(fd as i32) };
        Ok(Bound { fd })
    }

    /// The child reaper of `ns`, as seen from `target`.
    pub fn init_pid(&self, ns: &PidNs, target: &PidNs) -> Result<InitPid> {
        let mut req = PidnsInitPid {
            size: core::mem::size_of::<PidnsInitPid>() as u32,
            ns: ns.raw(),
            target: target.raw(),
            ..Default::default()
        };
        self.call::<OP_INIT_PID, _>(&mut req)?;
        Ok(InitPid {
            pid: req.pid,
            tid: req.tid,
            pidfs_ino: req.pidfs_ino,
            ns_id: req.ns_id,
        })
    }

    /// How namespaces `source` and `target` are related: equal, one an ancestor of the other
    /// (and by how many levels), or unrelated, with their levels below the caller's namespace.
    /// Both must be the caller's pid namespace or below it ([`Error::NotPermitted`] otherwise).
    pub fn relation(&self, source: &PidNs, target: &PidNs) -> Result<Relation> {
        let mut req = PidnsRelation {
            size: core::mem::size_of::<PidnsRelation>() as u32,
            source: source.raw(),
            target: target.raw(),
            ..Default::default()
        };
        self.call::<OP_RELATION, _>(&mut req)?;
        Relation::from_raw(&req)
    }

    fn last_pids_call<const OP: ioctl::Opcode>(&self, ns: &PidNs, v: &mut [i32]) -> Result<u32> {
        if v.len() > PIDNS_MAX_LEVELS {
            return Err(Error::Invalid);
        }
        let mut req = PidnsLastPids {
            size: core::mem::size_of::<PidnsLastPids>() as u32,
            ns: ns.raw(),
            count: u32::try_from(v.len()).map_err(|_| Error::Invalid)?,
            last_pids: v.as_mut_ptr() as u64,
            ..Default::default()
        };
        self.call::<OP, _>(&mut req)?;
        Ok(req.levels)
    }

    /// The `ns_last_pid` of `count` levels from `ns` up (innermost first); a level with no
    /// task yet reads 0. `count` is at most `PIDNS_MAX_LEVELS` and at most the number of levels
    /// ([`Error::Invalid`] otherwise).
    pub fn last_pids(&self, ns: &PidNs, count: usize) -> Result<Vec<i32>> {
        if count > PIDNS_MAX_LEVELS {
            return Err(Error::Invalid);
        }
        let mut v = vec![0; count];
        self.last_pids_call::<OP_GET_LAST_PIDS>(ns, &mut v)?;
        Ok(v)
    }

    /// How many levels there are from `ns` up to the caller's namespace.
    pub fn levels(&self, ns: &PidNs) -> Result<u32> {
        self.last_pids_call::<OP_GET_LAST_PIDS>(ns, &mut [])
    }

    /// Sets the `ns_last_pid` of `last.len()` levels from `ns` up, all or nothing: each value
    /// in `0..=pid_max`; [`Error::NoSuchProcess`] for a level with no task yet.
    pub fn set_last_pids(&self, ns: &PidNs, last: &[i32]) -> Result<()> {
        let mut v = last.to_vec();
        self.last_pids_call::<OP_SET_LAST_PIDS>(ns, &mut v)
            .map(drop)
    }

    /// The namespaces in `mask` (`CLONE_NEW*`) of the task behind `pidfd`, from one snapshot.
    pub fn namespaces_of(
        &self,
        pidfd: BorrowedFd<'_>,
        mask: u32,
        ids_only: bool,
    ) -> Result<Vec<Namespace>> {
        let mut req = PidnsNamespaces {
            size: core::mem::size_of::<PidnsNamespaces>() as u32,
            flags: if ids_only {
                PIDNS_NAMESPACES_IDS_ONLY
            } else {
                0
            },
            pidfd: rustix::fd::AsRawFd::as_raw_fd(&pidfd),
            mask,
            ..Default::default()
        };
        self.call::<OP_GET_NAMESPACES, _>(&mut req)?;
        Ok(req
            .ns
            .iter()
            .zip(NS_FLAGS)
            .filter(|(_, flag)| mask & flag != 0)
            .map(|(info, flag)| Namespace {
                flag,
                // SAFETY: The module opened this fd for us and nothing else owns it.
                fd: (info.fd >= 0)
                    .then(|| unsafe { <OwnedFd as rustix::fd::FromRawFd>::from_raw_fd(info.fd) }),
                id: info.id,
                shared: info.flags & PIDNS_NS_SHARED != 0,
            })
            .collect())
    }

    /// Joins every namespace in `mask` of the task behind `pidfd` that the caller is not already
    /// in, all or none, with one `setns(pidfd, ...)`. Returns the `CLONE_NEW*` flags joined.
    pub fn enter(&self, pidfd: BorrowedFd<'_>, mask: u32) -> Result<u32> {
        let join = self
            .namespaces_of(pidfd, mask, true)?
            .iter()
            .filter(|ns| !ns.shared)
            .fold(0, |join, ns| join | ns.flag);
        if join != 0 {
            rustix::thread::move_into_thread_name_spaces(
                pidfd.as_fd(),
                rustix::thread::ThreadNameSpaceType::from_bits_retain(join),
            )?;
        }
        Ok(join)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn opcodes_carry_direction_and_ver0_sizes() {
        // On x86: direction in bits 30-31 (1: _IOW, 3: _IOWR), size in 16-29, type in 8-15,
        // number in 0-7.
        let op = |dir: ioctl::Opcode, nr: ioctl::Opcode, size: usize| -> ioctl::Opcode {
            (dir << 30) | ((size as ioctl::Opcode) << 16) | (0xB9 << 8) | nr
        };
        assert_eq!(OP_TRANSLATE, op(1, 1, PIDNS_TRANSLATE_SIZE_VER0));
        assert_eq!(OP_INIT_PID, op(3, 2, PIDNS_INIT_PID_SIZE_VER0));
        assert_eq!(OP_GET_LAST_PIDS, op(3, 3, PIDNS_LAST_PIDS_SIZE_VER0));
        assert_eq!(OP_SET_LAST_PIDS, op(3, 4, PIDNS_LAST_PIDS_SIZE_VER0));
        assert_eq!(OP_GET_NAMESPACES, op(3, 5, PIDNS_NAMESPACES_SIZE_VER0));
        assert_eq!(
            OP_TRANSLATE_BATCH,
            op(3, 6, PIDNS_TRANSLATE_BATCH_SIZE_VER0)
        );
        assert_eq!(OP_RELATION, op(3, 0x0b, PIDNS_RELATION_SIZE_VER0));
    }

    #[test]
    fn ns_flags_are_the_clone_flags() {
        use rustix::thread::ThreadNameSpaceType as T;
        let expected = [
            T::USER,
            T::MOUNT,
            T::PROCESS_ID,
            T::NETWORK,
            T::HOST_NAME_AND_NIS_DOMAIN_NAME,
            T::INTER_PROCESS_COMMUNICATION,
            T::CONTROL_GROUP,
            T::TIME,
        ];
        for (flag, t) in NS_FLAGS.iter().zip(expected) {
            assert_eq!(*flag, t.bits());
        }
    }

    #[test]
    fn errors_keep_errno_and_say_what_went_wrong() {
        for e in [
            Errno::SRCH,
            Errno::NOENT,
            Errno::PERM,
            Errno::ACCESS,
            Errno::BADF,
            Errno::INVAL,
            Errno::MFILE,
        ] {
            assert_eq!(Error::from(e).errno(), e);
        }
        assert_eq!(Error::UnknownAnswer.errno(), Errno::PROTO);
        assert!(Error::NotPermitted.to_string().contains("subtree"));
        assert_eq!(Error::from(Errno::NOENT), Error::NotInTarget);
        assert_eq!(Error::from(Errno::ACCESS), Error::AccessDenied);
        assert_ne!(Error::AccessDenied, Error::NotPermitted);
        assert!(Error::NotLoaded.to_string().contains("insmod"));
        assert!(Error::NoSuchProcess.to_string().contains("no such process"));
    }

    #[test]
    fn bind_flags_are_the_uapi_bits() {
        assert_eq!(BindFlags::default(), BindFlags::NONE);
        assert_eq!(BindFlags::NONE.bits(), 0);
        assert_eq!(BindFlags::DELEGATE.bits(), PIDNS_BIND_DELEGATE);
        assert_eq!(BindFlags::DELEGATE.bits() & !PIDNS_BIND_FLAGS, 0);
        assert_eq!(OP_BIND, {
            let size = PIDNS_BIND_SIZE_VER0 as ioctl::Opcode;
            (1 << 30) | (size << 16) | (0xB9 << 8) | 7
        });
    }

    #[test]
    fn last_pids_vectors_are_sized_by_max_levels() {
        assert_eq!(PIDNS_MAX_LEVELS, 33);
        // Refused before the device is asked, so any fd will do: no call is made.
        let dev = Device {
            fd: rustix::fs::open(
                "/dev/null",
                rustix::fs::OFlags::RDONLY | rustix::fs::OFlags::CLOEXEC,
                rustix::fs::Mode::empty(),
            )
            .unwrap(),
        };
        assert_eq!(
            dev.last_pids(&PidNs::Caller, PIDNS_MAX_LEVELS + 1),
            Err(Error::Invalid)
        );
        assert_eq!(
            dev.set_last_pids(&PidNs::Caller, &[0; PIDNS_MAX_LEVELS + 1]),
            Err(Error::Invalid)
        );
    }

    #[test]
    fn refs_encode_kind_and_value() {
        assert_eq!(
            PidNs::Caller.raw(),
            PidnsRef {
                kind: PIDNS_REF_CALLER,
                reserved: 0,
                value: 0
            }
        );
        assert_eq!(
            PidNs::Id(77).raw(),
            PidnsRef {
                kind: PIDNS_REF_ID,
                reserved: 0,
                value: 77
            }
        );
    }

    #[test]
    fn relations_map_every_kind_and_refuse_unknown_ones() {
        use RelationKind::*;
        assert_eq!(RelationKind::from_raw(PIDNS_RELATION_EQUAL, 0), Ok(Equal));
        assert_eq!(
            RelationKind::from_raw(PIDNS_RELATION_SOURCE_IS_ANCESTOR, 1),
            Ok(SourceIsAncestor { distance: 1 })
        );
        assert_eq!(
            RelationKind::from_raw(PIDNS_RELATION_TARGET_IS_ANCESTOR, 32),
            Ok(TargetIsAncestor { distance: 32 })
        );
        assert_eq!(
            RelationKind::from_raw(PIDNS_RELATION_UNRELATED, 0),
            Ok(Unrelated)
        );
        for kind in [
            Equal,
            SourceIsAncestor { distance: 3 },
            TargetIsAncestor { distance: 1 },
            Unrelated,
        ] {
            let raw = match kind {
                Equal => PIDNS_RELATION_EQUAL,
                SourceIsAncestor { .. } => PIDNS_RELATION_SOURCE_IS_ANCESTOR,
                TargetIsAncestor { .. } => PIDNS_RELATION_TARGET_IS_ANCESTOR,
                Unrelated => PIDNS_RELATION_UNRELATED,
            };
            assert_eq!(RelationKind::from_raw(raw, kind.distance()), Ok(kind));
        }
        // 0 means "not answered", 5 and above are kinds this client does not know, and some
        // distances contradict their kind.
        let unknown = [
            (0, 0),
            (0, 1),
            (5, 0),
            (5, 1),
            (u32::MAX, 0),
            (PIDNS_RELATION_SOURCE_IS_ANCESTOR, 0),
            (PIDNS_RELATION_TARGET_IS_ANCESTOR, 0),
            (PIDNS_RELATION_EQUAL, 1),
            (PIDNS_RELATION_UNRELATED, 2),
        ];
        for (relation, distance) in unknown {
            assert_eq!(
                RelationKind::from_raw(relation, distance),
                Err(Error::UnknownAnswer),
                "relation {relation}, distance {distance}"
            );
        }
    }

    #[test]
    fn relation_answers_carry_the_levels() {
        let req = PidnsRelation {
            relation: PIDNS_RELATION_UNRELATED,
            source_level: 2,
            target_level: 3,
            common_level: 1,
            ..Default::default()
        };
        assert_eq!(
            Relation::from_raw(&req),
            Ok(Relation {
                kind: RelationKind::Unrelated,
                source_level: 2,
                target_level: 3,
                common_level: 1,
            })
        );
        // A struct the kernel did not answer reads 0: not a relation.
        assert_eq!(
            Relation::from_raw(&PidnsRelation::default()),
            Err(Error::UnknownAnswer)
        );
    }
}
