/* SPDX-License-Identifier: GPL-2.0 */
/*
 * Helpers shared by the pidns selftests: the ioctl wrappers, and a tree of processes spread over
 * nested pid namespaces together with the ground truth /proc gives about it.
 */
#ifndef __PIDNS_UTIL_H
#define __PIDNS_UTIL_H

#define _GNU_SOURCE
#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <linux/nsfs.h>
#include <linux/sched.h>
#include <pthread.h>
#include <sched.h>
#include <signal.h>
#include <stdbool.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/ioctl.h>
#include <sys/prctl.h>
#include <sys/stat.h>
#include <sys/syscall.h>
#include <sys/wait.h>
#include <unistd.h>

/* The selftests call the module through the sample client library, so that it is tested too. */
#include "../samples/c/libpidns.h"

/* From <linux/pidfd.h>, which cannot be included next to glibc's <fcntl.h>. */
#ifndef PIDFD_GET_PID_NAMESPACE
#define PIDFS_IOCTL_MAGIC 0xFF
#define PIDFD_GET_PID_NAMESPACE _IO(PIDFS_IOCTL_MAGIC, 5)
#endif
#ifndef PIDFD_GET_NET_NAMESPACE
#define PIDFD_GET_NET_NAMESPACE _IO(PIDFS_IOCTL_MAGIC, 4)
#endif
#ifndef PIDFD_THREAD
#define PIDFD_THREAD O_EXCL
#endif

#define TREE_COMM "pidns-tree"
#define TREE_MAX_TASKS 256
#define TREE_MAX_NS 64
/*
 * Levels a task can have (PIDNS_MAX_LEVELS: 0..MAX_PID_NS_LEVEL), plus one: arrays of this size
 * hold a whole NSpid line, and chain_fork() replies carry the count in the last slot.
 */
#define TREE_MAX_LEVELS (PIDNS_MAX_LEVELS + 1)

/* xorshift64*: small, seedable, good enough to pick cases; a printed seed replays a run. */
static inline __u64 xorshift64(__u64 *state)
{
	*state ^= *state >> 12;
	*state ^= *state << 25;
	*state ^= *state >> 27;
	return *state * 2685821657736338717ULL;
}

/*
 * Whether this process may become uid/gid 65534 (nobody): real root, or root of a user namespace
 * where nobody is mapped. Root of an `unshare -Ur` namespace may not.
 */
static inline bool can_become_nobody(void)
{
	pid_t pid;
	int status;

	if (geteuid() != 0)
		return false;
	pid = fork();
	if (pid < 0)
		return false;
	if (pid == 0)
		_exit(setresgid(65534, 65534, 65534) || setresuid(65534, 65534, 65534));
	return waitpid(pid, &status, 0) == pid && WIFEXITED(status) && WEXITSTATUS(status) == 0;
}

static inline int sys_pidfd_open(pid_t pid, unsigned int flags)
{
	return syscall(SYS_pidfd_open, pid, flags);
}

/* Waits until @pid is a zombie (or gone), i.e. its exit has completed. */
static inline void wait_zombie(pid_t pid)
{
	char path[64], state = 0;

	snprintf(path, sizeof(path), "/proc/%d/stat", pid);
	for (int i = 0; i < 5000 && state != 'Z'; i++) {
		FILE *f = fopen(path, "re");

		if (!f || fscanf(f, "%*d %*s %c", &state) != 1)
			state = 'Z';
		if (f)
			fclose(f);
		usleep(1000);
	}
}

/*
 * Forks a child that sleeps until it is killed or its parent dies: a task that keeps a namespace
 * populated (after unshare(CLONE_NEWPID), the pid 1 of the new one). Returns its pid or -1.
 */
static inline pid_t fork_sleeper(void)
{
	pid_t pid = fork();

	if (pid == 0) {
		prctl(PR_SET_PDEATHSIG, SIGKILL);
		for (;;)
			pause();
	}
	return pid;
}

/* clone3() with CLONE_NEWPID: returns 0 in the child (pid 1 of a new namespace). */
static inline pid_t clone_newpid(int *pidfd)
{
	struct clone_args args = {
		.flags = CLONE_NEWPID | (pidfd ? CLONE_PIDFD : 0),
		.pidfd = (uintptr_t)pidfd,
		.exit_signal = SIGCHLD,
	};

	return syscall(SYS_clone3, &args, sizeof(args));
}

