// SPDX-License-Identifier: GPL-2.0
/*
 * pidns benchmarks: ratios of ways measured side by side in one run, interleaved, median of
 * several rounds. Absolute times are printed only for reference: under TCG emulation they mean
 * little, ratios do.
 *
 *   pidns_bench [--rounds N] [--smoke] [--csv FILE]
 *
 * --smoke runs every section with tiny counts, to prove it still works (make check does).
 *
 * Sections so far:
 *   floor      the cheapest call into /dev/pidns vs the cheapest nsfs ioctl (NS_GET_NSTYPE)
 *   down, up   one pid into / out of a child namespace: pidns vs mainline's
 *              NS_GET_PID_{IN,FROM}_PIDNS (the kernel's own code, the floor to match) vs reading
 *              NSpid from /proc/PID/status
 *   initpid    a namespace's init as the caller sees it: pidns (the number; and with its stable
 *              pidfd reference checked) vs mainline NS_GET_PID_FROM_PIDNS(nsfd, 1) vs LXCFS's
 *              fork + setns + fork + SCM_CREDENTIALS vs scanning /proc for NSpid ending in 1
 *   sibling    a pid of one container looked up in its sibling (absent there): pidns vs a
 *              /proc scan, as the number of processes grows
 *   idref  translating through a namespace named by id vs by fd, as the number of processes in
 *          the caller's namespace grows: the cost of resolving ids without the kernel's index,
 *          on a file's first lookup of an id (cold: a walk over the caller's pids) and on later
 *          ones (warm: the file's hint makes it a walk up one pid's namespace chain).
 */
#include "../selftests/pidns_util.h"
#include <sys/socket.h>
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

static FILE *csv;
static bool smoke;

/* One way of doing an operation; run() does it @n times. */
struct way {
	const char *name;
	void (*run)(void *ctx, int n);
	int n;			/* calls per round */
};

/*
 * Runs @ways side by side: every round runs each way once (rotating the order), and the ratio of
 * each to @ways[0] is taken within the round; prints per-op medians, the median ratio and its
 * spread (max/min over rounds).
 */
static void compare(const char *section, const char *label, struct way *ways, int nways, void *ctx)
{
	double t[8][32], ratio[8][32];

	for (int r = 0; r < rounds; r++) {
		for (int i = 0; i < nways; i++) {
			int w = (i + r) % nways, n = smoke ? 1 : ways[w].n;
			double t0 = now_ns();

			ways[w].run(ctx, n);
			t[w][r] = (now_ns() - t0) / n;
		}
		for (int w = 0; w < nways; w++)
			ratio[w][r] = t[w][r] / t[0][r];
	}
	for (int w = 0; w < nways; w++) {
		double per_op = median(t[w], rounds), med = median(ratio[w], rounds);
		double spread = ratio[w][rounds - 1] / ratio[w][0];

		printf("%-8s %-16s %-34s %12.0f %9.2fx %7.2fx\n", section, label, ways[w].name,
		       per_op, med, spread);
		if (csv)
			fprintf(csv, "\"%s\",\"%s\",\"%s\",\"%s\",%.0f,%.4f,%.4f,%d\n", section, label, ways[w].name,
				ways[0].name, per_op, med, spread, rounds);
	}
}

/* Spawns @n sleeping processes in the caller's namespace into @pids; exits if it cannot. */
static void spawn(pid_t *pids, int n)
{
	for (int i = 0; i < n; i++) {
		pids[i] = fork();
		if (pids[i] == 0) {
			prctl(PR_SET_PDEATHSIG, SIGKILL);
			for (;;)
				pause();
		}
		if (pids[i] < 0) {
			fprintf(stderr, "spawning process %d of %d: %s\n", i + 1, n, strerror(errno));
			for (int j = 0; j < i; j++)
				kill(pids[j], SIGKILL);
			exit(1);
		}
	}
}

static void reap(pid_t *pids, int n)
{
	for (int i = 0; i < n; i++)
		if (pids[i] > 0)
			kill(pids[i], SIGKILL);
	for (int i = 0; i < n; i++)
		if (pids[i] > 0)
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
		int calls = smoke ? 1 : 200, nsfd, pidfd;
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
			if (csv) {
				fprintf(csv, "\"idref\",\"%s\",\"pidns by id (warm)\",\"pidns by fd\",%.0f,%.4f,%.4f,%d\n",
					label, warm, wr, warm_r[rounds - 1] / warm_r[0], rounds);
				fprintf(csv, "\"idref\",\"%s\",\"pidns by id (cold)\",\"pidns by fd\",%.0f,%.4f,,%d\n",
					label, cold, cr, rounds);
			}
		}
		kill(init, SIGKILL);
		waitpid(init, NULL, 0);
		close(nsfd);
		close(pidfd);
		reap(pids, sizes[s]);
		if (smoke)
			break;
	}
}

