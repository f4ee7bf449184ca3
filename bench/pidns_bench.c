// SPDX-License-Identifier: GPL-2.0
/*
 * pidns benchmarks: ratios of ways measured side by side in one run, interleaved, median of
 * several rounds. Absolute times are printed only for reference: under TCG emulation they mean
 * little, ratios do.
 *
 *   pidns_bench [--rounds N] [--smoke] [--csv FILE] [--json FILE] [--only SECTION[,SECTION...]]
 *
 * --smoke runs every section with tiny counts, to prove it still works (make check does). Any
 * call that fails unexpectedly ends the program with status 1: a benchmark must not time errors.
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
 *   lastpids   the ns_last_pid vector of a chain of 1..32 nested namespaces: one SET/GET_LAST_PIDS
 *              vs CRIU's old way (per level, fork a helper that setns()es into the level and
 *              forks a child that writes or reads /proc/sys/kernel/ns_last_pid); and a task
 *              created with a given pid on every level: clone3() set_tid (what CRIU does now) vs
 *              SET_LAST_PIDS + fork vs the helpers + fork
 *   nsentry    joining every namespace of a process (a child in fresh user, mnt, pid, net, uts,
 *              ipc, cgroup and time namespaces, as far as the kernel has them), in a forked child:
 *              setns(pidfd, mask) alone (mainline's floor) vs PIDNS_IOC_GET_NAMESPACES +
 *              setns(pidfd, mask) (pidns_enter()) vs opening /proc/PID/ns/(type) and one setns() per
 *              type; timed both around fork + enter + exit and inside the child around the entry
 *   batch      per-pid cost of PIDNS_IOC_TRANSLATE_BATCH at N = 1..4096 vs N single
 *              PIDNS_IOC_TRANSLATE calls vs N mainline NS_GET_PID_FROM_PIDNS calls
 */
#include "../selftests/pidns_util.h"
#include <limits.h>
#include <math.h>
#include <stdarg.h>
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

static FILE *csv, *json;
static bool smoke;
static const char *only;
static int json_rows;

/* Whether section @name was asked for (--only; every section by default). */
static bool want(const char *name)
{
	size_t len = strlen(name);

	for (const char *p = only; p; p = strchr(p, ',') ? strchr(p, ',') + 1 : NULL)
		if (!strncmp(p, name, len) && (p[len] == ',' || !p[len]))
			return true;
	return !only;
}

/* An unexpected failure: a benchmark that went on would time errors, so stop. */
static void __attribute__((noreturn, format(printf, 1, 2))) die(const char *fmt, ...)
{
	va_list ap;

	fflush(stdout);
	fprintf(stderr, "pidns_bench: ");
	va_start(ap, fmt);
	vfprintf(stderr, fmt, ap);
	va_end(ap);
	fputc('\n', stderr);
	exit(1);
}

#define ANY_OK INT_MIN

/* Dies unless @ret (a result, or -errno as libpidns returns) is @want (ANY_OK: any >= 0). */
static int expect(int ret, int want_ret, const char *what)
{
	if (want_ret == ANY_OK ? ret < 0 : ret != want_ret)
		die("%s: returned %d (%s), expected %d", what, ret, ret < 0 ? strerror(-ret) : "-",
		    want_ret);
	return ret;
}

/* Same for a libc call returning -1 and errno. */
static long sys_ok(long ret, const char *what)
{
	if (ret < 0)
		die("%s: %s", what, strerror(errno));
	return ret;
}

/*
 * One result row, to the CSV and JSON files: @x is the case's parameter (processes, depth,
 * entries) or 0, @spread NAN when there is none.
 */
static void emit(const char *section, const char *label, double x, const char *way,
		 const char *baseline, double per_op, double ratio, double spread)
{
	if (csv) {
		fprintf(csv, "\"%s\",\"%s\",\"%s\",\"%s\",%.0f,%.4f,", section, label, way, baseline,
			per_op, ratio);
		if (!isnan(spread))
			fprintf(csv, "%.4f", spread);
		fprintf(csv, ",%d,", rounds);
		if (x)
			fprintf(csv, "%g", x);
		fputc('\n', csv);
	}
	if (json) {
		fprintf(json, "%s\n    {\"section\": \"%s\", \"case\": \"%s\", \"x\": %g, \"way\": \"%s\", "
			"\"baseline\": \"%s\", \"ns_per_op\": %.1f, \"ratio\": %.4f, \"spread\": ",
			json_rows++ ? "," : "", section, label, x, way, baseline, per_op, ratio);
		if (isnan(spread))
			fprintf(json, "null, ");
		else
			fprintf(json, "%.4f, ", spread);
		fprintf(json, "\"rounds\": %d}", rounds);
	}
}

/*
 * One way of doing an operation; run() does it @n times and compare() times it, or, for a way
 * that must time itself (the interesting part runs in a child), timed() does it @n times and
 * returns the nanoseconds that count. @items divides the time further (pids per call, say).
 */
struct way {
	const char *name;
	void (*run)(void *ctx, int n);
	int n;			/* calls per round */
	double (*timed)(void *ctx, int n);
	int items;		/* what ns/op is per: 0 or 1 for a call */
};

#define MAX_WAYS 8

/*
 * Calls per round of a one-ioctl way: enough for a round to last tens of milliseconds, so that
 * the host's scheduling noise averages out within it.
 */