/* NS_GET_ID of an nsfd, or 0. */
static inline __u64 ns_id(int nsfd)
{
	__u64 id = 0;

	return ioctl(nsfd, NS_GET_ID, &id) ? 0 : id;
}

/* A mainline nsfs ioctl: returns its result, or -errno. */
static inline int nsfs_ioctl(int nsfd, unsigned long cmd, unsigned long arg)
{
	int ret = ioctl(nsfd, cmd, arg);

	return ret < 0 ? -errno : ret;
}

/*
 * Mainline's answer to a PIDFD_GET_*_NAMESPACE ioctl (@cmd) on @pidfd: 0 if it hands out an nsfd
 * (closed again), or -errno (EACCES: no ptrace read access; ESRCH: the task has exited).
 */
static inline int mainline_pidfd_ns(int pidfd, unsigned long cmd)
{
	int nsfd = ioctl(pidfd, cmd, 0);

	if (nsfd < 0)
		return -errno;
	close(nsfd);
	return 0;
}

/* Reads one integer from a file such as /proc/sys/kernel/ns_last_pid; -1 if it cannot. */
static inline long read_long(const char *path)
{
	char buf[32] = "";
	int fd = open(path, O_RDONLY | O_CLOEXEC);
	ssize_t n = fd < 0 ? -1 : read(fd, buf, sizeof(buf) - 1);

	if (fd >= 0)
		close(fd);
	return n > 0 ? strtol(buf, NULL, 10) : -1;
}

/*
 * A pidfd of a child that has exited and is left unreaped (a zombie) in *@child, for the caller
 * to reap. Returns the pidfd or -errno.
 */
static inline int zombie_pidfd(pid_t *child)
{
	siginfo_t info;
	int pidfd;

	*child = fork();
	if (*child < 0)
		return -errno;
	if (*child == 0)
		_exit(0);
	pidfd = sys_pidfd_open(*child, 0);
	if (pidfd < 0 || waitid(P_PID, *child, &info, WEXITED | WNOWAIT))
		return -errno;
	return pidfd;
}

/* Writes a string to a file (a uid_map, a sysctl); 0 or -1. */
static inline int write_str(const char *path, const char *s)
{
	int fd = open(path, O_WRONLY | O_CLOEXEC), ok;

	if (fd < 0)
		return -1;
	ok = write(fd, s, strlen(s)) == (ssize_t)strlen(s);
	close(fd);
	return ok ? 0 : -1;
}

/*
 * Maps the caller's ids of the parent user namespace, @uid and @gid, to root of the new user
 * namespace it was just cloned into (what a process may do for itself). 0 or -1.
 */
static inline int map_self_as_root(uid_t uid, gid_t gid)
{
	char map[64];

	snprintf(map, sizeof(map), "0 %u 1", uid);
	if (write_str("/proc/self/uid_map", map) || write_str("/proc/self/setgroups", "deny"))
		return -1;
	snprintf(map, sizeof(map), "0 %u 1", gid);
	return write_str("/proc/self/gid_map", map);
}

/* Reads the numbers of an "NSpid:"-style line of a status file into nr[]; returns how many. */
static inline int read_ns_numbers(const char *status_path, const char *key, pid_t *nr, int max)
{
	char line[512];
	size_t keylen = strlen(key);
	int n = -1;
	FILE *f = fopen(status_path, "re");

	if (!f)
		return -1;
	while (fgets(line, sizeof(line), f)) {
		char *p = line + keylen, *end;

		if (strncmp(line, key, keylen))
			continue;
		for (n = 0; n < max; n++) {
			long v = strtol(p, &end, 10);

			if (end == p)
				break;
			nr[n] = v;
			p = end;
		}
		break;
	}
	fclose(f);
	return n;
}

/* A pid namespace seen from the test: an nsfd on it, and how to recognise it. */
struct tree_ns {
	int fd;
	ino_t ino;
	int level;		/* relative to the caller's namespace: 0 is the caller's */
};

/* One task of the tree with its /proc ground truth, outermost (caller's) level first. */
struct tree_task {
	pid_t tid;		/* in the caller's namespace */
	pid_t tgid;
	int nlevels;
	pid_t nspid[TREE_MAX_LEVELS];
	pid_t nstgid[TREE_MAX_LEVELS];
	int ns[TREE_MAX_LEVELS];	/* index into tree.ns of the namespace of each level */
};

struct tree {
	pid_t init;		/* init of the outermost new namespace, in the caller's view */
	int init_pidfd;
	int ntasks, nns;
	struct tree_task task[TREE_MAX_TASKS];
	struct tree_ns ns[TREE_MAX_NS];	/* ns[0] is the caller's */
};

