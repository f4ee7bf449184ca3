// SPDX-License-Identifier: GPL-2.0

#include <linux/pid.h>

#include "helpers.h"

/* Whether a task is attached to @pid as @type: a lockless snapshot, as pid_has_task() is. */
bool pidns_helper_pid_has_task(struct pid *pid, enum pid_type type)
{
	return pid_has_task(pid, type);
}
