// SPDX-License-Identifier: GPL-2.0

#include <linux/sched.h>
#include <linux/sched/signal.h>

#include "helpers.h"

/* Whether @task has begun exiting (or is a zombie already): the bits only ever get set. */
bool pidns_helper_task_is_exiting(const struct task_struct *task)
{
	return (READ_ONCE(task->flags) & PF_EXITING) || READ_ONCE(task->exit_state);
}

/* Whether @task still has its namespaces: it has not exited (a zombie has none left). */
bool pidns_helper_task_has_namespaces(const struct task_struct *task)
{
	return READ_ONCE(task->nsproxy) != NULL;
}

/* The first thread of @task's thread group, or NULL: under rcu_read_lock(), as for_each_thread. */
struct task_struct *pidns_helper_first_thread(const struct task_struct *task)
{
	return list_first_or_null_rcu(&task->signal->thread_head, struct task_struct, thread_node);
}

/* The thread after @task in its group, or NULL: under rcu_read_lock(). */
struct task_struct *pidns_helper_next_thread(const struct task_struct *task)
{
	return __next_thread((struct task_struct *)task);
}

bool pidns_helper_fatal_signal_pending(void)
{
	return fatal_signal_pending(current);
}

void pidns_helper_cond_resched(void)
{
	cond_resched();
}
