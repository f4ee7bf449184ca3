// SPDX-License-Identifier: GPL-2.0
/*
 * The caller's /proc: an internal procfs instance for the calling task's active pid namespace,
 * like the one the kernel used to keep per pid namespace (pid_ns->proc_mnt). pidns opens
 * /proc/PID/... paths in it to let the kernel's own permission checks decide (ptrace access for
 * /proc/PID/ns/NAME, LSMs included), and to get nsfs files that are not yet installed in any fd
 * table.
 */

#include <linux/fs.h>
#include <linux/mount.h>
#include <linux/namei.h>

#include "helpers.h"

/* procfs is built in: get_fs_type() took no module reference to give back. */
struct vfsmount *pidns_helper_proc_mount(void)
{
	struct file_system_type *type = get_fs_type("proc");

	if (!type)
		return ERR_PTR(-ENODEV);
	return kern_mount(type);
}

void pidns_helper_proc_unmount(struct vfsmount *mnt)
{
	kern_unmount(mnt);
}

/* Opens @path (relative to the root of @proc) read-only, with open(2)'s checks. */
struct file *pidns_helper_proc_open(struct vfsmount *proc, const char *path)
{
	struct path root = { .mnt = proc, .dentry = proc->mnt_root };

	return file_open_root(&root, path, O_RDONLY, 0);
}