/* Context of the sections on one child namespace. */
struct child_ctx {
	int dev, nsfd;
	pid_t child;		/* in the caller's namespace; pid 1 of its own */
	pid_t inner;		/* the number of a worker of the child namespace, inside it */
	pid_t worker;		/* the same worker, in the caller's namespace */
};

static void way_version(void *p, int n)
{
	struct child_ctx *c = p;

	for (int i = 0; i < n; i++)
		ioctl(c->dev, PIDNS_IOC_GET_VERSION);
}

static void way_nstype(void *p, int n)
{
	struct child_ctx *c = p;

	for (int i = 0; i < n; i++)
		ioctl(c->nsfd, NS_GET_NSTYPE);
}

static void way_down_mainline(void *p, int n)
{
	struct child_ctx *c = p;

	for (int i = 0; i < n; i++)
		ioctl(c->nsfd, NS_GET_PID_IN_PIDNS, c->worker);
}

static void way_down_pidns(void *p, int n)
{
	struct child_ctx *c = p;

	for (int i = 0; i < n; i++)
		pidns_translate(c->dev, c->worker, pidns_ref_caller(), pidns_ref_fd(c->nsfd), 0);
}

/* The innermost NSpid of a process, read the way tools do today. */
static pid_t proc_inner_pid(pid_t pid)
{
	pid_t nspid[TREE_MAX_LEVELS];
	char path[64];
	int n;

	snprintf(path, sizeof(path), "/proc/%d/status", pid);
	n = read_ns_numbers(path, "NSpid:", nspid, TREE_MAX_LEVELS);
	return n > 0 ? nspid[n - 1] : 0;
}

static void way_down_proc(void *p, int n)
{
	struct child_ctx *c = p;

	for (int i = 0; i < n; i++)
		proc_inner_pid(c->worker);
}

static void way_up_mainline(void *p, int n)
{
	struct child_ctx *c = p;

	for (int i = 0; i < n; i++)
		ioctl(c->nsfd, NS_GET_PID_FROM_PIDNS, c->inner);
}

static void way_up_pidns(void *p, int n)
{
	struct child_ctx *c = p;

	for (int i = 0; i < n; i++)
		pidns_translate(c->dev, c->inner, pidns_ref_fd(c->nsfd), pidns_ref_caller(), 0);
}

/*
 * /proc has no reverse index: finding which process is pid @inner of a namespace means reading
 * every status file until one's innermost NSpid matches (and checking its namespace).
 */
static pid_t proc_find(pid_t inner, int nsfd)
{
	struct stat want, st;
	DIR *d = opendir("/proc");
	struct dirent *e;
	pid_t found = 0;

	fstat(nsfd, &want);
	while (d && !found && (e = readdir(d))) {
		pid_t pid = atoi(e->d_name);
		char path[64];

		if (pid <= 0 || proc_inner_pid(pid) != inner)
			continue;
		snprintf(path, sizeof(path), "/proc/%d/ns/pid", pid);
		if (!stat(path, &st) && st.st_ino == want.st_ino)
			found = pid;
	}
	if (d)
		closedir(d);
	return found;
}

static void way_up_proc(void *p, int n)
{
	struct child_ctx *c = p;

	for (int i = 0; i < n; i++)
		proc_find(c->inner, c->nsfd);
}

static void way_init_mainline(void *p, int n)
{
	struct child_ctx *c = p;

	for (int i = 0; i < n; i++)
		ioctl(c->nsfd, NS_GET_PID_FROM_PIDNS, 1);
}

static void way_init_pidns(void *p, int n)
{
	struct child_ctx *c = p;
	struct pidns_init_pid ip;

	for (int i = 0; i < n; i++)
		pidns_init_pid(c->dev, pidns_ref_fd(c->nsfd), pidns_ref_caller(), &ip);
}

