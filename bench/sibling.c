// SPDX-License-Identifier: GPL-2.0
/*
 * sibling: a pid of one container looked up in its sibling (absent there): pidns vs a /proc
 * scan, as the number of processes grows.
 */
#include "sections.h"

/* Two sibling containers, plus other processes in the caller's namespace. */
struct sibling_ctx {
	int dev, nsfd_a, nsfd_b;
	pid_t a, b;
};

DEFINE_WAY(way_pidns, struct sibling_ctx,
	pidns_translate(c->dev, 1, pidns_ref_fd(c->nsfd_a), pidns_ref_fd(c->nsfd_b), 0))

/* With /proc: find pid 1 of A, then look for a process of B that is the same one: none. */
static void way_proc(void *p, int n)
{
	struct sibling_ctx *c = p;

	for (int i = 0; i < n; i++) {
		pid_t found = proc_find(1, c->nsfd_a);

		if (found && proc_find(found, c->nsfd_b))
			abort();
	}
}

static void run(int dev, void *env)
{
	static const int sizes[] = { 10, 100, 1000, 10000 };
	static pid_t pids[10000];

	for (unsigned int s = 0; s < ARRAY_SIZE(sizes); s++) {
		int n = smoke ? 10 : sizes[s];
		struct sibling_ctx c = { .dev = dev };
		struct way ways[] = {
			{ "pidns PIDNS_IOC_TRANSLATE", way_pidns, 1000 },
			{ "/proc scan", way_proc, n >= 1000 ? 2 : 20 },
		};
		char label[64];

		spawn(pids, n);
		c.a = clone_newpid(NULL);
		if (c.a == 0)
			pause();
		c.b = clone_newpid(NULL);
		if (c.b == 0)
			pause();
		c.nsfd_a = open_pid_ns(c.a);
		c.nsfd_b = open_pid_ns(c.b);
		snprintf(label, sizeof(label), "%d processes", n + 3);
		expect(pidns_translate(dev, 1, pidns_ref_fd(c.nsfd_a), pidns_ref_fd(c.nsfd_b), 0),
		       -ENOENT, "sibling: PIDNS_IOC_TRANSLATE between siblings");
		compare("sibling", label, n + 3, ways, ARRAY_SIZE(ways), &c);
		kill(c.a, SIGKILL);
		kill(c.b, SIGKILL);
		waitpid(c.a, NULL, 0);
		waitpid(c.b, NULL, 0);
		close(c.nsfd_a);
		close(c.nsfd_b);
		reap(pids, n);
		if (smoke)
			break;
	}
}

const struct section sibling_section = { "sibling", run };
