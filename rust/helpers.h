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

struct ns_common;
struct seq_file;
struct task_struct;

u64 pidns_helper_ns_id(const struct ns_common *ns);
int pidns_helper_task_namespaces(struct task_struct *task, u32 wanted, struct ns_common *out[PIDNS_NS_TYPES]);
const struct ns_common *pidns_helper_current_ns(int index);
void pidns_helper_put_ns(struct ns_common *ns);
int pidns_helper_open_ns(struct ns_common *ns);
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
