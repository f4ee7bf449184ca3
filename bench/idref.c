// SPDX-License-Identifier: GPL-2.0
/*
 * idref: translating through a namespace named by id vs by fd, as the number of processes in the
 * caller's namespace grows: the cost of resolving ids without the kernel's index, on a file's
 * first lookup of an id (cold: a walk over the caller's pids) and on later ones (warm: the file's
 * hint makes it a walk up one pid's namespace chain). The ways are timed here, not by compare():
 * a cold lookup happens once per file, so each round opens one.
 */
#include "sections.h"

/* One size: @calls lookups by fd and by id (warm) per round, and one cold lookup by id. */
static void idref_case(int dev, int processes, int calls, int nsfd, __u64 id, pid_t init)
{
	double fd_t[MAX_ROUNDS], warm_t[MAX_ROUNDS], cold_t[MAX_ROUNDS];
	double warm_r[MAX_ROUNDS], cold_r[MAX_ROUNDS];
	double fd, warm, cold, wr, cr;
	char label[64];

	for (int r = 0; r < rounds; r++) {
		int fresh = expect(pidns_open(), ANY_OK, "idref: open " PIDNS_DEVICE_PATH);
		double t0 = now_ns();

		/* Cold: the first lookup of the id through a newly opened file. */
		expect(pidns_translate(fresh, 1, pidns_ref_id(id), pidns_ref_caller(), 0), init,
		       "idref: PIDNS_IOC_TRANSLATE by id (cold)");
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
	snprintf(label, sizeof(label), "%d processes", processes);
	fd = median(fd_t, rounds);
	warm = median(warm_t, rounds);
	cold = median(cold_t, rounds);
	wr = median(warm_r, rounds);
	cr = median(cold_r, rounds);
	/* median() sorted warm_r: its ends are the extremes. */
	printf("%-8s %-16s %10.0f %10.0f %10.0f %8.2fx %8.1fx %7.2fx\n", "idref", label, fd, warm,
	       cold, wr, cr, warm_r[rounds - 1] / warm_r[0]);
	emit("idref", label, processes, "pidns by fd", "pidns by fd", fd, 1, NAN);
	emit("idref", label, processes, "pidns by id (warm)", "pidns by fd", warm, wr,
	     warm_r[rounds - 1] / warm_r[0]);
	emit("idref", label, processes, "pidns by id (cold)", "pidns by fd", cold, cr, NAN);
}

static void run(int dev, void *env)
{
	static const int sizes[] = { 10, 100, 1000, 4000 };
	static pid_t pids[4000];

	printf("\n%-8s %-16s %10s %10s %10s %9s %9s %8s\n", "section", "case", "fd ns/op",
	       "warm ns", "cold ns", "warm/fd", "cold/fd", "spread");
	for (unsigned int s = 0; s < ARRAY_SIZE(sizes); s++) {
		int nsfd, pidfd;
		pid_t init;
		__u64 id;

		spawn(pids, sizes[s]);
		/* The namespace to name: created after the others, so its pids come last. */
		init = sys_ok(clone_newpid(&pidfd), "idref: clone3(CLONE_NEWPID)");
		if (init == 0) {
			for (;;)
				pause();
		}
		nsfd = open_pid_ns(init);
		id = ns_id(nsfd);
		if (!id)
			die("idref: NS_GET_ID: %s", strerror(errno));
		expect(pidns_translate(dev, 1, pidns_ref_id(id), pidns_ref_caller(), 0), init,
		       "idref: PIDNS_IOC_TRANSLATE by id");
		expect(pidns_translate(dev, 1, pidns_ref_fd(nsfd), pidns_ref_caller(), 0), init,
		       "idref: PIDNS_IOC_TRANSLATE by fd");
		idref_case(dev, sizes[s] + 2, smoke ? 1 : 200, nsfd, id, init);
		kill(init, SIGKILL);
		waitpid(init, NULL, 0);
		close(nsfd);
		close(pidfd);
		reap(pids, sizes[s]);
		if (smoke)
			break;
	}
}

const struct section idref_section = { "idref", run };
