// SPDX-License-Identifier: GPL-2.0
/*
 * C accessors for pidns, in the spirit of the kernel's rust/helpers/: the few things Rust code
 * cannot reach through the 7.3 kernel crate's bindings, because they are inline functions,
 * anonymous struct members, or namespace structs the bindings only know as opaque. Mechanics
 * only: every policy decision is made by the Rust code that calls these.
 */
#include <linux/anon_inodes.h>
#include <linux/fs.h>
#include <linux/magic.h>
#include <linux/mount.h>
#include <linux/namei.h>
#include <linux/sched/signal.h>
#include <linux/cgroup.h>
#include <linux/file.h>
#include <linux/module.h>
#include <linux/proc_fs.h>
#include <linux/cred.h>
#include <linux/ipc_namespace.h>
#include <linux/nsproxy.h>
#include <linux/ns_common.h>
#include <linux/pid_namespace.h>
#include <linux/proc_ns.h>
#include <linux/sched/task.h>
#include <linux/time_namespace.h>
#include <linux/uaccess.h>
#include <linux/user_namespace.h>
#include <linux/utsname.h>
#include <net/net_namespace.h>

#include "helpers.h"

/*
 * struct mnt_namespace is private to fs/ (fs/mount.h), so its struct ns_common cannot be reached
 * with to_ns_common() from a module. Its offset is learnt once, at load time, and verified:
 * pidns_helper_learn_layout() opens /proc/self/ns/mnt in an internal procfs instance and compares
 * the namespace the nsfs file names with current->nsproxy->mnt_ns. A kernel where that does not
 * hold refuses to load pidns rather than let it guess.
 */
static unsigned long mnt_ns_common_offset = ULONG_MAX;

u64 pidns_helper_ns_id(const struct ns_common *ns)
{
	return ns->ns_id;
}

static struct ns_common *mnt_ns_common(struct mnt_namespace *mnt_ns)
{
	return mnt_ns ? (struct ns_common *)((char *)mnt_ns + mnt_ns_common_offset) : NULL;
}

/* The nsfs namespace an open file stands for, or NULL if it is not an nsfs file. */
struct ns_common *pidns_helper_nsfs_file_ns(const struct file *file)
{
	struct inode *inode = file_inode(file);

	if (inode->i_sb->s_magic != NSFS_MAGIC || !S_ISREG(inode->i_mode))
		return NULL;
	return inode->i_private;
}

int pidns_helper_learn_layout(struct vfsmount *proc)
{
	struct path root = { .mnt = proc, .dentry = proc->mnt_root };
	struct ns_common *ns;
	struct file *file;
	unsigned long offset;
	int err = 0;

	file = file_open_root(&root, "self/ns/mnt", O_RDONLY, 0);
	if (IS_ERR(file))
		return PTR_ERR(file);
	ns = pidns_helper_nsfs_file_ns(file);
	offset = (unsigned long)ns - (unsigned long)current->nsproxy->mnt_ns;
	if (!ns || ns->ns_type != CLONE_NEWNS || offset >= PAGE_SIZE ||
	    !IS_ALIGNED(offset, sizeof(long)))
		err = -EINVAL;
	else
		mnt_ns_common_offset = offset;
	fput(file);
	return err;
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

/* Whether @task still has its namespaces: it has not exited (a zombie has none left). */
bool pidns_helper_task_has_namespaces(struct task_struct *task)
{
	return READ_ONCE(task->nsproxy) != NULL;
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

/* A new reference to the calling task's pid_for_children namespace (NULL after it exited). */
struct pid_namespace *pidns_helper_get_pid_ns_for_children(void)
{
	struct pid_namespace *ns = current->nsproxy->pid_ns_for_children;

	return ns ? get_pid_ns(ns) : NULL;
}

/*
 * may_see_all_namespaces() (kernel/nscommon.c, not exported): who listns() and nsfs file handles
 * show every namespace to.
 */
bool pidns_helper_may_see_all_namespaces(void)
{
	return task_active_pid_ns(current) == &init_pid_ns &&
	       ns_capable_noaudit(init_pid_ns.user_ns, CAP_SYS_ADMIN);
}

/* How many pids are allocated in @ns now (0: no task has a number there). */
int pidns_helper_pid_ns_pids(const struct pid_namespace *ns)
{
	return READ_ONCE(ns->pid_allocated) & ~PIDNS_ADDING;
}

/* The calling task's credentials, not referenced: only compared. */
const struct cred *pidns_helper_current_cred(void)
{
	return current_cred();
}

/* A new reference to the calling task's credentials. */
const struct cred *pidns_helper_get_current_cred(void)
{
	return get_current_cred();
}

bool pidns_helper_fatal_signal_pending(void)
{
	return fatal_signal_pending(current);
}

void pidns_helper_cond_resched(void)
{
	cond_resched();
}

/*
 * The caller's /proc: an internal procfs instance for the calling task's active pid namespace,
 * like the one the kernel used to keep per pid namespace (pid_ns->proc_mnt). pidns opens
 * /proc/PID/... paths in it to let the kernel's own permission checks decide (ptrace access for
 * /proc/PID/ns/NAME, LSMs included), and to get nsfs files that are not yet installed in any fd
 * table. procfs is built in: get_fs_type() took no module reference to give back.
 */
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

/* fdget() is exported; fd_file() and fdput(), its other half, are inline. */
struct file *pidns_helper_fd_file(struct fd f)
{
	return fd_file(f);
}

void pidns_helper_fdput(struct fd f)
{
	fdput(f);
}

/* clear_user() is inline on x86-64. Returns the number of bytes it could not clear. */
unsigned long pidns_helper_clear_user(void __user *to, unsigned long n)
{
	return clear_user(to, n);
}

/* put_user() is a macro; for a u64 it is one store, where copy_to_user() is a copy loop. */
int pidns_helper_put_user_u64(u64 value, u64 __user *to)
{
	return put_user(value, to);
}

/*
 * Bound files (PIDNS_IOC_BIND): anonymous-inode files whose private data is a Rust `Binding`,
 * immutable for the file's life. The table is C only because THIS_MODULE and anon_inode_getfd()
 * are; the callbacks are Rust (rust/bound_file.rs). The owner pins the module while one is open.
 */
static const struct file_operations pidns_bound_fops = {
	.owner = THIS_MODULE,
	.unlocked_ioctl = pidns_bound_ioctl,
	.compat_ioctl = compat_ptr_ioctl,
	.release = pidns_bound_release,
	.show_fdinfo = pidns_bound_show_fdinfo,
	.llseek = noop_llseek,
};

/* A new close-on-exec fd on a bound file owning @binding, or -errno (@binding is then not used). */
int pidns_helper_bound_fd(void *binding)
{
	return anon_inode_getfd("[pidns_bound]", &pidns_bound_fops, binding, O_RDWR | O_CLOEXEC);
}

/* What `modinfo pidns.ko` tells beyond the module! macro's fields. */
MODULE_INFO(abi_version, __stringify(PIDNS_ABI_VERSION));
MODULE_INFO(min_kernel, "7.3 (CONFIG_RUST=y)");