static inline void *tree_thread(void *arg)
{
	prctl(PR_SET_NAME, TREE_COMM);
	write(*(int *)arg, "t", 1);
	for (;;)
		pause();
	return NULL;
}

/* Becomes a tree worker: @threads extra threads, then waits to be killed. */
static inline void __attribute__((noreturn)) tree_worker(int ready, int threads)
{
	pthread_t t;

	prctl(PR_SET_NAME, TREE_COMM);
	for (int i = 0; i < threads; i++)
		pthread_create(&t, NULL, tree_thread, &ready);
	write(ready, "w", 1);
	for (;;)
		pause();
}

/*
 * Runs as pid 1 of a new namespace at nesting depth @level: starts @workers workers, the first
 * with @threads threads, and (@level < @depth) child namespaces: @fanout siblings below level 1,
 * one below each deeper level. Then reaps forever.
 */
static inline void __attribute__((noreturn)) tree_init(int ready, int level, int depth, int fanout, int workers, int threads)
{
	prctl(PR_SET_NAME, TREE_COMM);
	prctl(PR_SET_PDEATHSIG, SIGKILL);
	for (int i = 0; i < workers; i++)
		if (fork() == 0)
			tree_worker(ready, i == 0 ? threads : 0);
	if (level < depth)
		for (int i = 0; i < (level == 1 ? fanout : 1); i++)
			if (clone_newpid(NULL) == 0)
				tree_init(ready, level + 1, depth, fanout, workers, threads);
	write(ready, "i", 1);
	for (;;)
		if (wait(NULL) < 0 && errno == ECHILD)
			pause();
}

/* How many tasks tree_init(level 1, ...) creates. */
static inline int tree_size(int depth, int fanout, int workers, int threads)
{
	int per_ns = 1 + workers + (workers ? threads : 0), nns = 0, width = 1;

	for (int level = 1; level <= depth; level++) {
		nns += width;
		width *= level == 1 ? fanout : 1;
	}
	return nns * per_ns;
}

static inline int tree_ns_index(struct tree *t, int fd)
{
	struct stat st;

	if (fstat(fd, &st))
		return -1;
	for (int i = 0; i < t->nns; i++) {
		if (t->ns[i].ino == st.st_ino) {
			close(fd);
			return i;
		}
	}
	if (t->nns == TREE_MAX_NS)
		return -1;
	t->ns[t->nns] = (struct tree_ns){ .fd = fd, .ino = st.st_ino, .level = -1 };
	return t->nns++;
}

/* Reads one task's ground truth from /proc and resolves its namespace chain with NS_GET_PARENT. */
static inline int tree_add_task(struct tree *t, pid_t tgid, pid_t tid)
{
	struct tree_task *task = &t->task[t->ntasks];
	char path[128];
	int n, fd;

	snprintf(path, sizeof(path), "/proc/%d/task/%d/status", tgid, tid);
	n = read_ns_numbers(path, "NSpid:", task->nspid, TREE_MAX_LEVELS);
	if (n < 1 || read_ns_numbers(path, "NStgid:", task->nstgid, TREE_MAX_LEVELS) != n)
		return -1;
	task->tid = tid;
	task->tgid = tgid;
	task->nlevels = n;

	snprintf(path, sizeof(path), "/proc/%d/task/%d/ns/pid", tgid, tid);
	fd = open(path, O_RDONLY | O_CLOEXEC);
	for (int level = n - 1; level >= 0; level--) {
		int idx = fd < 0 ? -1 : tree_ns_index(t, fd);

		if (idx < 0)
			return -1;
		t->ns[idx].level = level;
		task->ns[level] = idx;
		if (level > 0)
			fd = ioctl(t->ns[idx].fd, NS_GET_PARENT);
	}
	if (task->ns[0] != 0)	/* the outermost level must be the caller's namespace */
		return -1;
	t->ntasks++;
	return 0;
}

