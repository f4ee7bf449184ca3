// SPDX-License-Identifier: GPL-2.0
/*
 * Concurrent race and lifetime stress: prober processes translate pids, ask for init pids and
 * read ns_last_pid vectors while other processes create and destroy nested pid namespaces, kill
 * their reapers (single- and multi-threaded, the latter also after the kernel handed the reaper
 * role to another thread), set ns_last_pid vectors, and recycle pids at every level.
 *
 * Every answer is judged against /proc/PID/status (NSpid, NStgid) whenever the task it is about
 * provably stayed the same and alive across the call: the prober holds a pidfd on it, reads its
 * status before and after the ioctls, and judges only if both reads agree and the pidfd has not
 * signalled exit (a pid cannot be reused before its task is reaped). Any other answer must be one
 * of the errnos the header documents for the race at hand. The kernel must not complain (the VM
 * run checks dmesg afterwards).
 *
 * The concurrency is processes, not threads: 32-bit glibc's futex waits abort on kernels without
 * COMPAT_32BIT_TIME, and this suite also runs as a 32-bit program. Threads appear only in
 * reapers that are SIGKILLed, never joined.
 *
 *   PIDNS_STRESS_SECONDS=N  duration (default 5, at most 240)
 *   PIDNS_STRESS_SEED=N     seed of the random choices (printed by every run)
 */
#define _FILE_OFFSET_BITS 64
#include <poll.h>
#include <stdarg.h>
#include <sys/mman.h>
#include <time.h>

#include "kselftest_harness.h"
#include "pidns_harness.h"

#define MAX_SECONDS 240
#define NPROBERS 2
#define NHINTS 64
#define NPOOL 8
#define MAXL TREE_MAX_LEVELS

enum op {
	OP_TRANSLATE, OP_INIT_PID, OP_GET_LAST, OP_SET_LAST, OP_NS_CREATED, OP_NS_DESTROYED,
	OP_REAPERS_KILLED, OP_MT_REAPERS_KILLED, OP_RECYCLED, OP_VERIFIED, OP_UNJUDGED, NOPS
};

/*
 * Whether mainline's PIDFD_GET_PID_NAMESPACE refuses @pidfd with ESRCH: its task has exited, as
 * the leader thread of a multi-threaded reaper may have while the process lives on. pidns then
 * refuses the pidfd as a reference too (issue 12, finding 10), so answers through it are not
 * judged.
 */
static bool pidfd_names_no_namespace(int pidfd)
{
	int fd = ioctl(pidfd, PIDFD_GET_PID_NAMESPACE, 0);

	if (fd >= 0) {
		close(fd);
		return false;
	}
	return errno == ESRCH;
}

static const char *const op_names[NOPS] = {
	"translate", "init-pid", "last-pid get", "last-pid set", "namespaces created",
	"namespaces destroyed", "reapers killed", "of them multi-threaded", "pids recycled",
	"answers verified", "answers unjudged (task changed or died)",
};

/* Worker slots: the probers, the churner, the recycler's supervisor, and its init. */
enum { W_CHURNER = NPROBERS, W_RECYCLER, W_RECYCLER_INIT, NSLOTS };

struct slot {
	volatile long count[NOPS];
	volatile long failures;
	char msg[256];		/* the first failure */
};

/* Shared by all workers (MAP_SHARED): written by one process per slot, no atomics needed. */
struct shared {
	volatile int stop;
	volatile pid_t hint[NHINTS];	/* pids (in the test's namespace) of tree tasks, stale or not */
	volatile int recycler_n2;	/* the recycler's inner namespace exists this cycle */
	struct slot slot[NSLOTS];
};

static struct shared *sh;
static struct slot *me;
static __u64 rng;

static __u64 rnd(void)
{
	return xorshift64(&rng);
}

static void become(int slot, __u64 seed)
{
	me = &sh->slot[slot];
	rng = (seed ^ ((__u64)(slot + 1) << 32) ^ (__u64)getpid()) | 1;
}

static void __attribute__((format(printf, 1, 2))) fail(const char *fmt, ...)
{
	va_list ap;

	if (me->failures++)
		return;
	va_start(ap, fmt);
	vsnprintf(me->msg, sizeof(me->msg), fmt, ap);
	va_end(ap);
}

