// SPDX-License-Identifier: GPL-2.0
/*
 * nsentry: joining every namespace of a process (a child in fresh user, mnt, pid, net, uts, ipc,
 * cgroup and time namespaces, as far as the kernel has them), in a forked child: setns(pidfd,
 * mask) alone (mainline's floor) vs PIDNS_IOC_GET_NAMESPACES + setns(pidfd, mask)
 * (pidns_enter()) vs opening /proc/PID/ns/(type) and one setns() per type; timed both around
 * fork + enter + exit and inside the child around the entry.
 */
#include "sections.h"

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
#define NS_TYPES ARRAY_SIZE(ns_types)

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

static void run(int dev, void *env)
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
		compare("nsentry", label, ntypes, whole, ARRAY_SIZE(whole), &c);
		snprintf(label, sizeof(label), "join %d, in child", ntypes);
		compare("nsentry", label, ntypes, entry, ARRAY_SIZE(entry), &c);
	}
	kill(c.target, SIGKILL);
	waitpid(c.target, NULL, 0);
	close(c.pidfd);
}

const struct section nsentry_section = { "nsentry", run };
