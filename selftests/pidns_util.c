// SPDX-License-Identifier: GPL-2.0
/*
 * Process machinery of the pidns selftests: see pidns_util.h.
 */
/* fd_ino() reads whole 64-bit inode numbers in 32-bit programs too. */
#define _FILE_OFFSET_BITS 64
#include "pidns_util.h"

#define TREE_COMM "pidns-tree"

/* xorshift64*: small, seedable, good enough to pick cases; a printed seed replays a run. */
__u64 xorshift64(__u64 *state)
{
	*state ^= *state >> 12;
	*state ^= *state << 25;
	*state ^= *state >> 27;
	return *state * 2685821657736338717ULL;
}

/* clone3() with CLONE_NEWPID: returns 0 in the child (pid 1 of a new namespace). */
pid_t clone_newpid(int *pidfd)
{
	struct clone_args args = {
		.flags = CLONE_NEWPID | (pidfd ? CLONE_PIDFD : 0),
		.pidfd = (uintptr_t)pidfd,
		.exit_signal = SIGCHLD,
	};

	return syscall(SYS_clone3, &args, sizeof(args));
}

/* NS_GET_ID of an nsfd, or 0. */
__u64 ns_id(int nsfd)
{
	__u64 id = 0;

	return ioctl(nsfd, NS_GET_ID, &id) ? 0 : id;
}

/* A mainline nsfs ioctl: returns its result, or -errno. */
int nsfs_ioctl(int nsfd, unsigned long cmd, unsigned long arg)
{
	int ret = ioctl(nsfd, cmd, arg);

	return ret < 0 ? -errno : ret;
}

/*
 * Mainline's answer to a PIDFD_GET_*_NAMESPACE ioctl (@cmd) on @pidfd: 0 if it hands out an nsfd
 * (closed again), or -errno (EACCES: no ptrace read access; ESRCH: the task has exited).
 */
int mainline_pidfd_ns(int pidfd, unsigned long cmd)
{
	int nsfd = ioctl(pidfd, cmd, 0);

	if (nsfd < 0)
		return -errno;
	close(nsfd);
	return 0;
}

/* The inode number of an open file (a pidfd's is its pidfs inode), or 0. */
__u64 fd_ino(int fd)
{
	struct stat st;

	return fstat(fd, &st) ? 0 : st.st_ino;
}

/* How many fds the process has open (counted from /proc/self/fd, its own fd included). */
int count_fds(void)
{
	DIR *d = opendir("/proc/self/fd");
	int n = 0;

	while (d && readdir(d))
		n++;
	if (d)
		closedir(d);
	return n;
}

/* Reads one integer from a file such as /proc/sys/kernel/ns_last_pid; -1 if it cannot. */
long read_long(const char *path)
{
	char buf[32] = "";
	int fd = open(path, O_RDONLY | O_CLOEXEC);
	ssize_t n = fd < 0 ? -1 : read(fd, buf, sizeof(buf) - 1);

	if (fd >= 0)
		close(fd);
	return n > 0 ? strtol(buf, NULL, 10) : -1;
}

/* Writes a string to a file (a uid_map, a sysctl); 0 or -1. */
int write_str(const char *path, const char *s)
{
	int fd = open(path, O_WRONLY | O_CLOEXEC), ok;

	if (fd < 0)
		return -1;
	ok = write(fd, s, strlen(s)) == (ssize_t)strlen(s);
	close(fd);
	return ok ? 0 : -1;
}

/* Reads the numbers of an "NSpid:"-style line of a status file into nr[]; returns how many. */
int read_ns_numbers(const char *status_path, const char *key, pid_t *nr, int max)
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

/*
 * The first task from @from to @to (excluded) whose NSpid line has @levels numbers, the last
 * one @innermost; 0 if there is none.
 */
pid_t find_by_nspid(pid_t from, pid_t to, int levels, pid_t innermost)
{
	for (pid_t p = from; p < to; p++) {
		pid_t nspid[TREE_MAX_LEVELS + 1];
		char path[64];

		snprintf(path, sizeof(path), "/proc/%d/status", p);
		if (read_ns_numbers(path, "NSpid:", nspid, TREE_MAX_LEVELS + 1) == levels &&
		    nspid[levels - 1] == innermost)
			return p;
	}
	return 0;
}

