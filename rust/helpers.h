/* SPDX-License-Identifier: GPL-2.0 */
/*
 * C accessors for pidns: see helpers.c. Declared for Rust where they are used (`ns_common.rs`,
 * `borrowed_file.rs`, `user_struct.rs`, `bound_file.rs`).
 */
#ifndef PIDNS_HELPERS_H
#define PIDNS_HELPERS_H

#include <linux/file.h>
#include <linux/types.h>

#include "../include/uapi/linux/pidns.h"

struct cred;
struct file;
struct ns_common;
struct pid_namespace;
struct vfsmount;
struct seq_file;
struct task_struct;

u64 pidns_helper_ns_id(const struct ns_common *ns);
struct ns_common *pidns_helper_nsfs_file_ns(const struct file *file);
int pidns_helper_learn_layout(struct vfsmount *proc);
int pidns_helper_task_namespaces(struct task_struct *task, const u32 *types, unsigned int n,
				 const struct ns_common **out);
bool pidns_helper_task_has_namespaces(struct task_struct *task);
const struct ns_common *pidns_helper_current_ns_for_children(u32 type);
struct pid_namespace *pidns_helper_get_pid_ns_for_children(void);
bool pidns_helper_may_see_all_namespaces(void);
int pidns_helper_pid_ns_pids(const struct pid_namespace *ns);
const struct cred *pidns_helper_current_cred(void);
const struct cred *pidns_helper_get_current_cred(void);
bool pidns_helper_fatal_signal_pending(void);
void pidns_helper_cond_resched(void);
struct vfsmount *pidns_helper_proc_mount(void);
void pidns_helper_proc_unmount(struct vfsmount *mnt);
struct file *pidns_helper_proc_open(struct vfsmount *proc, const char *path);
struct file *pidns_helper_fd_file(struct fd f);
void pidns_helper_fdput(struct fd f);
unsigned long pidns_helper_clear_user(void __user *to, unsigned long n);
int pidns_helper_put_user_u64(u64 value, u64 __user *to);
int pidns_helper_bound_fd(void *binding);

/* Defined in Rust (rust/bound_file.rs), called through the bound files' file_operations. */
long pidns_bound_ioctl(struct file *file, unsigned int cmd, unsigned long arg);
int pidns_bound_release(struct inode *inode, struct file *file);
void pidns_bound_show_fdinfo(struct seq_file *m, struct file *file);

#endif /* PIDNS_HELPERS_H */
