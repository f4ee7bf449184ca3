// SPDX-License-Identifier: GPL-2.0
/*
 * batch: per-pid cost of PIDNS_IOC_TRANSLATE_BATCH at N = 1..4096 vs N single PIDNS_IOC_TRANSLATE
 * calls vs N mainline NS_GET_PID_FROM_PIDNS calls vs N PIDNS_IOC_BOUND_PID calls.
 */
#include "sections.h"

struct batch_ctx {
	int dev, nsfd, bound, count;
	pid_t pids[PIDNS_BATCH_MAX], results[PIDNS_BATCH_MAX], want[PIDNS_BATCH_MAX];
};

DEFINE_WAY(way_batch_single, struct batch_ctx,
	for (int k = 0; k < c->count; k++)
		if (pidns_translate(c->dev, c->pids[k], pidns_ref_fd(c->nsfd), pidns_ref_caller(),
				    0) <= 0)
			die("batch: PIDNS_IOC_TRANSLATE of %d failed", c->pids[k]))

DEFINE_WAY(way_batch_batch, struct batch_ctx,
	expect(pidns_translate_batch(c->dev, c->pids, c->results, c->count,
				     pidns_ref_fd(c->nsfd), pidns_ref_caller(), 0),
	       c->count, "batch: PIDNS_IOC_TRANSLATE_BATCH"))

DEFINE_WAY(way_batch_bound, struct batch_ctx,
	for (int k = 0; k < c->count; k++)
		if (ioctl(c->bound, PIDNS_IOC_BOUND_PID, c->pids[k]) <= 0)
			die("batch: PIDNS_IOC_BOUND_PID of %d: %s", c->pids[k], strerror(errno)))

DEFINE_WAY(way_batch_mainline, struct batch_ctx,
	for (int k = 0; k < c->count; k++)
		if (ioctl(c->nsfd, NS_GET_PID_FROM_PIDNS, c->pids[k]) <= 0)
			die("batch: NS_GET_PID_FROM_PIDNS of %d: %s", c->pids[k], strerror(errno)))

static void run(int dev, void *env)
{
	static const int sizes[] = { 1, 16, 64, 256, 1024, 4096 }, smoke_sizes[] = { 1, 16 };
	static struct batch_ctx c;
	int nsizes = smoke ? 2 : 6, workers = smoke ? 16 : PIDNS_BATCH_MAX;
	int ready[2], ret;
	char byte;
	pid_t init;

	/* A namespace with as many processes as the largest batch: pids 2 .. workers + 1 in it. */
	sys_ok(pipe2(ready, O_CLOEXEC), "pipe");
	init = sys_ok(clone_newpid(NULL), "batch: clone3(CLONE_NEWPID)");
	if (init == 0) {
		prctl(PR_SET_PDEATHSIG, SIGKILL);
		for (int i = 0; i < workers; i++) {
			pid_t pid = fork();

			if (pid == 0) {
				for (;;)
					pause();
			}
			if (pid < 0)
				_exit(1);
		}
		write(ready[1], "r", 1);
		for (;;)
			pause();
	}
	close(ready[1]);
	if (read(ready[0], &byte, 1) != 1)
		die("batch: could not start %d processes in a namespace", workers);
	close(ready[0]);
	c.dev = dev;
	c.nsfd = open_pid_ns(init);
	c.bound = expect(pidns_bind(dev, pidns_ref_fd(c.nsfd), pidns_ref_caller()), ANY_OK,
			 "batch: PIDNS_IOC_BIND");
	for (int k = 0; k < workers; k++) {
		c.pids[k] = k + 2;
		c.want[k] = expect(pidns_translate(dev, c.pids[k], pidns_ref_fd(c.nsfd),
						   pidns_ref_caller(), 0), ANY_OK,
				   "batch: PIDNS_IOC_TRANSLATE");
	}

	ret = pidns_translate_batch(dev, c.pids, c.results, 1, pidns_ref_fd(c.nsfd),
				    pidns_ref_caller(), 0);
	if (ret == -ENOTTY) {
		printf("%-8s %-16s skipped: ENOTTY (the module has no PIDNS_IOC_TRANSLATE_BATCH)\n",
		       "batch", "");
	} else {
		expect(ret, 1, "batch: PIDNS_IOC_TRANSLATE_BATCH");
		for (int s = 0; s < nsizes; s++) {
			int count = smoke ? smoke_sizes[s] : sizes[s];
			int n = 8192 / count < 4 ? 4 : 8192 / count;
			struct way ways[] = {
				{ "pidns PIDNS_IOC_TRANSLATE x N", way_batch_single, n, NULL, count },
				{ "pidns PIDNS_IOC_TRANSLATE_BATCH", way_batch_batch, n, NULL, count },
				{ "mainline NS_GET_PID_FROM_PIDNS x N", way_batch_mainline, n, NULL, count },
				{ "pidns PIDNS_IOC_BOUND_PID x N", way_batch_bound, n, NULL, count },
			};
			char label[32];

			c.count = count;
			memset(c.results, 0, sizeof(c.results));
			way_batch_batch(&c, 1);
			if (memcmp(c.results, c.want, count * sizeof(pid_t)))
				die("batch: PIDNS_IOC_TRANSLATE_BATCH disagrees with PIDNS_IOC_TRANSLATE at N = %d",
				    count);
			snprintf(label, sizeof(label), "per pid, N=%d", count);
			compare("batch", label, count, ways, ARRAY_SIZE(ways), &c);
		}
	}
	kill(init, SIGKILL);
	waitpid(init, NULL, 0);
	close(c.nsfd);
	close(c.bound);
}

const struct section batch_section = { "batch", run };