/* Errnos a well-formed call may get while its namespaces and tasks come and go. */
static void check_errno(const char *op, int err)
{
	if (err >= 0 || err == -ESRCH || err == -ENOENT)
		return;
	fail("%s: errno %d (%s) is not a documented answer to this race", op, -err,
	     strerror(-err));
}

static void hint(pid_t pid)
{
	if (pid > 0)
		sh->hint[rnd() % NHINTS] = pid;
}

/* The calling thread's pid in the test's namespace (which /proc shows). */
/*
 * The calling thread's id in the test's namespace (the first NSpid entry), read without stdio or
 * malloc: threads of the 32-bit build must never contend for a glibc lock, whose futex_time64
 * calls fail on this kernel (glibc then aborts).
 */
static pid_t outer_tid(void)
{
	char buf[4096], *line;
	int fd = open("/proc/thread-self/status", O_RDONLY | O_CLOEXEC);
	ssize_t n;

	if (fd < 0)
		return -1;
	n = read(fd, buf, sizeof(buf) - 1);
	close(fd);
	if (n <= 0)
		return -1;
	buf[n] = '\0';
	line = strstr(buf, "\nNSpid:");
	return line ? (pid_t)strtol(line + strlen("\nNSpid:"), NULL, 10) : -1;
}

/*
 * poll(2) as the raw syscall, its timeout an int of milliseconds, to wait and to sleep: 32-bit
 * glibc's usleep() and nanosleep() go through time64 syscalls that fail on this kernel.
 */
static int poll_ms(int fd, int ms)
{
	struct pollfd p = { .fd = fd, .events = POLLIN };

	return syscall(SYS_poll, fd >= 0 ? &p : NULL, fd >= 0 ? 1 : 0, ms);
}

static bool alive(int pidfd)
{
	return poll_ms(pidfd, 0) == 0;
}

/* NSpid and NStgid of a task; returns the number of levels, or -1. */
static int status_ids(pid_t tid, pid_t *nspid, pid_t *nstgid)
{
	char path[64];
	int n;

	snprintf(path, sizeof(path), "/proc/%d/status", tid);
	n = read_ns_numbers(path, "NSpid:", nspid, MAXL);
	if (n < 1 || read_ns_numbers(path, "NStgid:", nstgid, MAXL) != n)
		return -1;
	return n;
}

/* ----- probers ----- */

struct pool_ns {
	int fd;
	ino_t ino;
	int level;	/* below the test's namespace */
};

static struct pool_ns pool[NPOOL];

static pid_t pick_pid(void)
{
	pid_t p = sh->hint[rnd() % NHINTS];

	return p > 0 ? p + (pid_t)(rnd() % 8) - 2 : 1 + (pid_t)(rnd() % 300);
}

/* Cheap calls whose answers cannot be judged: only the errno is checked. */
static void probe_blind(int dev)
{
	struct pool_ns *q = &pool[rnd() % NPOOL];
	struct pidns_init_pid ip;
	int r;

	if (q->fd < 0)
		return;
	r = ioc_translate(dev, pick_pid(), ref_caller(), ref_fd(q->fd),
			  rnd() % 2 ? PIDNS_TRANSLATE_TGID : 0);
	check_errno("translate into a namespace", r);
	r = ioc_translate(dev, 1 + rnd() % 8, ref_fd(q->fd), ref_caller(), 0);
	check_errno("translate out of a namespace", r);
	me->count[OP_TRANSLATE] += 2;
	r = ioc_init_pid(dev, ref_id(ns_id(q->fd)), ref_caller(), &ip);
	check_errno("init-pid by id", r);
	me->count[OP_INIT_PID]++;
}

/*
 * Judges the init pid of the namespace at @level of a live task's @chain: the reaper the module
 * names must be (same pidfs inode) a process that is pid 1 there. Returns 1 if judged.
 */
