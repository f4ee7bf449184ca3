// SPDX-License-Identifier: GPL-2.0

//! The C functions this layer calls that the `kernel` crate's bindings do not declare: the
//! accessors in `helpers/*.c` (prototypes in `helpers/helpers.h`), one group per file, as bindgen
//! declares the kernel's own `rust/helpers/`, and one exported function the 7.3 bindings lack.

#![expect(
    improper_ctypes,
    reason = "only pointers to these bindgen types cross, as everywhere in `kernel::bindings`"
)]

use kernel::{
    bindings::{
        cred, fd, file, file_operations, ns_common, pid, pid_namespace, pid_type, task_struct,
        vfsmount,
    },
    ffi::{c_char, c_int, c_ulong, c_void},
};

extern "C" {
    // borrowed_file.c
    pub(super) fn pidns_helper_fd_file(f: fd) -> *mut file;
    pub(super) fn pidns_helper_fdput(f: fd);

    // cred.c
    pub(super) fn pidns_helper_current_cred() -> *const cred;
    pub(super) fn pidns_helper_get_current_cred() -> *const cred;
    pub(super) fn pidns_helper_may_see_all_namespaces() -> bool;

    // ns_common.c
    pub(super) fn pidns_helper_ns_id(ns: *const ns_common) -> u64;
    pub(super) fn pidns_helper_task_namespaces(
        task: *mut task_struct,
        types: *const u32,
        n: u32,
        out: *mut *const ns_common,
    ) -> i32;
    pub(super) fn pidns_helper_current_ns_for_children(ty: u32) -> *const ns_common;
    pub(super) fn pidns_helper_learn_mnt_ns_layout(mnt_ns_file: *const file) -> i32;

    // pid.c
    pub(super) fn pidns_helper_pid_has_task(pid: *mut pid, ty: pid_type) -> bool;

    // pid_namespace.c
    pub(super) fn pidns_helper_pid_ns_pids(ns: *const pid_namespace) -> i32;
    pub(super) fn pidns_helper_pid_ns_last_pid(ns: *const pid_namespace) -> i32;
    pub(super) fn pidns_helper_pid_ns_set_last_pid(ns: *mut pid_namespace, last: i32);
    pub(super) fn pidns_helper_pid_ns_pid_max(ns: *const pid_namespace) -> i32;
    pub(super) fn pidns_helper_pid_ns_living_reaper(
        ns: *const pid_namespace,
        leader: *mut task_struct,
    ) -> *mut task_struct;
    pub(super) fn pidns_helper_get_pid_ns_for_children() -> *mut pid_namespace;

    // proc_root.c
    pub(super) fn pidns_helper_proc_mount() -> *mut vfsmount;
    pub(super) fn pidns_helper_proc_unmount(mnt: *mut vfsmount);
    pub(super) fn pidns_helper_proc_open(proc_: *mut vfsmount, path: *const c_char) -> *mut file;

    // pseudo_fs.c
    pub(super) fn pidns_helper_nsfs_file_ns(file: *const file) -> *mut ns_common;
    pub(super) fn pidns_helper_pidfs_file_pid(file: *const file) -> *mut pid;

    // task.c
    pub(super) fn pidns_helper_task_has_namespaces(task: *const task_struct) -> bool;
    pub(super) fn pidns_helper_fatal_signal_pending() -> bool;
    pub(super) fn pidns_helper_cond_resched();

    // uaccess.c
    pub(super) fn pidns_helper_clear_user(to: *mut c_void, n: c_ulong) -> c_ulong;
    pub(super) fn pidns_helper_put_user_u64(value: u64, to: *mut u64) -> c_int;

    // exported by fs/anon_inodes.c, not in the 7.3 bindings
    pub(super) fn anon_inode_getfd(
        name: *const c_char,
        fops: *const file_operations,
        private: *mut c_void,
        flags: c_int,
    ) -> c_int;
}