#define PER_CALL_N 20000

/*
 * Runs @ways side by side: every round runs each way once (rotating the order), and the ratio of
 * each to @ways[0] is taken within the round; prints per-op medians, the median ratio and its
 * spread (max/min over rounds). @x is the case's parameter for the results files.
 */
static void compare(const char *section, const char *label, double x, struct way *ways, int nways,
		    void *ctx)
{
	double t[MAX_WAYS][32], ratio[MAX_WAYS][32];

	for (int r = 0; r < rounds; r++) {
		for (int i = 0; i < nways; i++) {
			int w = (i + r) % nways, n = smoke ? 1 : ways[w].n;
			double t0 = now_ns(), ns;

			if (ways[w].timed) {
				ns = ways[w].timed(ctx, n);
			} else {
				ways[w].run(ctx, n);
				ns = now_ns() - t0;
			}
			t[w][r] = ns / n / (ways[w].items > 1 ? ways[w].items : 1);
		}
		for (int w = 0; w < nways; w++)
			ratio[w][r] = t[w][r] / t[0][r];
	}
	for (int w = 0; w < nways; w++) {
		double per_op = median(t[w], rounds), med = median(ratio[w], rounds);
		double spread = ratio[w][rounds - 1] / ratio[w][0];

		printf("%-8s %-16s %-36s %12.0f %9.2fx %7.2fx\n", section, label, ways[w].name,
		       per_op, med, spread);
		emit(section, label, x, ways[w].name, ways[0].name, per_op, med, spread);
	}
	fflush(stdout);
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
		init = sys_ok(clone_newpid(&pidfd), "idref: clone3(CLONE_NEWPID)");
		if (init == 0) {
			for (;;)
				pause();
		}
		snprintf(path, sizeof(path), "/proc/%d/ns/pid", init);
		nsfd = sys_ok(open(path, O_RDONLY | O_CLOEXEC), path);
		id = ns_id(nsfd);
		if (!id)
			die("idref: NS_GET_ID: %s", strerror(errno));
		expect(pidns_translate(dev, 1, pidns_ref_id(id), pidns_ref_caller(), 0), init,
		       "idref: PIDNS_IOC_TRANSLATE by id");
		expect(pidns_translate(dev, 1, pidns_ref_fd(nsfd), pidns_ref_caller(), 0), init,
		       "idref: PIDNS_IOC_TRANSLATE by fd");
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
		snprintf(label, sizeof(label), "%d processes", sizes[s] + 2);
		{
			double fd = median(fd_t, rounds), warm = median(warm_t, rounds);
			double cold = median(cold_t, rounds), wr = median(warm_r, rounds);
			double cr = median(cold_r, rounds);

			/* median() sorted warm_r: its ends are the extremes. */
			printf("%-8s %-16s %10.0f %10.0f %10.0f %8.2fx %8.1fx %7.2fx\n", "idref",
			       label, fd, warm, cold, wr, cr, warm_r[rounds - 1] / warm_r[0]);
			emit("idref", label, sizes[s] + 2, "pidns by fd", "pidns by fd", fd, 1, NAN);
			emit("idref", label, sizes[s] + 2, "pidns by id (warm)", "pidns by fd", warm, wr,
			     warm_r[rounds - 1] / warm_r[0]);
			emit("idref", label, sizes[s] + 2, "pidns by id (cold)", "pidns by fd", cold, cr,
			     NAN);
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
	int down, up;		/* bound files on (caller, child) and (child, caller) */
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

static void way_down_bound(void *p, int n)
{
	struct child_ctx *c = p;

	for (int i = 0; i < n; i++)
		ioctl(c->down, PIDNS_IOC_BOUND_PID, c->worker);
}

/* The innermost NSpid of a process, read the way tools do today. */
static pid_t proc_inner_pid(pid_t pid)
{
	pid_t nspid[PIDNS_MAX_LEVELS];
	char path[64];
	int n;

	snprintf(path, sizeof(path), "/proc/%d/status", pid);
	n = read_ns_numbers(path, "NSpid:", nspid, PIDNS_MAX_LEVELS);
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

static void way_up_bound(void *p, int n)
{
	struct child_ctx *c = p;

	for (int i = 0; i < n; i++)
		ioctl(c->up, PIDNS_IOC_BOUND_PID, c->inner);
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

static void way_init_bound(void *p, int n)
{
	struct child_ctx *c = p;

	for (int i = 0; i < n; i++)
		ioctl(c->up, PIDNS_IOC_BOUND_INIT_PID, NULL);
}

static void way_init_bound_stable(void *p, int n)
{
	struct child_ctx *c = p;
	__u64 ino;

	for (int i = 0; i < n; i++)
		ioctl(c->up, PIDNS_IOC_BOUND_INIT_PID, &ino);
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
	c->down = pidns_bind(dev, pidns_ref_caller(), pidns_ref_fd(c->nsfd));
	c->up = pidns_bind(dev, pidns_ref_fd(c->nsfd), pidns_ref_caller());
	return c->nsfd >= 0 && c->worker > 0 && c->down >= 0 && c->up >= 0 ? 0 : -1;
}

static void child_stop(struct child_ctx *c)
{
	kill(c->child, SIGKILL);
	waitpid(c->child, NULL, 0);
	close(c->nsfd);
	close(c->down);
	close(c->up);
}

static void bench_per_call(int dev)
{
	struct child_ctx c;
	struct way floor[] = {
		{ "nsfs NS_GET_NSTYPE", way_nstype, PER_CALL_N },
		{ "pidns PIDNS_IOC_GET_VERSION", way_version, PER_CALL_N },
	};
	struct way down[] = {
		{ "mainline NS_GET_PID_IN_PIDNS", way_down_mainline, PER_CALL_N },
		{ "pidns PIDNS_IOC_TRANSLATE", way_down_pidns, PER_CALL_N },
		{ "pidns bound PIDNS_IOC_BOUND_PID", way_down_bound, PER_CALL_N },
		{ "/proc/PID/status NSpid", way_down_proc, 200 },
	};
	struct way up[] = {
		{ "mainline NS_GET_PID_FROM_PIDNS", way_up_mainline, PER_CALL_N },
		{ "pidns PIDNS_IOC_TRANSLATE", way_up_pidns, PER_CALL_N },
		{ "pidns bound PIDNS_IOC_BOUND_PID", way_up_bound, PER_CALL_N },
		{ "/proc scan for the NSpid", way_up_proc, 20 },
	};
	struct way init[] = {
		{ "mainline NS_GET_PID_FROM_PIDNS(1)", way_init_mainline, PER_CALL_N },
		{ "pidns PIDNS_IOC_INIT_PID", way_init_pidns, PER_CALL_N },
		{ "pidns bound, number alone", way_init_bound, PER_CALL_N },
		{ "pidns bound, with stable reference", way_init_bound_stable, PER_CALL_N },
		{ "pidns + stable pidfd check", way_init_pidns_stable, 500 },
		{ "LXCFS fork+setns+fork+SCM_CREDS", way_init_lxcfs, 10 },
		{ "/proc scan for NSpid 1", way_init_proc, 20 },
	};

	if (child_start(&c, dev)) {
		fprintf(stderr, "cannot start a child namespace: %s\n", strerror(errno));
		exit(1);
	}
	if (want("floor"))
		sys_ok(ioctl(dev, PIDNS_IOC_GET_VERSION), "PIDNS_IOC_GET_VERSION");
	expect(pidns_translate(dev, c.worker, pidns_ref_caller(), pidns_ref_fd(c.nsfd), 0), c.inner,
	       "down: PIDNS_IOC_TRANSLATE");
	expect(nsfs_ioctl(c.nsfd, NS_GET_PID_IN_PIDNS, c.worker), c.inner, "NS_GET_PID_IN_PIDNS");
	expect(nsfs_ioctl(c.nsfd, NS_GET_PID_FROM_PIDNS, 1), c.child, "NS_GET_PID_FROM_PIDNS");
	{
		struct pidns_init_pid ip;
		__u64 ino = 0;

		expect(pidns_init_pid(dev, pidns_ref_fd(c.nsfd), pidns_ref_caller(), &ip), 0,
		       "PIDNS_IOC_INIT_PID");
		if (ip.pid != c.child)
			die("PIDNS_IOC_INIT_PID: pid %d, expected %d", ip.pid, c.child);
		expect(pidns_bound_init_pid(c.up, &ino), c.child, "PIDNS_IOC_BOUND_INIT_PID");
		if (ino != ip.pidfs_ino)
			die("PIDNS_IOC_BOUND_INIT_PID: another pidfs inode than PIDNS_IOC_INIT_PID's");
	}
	expect(pidns_bound_translate(c.down, PIDNS_IOC_BOUND_PID, c.worker), c.inner,
	       "down: PIDNS_IOC_BOUND_PID");
	expect(pidns_bound_translate(c.up, PIDNS_IOC_BOUND_PID, c.inner), c.worker,
	       "up: PIDNS_IOC_BOUND_PID");
	if (proc_find(c.inner, c.nsfd) != c.worker || proc_inner_pid(c.worker) != c.inner)
		die("/proc disagrees about the worker");
	if (want("floor"))
		compare("floor", "no-op call", 0, floor, 2, &c);
	if (want("down"))
		compare("down", "pid, 1 level", 0, down, 4, &c);
	if (want("up"))
		compare("up", "pid, 1 level", 0, up, 4, &c);
	if (want("initpid"))
		compare("initpid", "child namespace", 0, init, 7, &c);
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
		c.nsfd_a = sys_ok(open(path, O_RDONLY | O_CLOEXEC), path);
		snprintf(path, sizeof(path), "/proc/%d/ns/pid", c.b);
		c.nsfd_b = sys_ok(open(path, O_RDONLY | O_CLOEXEC), path);
		snprintf(label, sizeof(label), "%d processes", n + 3);
		expect(pidns_translate(dev, 1, pidns_ref_fd(c.nsfd_a), pidns_ref_fd(c.nsfd_b), 0),
		       -ENOENT, "sibling: PIDNS_IOC_TRANSLATE between siblings");
		compare("sibling", label, n + 3, ways, 2, &c);
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

/* ---- lastpids: the ns_last_pid vector of a chain of nested namespaces ---- */

#define NS_LAST_PID "/proc/sys/kernel/ns_last_pid"
#define LP_TARGET 1000		/* the pid a restored task gets on every level of the chain */

struct lp_ctx {
	int dev, own;		/* own: nsfd of the caller's pid namespace */
	int depth;
	struct chain ch;	/* ch.nsfd[0] is the innermost level */
	__s32 vec[PIDNS_MAX_LEVELS];	/* LP_TARGET - 1 on every level, innermost first */
	pid_t set_tid[PIDNS_MAX_LEVELS];	/* LP_TARGET on every level */
	bool verify;		/* the task checks its NSpid and fails unless it is right */
};

/*
 * CRIU's old way, for one level: fork a helper, which setns()es into the level's pid namespace
 * and forks a child, the one process of the three that is in it, which writes @val (>= 0) to
 * ns_last_pid or reads it. Returns what it read, or 0 after a write. The caller's
 * pid_for_children must be its own pid namespace, as a restorer's is.
 */
static int lp_helper(int nsfd, int val)
{
	int pipefd[2], status, got = 0;
	pid_t helper;

	sys_ok(pipe2(pipefd, O_CLOEXEC), "pipe");
	helper = sys_ok(fork(), "lastpids: fork a helper");
	if (helper == 0) {
		pid_t child;

		if (setns(nsfd, CLONE_NEWPID))
			_exit(10);
		child = fork();
		if (child == 0) {
			char buf[16];
			int fd = open(NS_LAST_PID, val >= 0 ? O_WRONLY : O_RDONLY), len, ok;

			if (fd < 0)
				_exit(11);
			if (val >= 0) {
				len = snprintf(buf, sizeof(buf), "%d", val);
				ok = write(fd, buf, len) == len;
			} else {
				len = read(fd, buf, sizeof(buf) - 1);
				ok = len > 0;
				if (ok) {
					buf[len] = 0;
					got = atoi(buf);
					ok = write(pipefd[1], &got, sizeof(got)) == sizeof(got);
				}
			}
			_exit(ok ? 0 : 12);
		}
		if (child < 0 || waitpid(child, &status, 0) != child)
			_exit(13);
		_exit(WIFEXITED(status) ? WEXITSTATUS(status) : 14);
	}
	close(pipefd[1]);
	if (waitpid(helper, &status, 0) != helper || !WIFEXITED(status) || WEXITSTATUS(status))
		die("lastpids: a helper for one level failed (status %#x)", status);
	if (val < 0 && read(pipefd[0], &got, sizeof(got)) != sizeof(got))
		die("lastpids: a helper sent no value");
	close(pipefd[0]);
	return got;
}

/*
 * Every level's ns_last_pid by helpers. Innermost first: the helper's child for a level takes a
 * pid on that level and every level above it, so the levels above are written after.
 */
static void lp_helpers_set(struct lp_ctx *c)
{
	for (int i = 0; i < c->depth; i++)
		lp_helper(c->ch.nsfd[i], c->vec[i]);
}

static void lp_set_pidns(struct lp_ctx *c)
{
	expect(pidns_last_pids(c->dev, PIDNS_IOC_SET_LAST_PIDS, pidns_ref_fd(c->ch.nsfd[0]), c->vec,
			       c->depth), c->depth + 1, "lastpids: PIDNS_IOC_SET_LAST_PIDS");
}

/* In a new task: with c->verify, whether it got LP_TARGET on every level of the chain. */
static void __attribute__((noreturn)) lp_task(struct lp_ctx *c)
{
	pid_t nspid[PIDNS_MAX_LEVELS + 1];
	int n;

	if (!c->verify)
		_exit(0);
	n = read_ns_numbers("/proc/self/status", "NSpid:", nspid, PIDNS_MAX_LEVELS + 1);
	if (n != c->depth + 1)
		_exit(20);
	for (int i = 1; i < n; i++)
		if (nspid[i] != LP_TARGET)
			_exit(21);
	_exit(0);
}

static void lp_reap(pid_t pid, const char *way)
{
	int status;

	if (waitpid(pid, &status, 0) != pid || !WIFEXITED(status) || WEXITSTATUS(status))
		die("lastpids: %s: the task did not get pid %d on every level (status %#x)", way,
		    LP_TARGET, status);
}

/* A task in the innermost level (the caller's pid_for_children), pids as they come. */
static void lp_fork(struct lp_ctx *c, const char *way)
{
	pid_t pid = sys_ok(fork(), "lastpids: fork");

	if (pid == 0)
		lp_task(c);
	lp_reap(pid, way);
}

static void way_lp_set_pidns(void *p, int n)
{
	for (int i = 0; i < n; i++)
		lp_set_pidns(p);
}

static void way_lp_set_helpers(void *p, int n)
{
	for (int i = 0; i < n; i++)
		lp_helpers_set(p);
}

static void way_lp_get_pidns(void *p, int n)
{
	struct lp_ctx *c = p;
	__s32 v[PIDNS_MAX_LEVELS];

	for (int i = 0; i < n; i++)
		expect(pidns_last_pids(c->dev, PIDNS_IOC_GET_LAST_PIDS, pidns_ref_fd(c->ch.nsfd[0]),
				       v, c->depth), c->depth + 1, "lastpids: PIDNS_IOC_GET_LAST_PIDS");
}

static void way_lp_get_helpers(void *p, int n)
{
	struct lp_ctx *c = p;

	for (int i = 0; i < n; i++)
		for (int l = 0; l < c->depth; l++)
			lp_helper(c->ch.nsfd[l], -1);
}

static void way_lp_task_clone3(void *p, int n)
{
	struct lp_ctx *c = p;

	for (int i = 0; i < n; i++) {
		struct clone_args args = {
			.exit_signal = SIGCHLD,
			.set_tid = (uintptr_t)c->set_tid,
			.set_tid_size = c->depth,
		};
		pid_t pid = sys_ok(syscall(SYS_clone3, &args, sizeof(args)), "lastpids: clone3 set_tid");

		if (pid == 0)
			lp_task(c);
		lp_reap(pid, "clone3 set_tid");
	}
}

static void way_lp_task_pidns(void *p, int n)
{
	for (int i = 0; i < n; i++) {
		lp_set_pidns(p);
		lp_fork(p, "SET_LAST_PIDS + fork");
	}
}

/* The helpers need the caller's pid_for_children to be its own namespace, the task the chain's. */
static void way_lp_task_helpers(void *p, int n)
{
	struct lp_ctx *c = p;

	for (int i = 0; i < n; i++) {
		sys_ok(setns(c->own, CLONE_NEWPID), "lastpids: setns to the own pid namespace");
		lp_helpers_set(c);
		sys_ok(setns(c->ch.nsfd[0], CLONE_NEWPID), "lastpids: setns to the chain");
		lp_fork(c, "helpers + fork");
	}
}

static void way_lp_task_fork(void *p, int n)
{
	struct lp_ctx *c = p;
	bool verify = c->verify;

	c->verify = false;	/* any pids will do */
	for (int i = 0; i < n; i++)
		lp_fork(c, "fork");
	c->verify = verify;
}

static void bench_lastpids(int dev)
{
	static const int depths[] = { 1, 2, 4, 8, 16, 32 }, smoke_depths[] = { 1, 32 };
	int ndepths = smoke ? 2 : 6;
	struct lp_ctx c = { .dev = dev };

	c.own = sys_ok(open("/proc/self/ns/pid", O_RDONLY | O_CLOEXEC), "/proc/self/ns/pid");
	if (access(NS_LAST_PID, W_OK))
		die("lastpids: %s: %s (CONFIG_PROC_SYSCTL? root?)", NS_LAST_PID, strerror(errno));
	for (int d = 0; d < ndepths; d++) {
		int depth = smoke ? smoke_depths[d] : depths[d];
		int helper_n = depth >= 16 ? 1 : 16 / depth;
		struct way set[] = {
			{ "pidns PIDNS_IOC_SET_LAST_PIDS", way_lp_set_pidns, 500 },
			{ "helper per level writes ns_last_pid", way_lp_set_helpers, helper_n },
		};
		struct way get[] = {
			{ "pidns PIDNS_IOC_GET_LAST_PIDS", way_lp_get_pidns, 500 },
			{ "helper per level reads ns_last_pid", way_lp_get_helpers, helper_n },
		};
		struct way task[] = {
			{ "clone3 set_tid", way_lp_task_clone3, 16 },
			{ "pidns SET_LAST_PIDS + fork", way_lp_task_pidns, 16 },
			{ "helpers (ns_last_pid) + fork", way_lp_task_helpers, helper_n },
			{ "fork, pids not chosen", way_lp_task_fork, 16 },
		};
		__s32 got[PIDNS_MAX_LEVELS];
		char label[32];

		c.depth = depth;
		for (int i = 0; i < depth; i++) {
			c.vec[i] = LP_TARGET - 1;
			c.set_tid[i] = LP_TARGET;
		}
		expect(chain_build(&c.ch, depth), 0, "lastpids: building a chain of pid namespaces");

		/* Each way once, checked: the vector reads back, the task gets its pids. */
		lp_helpers_set(&c);
		expect(pidns_last_pids(dev, PIDNS_IOC_GET_LAST_PIDS, pidns_ref_fd(c.ch.nsfd[0]), got,
				       depth), depth + 1, "lastpids: PIDNS_IOC_GET_LAST_PIDS");
		for (int i = 0; i < depth; i++)
			if (got[i] != LP_TARGET - 1)
				die("lastpids: level %d reads %d after the helpers wrote %d", i, got[i],
				    LP_TARGET - 1);
		/* A helper's reader takes a pid on its level first: it reads at least its own. */
		for (int i = 0; i < depth; i++)
			if (lp_helper(c.ch.nsfd[i], -1) < LP_TARGET)
				die("lastpids: a helper read level %d below %d", i, LP_TARGET);
		sys_ok(setns(c.ch.nsfd[0], CLONE_NEWPID), "lastpids: setns to the chain");
		c.verify = true;
		way_lp_task_clone3(&c, 1);
		way_lp_task_pidns(&c, 1);
		way_lp_task_helpers(&c, 1);
		c.verify = false;
		sys_ok(setns(c.own, CLONE_NEWPID), "lastpids: setns to the own pid namespace");

		snprintf(label, sizeof(label), "set, depth %d", depth);
		compare("lastpids", label, depth, set, 2, &c);
		snprintf(label, sizeof(label), "get, depth %d", depth);
		compare("lastpids", label, depth, get, 2, &c);
		snprintf(label, sizeof(label), "task, depth %d", depth);
		sys_ok(setns(c.ch.nsfd[0], CLONE_NEWPID), "lastpids: setns to the chain");
		compare("lastpids", label, depth, task, 4, &c);
		sys_ok(setns(c.own, CLONE_NEWPID), "lastpids: setns to the own pid namespace");
		chain_destroy(&c.ch);
	}
	close(c.own);
}

/* ---- nsentry: joining every namespace of a process ---- */

static const struct {
	__u32 flag;
	const char *name;	/* in /proc/PID/ns/ */
	const char *joined;	/* what a task that joined it shows it as */
} ns_types[] = {
	/* The user namespace first: the others are owned by it, so joining them one by one needs it. */
	{ CLONE_NEWUSER, "user", "user" }, { CLONE_NEWNS, "mnt", "mnt" },
	{ CLONE_NEWPID, "pid", "pid_for_children" }, { CLONE_NEWNET, "net", "net" },
	{ CLONE_NEWUTS, "uts", "uts" }, { CLONE_NEWIPC, "ipc", "ipc" },
	{ CLONE_NEWCGROUP, "cgroup", "cgroup" }, { CLONE_NEWTIME, "time", "time" },
};
#define NS_TYPES (sizeof(ns_types) / sizeof(ns_types[0]))

struct ne_ctx {
	int dev, pidfd;
	pid_t target;
	__u32 mask;
	ino_t ino[NS_TYPES];	/* the target's namespaces, 0 for types not in @mask */
	bool verify;
};

enum ne_way { NE_NONE, NE_SETNS, NE_PIDNS, NE_PROC };

/* In the forked child: join the target's namespaces in @way. Returns 0 or an exit status. */
static int ne_enter(struct ne_ctx *c, enum ne_way way)
{
	int fds[NS_TYPES];
	char path[64];

	switch (way) {
	case NE_NONE:
		return 0;
	case NE_SETNS:
		return setns(c->pidfd, c->mask) ? 30 : 0;
	case NE_PIDNS:
		return pidns_enter(c->dev, c->pidfd, c->mask) == (int)c->mask ? 0 : 31;
	case NE_PROC:
		/* As nsenter(1) does: open them all first, then join them one by one. */
		for (unsigned int i = 0; i < NS_TYPES; i++) {
			fds[i] = -1;
			if (!(c->mask & ns_types[i].flag))
				continue;
			snprintf(path, sizeof(path), "/proc/%d/ns/%s", c->target, ns_types[i].name);
			fds[i] = open(path, O_RDONLY | O_CLOEXEC);
			if (fds[i] < 0)
				return 32;
		}
		for (unsigned int i = 0; i < NS_TYPES; i++) {
			if (fds[i] < 0)
				continue;
			if (setns(fds[i], ns_types[i].flag))
				return 33;
			close(fds[i]);
		}
		return 0;
	}
	return 34;
}

/* Whether the caller is now in every namespace of the target (by /proc/self/ns/). */
static int ne_check(struct ne_ctx *c)
{
	for (unsigned int i = 0; i < NS_TYPES; i++) {
		char path[64];
		struct stat st;

		if (!(c->mask & ns_types[i].flag))
			continue;
		snprintf(path, sizeof(path), "/proc/self/ns/%s", ns_types[i].joined);
		if (stat(path, &st) || st.st_ino != c->ino[i])
			return 40 + i;
	}
	return 0;
}

/*
 * One fork + enter + exit; returns the nanoseconds the entry took in the child (sent through a
 * pipe, so the child's clock: a new time namespace has no offsets).
 */
static double ne_once(struct ne_ctx *c, enum ne_way way)
{
	int pipefd[2], status;
	double ns = 0;
	pid_t pid;

	sys_ok(pipe2(pipefd, O_CLOEXEC), "pipe");
	pid = sys_ok(fork(), "nsentry: fork");
	if (pid == 0) {
		double t0 = now_ns(), t;
		int ret = ne_enter(c, way);

		t = now_ns() - t0;
		if (!ret && c->verify && way != NE_NONE)
			ret = ne_check(c);
		if (write(pipefd[1], &t, sizeof(t)) != sizeof(t))
			ret = 50;
		_exit(ret);
	}
	close(pipefd[1]);
	if (read(pipefd[0], &ns, sizeof(ns)) != sizeof(ns))
		ns = 0;
	close(pipefd[0]);
	if (waitpid(pid, &status, 0) != pid || !WIFEXITED(status) || WEXITSTATUS(status))
		die("nsentry: way %d failed in the child (status %#x)", way, status);
	return ns;
}

/*
 * @n entries, each in a child of its own. Returns @n times the median entry: a child preempted
 * in the middle of its entry (2 vCPUs, emulated, shared with other guests) says nothing about
 * the way, and would make the sum mostly noise.
 */
static double ne_timed(struct ne_ctx *c, enum ne_way way, int n)
{
	double ns[64];

	if (n > 64)
		n = 64;
	for (int i = 0; i < n; i++)
		ns[i] = ne_once(c, way);
	return median(ns, n) * n;
}

static void way_ne_fork(void *p, int n) { ne_timed(p, NE_NONE, n); }
static void way_ne_setns(void *p, int n) { ne_timed(p, NE_SETNS, n); }
static void way_ne_pidns(void *p, int n) { ne_timed(p, NE_PIDNS, n); }
static void way_ne_proc(void *p, int n) { ne_timed(p, NE_PROC, n); }
static double timed_ne_setns(void *p, int n) { return ne_timed(p, NE_SETNS, n); }
static double timed_ne_pidns(void *p, int n) { return ne_timed(p, NE_PIDNS, n); }
static double timed_ne_proc(void *p, int n) { return ne_timed(p, NE_PROC, n); }

/* Which namespace types this kernel lets us create (a tinyconfig kernel may lack some). */
static __u32 ne_probe(void)
{
	__u32 mask = 0;

	for (unsigned int i = 0; i < NS_TYPES; i++) {
		int status;
		pid_t pid = sys_ok(fork(), "nsentry: fork");

		if (pid == 0)
			_exit(unshare(ns_types[i].flag) ? 1 : 0);
		if (waitpid(pid, &status, 0) == pid && WIFEXITED(status) && !WEXITSTATUS(status))
			mask |= ns_types[i].flag;
	}
	return mask;
}

static void bench_nsentry(int dev)
{
	struct ne_ctx c = { .dev = dev };
	struct clone_args args = { .exit_signal = SIGCHLD };
	char label[64], names[80] = "";
	int ready[2], ntypes = 0;

	c.mask = ne_probe();
	if (!(c.mask & CLONE_NEWPID))
		die("nsentry: cannot create pid namespaces");
	for (unsigned int i = 0; i < NS_TYPES; i++) {
		if (!(c.mask & ns_types[i].flag))
			continue;
		ntypes++;
		snprintf(names + strlen(names), sizeof(names) - strlen(names), "%s%s",
			 *names ? "," : "", ns_types[i].name);
	}
	printf("nsentry: target in new %s namespaces\n", names);

	sys_ok(pipe2(ready, O_CLOEXEC), "pipe");
	args.flags = c.mask | CLONE_PIDFD;
	args.pidfd = (uintptr_t)&c.pidfd;
	c.target = sys_ok(syscall(SYS_clone3, &args, sizeof(args)), "nsentry: clone3 the target");
	if (c.target == 0) {
		prctl(PR_SET_PDEATHSIG, SIGKILL);
		write(ready[1], "r", 1);
		for (;;)
			pause();
	}
	close(ready[1]);
	if (read(ready[0], label, 1) != 1)
		die("nsentry: the target did not start");
	close(ready[0]);
	for (unsigned int i = 0; i < NS_TYPES; i++) {
		char path[64];
		struct stat st;

		if (!(c.mask & ns_types[i].flag))
			continue;
		snprintf(path, sizeof(path), "/proc/%d/ns/%s", c.target, ns_types[i].name);
		sys_ok(stat(path, &st), path);
		c.ino[i] = st.st_ino;
	}

	/* Each way once, checked: the child ends up in every namespace of the target. */
	c.verify = true;
	ne_once(&c, NE_SETNS);
	ne_once(&c, NE_PIDNS);
	ne_once(&c, NE_PROC);
	c.verify = false;

	{
		struct way whole[] = {
			{ "setns(pidfd, mask)", way_ne_setns, 20 },
			{ "pidns GET_NAMESPACES + setns(pidfd)", way_ne_pidns, 20 },
			{ "open /proc/PID/ns/* + setns each", way_ne_proc, 20 },
			{ "fork + exit, no entry", way_ne_fork, 20 },
		};
		struct way entry[] = {
			{ "setns(pidfd, mask)", NULL, 40, timed_ne_setns },
			{ "pidns GET_NAMESPACES + setns(pidfd)", NULL, 40, timed_ne_pidns },
			{ "open /proc/PID/ns/* + setns each", NULL, 40, timed_ne_proc },
		};

		snprintf(label, sizeof(label), "fork+join %d+exit", ntypes);
		compare("nsentry", label, ntypes, whole, 4, &c);
		snprintf(label, sizeof(label), "join %d, in child", ntypes);
		compare("nsentry", label, ntypes, entry, 3, &c);
	}
	kill(c.target, SIGKILL);
	waitpid(c.target, NULL, 0);
	close(c.pidfd);
}

/* ---- batch: many pids in one call ---- */

struct batch_ctx {
	int dev, nsfd, bound, count;
	pid_t pids[PIDNS_BATCH_MAX], results[PIDNS_BATCH_MAX], want[PIDNS_BATCH_MAX];
};

static void way_batch_single(void *p, int n)
{
	struct batch_ctx *c = p;

	for (int i = 0; i < n; i++)
		for (int k = 0; k < c->count; k++)
			if (pidns_translate(c->dev, c->pids[k], pidns_ref_fd(c->nsfd),
					    pidns_ref_caller(), 0) <= 0)
				die("batch: PIDNS_IOC_TRANSLATE of %d failed", c->pids[k]);
}

static void way_batch_batch(void *p, int n)
{
	struct batch_ctx *c = p;

	for (int i = 0; i < n; i++)
		expect(pidns_translate_batch(c->dev, c->pids, c->results, c->count,
					     pidns_ref_fd(c->nsfd), pidns_ref_caller(), 0),
		       c->count, "batch: PIDNS_IOC_TRANSLATE_BATCH");
}

static void way_batch_bound(void *p, int n)
{
	struct batch_ctx *c = p;

	for (int i = 0; i < n; i++)
		for (int k = 0; k < c->count; k++)
			if (ioctl(c->bound, PIDNS_IOC_BOUND_PID, c->pids[k]) <= 0)
				die("batch: PIDNS_IOC_BOUND_PID of %d: %s", c->pids[k],
				    strerror(errno));
}

static void way_batch_mainline(void *p, int n)
{
	struct batch_ctx *c = p;

	for (int i = 0; i < n; i++)
		for (int k = 0; k < c->count; k++)
			if (ioctl(c->nsfd, NS_GET_PID_FROM_PIDNS, c->pids[k]) <= 0)
				die("batch: NS_GET_PID_FROM_PIDNS of %d: %s", c->pids[k],
				    strerror(errno));
}

static void bench_batch(int dev)
{
	static const int sizes[] = { 1, 16, 64, 256, 1024, 4096 }, smoke_sizes[] = { 1, 16 };
	static struct batch_ctx c;
	int nsizes = smoke ? 2 : 6, workers = smoke ? 16 : PIDNS_BATCH_MAX;
	int ready[2], ret;
	char path[64], byte;
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
	snprintf(path, sizeof(path), "/proc/%d/ns/pid", init);
	c.dev = dev;
	c.nsfd = sys_ok(open(path, O_RDONLY | O_CLOEXEC), path);
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
			int count = smoke ? smoke_sizes[s] : sizes[s], n = 8192 / count;
			struct way ways[] = {
				{ "pidns PIDNS_IOC_TRANSLATE x N", way_batch_single, n < 4 ? 4 : n,
				  NULL, count },
				{ "pidns PIDNS_IOC_TRANSLATE_BATCH", way_batch_batch, n < 4 ? 4 : n,
				  NULL, count },
				{ "mainline NS_GET_PID_FROM_PIDNS x N", way_batch_mainline,
				  n < 4 ? 4 : n, NULL, count },
				{ "pidns PIDNS_IOC_BOUND_PID x N", way_batch_bound, n < 4 ? 4 : n,
				  NULL, count },
			};
			char label[32];

			c.count = count;
			memset(c.results, 0, sizeof(c.results));
			way_batch_batch(&c, 1);
			if (memcmp(c.results, c.want, count * sizeof(pid_t)))
				die("batch: PIDNS_IOC_TRANSLATE_BATCH disagrees with PIDNS_IOC_TRANSLATE at N = %d",
				    count);
			snprintf(label, sizeof(label), "per pid, N=%d", count);
			compare("batch", label, count, ways, 4, &c);
		}
	}
	kill(init, SIGKILL);
	waitpid(init, NULL, 0);
	close(c.nsfd);
	close(c.bound);
}

static const char *const sections[] = {
	"floor", "down", "up", "initpid", "sibling", "idref", "lastpids", "nsentry", "batch",
};

static int usage(const char *argv0)
{
	fprintf(stderr, "usage: %s [--rounds N] [--smoke] [--csv FILE] [--json FILE] "
		"[--only SECTION[,SECTION...]]\nsections:", argv0);
	for (unsigned int i = 0; i < sizeof(sections) / sizeof(sections[0]); i++)
		fprintf(stderr, " %s", sections[i]);
	fputc('\n', stderr);
	return 2;
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
		else if (!strcmp(argv[i], "--json") && i + 1 < argc)
			json = fopen(argv[++i], "we");
		else if (!strcmp(argv[i], "--only") && i + 1 < argc)
			only = argv[++i];
		else
			return usage(argv[0]);
	}
	for (const char *p = only; p; p = strchr(p, ',') ? strchr(p, ',') + 1 : NULL) {
		size_t len = strcspn(p, ",");
		bool known = false;

		for (unsigned int s = 0; s < sizeof(sections) / sizeof(sections[0]); s++)
			known |= strlen(sections[s]) == len && !strncmp(p, sections[s], len);
		if (!known)
			return fprintf(stderr, "unknown section '%.*s'\n", (int)len, p), usage(argv[0]);
	}
	if (rounds < 1 || rounds > 32)
		rounds = 7;
	if (smoke)
		rounds = 1;
	if (csv)
		fprintf(csv, "section,case,way,baseline,ns_per_op,ratio_to_baseline,spread,rounds,x\n");
	if (json)
		fprintf(json, "{\n  \"rounds\": %d,\n  \"smoke\": %s,\n  \"results\": [", rounds,
			smoke ? "true" : "false");
	if (dev < 0) {
		fprintf(stderr, "%s: %s (is pidns.ko loaded?)\n", PIDNS_DEVICE_PATH, strerror(-dev));
		return 2;
	}
	setvbuf(stdout, NULL, _IOLBF, 0);
	printf("pidns benchmarks: median of %d interleaved rounds; ratio to the first way of each\n"
	       "case, and its spread (max/min over rounds). ns/op are TCG-emulated: compare ratios.\n\n",
	       rounds);
	printf("%-8s %-16s %-36s %12s %10s %8s\n", "section", "case", "way", "ns/op", "ratio",
	       "spread");
	if (want("floor") || want("down") || want("up") || want("initpid"))
		bench_per_call(dev);
	if (want("sibling"))
		bench_sibling(dev);
	if (want("idref"))
		bench_idref(dev);
	if (want("lastpids"))
		bench_lastpids(dev);
	if (want("nsentry"))
		bench_nsentry(dev);
	if (want("batch"))
		bench_batch(dev);
	if (csv)
		fclose(csv);
	if (json) {
		fprintf(json, "\n  ]\n}\n");
		fclose(json);
	}
	return 0;
}