static int judge_init_pid(const struct pidns_init_pid *ip, int level, const ino_t *ino)
{
	pid_t nspid[MAXL], nstgid[MAXL];
	int pidfd, tidfd, n, judged = 0;
	char path[64];

	pidfd = sys_pidfd_open(ip->pid, 0);
	tidfd = sys_pidfd_open(ip->tid, PIDFD_THREAD);
	if (pidfd < 0 || tidfd < 0 || fd_ino(pidfd) != ip->pidfs_ino)
		goto out;	/* gone, or its pid already recycled: nothing to judge */
	n = status_ids(ip->tid, nspid, nstgid);
	snprintf(path, sizeof(path), "/proc/%d/ns/pid", ip->tid);
	{
		int nsfd = open(path, O_RDONLY | O_CLOEXEC);
		ino_t ns = nsfd >= 0 ? fd_ino(nsfd) : 0;

		if (nsfd >= 0)
			close(nsfd);
		if (!alive(pidfd) || !alive(tidfd) || n < 1 || !ns)
			goto out;
		judged = 1;
		if (n != level + 1 || nspid[0] != ip->tid || nstgid[0] != ip->pid ||
		    nstgid[level] != 1 || ns != ino[level])
			fail("init-pid of level %d: pid %d tid %d, but /proc says %d levels, tid %d, tgid %d, %d there",
			     level, ip->pid, ip->tid, n, nspid[0], nstgid[0], nstgid[n - 1]);
	}
out:
	if (pidfd >= 0)
		close(pidfd);
	if (tidfd >= 0)
		close(tidfd);
	return judged;
}

/*
 * One judged round: a task found through the hints, the namespaces of its pid chain, and every
 * read-only ioctl about them, between two reads of its status.
 */