/* A thread of process @tgid other than its leader, or 0 if it has none. */
pid_t other_thread(pid_t tgid)
{
	char path[64];
	struct dirent *e;
	pid_t tid = 0;
	DIR *d;

	snprintf(path, sizeof(path), "/proc/%d/task", tgid);
	d = opendir(path);
	while (d && (e = readdir(d)))
		if (atoi(e->d_name) > 0 && atoi(e->d_name) != tgid)
			tid = atoi(e->d_name);
	if (d)
		closedir(d);
	return tid;
}

/* Whether /proc shows the caller's own pid namespace (a test's ground truth needs it to). */
bool proc_is_own(void)
{
	pid_t nspid[TREE_MAX_LEVELS];

	return read_ns_numbers("/proc/self/status", "NSpid:", nspid, TREE_MAX_LEVELS) >= 1 &&
	       nspid[0] == getpid();
}

/* Becomes uid and gid 65534 (nobody); 0, or -1 where it may not. */
int become_nobody(void)
{
	return setresgid(65534, 65534, 65534) || setresuid(65534, 65534, 65534) ? -1 : 0;
}

/*
 * Whether this process may become nobody: real root, or root of a user namespace where nobody is
 * mapped. Root of an `unshare -Ur` namespace may not.
 */
bool can_become_nobody(void)
{
	pid_t pid;
	int status;

	if (geteuid() != 0)
		return false;
	pid = fork();
	if (pid < 0)
		return false;
	if (pid == 0)
		_exit(become_nobody() ? 1 : 0);
	return waitpid(pid, &status, 0) == pid && WIFEXITED(status) && WEXITSTATUS(status) == 0;
}

bool became_nobody;

/*
 * Leaves the caller no capability over anything that existed before: root becomes nobody where
 * it may (and sets became_nobody), or else moves into a user namespace of its own; anyone else
 * has nothing to drop. 0, or -1 if it could not.
 */
int drop_privileges(void)
{
	if (geteuid() != 0)
		return 0;
	if (!become_nobody()) {
		became_nobody = true;
		return 0;
	}
	return unshare(CLONE_NEWUSER);
}

/* Moves into a new user namespace, keeping its uid (unmapped there); 0 or -1. */
int unshare_userns(void)
{
	return unshare(CLONE_NEWUSER);
}

/*
 * Moves into a new user namespace and makes a pid namespace of its own there, whose pid 1 is a
 * sleeper (spawn_sleeper()): the caller's pid_for_children. 0 or -1.
 */
int unshare_user_pidns(void)
{
	return unshare(CLONE_NEWUSER | CLONE_NEWPID) || spawn_sleeper(0, NULL) < 0 ? -1 : 0;
}

/*
 * Maps the caller's ids of the parent user namespace, @uid and @gid, to root of the new user
 * namespace it was just cloned into (what a process may do for itself). 0 or -1.
 */
int map_self_as_root(uid_t uid, gid_t gid)
{
	char map[64];

	snprintf(map, sizeof(map), "0 %u 1", uid);
	if (write_str("/proc/self/uid_map", map) || write_str("/proc/self/setgroups", "deny"))
		return -1;
	snprintf(map, sizeof(map), "0 %u 1", gid);
	return write_str("/proc/self/gid_map", map);
}

/* The state of process @pid, as /proc/PID/stat shows it ('Z': a zombie), or 0 if it has none. */
char proc_state(pid_t pid)
{
	char path[64], state = 0;
	FILE *f;

	snprintf(path, sizeof(path), "/proc/%d/stat", pid);
	f = fopen(path, "re");
	if (!f)
		return 0;
	if (fscanf(f, "%*d %*s %c", &state) != 1)
		state = 0;
	fclose(f);
	return state;
}

/* Waits until @pid is a zombie (or gone), i.e. its exit has completed. */
void wait_zombie(pid_t pid)
{
	for (int i = 0; i < 5000; i++) {
		char state = proc_state(pid);

		usleep(1000);
		if (!state || state == 'Z')
			return;
	}
}

/* In a child: joins the pid namespace of @nsfd and forks into it; fork()'s result, or -1. */
pid_t fork_into_pidns(int nsfd)
{
	return setns(nsfd, CLONE_NEWPID) ? -1 : fork();
}

