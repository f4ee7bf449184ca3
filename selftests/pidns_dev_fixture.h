/* SPDX-License-Identifier: GPL-2.0 */
/*
 * The dev fixture: /dev/pidns (the test is skipped without the module), the caller's own pid
 * namespace, and a bound file on that namespace to itself; what any caller may open, in every
 * mode the suites run in. Include after pidns_harness.h.
 */
#ifndef __PIDNS_DEV_FIXTURE_H
#define __PIDNS_DEV_FIXTURE_H

FIXTURE(dev)
{
	int dev;
	int nsfd;	/* the caller's pid namespace */
	int bound;	/* bound on (caller, caller), without PIDNS_BIND_DELEGATE */
};

FIXTURE_SETUP(dev)
{
	self->dev = open_dev(_metadata);
	if (self->dev < 0)
		return;
	self->nsfd = open("/proc/self/ns/pid", O_RDONLY | O_CLOEXEC);
	ASSERT_GE(self->nsfd, 0);
	self->bound = ioc_bind(self->dev, ref_caller(), ref_caller(), 0);
	ASSERT_GE(self->bound, 0);
}

/* The harness tears down only what set up completely. */
FIXTURE_TEARDOWN(dev)
{
	close(self->bound);
	close(self->nsfd);
	close(self->dev);
}

#endif /* __PIDNS_DEV_FIXTURE_H */