/* Collects every task named TREE_COMM from /proc, which must be the caller's namespace's. */
static inline int tree_scan(struct tree *t)
{
	DIR *procdir = opendir("/proc");
	struct dirent *p;

	if (!procdir)
		return -1;
	while ((p = readdir(procdir))) {
		pid_t tgid = atoi(p->d_name);
		char path[128], comm[32];
		struct dirent *q;
		DIR *taskdir;

		if (tgid <= 0)
			continue;
		snprintf(path, sizeof(path), "/proc/%d/task", tgid);
		taskdir = opendir(path);
		if (!taskdir)
			continue;
		while ((q = readdir(taskdir))) {
			pid_t tid = atoi(q->d_name);
			FILE *f;

			if (tid <= 0)
				continue;
			snprintf(path, sizeof(path), "/proc/%d/task/%d/comm", tgid, tid);
			f = fopen(path, "re");
			if (!f)
				continue;
			if (fgets(comm, sizeof(comm), f) && !strcmp(comm, TREE_COMM "\n") &&
			    (t->ntasks == TREE_MAX_TASKS || tree_add_task(t, tgid, tid))) {
				fclose(f);
				closedir(taskdir);
				closedir(procdir);
				return -1;
			}
			fclose(f);
		}
		closedir(taskdir);
	}
	closedir(procdir);
	return 0;
}

/* Whether /proc shows the caller's own pid namespace (a test's ground truth needs it to). */
static inline bool proc_is_own(void)
{
	pid_t nspid[TREE_MAX_LEVELS];

	return read_ns_numbers("/proc/self/status", "NSpid:", nspid, TREE_MAX_LEVELS) >= 1 &&
	       nspid[0] == getpid();
}

/*
 * Builds the tree and reads its ground truth. Returns 0, or -errno of what failed (-EPERM when
 * the caller may not create pid namespaces).
 */
static inline int tree_build(struct tree *t, int depth, int fanout, int workers, int threads)
{
	int ready[2], expected = tree_size(depth, fanout, workers, threads);
	char c;

	memset(t, 0, sizeof(*t));
	t->init_pidfd = -EBADF;
	t->ns[0].fd = open("/proc/self/ns/pid", O_RDONLY | O_CLOEXEC);
	if (t->ns[0].fd < 0 || tree_ns_index(t, t->ns[0].fd) != 0)
		return -errno;
	t->nns = 1;
	t->ns[0].level = 0;
	if (pipe2(ready, O_CLOEXEC))
		return -errno;
	t->init = clone_newpid(&t->init_pidfd);
	if (t->init < 0) {
		int err = -errno;

		close(ready[0]);
		close(ready[1]);
		return err;
	}
	if (t->init == 0) {
		close(ready[0]);
		tree_init(ready[1], 1, depth, fanout, workers, threads);
	}
	close(ready[1]);
	for (int i = 0; i < expected; i++)
		if (read(ready[0], &c, 1) != 1)
			return -EIO;
	close(ready[0]);
	if (tree_scan(t) || t->ntasks != expected) {
		fprintf(stderr, "tree: found %d of %d tasks in /proc\n", t->ntasks, expected);
		return -ENOENT;
	}
	return 0;
}

static inline void tree_destroy(struct tree *t)
{
	if (t->init > 0) {
		kill(t->init, SIGKILL);
		waitpid(t->init, NULL, 0);
	}
	if (t->init_pidfd >= 0)
		close(t->init_pidfd);
	for (int i = 0; i < t->nns; i++)
		if (t->ns[i].fd >= 0)
			close(t->ns[i].fd);
	t->nns = 0;
}

/* The number of task @k in namespace @ns, or 0 if it has none there. */
static inline pid_t tree_nr(const struct tree *t, int k, int ns, bool tgid)
{
	const struct tree_task *task = &t->task[k];
	int level = t->ns[ns].level;

	if (level < 0 || level >= task->nlevels || task->ns[level] != ns)
		return 0;
	return tgid ? task->nstgid[level] : task->nspid[level];
}

/*
 * A chain of pid namespaces N1 > N2 > ... > N@depth below the caller's, whose innermost init is a
 * "forker": on request it forks a child (optionally with clone3() set_tid, or into a new
 * namespace) that reports its NSpid line from /proc and exits, or reports the ns_last_pid and
 * pid_max sysctls of its namespace without forking. For ns_last_pid tests. Built with
 * chain_build_userns(), every level is also a new user namespace, owned by the one above, in
 * which the level's init is root: a chain an unprivileged user may build and own.
 */
struct chain {
	pid_t init;		/* init of N1, in the caller's view */
	int cmd, reply;		/* pipes to and from the forker */
	int nsfd[TREE_MAX_LEVELS];	/* nsfd[0] is the innermost namespace, nsfd[depth - 1] N1 */
	int depth;
};

enum chain_op { CHAIN_FORK, CHAIN_SYSCTL };

