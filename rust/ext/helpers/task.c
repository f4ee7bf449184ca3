// SPDX-License-Identifier: GPL-2.0

#include <linux/sched.h>
#include <linux/sched/signal.h>

#include "helpers.h"

/* Whether @task still has its namespaces: it has not exited (a zombie has none left). */
bool pidns_helper_task_has_namespaces(const struct task_struct *task)
{
	return READ_ONCE(task->nsproxy) != NULL;
}

bool pidns_helper_fatal_signal_pending(void)
{
	return fatal_signal_pending(current);
}

void pidns_helper_cond_resched(void)
{
	cond_resched();
}
