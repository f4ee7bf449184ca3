// SPDX-License-Identifier: GPL-2.0

#include <linux/capability.h>
#include <linux/cred.h>
#include <linux/pid_namespace.h>
#include <linux/user_namespace.h>

#include "helpers.h"

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

/*
 * may_see_all_namespaces() (kernel/nscommon.c, not exported): who listns() and nsfs file handles
 * show every namespace to.
 */
bool pidns_helper_may_see_all_namespaces(void)
{
	return task_active_pid_ns(current) == &init_pid_ns &&
	       ns_capable_noaudit(init_pid_ns.user_ns, CAP_SYS_ADMIN);
}