static void probe(int dev)
{
	pid_t p = pick_pid(), a_pid[MAXL], a_tgid[MAXL], b_pid[MAXL], b_tgid[MAXL];
	int chain[MAXL], n, level, pidfd, r1, r2 = 0, r3, r4, r5, r6 = 0, in_chain, flags, kind;
	int into = -1, out_of = -1;
	struct pidns_ref target;
	struct pidns_init_pid ip;
	struct pool_ns *q = NULL;
	__s32 last[MAXL];
	ino_t ino[MAXL];
	char path[64];

	pidfd = sys_pidfd_open(p, PIDFD_THREAD);
	if (pidfd < 0)
		return;
	n = status_ids(p, a_pid, a_tgid);
	for (int l = 0; l < MAXL; l++)
		chain[l] = -1;
	if (n < 1 || a_pid[0] != p)
		goto out;
	snprintf(path, sizeof(path), "/proc/%d/ns/pid", p);
	chain[n - 1] = open(path, O_RDONLY | O_CLOEXEC);
	for (int l = n - 1; l >= 0; l--) {
		if (chain[l] < 0)
			goto out;
		ino[l] = fd_ino(chain[l]);
		if (l)
			chain[l - 1] = ioctl(chain[l], NS_GET_PARENT);
	}

	/* The target: a level of the chain by fd, id or the task's pidfd, or another namespace. */
	level = rnd() % n;
	kind = rnd() % 4;
	if (kind == 3) {
		q = &pool[rnd() % NPOOL];
		if (q->fd < 0)
			kind = 0;
	}
	switch (kind) {
	case 0:
		target = ref_fd(chain[level]);
		break;
	case 1:
		target = ref_id(ns_id(chain[level]));
		break;
	case 2:
		level = n - 1;
		target = ref_fd(pidfd);
		break;
	default:
		target = ref_fd(q->fd);
		level = q->level;
	}
	in_chain = level < n && ino[level] == (kind == 3 ? q->ino : ino[level]);
	flags = rnd() % 2 ? PIDNS_TRANSLATE_TGID : 0;

	r1 = ioc_translate(dev, p, ref_caller(), target, flags);
	if (in_chain)
		r2 = ioc_translate(dev, a_pid[level], target, ref_caller(), flags);
	r3 = ioc_init_pid(dev, target, ref_caller(), &ip);
	r4 = ioc_last_pids(dev, PIDNS_IOC_GET_LAST_PIDS, target, last, level + 1);
	/* The same translations through bound files, bound now, on the same references. */
	into = ioc_bind(dev, ref_caller(), target, 0);
	r5 = into < 0 ? into : ioc_bound(into, flags ? PIDNS_IOC_BOUND_TGID :
						     PIDNS_IOC_BOUND_PID, p);
	if (in_chain) {
		out_of = ioc_bind(dev, target, ref_caller(), 0);
		r6 = out_of < 0 ? out_of : ioc_bound(out_of, flags ? PIDNS_IOC_BOUND_TGID :
								  PIDNS_IOC_BOUND_PID, a_pid[level]);
	}
	me->count[OP_TRANSLATE] += 2 + 2 * in_chain;
	me->count[OP_INIT_PID]++;
	me->count[OP_GET_LAST]++;

	if (status_ids(p, b_pid, b_tgid) != n || memcmp(a_pid, b_pid, n * sizeof(pid_t)) ||
	    memcmp(a_tgid, b_tgid, n * sizeof(pid_t)) || !alive(pidfd) || ino[0] != pool[0].ino ||
	    (kind == 2 && pidfd_names_no_namespace(pidfd))) {
		/* Not provably the same live task throughout: only the errnos can be checked. */
		check_errno("translate", r1);
		check_errno("translate back", r2);
		check_errno("init-pid", r3);
		check_errno("get last pids", r4);
		check_errno("bound translate", r5);
		check_errno("bound translate back", r6);
		me->count[OP_UNJUDGED]++;
		goto out;
	}
	if (r1 != (in_chain ? (flags ? a_tgid[level] : a_pid[level]) : -ENOENT))
		fail("translate %s %d into level %d (ref kind %d): %d, /proc says %d", flags ? "tgid" : "pid",
		     p, level, kind, r1, in_chain ? (flags ? a_tgid[level] : a_pid[level]) : -ENOENT);
	if (in_chain && r2 != (flags ? a_tgid[0] : p))
		fail("translate %d from level %d back (ref kind %d): %d, /proc says %d", a_pid[level],
		     level, kind, r2, flags ? a_tgid[0] : p);
	/* A reference that resolved for the struct call resolves for binding, and answers alike. */
	if (r5 != r1 && (into >= 0 || r1 >= 0))
		fail("bound translate %d into level %d (ref kind %d): %d, TRANSLATE said %d", p, level,
		     kind, r5, r1);
	if (in_chain && r6 != r2)
		fail("bound translate %d from level %d back (ref kind %d): %d, TRANSLATE said %d",
		     a_pid[level], level, kind, r6, r2);
	if (in_chain) {
		/* The level has a live task (ours): its id resolves; its reaper may be dying. */
		if (r3 == 0 && ip.ns_id != ns_id(chain[level]))
			fail("init-pid: namespace id %llu, NS_GET_ID says %llu",
			     (unsigned long long)ip.ns_id, (unsigned long long)ns_id(chain[level]));
		else if (r3 == 0)
			me->count[OP_VERIFIED] += judge_init_pid(&ip, level, ino);
		else if (r3 != -ESRCH)
			fail("init-pid of level %d (ref kind %d) with a live task there: %d", level, kind, r3);
		if (r4 != level + 1)
			fail("get last pids of level %d (ref kind %d): %d levels", level, kind, r4);
	} else {
		check_errno("init-pid", r3);
		check_errno("get last pids", r4);
	}
	me->count[OP_VERIFIED] += 1 + in_chain;

	/* Remember a namespace of this chain for later rounds (as a foreign one, mostly). */
	if (n > 1) {
		struct pool_ns *e = &pool[1 + rnd() % (NPOOL - 1)];
		int l = 1 + rnd() % (n - 1);

		if (e->fd >= 0)
			close(e->fd);
		*e = (struct pool_ns){ .fd = chain[l], .ino = ino[l], .level = l };
		chain[l] = -1;
	}
out:
	for (int l = 0; l < MAXL; l++)
		if (chain[l] >= 0)
			close(chain[l]);
	if (into >= 0)
		close(into);
	if (out_of >= 0)
		close(out_of);
	close(pidfd);
}

static void prober(int dev)
{
	for (int i = 0; i < NPOOL; i++)
		pool[i].fd = -1;
	/* pool[0] is the test's own namespace. */
	pool[0].fd = open("/proc/self/ns/pid", O_RDONLY | O_CLOEXEC);
	pool[0].ino = fd_ino(pool[0].fd);
	while (!sh->stop) {
		probe(dev);
		probe_blind(dev);
	}
}

/* ----- churner: trees of nested namespaces, reapers killed ----- */

struct rec {
	int level;
	pid_t outer;
};

static void *churn_thread(void *arg)
{
	struct rec r = { .level = -1, .outer = outer_tid() };

	write(*(int *)arg, &r, sizeof(r));
	for (;;)
		pause();
	return NULL;
}