struct chain_cmd {
	int op;
	int nr_set_tid;
	__aligned_u64 flags;	/* CHAIN_FORK: clone3() flags */
	pid_t set_tid[TREE_MAX_LEVELS];
};

static inline void __attribute__((noreturn)) chain_forker(int cmd, int reply)
{
	struct chain_cmd c;

	while (read(cmd, &c, sizeof(c)) == sizeof(c)) {
		struct clone_args args = {
			.flags = c.flags,
			.exit_signal = SIGCHLD,
			.set_tid = c.nr_set_tid ? (uintptr_t)c.set_tid : 0,
			.set_tid_size = c.nr_set_tid,
		};
		pid_t nspid[TREE_MAX_LEVELS] = { 0 };
		pid_t child;

		if (c.op == CHAIN_SYSCTL) {
			/* Read by the forker itself: its namespace's values, and no pid allocated. */
			nspid[0] = read_long("/proc/sys/kernel/ns_last_pid");
			nspid[1] = read_long("/proc/sys/kernel/pid_max");
			write(reply, nspid, sizeof(nspid));
			continue;
		}
		child = syscall(SYS_clone3, &args, sizeof(args));
		if (child == 0) {
			int n = read_ns_numbers("/proc/self/status", "NSpid:", nspid, TREE_MAX_LEVELS - 1);

			nspid[TREE_MAX_LEVELS - 1] = n;
			write(reply, nspid, sizeof(nspid));
			_exit(0);
		}
		if (child < 0) {
			nspid[TREE_MAX_LEVELS - 1] = -errno;
			write(reply, nspid, sizeof(nspid));
		}
		waitpid(child, NULL, 0);
	}
	_exit(0);
}

/* clone3() into a new pid namespace, and a new user namespace too with @userns. */
static inline pid_t chain_clone(bool userns)
{
	struct clone_args args = {
		.flags = CLONE_NEWPID | (userns ? CLONE_NEWUSER : 0),
		.exit_signal = SIGCHLD,
	};
	uid_t uid = geteuid();
	gid_t gid = getegid();
	pid_t pid = syscall(SYS_clone3, &args, sizeof(args));

	if (pid == 0 && userns && map_self_as_root(uid, gid))
		_exit(1);
	return pid;
}

/*
 * How many pid namespaces can still be nested below the caller's: MAX_PID_NS_LEVEL (32) minus its
 * level, found by nesting new user and pid namespaces until clone3() says ENOSPC (its NSpid line
 * does not tell: /proc shows the levels from the /proc instance's namespace down). -errno if it
 * cannot nest at all.
 */
static inline int free_pid_ns_levels(void)
{
	int p[2], n = -EIO;
	pid_t pid;

	if (pipe2(p, O_CLOEXEC))
		return -errno;
	pid = fork();
	if (pid == 0) {
		for (n = 0;; n++) {
			pid_t child = chain_clone(true);

			if (child > 0)
				_exit(waitpid(child, NULL, 0) == child ? 0 : 1);
			if (child < 0) {
				n = errno == ENOSPC ? n : -errno;
				write(p[1], &n, sizeof(n));
				_exit(0);
			}
		}
	}
	close(p[1]);
	if (pid < 0 || read(p[0], &n, sizeof(n)) != sizeof(n))
		n = -EIO;
	close(p[0]);
	if (pid > 0)
		waitpid(pid, NULL, 0);
	return n;
}

static inline void __attribute__((noreturn)) chain_init(int level, int depth, int cmd, int reply,
							 int ready, bool userns)
{
	prctl(PR_SET_PDEATHSIG, SIGKILL);
	if (level == depth) {
		write(ready, "r", 1);
		chain_forker(cmd, reply);
	}
	if (chain_clone(userns) == 0)
		chain_init(level + 1, depth, cmd, reply, ready, userns);
	/* Only the forker keeps it: should a level fail to clone, chain_build() reads end-of-file. */
	close(ready);
	for (;;)
		if (wait(NULL) < 0 && errno == ECHILD)
			_exit(0);
}

