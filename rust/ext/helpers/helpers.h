/* SPDX-License-Identifier: GPL-2.0 */
/*
 * C accessors of the abstractions in rust/ext/, one file each, as the kernel's rust/helpers/:
 * what Rust code cannot reach through the 7.3 kernel crate's bindings (inline functions,
 * anonymous members, structs the bindings know only as opaque). Mechanics only: every policy
 * decision is made by the Rust code that calls them. Declared for Rust in rust/ext/helpers.rs.
 */
#ifndef PIDNS_EXT_HELPERS_H
#define PIDNS_EXT_HELPERS_H

#include <linux/file.h>
#include <linux/pid.h>
#include <linux/types.h>

struct cred;
struct file;
struct ns_common;
struct pid;
struct pid_namespace;
struct task_struct;
struct vfsmount;

/* borrowed_file.c */
struct file *pidns_helper_fd_file(struct fd f);
void pidns_helper_fdput(struct fd f);

/* cred.c */
const struct cred *pidns_helper_current_cred(void);
const struct cred *pidns_helper_get_current_cred(void);
bool pidns_helper_may_see_all_namespaces(void);

/* ns_common.c */
u64 pidns_helper_ns_id(const struct ns_common *ns);
int pidns_helper_task_namespaces(struct task_struct *task, const u32 *types, unsigned int n,
				 const struct ns_common **out);
const struct ns_common *pidns_helper_current_ns_for_children(u32 type);
int pidns_helper_learn_mnt_ns_layout(const struct file *mnt_ns_file);

/* pid.c */
bool pidns_helper_pid_has_task(struct pid *pid, enum pid_type type);

/* pid_namespace.c */
int pidns_helper_pid_ns_pids(const struct pid_namespace *ns);
int pidns_helper_pid_ns_last_pid(const struct pid_namespace *ns);
void pidns_helper_pid_ns_set_last_pid(struct pid_namespace *ns, int last);
int pidns_helper_pid_ns_pid_max(const struct pid_namespace *ns);
struct task_struct *pidns_helper_pid_ns_living_reaper(const struct pid_namespace *ns,
						      struct task_struct *leader);
struct pid_namespace *pidns_helper_get_pid_ns_for_children(void);

/* proc_root.c */
struct vfsmount *pidns_helper_proc_mount(void);
void pidns_helper_proc_unmount(struct vfsmount *mnt);
struct file *pidns_helper_proc_open(struct vfsmount *proc, const char *path);

/* pseudo_fs.c */
struct ns_common *pidns_helper_nsfs_file_ns(const struct file *file);
struct pid *pidns_helper_pidfs_file_pid(const struct file *file);

/* task.c */
bool pidns_helper_task_has_namespaces(const struct task_struct *task);
bool pidns_helper_fatal_signal_pending(void);
void pidns_helper_cond_resched(void);

/* uaccess.c */
unsigned long pidns_helper_clear_user(void __user *to, unsigned long n);
int pidns_helper_put_user_u64(u64 value, u64 __user *to);

#endif /* PIDNS_EXT_HELPERS_H */