/*
 * pid 1 at nesting @level: one sleeping worker, the next level, and at the innermost @threads
 * threads; then reports. With @leader_exit the innermost init's first thread exits, and the
 * kernel makes one of the others the namespace's reaper.
 */
static void __attribute__((noreturn)) churn_init(int ready, int level, int depth, int threads,
						 bool leader_exit)
{
	struct rec r = { .level = level };
	static int fd;
	pthread_t t;

	prctl(PR_SET_PDEATHSIG, SIGKILL);
	if (fork() == 0) {
		r.level = 0;
		r.outer = outer_tid();
		write(ready, &r, sizeof(r));
		for (;;)
			pause();
	}
	if (level < depth && clone_newpid(NULL) == 0)
		churn_init(ready, level + 1, depth, threads, leader_exit);
	fd = ready;
	for (int i = 0; level == depth && i < threads; i++)
		pthread_create(&t, NULL, churn_thread, &fd);
	r.outer = outer_tid();
	write(ready, &r, sizeof(r));
	if (level == depth && threads && leader_exit)
		syscall(SYS_exit, 0);
	reap_forever();
}

/* Reads @len bytes, giving up after a minute or when the run stops. */
static int read_timeout(int fd, void *buf, size_t len)
{
	size_t got = 0;

	for (int waited = 0; got < len && waited < 60000 && !sh->stop;) {
		ssize_t r;

		if (poll_ms(fd, 100) == 0) {
			waited += 100;
			continue;
		}
		r = read(fd, (char *)buf + got, len - got);
		if (r <= 0)
			return -1;
		got += r;
	}
	return got == len ? 0 : -1;
}

static void churn_once(int dev)
{
	int depth = 1 + rnd() % 3, threads = rnd() % 3, ready[2], nsfd[MAXL], expected;
	bool leader_exit = threads && rnd() % 2;
	pid_t init, inits[MAXL] = { 0 };
	char path[64];

	if (pipe2(ready, O_CLOEXEC))
		return fail("pipe: %s", strerror(errno));
	init = clone_newpid(NULL);
	if (init == 0) {
		close(ready[0]);
		churn_init(ready[1], 1, depth, threads, leader_exit);
	}
	close(ready[1]);
	if (init < 0) {
		close(ready[0]);
		return fail("clone(CLONE_NEWPID): %s", strerror(errno));
	}
	me->count[OP_NS_CREATED] += depth;
	expected = 2 * depth + threads;
	for (int i = 0; i < expected; i++) {
		struct rec r;

		if (read_timeout(ready[0], &r, sizeof(r))) {
			if (!sh->stop)
				fail("a tree of depth %d did not come up", depth);
			goto kill;
		}
		hint(r.outer);
		if (r.level > 0)
			inits[r.level - 1] = r.outer;
	}
	for (int l = 0; l < depth; l++) {
		snprintf(path, sizeof(path), "/proc/%d/ns/pid", inits[l]);
		nsfd[l] = open(path, O_RDONLY | O_CLOEXEC);
	}
	if (nsfd[depth - 1] < 0)
		fail("no nsfd for level %d of a live tree: %s", depth, strerror(errno));

	/*
	 * Nothing forks in the tree any more and no one else writes its vectors: what we set is
	 * what we read back, whatever the probers do meanwhile.
	 */
	for (int i = 0, rounds = 1 + rnd() % 64; i < rounds && !sh->stop && nsfd[depth - 1] >= 0; i++) {
		__s32 v[MAXL], got[MAXL];
		struct pidns_ref ref = ref_fd(nsfd[depth - 1]);
		int r;

		for (int l = 0; l < depth; l++)
			v[l] = 1 + rnd() % 300;
		if (rnd() % 2)
			ref = ref_id(ns_id(nsfd[depth - 1]));
		r = ioc_last_pids(dev, PIDNS_IOC_SET_LAST_PIDS, ref, v, depth);
		me->count[OP_SET_LAST]++;
		if (r != depth + 1) {
			fail("set last pids of a tree of depth %d: %d", depth, r);
			break;
		}
		r = ioc_last_pids(dev, PIDNS_IOC_GET_LAST_PIDS, ref, got, depth);
		me->count[OP_GET_LAST]++;
		if (r != depth + 1 || memcmp(v, got, depth * sizeof(v[0]))) {
			fail("last pids read back differ from those set (depth %d, %d levels)", depth, r);
			break;
		}
		me->count[OP_VERIFIED]++;
	}
	for (int l = 0; l < depth; l++)
		if (nsfd[l] >= 0)
			close(nsfd[l]);

	/* Sometimes the innermost reaper first (its parent reaps it), then the whole tree. */
	if (depth > 1 && rnd() % 2 && inits[depth - 1] > 0) {
		kill(inits[depth - 1], SIGKILL);
		me->count[OP_REAPERS_KILLED]++;
		me->count[OP_MT_REAPERS_KILLED] += threads > 0;
	}
kill:
	kill(init, SIGKILL);
	waitpid(init, NULL, 0);
	close(ready[0]);
	me->count[OP_REAPERS_KILLED]++;
	me->count[OP_MT_REAPERS_KILLED] += depth == 1 && threads > 0;
	me->count[OP_NS_DESTROYED] += depth;
}