static void way_init_pidns_stable(void *p, int n)
{
	struct child_ctx *c = p;
	struct pidns_init_pid ip;
	struct stat st;

	for (int i = 0; i < n; i++) {
		int pidfd;

		pidns_init_pid(c->dev, pidns_ref_fd(c->nsfd), pidns_ref_caller(), &ip);
		pidfd = sys_pidfd_open(ip.pid, 0);
		if (fstat(pidfd, &st) || st.st_ino != ip.pidfs_ino)
			abort();
		close(pidfd);
	}
}

/* LXCFS's way (src/bindings.c): fork, setns, fork, SCM_CREDENTIALS claiming pid 1. */
static void way_init_lxcfs(void *p, int n)
{
	struct child_ctx *c = p;

	for (int i = 0; i < n; i++) {
		char buf[1] = { 0 }, control[CMSG_SPACE(sizeof(struct ucred))];
		struct iovec iov = { .iov_base = buf, .iov_len = 1 };
		struct msghdr msg = { .msg_iov = &iov, .msg_iovlen = 1, .msg_control = control,
				      .msg_controllen = sizeof(control) };
		int sock[2], one = 1;
		pid_t helper;

		socketpair(AF_UNIX, SOCK_SEQPACKET | SOCK_CLOEXEC, 0, sock);
		setsockopt(sock[0], SOL_SOCKET, SO_PASSCRED, &one, sizeof(one));
		helper = fork();
		if (helper == 0) {
			if (setns(c->nsfd, CLONE_NEWPID))
				_exit(1);
			if (fork() == 0) {
				struct ucred cred = { .pid = 1, .uid = getuid(), .gid = getgid() };
				struct cmsghdr *cmsg = CMSG_FIRSTHDR(&msg);

				cmsg->cmsg_level = SOL_SOCKET;
				cmsg->cmsg_type = SCM_CREDENTIALS;
				cmsg->cmsg_len = CMSG_LEN(sizeof(cred));
				memcpy(CMSG_DATA(cmsg), &cred, sizeof(cred));
				_exit(sendmsg(sock[1], &msg, 0) == 1 ? 0 : 1);
			}
			wait(NULL);
			_exit(0);
		}
		close(sock[1]);
		recvmsg(sock[0], &msg, 0);
		close(sock[0]);
		waitpid(helper, NULL, 0);
	}
}

static void way_init_proc(void *p, int n)
{
	struct child_ctx *c = p;

	for (int i = 0; i < n; i++)
		proc_find(1, c->nsfd);
}

/* A child namespace with an init and one worker, for the per-call sections. */
static int child_start(struct child_ctx *c, int dev)
{
	int ready[2];
	char path[64], byte;

	c->dev = dev;
	if (pipe(ready))
		return -1;
	c->child = clone_newpid(NULL);
	if (c->child == 0) {
		prctl(PR_SET_PDEATHSIG, SIGKILL);
		if (fork() == 0) {
			write(ready[1], "w", 1);
			for (;;)
				pause();
		}
		for (;;)
			pause();
	}
	if (c->child < 0 || read(ready[0], &byte, 1) != 1)
		return -1;
	close(ready[0]);
	close(ready[1]);
	snprintf(path, sizeof(path), "/proc/%d/ns/pid", c->child);
	c->nsfd = open(path, O_RDONLY | O_CLOEXEC);
	c->inner = 2;
	c->worker = pidns_translate(dev, 2, pidns_ref_fd(c->nsfd), pidns_ref_caller(), 0);
	return c->nsfd >= 0 && c->worker > 0 ? 0 : -1;
}

static void child_stop(struct child_ctx *c)
{
	kill(c->child, SIGKILL);
	waitpid(c->child, NULL, 0);
	close(c->nsfd);
}

static void bench_per_call(int dev)
{
	struct child_ctx c;
	struct way floor[] = {
		{ "nsfs NS_GET_NSTYPE", way_nstype, 2000 },
		{ "pidns PIDNS_IOC_GET_VERSION", way_version, 2000 },
	};
	struct way down[] = {
		{ "mainline NS_GET_PID_IN_PIDNS", way_down_mainline, 2000 },
		{ "pidns PIDNS_IOC_TRANSLATE", way_down_pidns, 2000 },
		{ "/proc/PID/status NSpid", way_down_proc, 200 },
	};
	struct way up[] = {
		{ "mainline NS_GET_PID_FROM_PIDNS", way_up_mainline, 2000 },
		{ "pidns PIDNS_IOC_TRANSLATE", way_up_pidns, 2000 },
		{ "/proc scan for the NSpid", way_up_proc, 20 },
	};
	struct way init[] = {
		{ "mainline NS_GET_PID_FROM_PIDNS(1)", way_init_mainline, 2000 },
		{ "pidns PIDNS_IOC_INIT_PID", way_init_pidns, 2000 },
		{ "pidns + stable pidfd check", way_init_pidns_stable, 500 },
		{ "LXCFS fork+setns+fork+SCM_CREDS", way_init_lxcfs, 10 },
		{ "/proc scan for NSpid 1", way_init_proc, 20 },
	};

	if (child_start(&c, dev)) {
		fprintf(stderr, "cannot start a child namespace: %s\n", strerror(errno));
		exit(1);
	}
	compare("floor", "no-op call", floor, 2, &c);
	compare("down", "pid, 1 level", down, 3, &c);
	compare("up", "pid, 1 level", up, 3, &c);
	compare("initpid", "child namespace", init, 5, &c);
	child_stop(&c);
}