/*
 * A pidfd of a child that has exited and is left unreaped (a zombie) in *@child, for the caller
 * to reap. Returns the pidfd or -errno.
 */
int zombie_pidfd(pid_t *child)
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

/*
 * A thread that reports on the pipe whose write end is *@ready_fd, then sleeps until its
 * process ends: pthread_create(&t, NULL, sleeping_thread, &pipe[1]).
 */
void *sleeping_thread(void *ready_fd)
{
	write(*(int *)ready_fd, "t", 1);
	for (;;)
		pause();
	return NULL;
}

/*
 * Starts a child that sleeps until it is killed or its parent dies, once it is what @flags ask
 * (SLEEPER_*), with a pidfd of it in *@pidfd unless @pidfd is NULL. Returns its pid when it is
 * ready, or -1 with errno set (EPERM: such a child may not be made here).
 */
pid_t spawn_sleeper(unsigned int flags, int *pidfd)
{
	int ready[2], err;
	pid_t pid;
	char byte;

	if (pipe2(ready, O_CLOEXEC))
		return -1;
	pid = flags & SLEEPER_NEWPID ? clone_newpid(pidfd) : fork();
	if (pid == 0) {
		prctl(PR_SET_PDEATHSIG, SIGKILL);
		if ((flags & SLEEPER_NOBODY) && become_nobody())
			_exit(1);
		/* Changing uids made it non-dumpable (commit_creds()): undo that, or do it. */
		if (flags & (SLEEPER_NOBODY | SLEEPER_NODUMP))
			prctl(PR_SET_DUMPABLE, !(flags & SLEEPER_NODUMP));
		write(ready[1], "s", 1);
		for (;;)
			pause();
	}
	err = errno;
	close(ready[1]);
	if (pid > 0 && read(ready[0], &byte, 1) != 1) {
		waitpid(pid, NULL, 0);
		if (pidfd && (flags & SLEEPER_NEWPID))
			close(*pidfd);
		pid = -1;
		err = EPERM;
	}
	close(ready[0]);
	if (pid > 0 && pidfd && !(flags & SLEEPER_NEWPID))
		*pidfd = sys_pidfd_open(pid, 0);
	errno = err;
	return pid;
}

/* What an init does once it has started its tasks: reaps them, and waits to be killed. */
void reap_forever(void)
{
	for (;;)
		if (wait(NULL) < 0 && errno == ECHILD)
			pause();
}

/* ----- trees ----- */

static void *tree_thread(void *ready_fd)
{
	prctl(PR_SET_NAME, TREE_COMM);
	return sleeping_thread(ready_fd);
}

/* Becomes a tree worker: @threads extra threads, then waits to be killed. */
static void __attribute__((noreturn)) tree_worker(int ready, int threads)
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
static void __attribute__((noreturn)) tree_init(int ready, int level, int depth, int fanout,
						int workers, int threads)
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
	reap_forever();
}

/* How many tasks tree_init(level 1, ...) creates. */
static int tree_size(int depth, int fanout, int workers, int threads)
{
	int per_ns = 1 + workers + (workers ? threads : 0), nns = 0, width = 1;

	for (int level = 1; level <= depth; level++) {
		nns += width;
		width *= level == 1 ? fanout : 1;
	}
	return nns * per_ns;
}

static int tree_ns_index(struct tree *t, int fd)
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
static int tree_add_task(struct tree *t, pid_t tgid, pid_t tid)
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

/* Whether task @tid of process @tgid is named TREE_COMM. */
static bool tree_comm(pid_t tgid, pid_t tid)
{
	char path[128], comm[32];
	bool ours;
	FILE *f;

	snprintf(path, sizeof(path), "/proc/%d/task/%d/comm", tgid, tid);
	f = fopen(path, "re");
	if (!f)
		return false;
	ours = fgets(comm, sizeof(comm), f) && !strcmp(comm, TREE_COMM "\n");
	fclose(f);
	return ours;
}