/* ----- recycler: pids reused on two levels at once, by ns_last_pid vectors ----- */

/* pid 1 of N2: forks a child per request; the child reports its NSpid, and is reaped first. */
static void __attribute__((noreturn)) recycle_forker(int cmd, int reply)
{
	char c;

	prctl(PR_SET_PDEATHSIG, SIGKILL);
	hint(outer_tid());
	while (read(cmd, &c, 1) == 1) {
		pid_t child = fork();

		if (child == 0) {
			pid_t nspid[MAXL] = { 0 };

			nspid[MAXL - 1] = read_ns_numbers("/proc/self/status", "NSpid:", nspid, MAXL - 1);
			write(reply, nspid, sizeof(nspid));
			_exit(0);
		}
		waitpid(child, NULL, 0);
		write(reply, "d", 1);
	}
	_exit(0);
}

/*
 * pid 1 of N1, with the forker as pid 1 of N2 (and pid 2 of N1). Before each fork it sets both
 * levels' ns_last_pid through the forker's pidfd, and the child must get exactly the next pids.
 */
static void __attribute__((noreturn)) recycle_init(int dev)
{
	int cmd[2], reply[2], fpidfd = -1;
	pid_t forker;

	me = &sh->slot[W_RECYCLER_INIT];
	prctl(PR_SET_PDEATHSIG, SIGKILL);
	hint(outer_tid());
	if (pipe2(cmd, O_CLOEXEC) || pipe2(reply, O_CLOEXEC))
		_exit(1);
	forker = clone_newpid(&fpidfd);
	if (forker == 0)
		recycle_forker(cmd[0], reply[1]);
	if (forker < 0) {
		fail("clone(CLONE_NEWPID) in N1: %s", strerror(errno));
		_exit(1);
	}
	me->count[OP_NS_CREATED]++;	/* N2; N1 is the recycler's to count */
	sh->recycler_n2 = 1;
	while (!sh->stop) {
		__s32 v[2] = { 1 + rnd() % 100, 2 + rnd() % 100 };	/* N2, then N1 */
		pid_t nspid[MAXL];
		int r, n;
		char d;

		r = ioc_last_pids(dev, PIDNS_IOC_SET_LAST_PIDS, ref_fd(fpidfd), v, 2);
		me->count[OP_SET_LAST]++;
		if (r != 2) {
			fail("recycler: set last pids of N2, N1: %d", r);
			break;
		}
		if (write(cmd[1], "f", 1) != 1 || read(reply[0], nspid, sizeof(nspid)) != sizeof(nspid) ||
		    read(reply[0], &d, 1) != 1)
			break;
		n = nspid[MAXL - 1];
		if (n < 3 || nspid[n - 1] != v[0] + 1 || nspid[n - 2] != v[1] + 1) {
			fail("recycler: set last pids %d (N2), %d (N1), the child got %d, %d (%d levels)",
			     v[0], v[1], n >= 3 ? nspid[n - 1] : 0, n >= 3 ? nspid[n - 2] : 0, n);
			break;
		}
		hint(nspid[0]);
		me->count[OP_RECYCLED]++;
		me->count[OP_VERIFIED]++;
	}
	for (;;)
		pause();
}