/* Two sibling containers, plus @extra other processes in the caller's namespace. */
struct sibling_ctx {
	int dev, nsfd_a, nsfd_b;
	pid_t a, b;
};

static void way_sibling_pidns(void *p, int n)
{
	struct sibling_ctx *c = p;

	for (int i = 0; i < n; i++)
		pidns_translate(c->dev, 1, pidns_ref_fd(c->nsfd_a), pidns_ref_fd(c->nsfd_b), 0);
}

/* With /proc: find pid 1 of A, then look for a process of B that is the same one: none. */
static void way_sibling_proc(void *p, int n)
{
	struct sibling_ctx *c = p;

	for (int i = 0; i < n; i++) {
		pid_t found = proc_find(1, c->nsfd_a);

		if (found && proc_find(found, c->nsfd_b))
			abort();
	}
}

static void bench_sibling(int dev)
{
	static const int sizes[] = { 10, 100, 1000, 10000 };
	static pid_t pids[10000];

	for (unsigned int s = 0; s < sizeof(sizes) / sizeof(sizes[0]); s++) {
		int n = smoke ? 10 : sizes[s];
		struct sibling_ctx c = { .dev = dev };
		struct way ways[] = {
			{ "pidns PIDNS_IOC_TRANSLATE", way_sibling_pidns, 1000 },
			{ "/proc scan", way_sibling_proc, n >= 1000 ? 2 : 20 },
		};
		char path[64], label[64];

		spawn(pids, n);
		c.a = clone_newpid(NULL);
		if (c.a == 0)
			pause();
		c.b = clone_newpid(NULL);
		if (c.b == 0)
			pause();
		snprintf(path, sizeof(path), "/proc/%d/ns/pid", c.a);
		c.nsfd_a = open(path, O_RDONLY | O_CLOEXEC);
		snprintf(path, sizeof(path), "/proc/%d/ns/pid", c.b);
		c.nsfd_b = open(path, O_RDONLY | O_CLOEXEC);
		snprintf(label, sizeof(label), "%d processes", n + 3);
		compare("sibling", label, ways, 2, &c);
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

int main(int argc, char **argv)
{
	int dev = pidns_open();

	for (int i = 1; i < argc; i++) {
		if (!strcmp(argv[i], "--rounds") && i + 1 < argc)
			rounds = atoi(argv[++i]);
		else if (!strcmp(argv[i], "--smoke"))
			smoke = true;
		else if (!strcmp(argv[i], "--csv") && i + 1 < argc)
			csv = fopen(argv[++i], "we");
		else
			return fprintf(stderr, "usage: %s [--rounds N] [--smoke] [--csv FILE]\n",
				       argv[0]), 2;
	}
	if (rounds < 1 || rounds > 32)
		rounds = 7;
	if (smoke)
		rounds = 1;
	if (csv)
		fprintf(csv, "section,case,way,baseline,ns_per_op,ratio_to_baseline,spread,rounds\n");
	if (dev < 0) {
		fprintf(stderr, "%s: %s (is pidns.ko loaded?)\n", PIDNS_DEVICE_PATH, strerror(-dev));
		return 2;
	}
	printf("pidns benchmarks: median of %d interleaved rounds; ratio to the first way of each\n"
	       "case, and its spread (max/min over rounds). ns/op are TCG-emulated: compare ratios.\n\n",
	       rounds);
	printf("%-8s %-16s %-34s %12s %10s %8s\n", "section", "case", "way", "ns/op", "ratio",
	       "spread");
	bench_per_call(dev);
	bench_sibling(dev);
	bench_idref(dev);
	if (csv)
		fclose(csv);
	return 0;
}
