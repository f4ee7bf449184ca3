// SPDX-License-Identifier: GPL-2.0
/*
 * up: a pid of a child namespace translated into the caller's: pidns (by reference, and through
 * a bound file) vs mainline's NS_GET_PID_FROM_PIDNS (the kernel's own code, the floor to match)
 * vs scanning /proc for the process whose innermost NSpid it is.
 */
#include "sections.h"

DEFINE_WAY(way_mainline, struct child_ctx, ioctl(c->nsfd, NS_GET_PID_FROM_PIDNS, c->inner))

DEFINE_WAY(way_pidns, struct child_ctx,
	pidns_translate(c->dev, c->inner, pidns_ref_fd(c->nsfd), pidns_ref_caller(), 0))

DEFINE_WAY(way_bound, struct child_ctx, ioctl(c->up, PIDNS_IOC_BOUND_PID, c->inner))

DEFINE_WAY(way_proc, struct child_ctx, proc_find(c->inner, c->nsfd))

static void run(int dev, void *env)
{
	struct child_ctx *c = env;
	struct way ways[] = {
		{ "mainline NS_GET_PID_FROM_PIDNS", way_mainline, PER_CALL_N },
		{ "pidns PIDNS_IOC_TRANSLATE", way_pidns, PER_CALL_N },
		{ "pidns bound PIDNS_IOC_BOUND_PID", way_bound, PER_CALL_N },
		{ "/proc scan for the NSpid", way_proc, 20 },
	};

	expect(pidns_bound_translate(c->up, PIDNS_IOC_BOUND_PID, c->inner), c->worker,
	       "up: PIDNS_IOC_BOUND_PID");
	if (proc_find(c->inner, c->nsfd) != c->worker)
		die("/proc disagrees about the worker");
	compare("up", "pid, 1 level", 0, ways, ARRAY_SIZE(ways), c);
}

const struct section up_section = { "up", run, &child_fixture };