/* Adds every task of process @tgid named TREE_COMM; -1 if one cannot be. */
static int tree_scan_process(struct tree *t, pid_t tgid)
{
	struct dirent *q;
	char path[64];
	DIR *taskdir;
	int err = 0;

	snprintf(path, sizeof(path), "/proc/%d/task", tgid);
	taskdir = opendir(path);
	if (!taskdir)
		return 0;
	while (!err && (q = readdir(taskdir))) {
		pid_t tid = atoi(q->d_name);

		if (tid > 0 && tree_comm(tgid, tid))
			err = t->ntasks == TREE_MAX_TASKS || tree_add_task(t, tgid, tid) ? -1 : 0;
	}
	closedir(taskdir);
	return err;
}

/* Collects every task named TREE_COMM from /proc, which must be the caller's namespace's. */
static int tree_scan(struct tree *t)
{
	DIR *procdir = opendir("/proc");
	struct dirent *p;
	int err = 0;

	if (!procdir)
		return -1;
	while (!err && (p = readdir(procdir)))
		if (atoi(p->d_name) > 0)
			err = tree_scan_process(t, atoi(p->d_name));
	closedir(procdir);
	return err;
}

/*
 * Builds the tree (see struct tree) and reads its ground truth. Returns 0, or -errno of what
 * failed (-EPERM when the caller may not create pid namespaces).
 */
int tree_build(struct tree *t, int depth, int fanout, int workers, int threads)
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

/* Kills the tree and closes its fds; a second call does nothing. */
void tree_destroy(struct tree *t)
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
	t->init = 0;
	t->init_pidfd = -EBADF;
	t->nns = 0;
}

/* The number of task @k in namespace @ns, or 0 if it has none there. */
pid_t tree_nr(const struct tree *t, int k, int ns, bool tgid)
{
	const struct tree_task *task = &t->task[k];
	int level = t->ns[ns].level;

	if (level < 0 || level >= task->nlevels || task->ns[level] != ns)
		return 0;
	return tgid ? task->nstgid[level] : task->nspid[level];
}

/* ----- chains ----- */

enum chain_op { CHAIN_FORK, CHAIN_SYSCTL };

struct chain_cmd {
	int op;
	int nr_set_tid;
	__aligned_u64 flags;	/* CHAIN_FORK: clone3() flags */
	pid_t set_tid[TREE_MAX_LEVELS];
};

static void __attribute__((noreturn)) chain_forker(int cmd, int reply)
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
static pid_t chain_clone(bool userns)
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
int free_pid_ns_levels(void)
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

static void __attribute__((noreturn)) chain_init(int level, int depth, int cmd, int reply,
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

static int __chain_build(struct chain *c, int depth, bool userns)
{
	int cmd[2], reply[2], ready[2];
	char path[64], byte;
	pid_t inner;

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

	/* The forker is the only task of the innermost namespace, pid 1 there. */
	inner = find_by_nspid(c->init, c->init + 4 * depth + 64, depth + 1, 1);
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
int chain_build(struct chain *c, int depth)
{
	return __chain_build(c, depth, false);
}

/* Builds the chain with a new user namespace at every level; returns 0 or -errno. */
int chain_build_userns(struct chain *c, int depth)
{
	return __chain_build(c, depth, true);
}

static int chain_request(struct chain *c, struct chain_cmd *cmd, pid_t *reply)
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
int chain_fork_flags(struct chain *c, const pid_t *set_tid, int nr_set_tid, __u64 flags,
		     pid_t *nspid)
{
	struct chain_cmd cmd = { .op = CHAIN_FORK, .nr_set_tid = nr_set_tid, .flags = flags };
	pid_t reply[TREE_MAX_LEVELS];

	memcpy(cmd.set_tid, set_tid, nr_set_tid * sizeof(pid_t));
	if (chain_request(c, &cmd, reply))
		return -EIO;
	memcpy(nspid, reply, sizeof(reply));
	return reply[TREE_MAX_LEVELS - 1];
}

int chain_fork(struct chain *c, const pid_t *set_tid, int nr_set_tid, pid_t *nspid)
{
	return chain_fork_flags(c, set_tid, nr_set_tid, 0, nspid);
}

/*
 * The innermost namespace's /proc/sys/kernel/ns_last_pid and pid_max, as its init reads them
 * from inside (without forking). 0 or -EIO.
 */
int chain_sysctl(struct chain *c, long *ns_last_pid, long *pid_max)
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

void chain_destroy(struct chain *c)
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
