// SPDX-License-Identifier: GPL-2.0
/*
 * down: a pid of the caller's namespace translated into a child namespace: pidns (by reference,
 * and through a bound file) vs mainline's NS_GET_PID_IN_PIDNS (the kernel's own code, the floor
 * to match) vs reading NSpid from /proc/PID/status.
 */
#include "sections.h"

DEFINE_WAY(way_mainline, struct child_ctx, ioctl(c->nsfd, NS_GET_PID_IN_PIDNS, c->worker))

DEFINE_WAY(way_pidns, struct child_ctx,
	pidns_translate(c->dev, c->worker, pidns_ref_caller(), pidns_ref_fd(c->nsfd), 0))

DEFINE_WAY(way_bound, struct child_ctx, ioctl(c->down, PIDNS_IOC_BOUND_PID, c->worker))

DEFINE_WAY(way_proc, struct child_ctx, proc_inner_pid(c->worker))

static void run(int dev, void *env)
{
	struct child_ctx *c = env;
	struct way ways[] = {
		{ "mainline NS_GET_PID_IN_PIDNS", way_mainline, PER_CALL_N },
		{ "pidns PIDNS_IOC_TRANSLATE", way_pidns, PER_CALL_N },
		{ "pidns bound PIDNS_IOC_BOUND_PID", way_bound, PER_CALL_N },
		{ "/proc/PID/status NSpid", way_proc, 200 },
	};

	expect(pidns_translate(dev, c->worker, pidns_ref_caller(), pidns_ref_fd(c->nsfd), 0),
	       c->inner, "down: PIDNS_IOC_TRANSLATE");
	expect(nsfs_ioctl(c->nsfd, NS_GET_PID_IN_PIDNS, c->worker), c->inner, "NS_GET_PID_IN_PIDNS");
	expect(pidns_bound_translate(c->down, PIDNS_IOC_BOUND_PID, c->worker), c->inner,
	       "down: PIDNS_IOC_BOUND_PID");
	if (proc_inner_pid(c->worker) != c->inner)
		die("/proc disagrees about the worker");
	compare("down", "pid, 1 level", 0, ways, ARRAY_SIZE(ways), c);
}

const struct section down_section = { "down", run, &child_fixture };
