// SPDX-License-Identifier: GPL-2.0
/* What `modinfo pidns.ko` tells beyond the module! macro's fields. */

#include <linux/module.h>

#include "../include/uapi/linux/pidns.h"

MODULE_INFO(abi_version, __stringify(PIDNS_ABI_VERSION));
MODULE_INFO(min_kernel, "7.2 (CONFIG_RUST=y)");
