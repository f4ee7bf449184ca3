// SPDX-License-Identifier: GPL-2.0

#include <linux/cgroup.h>
#include <linux/cred.h>
#include <linux/fs.h>
#include <linux/ipc_namespace.h>
#include <linux/magic.h>
#include <linux/ns_common.h>
#include <linux/nsproxy.h>
#include <linux/pid_namespace.h>
#include <linux/proc_ns.h>
#include <linux/sched/task.h>
#include <linux/time_namespace.h>
#include <linux/user_namespace.h>
#include <linux/utsname.h>
#include <net/net_namespace.h>

#include "helpers.h"

/*
 * struct mnt_namespace is private to fs/ (fs/mount.h), so its struct ns_common cannot be reached
 * with to_ns_common() from a module. Its offset is learnt once, at load time, and verified:
 * pidns_helper_learn_mnt_ns_layout() takes the caller's /proc/self/ns/mnt and compares the
 * namespace that nsfs file names with current->nsproxy->mnt_ns. A kernel where that does not
 * hold refuses to load pidns rather than let it guess.
 */
static unsigned long mnt_ns_common_offset = ULONG_MAX;

u64 pidns_helper_ns_id(const struct ns_common *ns)
{
	return ns->ns_id;
}

int pidns_helper_learn_mnt_ns_layout(const struct file *mnt_ns_file)
{
	struct inode *inode = file_inode(mnt_ns_file);
	struct ns_common *ns = inode->i_private;
	unsigned long offset;

	if (inode->i_sb->s_magic != NSFS_MAGIC || !S_ISREG(inode->i_mode) || !ns ||
	    ns->ns_type != CLONE_NEWNS)
		return -EINVAL;
	offset = (unsigned long)ns - (unsigned long)current->nsproxy->mnt_ns;
	if (offset >= PAGE_SIZE || !IS_ALIGNED(offset, sizeof(long)))
		return -EINVAL;
	mnt_ns_common_offset = offset;
	return 0;
}

static struct ns_common *mnt_ns_common(struct mnt_namespace *mnt_ns)
{
	if (!mnt_ns || mnt_ns_common_offset == ULONG_MAX)
		return NULL;
	return (struct ns_common *)((char *)mnt_ns + mnt_ns_common_offset);
}

/* The namespace of type @type (a CLONE_NEW* flag) that @nsp (and, for user, @cred) stands for. */
static struct ns_common *ns_of(const struct nsproxy *nsp, const struct cred *cred,
			       struct pid_namespace *active_pid_ns, u32 type)
{
	switch (type) {
	case CLONE_NEWUSER:
		return to_ns_common(cred->user_ns);
	case CLONE_NEWNS:
		return mnt_ns_common(nsp->mnt_ns);
	case CLONE_NEWPID:
		return active_pid_ns ? to_ns_common(active_pid_ns) : NULL;
	case CLONE_NEWNET:
		return to_ns_common(nsp->net_ns);
	case CLONE_NEWUTS:
		return to_ns_common(nsp->uts_ns);
	case CLONE_NEWIPC:
		return to_ns_common(nsp->ipc_ns);
	case CLONE_NEWCGROUP:
		return to_ns_common(nsp->cgroup_ns);
	case CLONE_NEWTIME:
		return to_ns_common(nsp->time_ns);
	}
	return NULL;
}

/*
 * The namespaces of @task of the @n types (CLONE_NEW* flags) at @types, all read at one instant:
 * under task_lock(), which setns() and unshare() hold to switch a task's namespaces, and under
 * RCU for its credentials. No reference is taken: the pointers are only compared, with
 * namespaces the caller holds references to. Returns 0, or -ESRCH if the task has exited.
 */
int pidns_helper_task_namespaces(struct task_struct *task, const u32 *types, unsigned int n,
				 const struct ns_common **out)
{
	unsigned int i;
	int err = 0;

	rcu_read_lock();
	task_lock(task);
	if (!task->nsproxy) {
		err = -ESRCH;
	} else {
		for (i = 0; i < n; i++)
			out[i] = ns_of(task->nsproxy, __task_cred(task), task_active_pid_ns(task),
				       types[i]);
	}
	task_unlock(task);
	rcu_read_unlock();
	return err;
}

/*
 * The namespace of type @type (a CLONE_NEW* flag) that the calling task's new children would
 * get, i.e. the one a setns() of that type changes: for pid and time namespaces the
 * *_for_children ones. Not referenced: only current itself changes its own.
 */
const struct ns_common *pidns_helper_current_ns_for_children(u32 type)
{
	const struct nsproxy *nsp = current->nsproxy;

	switch (type) {
	case CLONE_NEWPID:
		return to_ns_common(nsp->pid_ns_for_children);
	case CLONE_NEWTIME:
		return to_ns_common(nsp->time_ns_for_children);
	}
	return ns_of(nsp, current_cred(), NULL, type);
}
