// SPDX-License-Identifier: GPL-2.0
/*
 * C accessors for pidns, in the spirit of the kernel's rust/helpers/: the few things Rust code
 * cannot reach through the 7.3 kernel crate's bindings, because they are inline functions,
 * anonymous struct members, or namespace structs the bindings only know as opaque. Mechanics
 * only: every policy decision is made by the Rust code that calls these.
 */
#include <linux/anon_inodes.h>
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
 * struct mnt_namespace is private to fs/ (fs/mount.h); its struct ns_common is its first member,
 * which is all this file relies on. Checked whenever the full kernel source is available.
 */
#if __has_include("mount.h")
#include "mount.h"
static_assert(offsetof(struct mnt_namespace, ns) == 0);
#endif

u64 pidns_helper_ns_id(const struct ns_common *ns)
{
	return ns->ns_id;
}

/* The namespace of type @index that @nsp (and, for the user namespace, @cred) stands for. */
static struct ns_common *ns_of(const struct nsproxy *nsp, const struct cred *cred,
			       struct pid_namespace *active_pid_ns, int index)
{
	switch (index) {
	case PIDNS_NS_USER:
		return to_ns_common(cred->user_ns);
	case PIDNS_NS_MNT:
		return (struct ns_common *)nsp->mnt_ns;
	case PIDNS_NS_PID:
		return active_pid_ns ? to_ns_common(active_pid_ns) : NULL;
	case PIDNS_NS_NET:
		return to_ns_common(nsp->net_ns);
	case PIDNS_NS_UTS:
		return to_ns_common(nsp->uts_ns);
	case PIDNS_NS_IPC:
		return to_ns_common(nsp->ipc_ns);
	case PIDNS_NS_CGROUP:
		return to_ns_common(nsp->cgroup_ns);
	case PIDNS_NS_TIME:
		return to_ns_common(nsp->time_ns);
	}
	return NULL;
}

/*
 * Takes a reference on each namespace of @task whose index bit is set in @wanted, all from one
 * instant: under task_lock(), which setns() and unshare() hold to switch a task's namespaces,
 * and under RCU for its credentials. out[i] is NULL for types not wanted. Returns 0, or -ESRCH
 * if the task has exited (it has no namespaces left), in which case no reference is held.
 */
int pidns_helper_task_namespaces(struct task_struct *task, u32 wanted,
				 struct ns_common *out[PIDNS_NS_TYPES])
{
	int i, err = 0;

	memset(out, 0, PIDNS_NS_TYPES * sizeof(*out));
	rcu_read_lock();
	task_lock(task);
	if (!task->nsproxy) {
		err = -ESRCH;
	} else {
		const struct cred *cred = __task_cred(task);
		struct pid_namespace *pid_ns = task_active_pid_ns(task);

		for (i = 0; i < PIDNS_NS_TYPES && !err; i++) {
			struct ns_common *ns;

			if (!(wanted & (1U << i)))
				continue;
			ns = ns_of(task->nsproxy, cred, pid_ns, i);
			if (!ns || !__ns_ref_get(ns))
				err = -ESRCH;
			else
				out[i] = ns;
		}
	}
	task_unlock(task);
	rcu_read_unlock();
	if (err) {
		for (i = 0; i < PIDNS_NS_TYPES; i++)
			if (out[i])
				out[i]->ops->put(out[i]);
		memset(out, 0, PIDNS_NS_TYPES * sizeof(*out));
	}
	return err;
}

/*
 * The namespace of type @index that the calling task's new children would get, i.e. the one a
 * setns() of that type changes: for pid and time namespaces the *_for_children ones. Not
 * referenced: only current itself changes its own.
 */
const struct ns_common *pidns_helper_current_ns(int index)
{
	const struct nsproxy *nsp = current->nsproxy;

	switch (index) {
	case PIDNS_NS_PID:
		return to_ns_common(nsp->pid_ns_for_children);
	case PIDNS_NS_TIME:
		return to_ns_common(nsp->time_ns_for_children);
	}
	return ns_of(nsp, current_cred(), NULL, index);
}

/* Drops a reference taken by pidns_helper_task_namespaces(). */
void pidns_helper_put_ns(struct ns_common *ns)
{
	ns->ops->put(ns);
}

static struct ns_common *pass_reference(struct ns_common *ns)
{
	return ns;
}

/*
 * Opens an nsfs file (O_RDONLY | O_CLOEXEC) on @ns and installs it in the caller's fd table,
 * consuming the reference whether it succeeds or not. Returns the fd or -errno.
 */
int pidns_helper_open_ns(struct ns_common *ns)
{
	return open_related_ns(ns, pass_reference);
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
