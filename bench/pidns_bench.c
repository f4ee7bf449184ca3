// SPDX-License-Identifier: GPL-2.0
/*
 * pidns benchmarks: ratios of ways measured side by side in one run, interleaved, median of
 * several rounds. Absolute times are printed only for reference: under TCG emulation they mean
 * little, ratios do.
 *
 *   pidns_bench [--rounds N]
 *
 * Sections so far:
 *   idref  translating through a namespace named by id vs by fd, as the number of processes in
 *          the caller's namespace grows: the cost of resolving ids without the kernel's index,
 *          on a file's first lookup of an id (cold: a walk over the caller's pids) and on later
 *          ones (warm: the file's hint makes it a walk up one pid's namespace chain).
 */
#include "../selftests/pidns_util.h"
#include <time.h>

static int rounds = 7;

static double now_ns(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return ts.tv_sec * 1e9 + ts.tv_nsec;
}

static int cmp_double(const void *a, const void *b)
{
	double x = *(const double *)a, y = *(const double *)b;

	return x < y ? -1 : x > y;
}

static double median(double *v, int n)
{
	qsort(v, n, sizeof(*v), cmp_double);
	return v[n / 2];
}

/* Spawns @n sleeping processes in the caller's namespace; returns their pids in @pids. */
static void spawn(pid_t *pids, int n)
{
	for (int i = 0; i < n; i++) {
		pids[i] = fork();
		if (pids[i] == 0) {
			prctl(PR_SET_PDEATHSIG, SIGKILL);
			for (;;)
				pause();
		}
	}
}

static void reap(pid_t *pids, int n)
{
	for (int i = 0; i < n; i++)
		kill(pids[i], SIGKILL);
	for (int i = 0; i < n; i++)
		waitpid(pids[i], NULL, 0);
}

static void bench_idref(int dev)
{
	static const int sizes[] = { 10, 100, 1000, 4000 };
	static pid_t pids[4000];

	printf("\n%-8s %-16s %10s %10s %10s %9s %9s %8s\n", "section", "case", "fd ns/op",
	       "warm ns", "cold ns", "warm/fd", "cold/fd", "spread");
	for (unsigned int s = 0; s < sizeof(sizes) / sizeof(sizes[0]); s++) {
		double fd_t[32], warm_t[32], cold_t[32], warm_r[32], cold_r[32];
		int calls = 200, nsfd, pidfd;
		pid_t init;
		char path[64], label[64];
		__u64 id;

		spawn(pids, sizes[s]);
		/* The namespace to name: created after the others, so its pids come last. */
		init = clone_newpid(&pidfd);
		if (init == 0) {
			for (;;)
				pause();
		}
		snprintf(path, sizeof(path), "/proc/%d/ns/pid", init);
		nsfd = open(path, O_RDONLY | O_CLOEXEC);
		id = ns_id(nsfd);
		for (int r = 0; r < rounds; r++) {
			int fresh = pidns_open();
			double t0 = now_ns();

			/* Cold: the first lookup of the id through a newly opened file. */
			pidns_translate(fresh, 1, pidns_ref_id(id), pidns_ref_caller(), 0);
			cold_t[r] = now_ns() - t0;
			close(fresh);
			t0 = now_ns();
			for (int i = 0; i < calls; i++)
				pidns_translate(dev, 1, pidns_ref_fd(nsfd), pidns_ref_caller(), 0);
			fd_t[r] = (now_ns() - t0) / calls;
			t0 = now_ns();
			for (int i = 0; i < calls; i++)
				pidns_translate(dev, 1, pidns_ref_id(id), pidns_ref_caller(), 0);
			warm_t[r] = (now_ns() - t0) / calls;
			warm_r[r] = warm_t[r] / fd_t[r];
			cold_r[r] = cold_t[r] / fd_t[r];
		}
		snprintf(label, sizeof(label), "%d processes", sizes[s] + 2);
		{
			double fd = median(fd_t, rounds), warm = median(warm_t, rounds);
			double cold = median(cold_t, rounds), wr = median(warm_r, rounds);
			double cr = median(cold_r, rounds);

			/* median() sorted warm_r: its ends are the extremes. */
			printf("%-8s %-16s %10.0f %10.0f %10.0f %8.2fx %8.1fx %7.2fx\n", "idref",
			       label, fd, warm, cold, wr, cr, warm_r[rounds - 1] / warm_r[0]);
		}
		kill(init, SIGKILL);
		waitpid(init, NULL, 0);
		close(nsfd);
		close(pidfd);
		reap(pids, sizes[s]);
	}
}

int main(int argc, char **argv)
{
	int dev = pidns_open();

	if (argc == 3 && !strcmp(argv[1], "--rounds"))
		rounds = atoi(argv[2]) > 0 && atoi(argv[2]) <= 32 ? atoi(argv[2]) : rounds;
	if (dev < 0) {
		fprintf(stderr, "%s: %s (is pidns.ko loaded?)\n", PIDNS_DEVICE_PATH, strerror(-dev));
		return 2;
	}
	printf("pidns benchmarks: median of %d interleaved rounds; spread = max/min of the warm ratio\n",
	       rounds);
	bench_idref(dev);
	return 0;
}