static void recycler(int dev, __u64 seed)
{
	while (!sh->stop) {
		pid_t init;

		sh->recycler_n2 = 0;
		init = clone_newpid(NULL);
		if (init == 0) {
			become(W_RECYCLER_INIT, seed);
			recycle_init(dev);
		}
		if (init < 0)
			return fail("clone(CLONE_NEWPID): %s", strerror(errno));
		me->count[OP_NS_CREATED]++;	/* N1 */
		for (int ms = 200 + rnd() % 800; ms > 0 && !sh->stop; ms -= 20)
			poll_ms(-1, 20);
		kill(init, SIGKILL);
		waitpid(init, NULL, 0);
		me->count[OP_REAPERS_KILLED]++;
		me->count[OP_NS_DESTROYED] += 1 + sh->recycler_n2;
	}
}

/* ----- the test ----- */

FIXTURE(stress)
{
	int dev;
};

FIXTURE_SETUP(stress)
{
	pid_t probe;

	self->dev = open_dev_proc(_metadata);
	if (self->dev < 0)
		return;
	/* Without pid namespaces to make, there is nothing to stress. */
	probe = sleeper_or_skip(_metadata, SLEEPER_NEWPID, NULL);
	if (!probe)
		return;
	kill(probe, SIGKILL);
	waitpid(probe, NULL, 0);
}

FIXTURE_TEARDOWN(stress)
{
	close(self->dev);
}

TEST_F_TIMEOUT(stress, concurrent_lifetimes, MAX_SECONDS + 90)
{
	const char *secs_env = getenv("PIDNS_STRESS_SECONDS"), *seed_env = getenv("PIDNS_STRESS_SEED");
	long secs = secs_env ? atol(secs_env) : 5, total[NOPS] = { 0 }, failures = 0;
	__u64 seed = seed_env ? strtoull(seed_env, NULL, 0) : (__u64)time(NULL) ^ getpid();
	pid_t workers[NSLOTS];
	time_t deadline;

	if (secs < 1 || secs > MAX_SECONDS)
		secs = secs < 1 ? 1 : MAX_SECONDS;
	sh = mmap(NULL, sizeof(*sh), PROT_READ | PROT_WRITE, MAP_SHARED | MAP_ANONYMOUS, -1, 0);
	ASSERT_NE(sh, MAP_FAILED);
	TH_LOG("seed %llu (replay: PIDNS_STRESS_SEED=%llu), %ld s, %d probers, 1 churner, 1 recycler",
	       (unsigned long long)seed, (unsigned long long)seed, secs, NPROBERS);

	for (int w = 0; w < W_RECYCLER_INIT; w++) {
		workers[w] = fork();
		ASSERT_GE(workers[w], 0);
		if (workers[w] == 0) {
			prctl(PR_SET_PDEATHSIG, SIGKILL);
			become(w, seed);
			if (w < NPROBERS)
				prober(self->dev);
			else if (w == W_CHURNER)
				while (!sh->stop)
					churn_once(self->dev);
			else
				recycler(self->dev, seed);
			_exit(0);
		}
	}
	deadline = time(NULL) + secs;
	while (time(NULL) < deadline)
		poll_ms(-1, 100);
	sh->stop = 1;
	for (int w = 0; w < W_RECYCLER_INIT; w++) {
		int status, waited = 0;

		while (waitpid(workers[w], &status, WNOHANG) == 0) {
			if (waited++ == 300) {	/* 30 s */
				TH_LOG("worker %d did not stop: killed", w);
				kill(workers[w], SIGKILL);
				failures++;
			}
			poll_ms(-1, 100);
		}
	}
	for (int w = 0; w < NSLOTS; w++) {
		for (int k = 0; k < NOPS; k++)
			total[k] += sh->slot[w].count[k];
		failures += sh->slot[w].failures;
		if (sh->slot[w].failures)
			TH_LOG("worker %d: %ld wrong answers, the first: %s", w, sh->slot[w].failures,
			       sh->slot[w].msg);
	}
	for (int k = 0; k < NOPS; k++)
		TH_LOG("%-40s %ld", op_names[k], total[k]);
	munmap(sh, sizeof(*sh));
	ASSERT_EQ(failures, 0);
	/* A run that judged nothing proves nothing. */
	ASSERT_GT(total[OP_VERIFIED], 0);
	ASSERT_GT(total[OP_NS_DESTROYED], 0);
}

TEST_HARNESS_MAIN
