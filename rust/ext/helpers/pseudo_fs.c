// SPDX-License-Identifier: GPL-2.0
/*
 * proc_ns_file() and pidfd_pid() are not exported: every inode of nsfs and pidfs but their root
 * is a regular file whose i_private is the namespace or the struct pid it stands for.
 */

#include <linux/fs.h>
#include <linux/magic.h>

#include "helpers.h"

static void *pseudo_fs_object(const struct file *file, unsigned long magic)
{
	struct inode *inode = file_inode(file);

	if (inode->i_sb->s_magic != magic || !S_ISREG(inode->i_mode))
		return NULL;
	return inode->i_private;
}

struct ns_common *pidns_helper_nsfs_file_ns(const struct file *file)
{
	return pseudo_fs_object(file, NSFS_MAGIC);
}

struct pid *pidns_helper_pidfs_file_pid(const struct file *file)
{
	return pseudo_fs_object(file, PID_FS_MAGIC);
}
