// SPDX-License-Identifier: GPL-2.0

#include <linux/idr.h>
#include <linux/nsproxy.h>
#include <linux/pid_namespace.h>
#include <linux/sched.h>

#include "helpers.h"

/* How many pids are allocated in @ns now (0: no task has a number there). */
int pidns_helper_pid_ns_pids(const struct pid_namespace *ns)
{
	return READ_ONCE(ns->pid_allocated) & ~PIDNS_ADDING;
}

/* ns_last_pid of @ns, as the sysctl reads it (kernel/pid_namespace.c, pid_ns_ctl_handler()). */
int pidns_helper_pid_ns_last_pid(const struct pid_namespace *ns)
{
	return idr_get_cursor(&ns->idr) - 1;
}

/* Sets ns_last_pid of @ns, as the sysctl writes it: without a lock. */
void pidns_helper_pid_ns_set_last_pid(struct pid_namespace *ns, int last)
{
	idr_set_cursor(&ns->idr, last + 1);
}

int pidns_helper_pid_ns_pid_max(const struct pid_namespace *ns)
{
	return READ_ONCE(ns->pid_max);
}

/* The child reaper pointer of @ns, read once: it may point to a freed task, only compare it. */
const struct task_struct *pidns_helper_pid_ns_child_reaper(const struct pid_namespace *ns)
{
	return READ_ONCE(ns->child_reaper);
}

/* A new reference to the calling task's pid_for_children namespace (NULL after it exited). */
struct pid_namespace *pidns_helper_get_pid_ns_for_children(void)
{
	struct pid_namespace *ns = current->nsproxy->pid_ns_for_children;

	return ns ? get_pid_ns(ns) : NULL;
}
