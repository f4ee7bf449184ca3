// SPDX-License-Identifier: GPL-2.0

//! `PIDNS_IOC_BIND` and the bound calls: a bound file is tied to one (source, target) pair of pid
//! namespaces, and answers one-integer questions about it as cheaply as mainline's nsfs ioctls
//! answer theirs: the file's data is the [`Binding`], set before the file exists and never
//! changed, which a bound call reaches with one pointer read (`ext/file_ops.rs`).
//!
//! The references are resolved, with all their permission rules, when binding; the file then
//! holds a reference to each namespace and to the binder's active pid namespace, the *viewer*.
//! Every bound call applies the visibility rule for the viewer and, unless the file was bound
//! with `PIDNS_BIND_DELEGATE`, for the calling task's own namespace too: handed to another
//! process, a bound file tells it only about tasks it can see itself. With the flag it answers as
//! its binder would, whoever calls: a delegation the binder chose.

use super::{
    init_pid::Reaper,
    translate::{Translation, Viewer},
    Reply,
};
use crate::{
    caller::Caller,
    defs::{
        PidnsBind, PIDNS_BIND_DELEGATE, PIDNS_BIND_FLAGS, PIDNS_IOC_BOUND_INIT_PID,
        PIDNS_IOC_BOUND_PID, PIDNS_IOC_BOUND_TGID,
    },
    ext::{
        cast::current_pid_ns,
        file_ops::{anon_fd, this_module, FileOps},
        pid::PidType,
        pid_namespace::PidNamespaceExt,
        uaccess::put_user_u64,
    },
};
use kernel::{
    current,
    pid_namespace::PidNamespace,
    prelude::*,
    seq_file::SeqFile,
    seq_print,
    sync::{aref::ARef, rcu},
    uaccess::UserPtr,
    ThisModule,
};

/// The pair of namespaces a bound file is bound to, and whose view it answers with, held for as
/// long as the file is open.
pub(crate) struct Binding {
    /// The namespace the bound calls take pids in.
    source: ARef<PidNamespace>,
    /// The namespace they answer in.
    target: ARef<PidNamespace>,
    /// The active pid namespace of the task that bound the file: only tasks it can see are
    /// answered about.
    viewer: ARef<PidNamespace>,
    /// Whether the binder handed on its view (`PIDNS_BIND_DELEGATE`): if not, a caller must see
    /// the task itself too.
    delegate: bool,
}

impl Binding {
    /// Resolves the references of `req` for `caller`; see `struct pidns_bind` in the uapi header
    /// for the contract.
    pub(crate) fn new(req: &mut PidnsBind, caller: &Caller<'_>) -> Result<Self> {
        if req.flags & !PIDNS_BIND_FLAGS != 0 {
            return Err(EINVAL);
        }
        let source = caller.resolve(&req.source)?;
        let target = caller.resolve(&req.target)?;
        Ok(Self {
            source: ARef::from(&*source),
            target: ARef::from(&*target),
            viewer: ARef::from(caller.ns()),
            delegate: req.flags & PIDNS_BIND_DELEGATE != 0,
        })
    }
}

/// A new bound file owning the binding: its fd is the ioctl's value.
impl Reply for Binding {
    fn commit(self) -> Result<isize> {
        let fd = anon_fd(c"[pidns_bound]", KBox::pin(self, GFP_KERNEL)?)?;
        Ok(fd as isize)
    }
}

impl FileOps for Binding {
    const OWNER: &'static ThisModule = this_module!();

    /// Answers an ioctl on a bound file; see the bound calls in the uapi header for the contract.
    #[inline]
    fn ioctl(this: Pin<&Self>, cmd: u32, arg: usize) -> Result<isize> {
        this.get_ref().call(cmd, arg)
    }

    /// Shows the binding in the file's fdinfo: the ids (as `NS_GET_ID` gives them) of the three
    /// namespaces it holds, and whether the view is delegated.
    fn show_fdinfo(this: Pin<&Self>, m: &SeqFile) {
        seq_print!(
            m,
            "pidns_source_id:\t{}\npidns_target_id:\t{}\npidns_viewer_id:\t{}\npidns_delegate:\t{}\n",
            this.source.id(),
            this.target.id(),
            this.viewer.id(),
            u32::from(this.delegate)
        );
    }
}

impl Binding {
    /// A bound call.
    #[inline]
    fn call(&self, cmd: u32, arg: usize) -> Result<isize> {
        let task = current!();
        let caller = if self.delegate {
            None
        } else {
            current_pid_ns(task)
        };
        let viewer = self.viewer(caller);
        match cmd {
            PIDNS_IOC_BOUND_PID => self
                .translate(arg, PidType::Pid, viewer)
                .map(|nr| nr as isize),
            PIDNS_IOC_BOUND_TGID => self
                .translate(arg, PidType::Tgid, viewer)
                .map(|nr| nr as isize),
            PIDNS_IOC_BOUND_INIT_PID => {
                let (pid, pidfs_ino) = self.init_pid(viewer)?;
                if arg != 0 {
                    put_user_u64(pidfs_ino, UserPtr::from_addr(arg))?;
                }
                Ok(pid as isize)
            }
            _ => Err(ENOTTY),
        }
    }

    /// Who a bound call answers for: the binder's view, and, unless it was delegated, the view
    /// of the calling task, whose active pid namespace is `caller`.
    #[inline]
    fn viewer<'a>(&'a self, caller: Option<&'a PidNamespace>) -> Viewer<'a> {
        let also = caller.filter(|ns| !self.delegate && !core::ptr::eq(*ns, &*self.viewer));
        Viewer {
            ns: &self.viewer,
            also,
        }
    }

    /// `PIDNS_IOC_BOUND_PID` (`wanted` is [`PidType::Pid`]) and `PIDNS_IOC_BOUND_TGID`: the number
    /// in the target of the task that is `arg` in the source.
    #[inline]
    fn translate(&self, arg: usize, wanted: PidType, viewer: Viewer<'_>) -> Result<i32> {
        let nr = i32::try_from(arg).map_err(|_| EINVAL)?;
        let translation = Translation {
            source: &self.source,
            target: &self.target,
            wanted,
        };
        translation.one(nr, viewer, &rcu::read_lock())
    }

    /// `PIDNS_IOC_BOUND_INIT_PID`: the pid in the target of the source's living reaper, and the
    /// pidfs inode number of that process.
    #[inline]
    fn init_pid(&self, viewer: Viewer<'_>) -> Result<(i32, u64)> {
        let rcu = rcu::read_lock();
        let reaper = Reaper::find(&self.source, &self.target, viewer, &rcu)?;
        Ok((reaper.pid, reaper.process.pidfs_ino()))
    }
}
