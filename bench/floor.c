// SPDX-License-Identifier: GPL-2.0
/*
 * floor: the cheapest call into /dev/pidns vs the cheapest nsfs ioctl (NS_GET_NSTYPE), what any
 * pidns call costs before it does anything.
 */
#include "sections.h"

DEFINE_WAY(way_nstype, struct child_ctx, ioctl(c->nsfd, NS_GET_NSTYPE))

DEFINE_WAY(way_version, struct child_ctx, ioctl(c->dev, PIDNS_IOC_GET_VERSION))

static void run(int dev, void *env)
{
	struct way ways[] = {
		{ "nsfs NS_GET_NSTYPE", way_nstype, PER_CALL_N },
		{ "pidns PIDNS_IOC_GET_VERSION", way_version, PER_CALL_N },
	};

	sys_ok(ioctl(dev, PIDNS_IOC_GET_VERSION), "PIDNS_IOC_GET_VERSION");
	compare("floor", "no-op call", 0, ways, ARRAY_SIZE(ways), env);
}

const struct section floor_section = { "floor", run, &child_fixture };
