// SPDX-License-Identifier: GPL-2.0

#include <linux/uaccess.h>

#include "helpers.h"

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
