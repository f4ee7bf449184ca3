// SPDX-License-Identifier: GPL-2.0
/* fdget() is exported; fd_file() and fdput(), its other half, are inline. */

#include <linux/file.h>

#include "helpers.h"

struct file *pidns_helper_fd_file(struct fd f)
{
	return fd_file(f);
}

void pidns_helper_fdput(struct fd f)
{
	fdput(f);
}
