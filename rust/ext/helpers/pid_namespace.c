// SPDX-License-Identifier: GPL-2.0

#include <linux/idr.h>
#include <linux/nsproxy.h>
#include <linux/pid_namespace.h>
#include <linux/sched.h>
#include <linux/sched/signal.h>

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

/*
 * The thread of @leader's group that is @ns's child reaper, if it has not begun exiting; else
 * NULL. Under rcu_read_lock(). Usually @leader itself; after a multi-threaded init's first thread
 * has exited, the thread find_child_reaper() promoted in its place. ns->child_reaper is read once
 * and only compared, never followed: it is left pointing to the last reaper after that task has
 * been reaped and freed.
 */
struct task_struct *pidns_helper_pid_ns_living_reaper(const struct pid_namespace *ns,
						      struct task_struct *leader)
{
	const struct task_struct *reaper = READ_ONCE(ns->child_reaper);
	struct task_struct *thread, *found = NULL;

	if (reaper == leader) {
		found = leader;
	} else {
		for_each_thread(leader, thread) {
			if (thread == reaper) {
				found = thread;
				break;
			}
		}
	}
	if (!found || (READ_ONCE(found->flags) & PF_EXITING) || READ_ONCE(found->exit_state))
		return NULL;
	return found;
}

/* A new reference to the calling task's pid_for_children namespace (NULL after it exited). */
struct pid_namespace *pidns_helper_get_pid_ns_for_children(void)
{
	struct pid_namespace *ns = current->nsproxy->pid_ns_for_children;

	return ns ? get_pid_ns(ns) : NULL;
}
