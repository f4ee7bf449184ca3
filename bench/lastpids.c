// SPDX-License-Identifier: GPL-2.0
/*
 * lastpids: the ns_last_pid vector of a chain of 1..32 nested namespaces: one
 * SET/GET_LAST_PIDS vs CRIU's old way (per level, fork a helper that setns()es into the level and
 * forks a child that writes or reads /proc/sys/kernel/ns_last_pid); and a task created with a
 * given pid on every level: clone3() set_tid (what CRIU does now) vs SET_LAST_PIDS + fork vs the
 * helpers + fork.
 */
#include "sections.h"

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

static void run(int dev, void *env)
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
		compare("lastpids", label, depth, set, ARRAY_SIZE(set), &c);
		snprintf(label, sizeof(label), "get, depth %d", depth);
		compare("lastpids", label, depth, get, ARRAY_SIZE(get), &c);
		snprintf(label, sizeof(label), "task, depth %d", depth);
		sys_ok(setns(c.ch.nsfd[0], CLONE_NEWPID), "lastpids: setns to the chain");
		compare("lastpids", label, depth, task, ARRAY_SIZE(task), &c);
		sys_ok(setns(c.own, CLONE_NEWPID), "lastpids: setns to the own pid namespace");
		chain_destroy(&c.ch);
	}
	close(c.own);
}

const struct section lastpids_section = { "lastpids", run };