static inline int __chain_build(struct chain *c, int depth, bool userns)
{
	int cmd[2], reply[2], ready[2];
	char path[64], byte;
	pid_t inner = 0;

	memset(c, 0, sizeof(*c));
	c->depth = depth;
	if (depth < 1 || depth >= TREE_MAX_LEVELS)
		return -EINVAL;
	if (pipe2(cmd, O_CLOEXEC) || pipe2(reply, O_CLOEXEC) || pipe2(ready, O_CLOEXEC))
		return -errno;
	c->init = chain_clone(userns);
	if (c->init < 0)
		return -errno;
	if (c->init == 0)
		chain_init(1, depth, cmd[0], reply[1], ready[1], userns);
	close(cmd[0]);
	close(reply[1]);
	close(ready[1]);
	c->cmd = cmd[1];
	c->reply = reply[0];
	if (read(ready[0], &byte, 1) != 1)
		return -EIO;
	close(ready[0]);

	/* The forker is the only task of the innermost namespace: find its nsfd via NSpid. */
	for (pid_t p = c->init; p < c->init + 4 * depth + 64 && !inner; p++) {
		pid_t nspid[TREE_MAX_LEVELS + 1];

		snprintf(path, sizeof(path), "/proc/%d/status", p);
		if (read_ns_numbers(path, "NSpid:", nspid, TREE_MAX_LEVELS + 1) == depth + 1 &&
		    nspid[depth] == 1 && nspid[1] > 0)
			inner = p;
	}
	if (!inner)
		return -ENOENT;
	snprintf(path, sizeof(path), "/proc/%d/ns/pid", inner);
	c->nsfd[0] = open(path, O_RDONLY | O_CLOEXEC);
	for (int i = 1; i < depth; i++)
		c->nsfd[i] = ioctl(c->nsfd[i - 1], NS_GET_PARENT);
	for (int i = 0; i < depth; i++)
		if (c->nsfd[i] < 0)
			return -EIO;
	return 0;
}

/* Builds the chain; returns 0 or -errno. */
static inline int chain_build(struct chain *c, int depth)
{
	return __chain_build(c, depth, false);
}

/* Builds the chain with a new user namespace at every level; returns 0 or -errno. */
static inline int chain_build_userns(struct chain *c, int depth)
{
	return __chain_build(c, depth, true);
}

static inline int chain_request(struct chain *c, struct chain_cmd *cmd, pid_t *reply)
{
	if (write(c->cmd, cmd, sizeof(*cmd)) != sizeof(*cmd) ||
	    read(c->reply, reply, TREE_MAX_LEVELS * sizeof(pid_t)) != TREE_MAX_LEVELS * sizeof(pid_t))
		return -EIO;
	return 0;
}

/*
 * Asks the forker for a child, with @nr_set_tid set_tid entries (innermost first) if non-zero,
 * and clone3() @flags. Fills @nspid (TREE_MAX_LEVELS entries) with the child's NSpid (outermost
 * first) and returns how many levels it has, or -errno of the clone.
 */
static inline int chain_fork_flags(struct chain *c, const pid_t *set_tid, int nr_set_tid,
				   __u64 flags, pid_t *nspid)
{
	struct chain_cmd cmd = { .op = CHAIN_FORK, .nr_set_tid = nr_set_tid, .flags = flags };
	pid_t reply[TREE_MAX_LEVELS];

	memcpy(cmd.set_tid, set_tid, nr_set_tid * sizeof(pid_t));
	if (chain_request(c, &cmd, reply))
		return -EIO;
	memcpy(nspid, reply, sizeof(reply));
	return reply[TREE_MAX_LEVELS - 1];
}

static inline int chain_fork(struct chain *c, const pid_t *set_tid, int nr_set_tid, pid_t *nspid)
{
	return chain_fork_flags(c, set_tid, nr_set_tid, 0, nspid);
}

/*
 * The innermost namespace's /proc/sys/kernel/ns_last_pid and pid_max, as its init reads them
 * from inside (without forking). 0 or -EIO.
 */
static inline int chain_sysctl(struct chain *c, long *ns_last_pid, long *pid_max)
{
	struct chain_cmd cmd = { .op = CHAIN_SYSCTL };
	pid_t reply[TREE_MAX_LEVELS];

	if (chain_request(c, &cmd, reply))
		return -EIO;
	*ns_last_pid = reply[0];
	if (pid_max)
		*pid_max = reply[1];
	return 0;
}

static inline void chain_destroy(struct chain *c)
{
	if (c->init > 0) {
		kill(c->init, SIGKILL);
		waitpid(c->init, NULL, 0);
	}
	for (int i = 0; i < c->depth; i++)
		if (c->nsfd[i] > 0)
			close(c->nsfd[i]);
	if (c->cmd > 0)
		close(c->cmd);
	if (c->reply > 0)
		close(c->reply);
	c->init = 0;
	c->depth = 0;
}

#endif /* __PIDNS_UTIL_H */
