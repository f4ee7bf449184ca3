// SPDX-License-Identifier: GPL-2.0
/*
 * Permission parity with mainline (issue 12, "mainline as the oracle for refusals"): for a grid of
 * caller identities x targets x questions, mainline and pidns are asked the same question by the
 * same identity, in a forked child that takes that identity, and pidns must refuse whenever
 * mainline refuses; when both answer, the answers must agree.
 *
 * Identities: root; uid 1000, owner of a rootless container A (user + pid namespace and more);
 * uid 1001 (owner of a sibling container B); nobody (65534); root of container A (uid 0 in A's
 * user namespace, in A's pid namespace, with a mount namespace and /proc of its own).
 * Targets: the caller's own task; host tasks of root, uid 1000 and uid 1001 (exec'd, so dumpable);
 * non-dumpable ones (prctl(PR_SET_DUMPABLE, 0), and root that setresuid()s to 1000, which
 * commit_creds() makes non-dumpable); container A's init, a task and a non-dumpable task (exec'd
 * inside, as a container's are); the runc-init pattern (host root that setns()'d into A's user and
 * pid namespaces and forked, not exec'd: non-dumpable); a child container C nested in A (its init
 * and a task); the sibling container B's init.
 * Questions, each beside mainline's own answer or refusal for the same identity and task:
 *   nsfd/<t>, nsid/<t>  GET_NAMESPACES (fds; PIDNS_NAMESPACES_IDS_ONLY) vs open(/proc/PID/ns/<t>)
 *                       and PIDFD_GET_<T>_NAMESPACE; granted ids must equal NS_GET_ID of
 *                       mainline's fd.
 *   pidfd-ref/...       TRANSLATE, INIT_PID and BIND with a pidfd as the pid-namespace reference
 *                       vs PIDFD_GET_PID_NAMESPACE on that pidfd (a task of the caller's own pid
 *                       namespace is always nameable: mainline grants there) and NS_GET_PID_*.
 *   id-ref/translate    an id resolved by pidns vs "mainline lets this caller learn it": listns(),
 *                       or /proc/PID/ns/pid (or PIDFD_GET_PID_NAMESPACE) of a task the test knows,
 *                       in that namespace or below it (NS_GET_PARENT), or its own pid_for_children.
 *   nsfd-ref/translate-{from,in}  TRANSLATE with an nsfd the caller holds vs NS_GET_PID_*_PIDNS on
 *                       it and NSpid in /proc/PID/status (visibility).
 *   init_pid/{nsfd,id}-ref  INIT_PID vs NS_GET_PID_FROM_PIDNS(nsfd, 1).
 *   ns_last_pid/{get,set}   GET/SET_LAST_PIDS (count 1) vs reading/writing
 *                       /proc/sys/kernel/ns_last_pid from inside the namespace (setns() into its
 *                       owner user namespace when needed, setns(pid) + fork); SET writes the current
 *                       value back, so nothing changes.
 * pidns answers where mainline refuses, or both answer differently: a difference. pidns refuses
 * where mainline answers: "stricter", counted and allowed. Mainline disagreeing with itself, or
 * an oracle verdict that contradicts the kernel's documented rules: an oracle error, which fails
 * too (the grid's machinery must be sound). No ptrace attach is used, so Yama's ptrace_scope
 * (printed) must change nothing: mainline's read checks ignore it.
 *
 * The full grid needs real root; as root of a user namespace, or unprivileged, the subset that
 * can be built runs (the caller, its own tasks, its own container A with the child container,
 * the setns helper, and root of A).
 */
#include <grp.h>
#include <poll.h>
#include <sys/mman.h>
#include <sys/mount.h>
#include <sys/socket.h>
#include <sys/uio.h>

#include "kselftest_harness.h"
#include "pidns_harness.h"

#ifndef __NR_listns
#define __NR_listns 470
#endif
#ifndef NS_ID_REQ_SIZE_VER0
#error "this kernel's <linux/nsfs.h> (struct ns_id_req, listns) is needed"
#endif

#define SLEEPER_ARG "--pidns-parity-sleeper"
#define UID_A 1000		/* owner of container A (full mode) */
#define UID_B 1001		/* owner of container B */
#define UID_NOBODY 65534
#define MAX_CELLS 4096
#define MAX_LEARNED 512

/* The pidfd namespace ioctls (<linux/pidfd.h> cannot be included next to glibc's <fcntl.h>). */
#define PARITY_PIDFD_GET(nr) _IO(0xFF, nr)

static const struct parity_ns_type {
	const char *name;
	unsigned long pidfd_cmd;
	__u32 clone_flag;
	int index;
} ns_types[] = {
	{ "user", PARITY_PIDFD_GET(9), CLONE_NEWUSER, PIDNS_NS_USER },
	{ "mnt", PARITY_PIDFD_GET(3), CLONE_NEWNS, PIDNS_NS_MNT },
	{ "pid", PARITY_PIDFD_GET(5), CLONE_NEWPID, PIDNS_NS_PID },
	{ "net", PARITY_PIDFD_GET(4), CLONE_NEWNET, PIDNS_NS_NET },
	{ "uts", PARITY_PIDFD_GET(10), CLONE_NEWUTS, PIDNS_NS_UTS },
	{ "ipc", PARITY_PIDFD_GET(2), CLONE_NEWIPC, PIDNS_NS_IPC },
};
#define NR_NS_TYPES ((int)(sizeof(ns_types) / sizeof(ns_types[0])))

enum target {
	T_SELF, T_HOST, T_HOST_ND, T_U1000, T_U1000_ND, T_U1000_SETUID, T_U1001,
	T_A_INIT, T_A_TASK, T_A_ND, T_A_HELPER, T_C_INIT, T_C_TASK, T_B_INIT, NR_TARGETS
};

static const char *const target_names[NR_TARGETS] = {
	[T_SELF] = "own task",
	[T_HOST] = "host task of the test's uid",
	[T_HOST_ND] = "host task of the test's uid, prctl non-dumpable",
	[T_U1000] = "uid 1000 task",
	[T_U1000_ND] = "uid 1000 task, prctl non-dumpable",
	[T_U1000_SETUID] = "root setresuid() to 1000 (non-dumpable)",
	[T_U1001] = "uid 1001 task",
	[T_A_INIT] = "container A init",
	[T_A_TASK] = "container A task",
	[T_A_ND] = "container A task, prctl non-dumpable",
	[T_A_HELPER] = "runc-init helper (setns into A + fork)",
	[T_C_INIT] = "child container C init",
	[T_C_TASK] = "child container C task",
	[T_B_INIT] = "sibling container B init (uid 1001)",
};

enum identity { I_ROOT, I_U1000, I_U1001, I_NOBODY, I_AROOT, NR_IDENTS };

static const char *const ident_names[NR_IDENTS] = {
	[I_ROOT] = "root", [I_U1000] = "uid 1000 (owner of A)", [I_U1001] = "uid 1001",
	[I_NOBODY] = "uid 65534", [I_AROOT] = "root of container A",
};

enum verdict { V_AGREE, V_STRICTER, V_DIFF, V_ORACLE };

struct cell {
	unsigned char ident, target;
	signed char verdict;
	char m_granted, p_granted;
	char question[29];
	long long m, p;
};

struct results {
	int ncells;
	struct cell cell[MAX_CELLS];
};

/* Everything the test built, inherited by the identity children. */
struct world {
	bool full;		/* real root: every identity and target */
	int sock[2];		/* targets report their pidfd here */
	int pidfd[NR_TARGETS];	/* -1: not built in this mode */
	int nsfd[NR_TARGETS];	/* the target's active pid namespace, opened by the test */
	__u64 nsid[NR_TARGETS];
	pid_t own_nr[NR_TARGETS];	/* its number in its own active pid namespace */
	bool execd[NR_TARGETS];
	pid_t kids[16];
	int nkids;
	int a_user, a_pid;	/* container A's user and pid namespaces */
	uid_t a_owner;
};

/* ---------------------------------------------------------------- targets ------------------ */

static int send_fd(int sock, int tag, int fd)
{
	char cbuf[CMSG_SPACE(sizeof(int))] = { 0 };
	struct iovec iov = { .iov_base = &tag, .iov_len = sizeof(tag) };
	struct msghdr msg = { .msg_iov = &iov, .msg_iovlen = 1, .msg_control = cbuf,
			      .msg_controllen = sizeof(cbuf) };
	struct cmsghdr *c = CMSG_FIRSTHDR(&msg);

	c->cmsg_level = SOL_SOCKET;
	c->cmsg_type = SCM_RIGHTS;
	c->cmsg_len = CMSG_LEN(sizeof(int));
	memcpy(CMSG_DATA(c), &fd, sizeof(int));
	return sendmsg(sock, &msg, 0) == sizeof(tag) ? 0 : -1;
}

static int recv_fd(int sock, int *tag)
{
	char cbuf[CMSG_SPACE(sizeof(int))] = { 0 };
	struct iovec iov = { .iov_base = tag, .iov_len = sizeof(*tag) };
	struct msghdr msg = { .msg_iov = &iov, .msg_iovlen = 1, .msg_control = cbuf,
			      .msg_controllen = sizeof(cbuf) };
	struct cmsghdr *c;
	int fd;

	if (recvmsg(sock, &msg, MSG_CMSG_CLOEXEC) != sizeof(*tag))
		return -1;
	c = CMSG_FIRSTHDR(&msg);
	if (!c || c->cmsg_type != SCM_RIGHTS)
		return -1;
	memcpy(&fd, CMSG_DATA(c), sizeof(int));
	return fd;
}

/*
 * A target: reports a pidfd of itself (tag + 100 if it was exec'd) and sleeps until killed.
 * @nd: prctl(PR_SET_DUMPABLE, 0) first.
 */
static void __attribute__((noreturn)) sleeper(int sock, int tag, int nd, bool execd)
{
	int pidfd;

	prctl(PR_SET_NAME, "pidns-parity");
	prctl(PR_SET_PDEATHSIG, SIGKILL);
	if (nd)
		prctl(PR_SET_DUMPABLE, 0);
	pidfd = sys_pidfd_open(getpid(), 0);
	if (pidfd < 0 || send_fd(sock, tag + (execd ? 100 : 0), pidfd))
		_exit(1);
	close(pidfd);
	for (;;)
		pause();
}

/* Execs this binary as a sleeper, the way a container's processes are exec'd. */
static void __attribute__((noreturn)) exec_sleeper(int sock, int tag, int nd)
{
	char s[16], t[16], n[16];
	char *argv[] = { "pidns-parity", SLEEPER_ARG, s, t, n, NULL };

	snprintf(s, sizeof(s), "%d", sock);
	snprintf(t, sizeof(t), "%d", tag);
	snprintf(n, sizeof(n), "%d", nd);
	execv("/proc/self/exe", argv);
	sleeper(sock, tag, nd, false);	/* could not exec: the test reports it */
}

static int take_uid(uid_t uid)
{
	if (geteuid() == uid)
		return 0;
	if (setgroups(0, NULL) || setresgid(uid, uid, uid) || setresuid(uid, uid, uid))
		return -1;
	return 0;
}

/* A rootless container: user namespace (uid 0 = @uid) with its own mount, uts, ipc, net. */
static int enter_new_container(uid_t uid, int extra)
{
	char map[64];
	uid_t u;
	gid_t g;

	if (take_uid(uid))
		return -1;
	prctl(PR_SET_DUMPABLE, 1);	/* after setresuid(): our /proc/self/uid_map is ours again */
	u = geteuid();
	g = getegid();
	if (unshare(CLONE_NEWUSER | extra))
		return -1;
	snprintf(map, sizeof(map), "0 %u 1", u);
	if (write_str("/proc/self/setgroups", "deny") || write_str("/proc/self/uid_map", map))
		return -1;
	snprintf(map, sizeof(map), "0 %u 1", g);
	return write_str("/proc/self/gid_map", map);
}

/* Waits for every child, then exits: the parent of a container's init. */
static void __attribute__((noreturn)) reap_all(void)
{
	prctl(PR_SET_PDEATHSIG, SIGKILL);
	while (wait(NULL) > 0 || errno == EINTR)
		;
	_exit(0);
}

static void container_a(struct world *w)
{
	int sock = w->sock[1];

	if (enter_new_container(w->a_owner, CLONE_NEWNS | CLONE_NEWUTS | CLONE_NEWIPC | CLONE_NEWNET))
		_exit(2);
	if (clone_newpid(NULL) != 0)
		reap_all();
	/* pid 1 of A: its tasks, the child container C, then itself exec'd */
	prctl(PR_SET_PDEATHSIG, SIGKILL);
	if (fork() == 0)
		exec_sleeper(sock, T_A_TASK, 0);
	if (fork() == 0)
		exec_sleeper(sock, T_A_ND, 1);
	if (clone_newpid(NULL) == 0) {
		prctl(PR_SET_PDEATHSIG, SIGKILL);
		if (fork() == 0)
			exec_sleeper(sock, T_C_TASK, 0);
		exec_sleeper(sock, T_C_INIT, 0);
	}
	exec_sleeper(sock, T_A_INIT, 0);
}

static void container_b(struct world *w)
{
	if (enter_new_container(UID_B, 0))
		_exit(2);
	if (clone_newpid(NULL) != 0)
		reap_all();
	exec_sleeper(w->sock[1], T_B_INIT, 0);
}

/* Host root joining A's user and pid namespaces and forking, before any exec (runc init). */
static void helper(struct world *w)
{
	if (setns(w->a_user, CLONE_NEWUSER) || setns(w->a_pid, CLONE_NEWPID))
		_exit(2);
	if (fork() == 0)
		sleeper(w->sock[1], T_A_HELPER, 0, false);
	reap_all();
}

static int spawn(struct world *w, int what)
{
	pid_t pid = fork();

	if (pid < 0)
		return -1;
	if (pid > 0) {
		w->kids[w->nkids++] = pid;
		return 0;
	}
	switch (what) {
	case T_HOST:
		exec_sleeper(w->sock[1], T_HOST, 0);
	case T_HOST_ND:
		exec_sleeper(w->sock[1], T_HOST_ND, 1);
	case T_U1000:
	case T_U1000_ND:
	case T_U1001:
		if (take_uid(what == T_U1001 ? UID_B : UID_A))
			_exit(2);
		exec_sleeper(w->sock[1], what, what == T_U1000_ND);
	case T_U1000_SETUID:
		if (take_uid(UID_A))
			_exit(2);
		sleeper(w->sock[1], what, 0, false);
	case T_A_INIT:
		container_a(w);
		break;
	case T_B_INIT:
		container_b(w);
		break;
	case T_A_HELPER:
		helper(w);
		break;
	}
	_exit(3);
}

static int fdinfo_numbers(int pidfd, pid_t *nr, int max)
{
	char path[64];

	snprintf(path, sizeof(path), "/proc/self/fdinfo/%d", pidfd);
	return read_ns_numbers(path, "NSpid:", nr, max);
}

/* Receives @n target reports; fills the target's pidfd, nsfd, id and own number. */
static int collect(struct world *w, int n)
{
	for (int i = 0; i < n; i++) {
		struct pollfd p = { .fd = w->sock[0], .events = POLLIN };
		pid_t nr[TREE_MAX_LEVELS + 1];
		char path[64];
		int tag, fd, levels;

		if (poll(&p, 1, 20000) != 1)
			return -ETIMEDOUT;
		fd = recv_fd(w->sock[0], &tag);
		if (fd < 0)
			return -EIO;
		if (tag >= 100) {
			tag -= 100;
			w->execd[tag] = true;
		}
		if (tag <= T_SELF || tag >= NR_TARGETS)
			return -EIO;
		w->pidfd[tag] = fd;
		levels = fdinfo_numbers(fd, nr, TREE_MAX_LEVELS + 1);
		if (levels < 1 || nr[0] <= 0)
			return -ESRCH;
		w->own_nr[tag] = nr[levels - 1];
		snprintf(path, sizeof(path), "/proc/%d/ns/pid", nr[0]);
		w->nsfd[tag] = open(path, O_RDONLY | O_CLOEXEC);
		/* A task of ours we may not open (unprivileged, non-dumpable) in our own namespace */
		if (w->nsfd[tag] < 0 && levels == 1)
			w->nsfd[tag] = open("/proc/self/ns/pid", O_RDONLY | O_CLOEXEC);
		w->nsid[tag] = w->nsfd[tag] >= 0 ? ns_id(w->nsfd[tag]) : 0;
	}
	return 0;
}

static bool full_root(void)
{
	char line[128] = "";
	FILE *f = fopen("/proc/self/uid_map", "re");
	unsigned long a, b, c;

	if (!f)
		return false;
	if (!fgets(line, sizeof(line), f))
		line[0] = 0;
	fclose(f);
	return geteuid() == 0 && sscanf(line, "%lu %lu %lu", &a, &b, &c) == 3 && a == 0 &&
	       b == 0 && c == 4294967295UL;
}

/* ---------------------------------------------------------------- the grid ----------------- */

struct grid {
	struct results *r;
	int ident, target;
	int dev;
};

static void add_cell(struct grid *g, const char *q, int verdict, bool m_granted, long long m,
		     bool p_granted, long long p)
{
	struct cell *c;

	if (g->r->ncells >= MAX_CELLS)
		return;
	c = &g->r->cell[g->r->ncells++];
	*c = (struct cell){ .ident = g->ident, .target = g->target, .verdict = verdict,
			    .m_granted = m_granted, .p_granted = p_granted, .m = m, .p = p };
	snprintf(c->question, sizeof(c->question), "%s", q);
}

/*
 * A question whose answer is a grant (an fd, an id, a value): pidns must not grant where
 * mainline refuses, and when both grant, @compare asks that the values agree.
 */
static void record_grant(struct grid *g, const char *q, bool m_granted, long long m,
			 bool p_granted, long long p, bool compare)
{
	int v = V_AGREE;

	if (p_granted && !m_granted)
		v = V_DIFF;
	else if (p_granted && compare && p != m)
		v = V_DIFF;
	else if (!p_granted && m_granted)
		v = V_STRICTER;
	add_cell(g, q, v, m_granted, m, p_granted, p);
}

/*
 * A question answered by a number (> 0) or an errno: mainline @m_named says whether this caller
 * can ask mainline at all, @m is its answer. A pidns number where mainline cannot ask, or a
 * different number (also where mainline says ESRCH), is a difference.
 */
static void record_value(struct grid *g, const char *q, bool m_named, long long m, long long p)
{
	int v = V_AGREE;

	if (p > 0 && (!m_named || p != m))
		v = V_DIFF;
	else if (p <= 0 && m_named && m > 0)
		v = V_STRICTER;
	add_cell(g, q, v, m_named, m, p > 0, p);
}

static void oracle_error(struct grid *g, const char *q, long long a, long long b)
{
	add_cell(g, q, V_ORACLE, true, a, true, b);
}

/* The namespaces this caller can learn the id of through mainline, each with an nsfd if any. */
struct learned {
	int n;
	__u64 id[MAX_LEARNED];
	int fd[MAX_LEARNED];
};

static int learned_find(const struct learned *l, __u64 id)
{
	for (int i = 0; i < l->n; i++)
		if (l->id[i] == id)
			return i;
	return -1;
}

static void learn_add(struct learned *l, __u64 id, int fd)
{
	int i = learned_find(l, id);

	if (!id || (i < 0 && l->n == MAX_LEARNED)) {
		if (fd >= 0)
			close(fd);
		return;
	}
	if (i < 0) {
		i = l->n++;
		l->id[i] = id;
		l->fd[i] = -1;
	}
	if (l->fd[i] < 0)
		l->fd[i] = fd;
	else if (fd >= 0)
		close(fd);
}

/* A pid-namespace nsfd and every ancestor NS_GET_PARENT reaches. */
static void learn_chain(struct learned *l, int fd)
{
	while (fd >= 0) {
		int parent = ioctl(fd, NS_GET_PARENT);

		learn_add(l, ns_id(fd), fd);
		fd = parent;
	}
}

static void learn(struct learned *l, const struct world *w, int self_pidfd)
{
	struct ns_id_req req = { .size = NS_ID_REQ_SIZE_VER0, .ns_type = CLONE_NEWPID };
	__u64 ids[256];
	long n = syscall(__NR_listns, &req, ids, 256, 0);

	l->n = 0;
	for (long i = 0; i < n; i++)
		learn_add(l, ids[i], -1);
	learn_chain(l, open("/proc/self/ns/pid", O_RDONLY | O_CLOEXEC));
	learn_chain(l, open("/proc/self/ns/pid_for_children", O_RDONLY | O_CLOEXEC));
	for (int t = 0; t < NR_TARGETS; t++) {
		int pidfd = t == T_SELF ? self_pidfd : w->pidfd[t];
		pid_t nr[TREE_MAX_LEVELS + 1];
		char path[64];

		if (pidfd < 0)
			continue;
		if (fdinfo_numbers(pidfd, nr, TREE_MAX_LEVELS + 1) >= 1 && nr[0] > 0) {
			snprintf(path, sizeof(path), "/proc/%d/ns/pid", nr[0]);
			learn_chain(l, open(path, O_RDONLY | O_CLOEXEC));
		}
		learn_chain(l, ioctl(pidfd, PIDFD_GET_PID_NAMESPACE, 0));
	}
}

/* 1. nsfds and ids of each type. */
static void ask_nsfds(struct grid *g, int pidfd, pid_t view)
{
	for (int i = 0; i < NR_NS_TYPES; i++) {
		const struct parity_ns_type *ty = &ns_types[i];
		struct pidns_namespaces req;
		long long m = -ENOENT, p;
		int f1 = -1, f2, err;
		char path[64], q[32];

		snprintf(path, sizeof(path), "/proc/self/ns/%s", ty->name);
		if (access(path, F_OK))
			continue;	/* not in this kernel */
		if (view > 0) {
			snprintf(path, sizeof(path), "/proc/%d/ns/%s", view, ty->name);
			f1 = open(path, O_RDONLY | O_CLOEXEC);
			if (f1 < 0)
				m = -errno;
		}
		f2 = ioctl(pidfd, ty->pidfd_cmd, 0);
		if (f2 < 0 && f1 < 0)
			m = -errno;
		if (f1 >= 0 && f2 >= 0 && ns_id(f1) != ns_id(f2)) {
			snprintf(q, sizeof(q), "oracle nsfd/%s", ty->name);
			oracle_error(g, q, ns_id(f1), ns_id(f2));
		}
		if (f1 >= 0 || f2 >= 0)
			m = ns_id(f1 >= 0 ? f1 : f2);

		err = ioc_namespaces(g->dev, pidfd, ty->clone_flag, 0, &req);
		p = err;
		if (!err) {
			int fd = req.ns[ty->index].fd;

			p = req.ns[ty->index].id;
			if (fd < 0 || ns_id(fd) != (__u64)p)
				p = -EBADFD;	/* an fd that is not the namespace it claims */
			for (int k = 0; k < PIDNS_NS_TYPES; k++)
				if (req.ns[k].fd >= 0)
					close(req.ns[k].fd);
		}
		snprintf(q, sizeof(q), "nsfd/%s", ty->name);
		record_grant(g, q, f1 >= 0 || f2 >= 0, m, !err, p, true);

		err = ioc_namespaces(g->dev, pidfd, ty->clone_flag, PIDNS_NAMESPACES_IDS_ONLY, &req);
		snprintf(q, sizeof(q), "nsid/%s", ty->name);
		record_grant(g, q, f1 >= 0 || f2 >= 0, m, !err, err ? err : (long long)req.ns[ty->index].id,
			     true);
		if (f1 >= 0)
			close(f1);
		if (f2 >= 0)
			close(f2);
	}
}

/* 2. A pidfd as the pid-namespace reference. */
static void ask_pidfd_ref(struct grid *g, int pidfd, pid_t view, int view_levels, pid_t own_nr)
{
	struct pidns_init_pid ip;
	long long m_tr, m_init, p;
	int mfd = ioctl(pidfd, PIDFD_GET_PID_NAMESPACE, 0), merr = errno, bound, err;

	/* A task of the caller's own active pid namespace: it can name that one anyway. */
	if (mfd < 0 && view > 0 && view_levels == 1)
		mfd = open("/proc/self/ns/pid", O_RDONLY | O_CLOEXEC);
	m_tr = mfd >= 0 ? nsfs_ioctl(mfd, NS_GET_PID_FROM_PIDNS, own_nr) : -merr;
	m_init = mfd >= 0 ? nsfs_ioctl(mfd, NS_GET_PID_FROM_PIDNS, 1) : -merr;

	p = ioc_translate(g->dev, own_nr, ref_fd(pidfd), ref_caller(), 0);
	record_value(g, "pidfd-ref/translate", mfd >= 0, m_tr, p);
	err = ioc_init_pid(g->dev, ref_fd(pidfd), ref_caller(), &ip);
	record_value(g, "pidfd-ref/init_pid", mfd >= 0, m_init, err ? err : ip.pid);
	bound = ioc_bind(g->dev, ref_fd(pidfd), ref_caller(), 0);
	p = bound >= 0 ? ioc_bound(bound, PIDNS_IOC_BOUND_PID, own_nr) : bound;
	record_grant(g, "pidfd-ref/bind", mfd >= 0, m_tr, bound >= 0, p, true);
	if (bound >= 0)
		close(bound);
	if (mfd >= 0)
		close(mfd);
}

/* 3 and 5 (by id). */
static void ask_ids(struct grid *g, const struct learned *l, __u64 id, int nsfd, pid_t view,
		    pid_t own_nr)
{
	int i = learned_find(l, id), lfd = i >= 0 ? l->fd[i] : -1, ask = lfd >= 0 ? lfd : nsfd, err;
	struct pidns_init_pid ip;
	long long m, p;

	p = ioc_translate(g->dev, own_nr, ref_id(id), ref_caller(), 0);
	if (lfd >= 0)
		m = nsfs_ioctl(lfd, NS_GET_PID_FROM_PIDNS, own_nr);
	else
		m = view > 0 ? view : -ESRCH;
	/* resolved: a number, or ESRCH (no such task visible); ENOENT and the rest: not resolved */
	record_grant(g, "id-ref/translate", i >= 0, m, p > 0 || p == -ESRCH, p, true);

	m = ask >= 0 ? nsfs_ioctl(ask, NS_GET_PID_FROM_PIDNS, 1) : -ENOENT;
	err = ioc_init_pid(g->dev, ref_id(id), ref_caller(), &ip);
	record_value(g, "init_pid/id-ref", i >= 0, m, err ? err : ip.pid);
}

/* 4 and 5 (by nsfd): pids and init pid with an nsfd the caller holds. */
static void ask_pids(struct grid *g, int nsfd, pid_t view, pid_t own_nr)
{
	long long m1 = nsfs_ioctl(nsfd, NS_GET_PID_FROM_PIDNS, own_nr), m2 = view > 0 ? view : -ESRCH;
	struct pidns_init_pid ip;
	int err;

	if (m1 != m2 && !(m1 < 0 && m2 < 0))
		oracle_error(g, "oracle NS_GET_PID vs /proc", m1, m2);
	if (view > 0) {
		pid_t nr[TREE_MAX_LEVELS + 1];
		char path[64];
		int n;

		snprintf(path, sizeof(path), "/proc/%d/status", view);
		n = read_ns_numbers(path, "NSpid:", nr, TREE_MAX_LEVELS + 1);
		if (n < 1 || nr[n - 1] != own_nr)
			oracle_error(g, "oracle /proc NSpid", n < 1 ? -1 : nr[n - 1], own_nr);
	}
	record_value(g, "nsfd-ref/translate-from", true, m1,
		     ioc_translate(g->dev, own_nr, ref_fd(nsfd), ref_caller(), 0));
	if (view > 0)
		record_value(g, "nsfd-ref/translate-in", true,
			     nsfs_ioctl(nsfd, NS_GET_PID_IN_PIDNS, view),
			     ioc_translate(g->dev, view, ref_caller(), ref_fd(nsfd), 0));
	err = ioc_init_pid(g->dev, ref_fd(nsfd), ref_caller(), &ip);
	record_value(g, "init_pid/nsfd-ref", true, nsfs_ioctl(nsfd, NS_GET_PID_FROM_PIDNS, 1),
		     err ? err : ip.pid);
}

struct sysctl_probe {
	int get;		/* the value read, or -errno of the way in */
	int set;		/* 0 or -errno of writing it back */
};

static int read_last_pid(void)
{
	char buf[32] = "";
	int fd = open("/proc/sys/kernel/ns_last_pid", O_RDONLY | O_CLOEXEC), n;

	if (fd < 0)
		return -errno;
	n = read(fd, buf, sizeof(buf) - 1);
	close(fd);
	return n > 0 ? atoi(buf) : -EIO;
}

static int write_last_pid(int v)
{
	char buf[32];
	int fd = open("/proc/sys/kernel/ns_last_pid", O_WRONLY | O_CLOEXEC), n, err;

	if (fd < 0)
		return -errno;
	snprintf(buf, sizeof(buf), "%d", v);
	n = write(fd, buf, strlen(buf));
	err = errno;
	close(fd);
	return n == (int)strlen(buf) ? 0 : -err;
}

/*
 * Mainline's ns_last_pid from inside the namespace of @nsfd: setns(pid) (after joining its
 * owner user namespace if that is what it takes) and fork; the child reads the sysctl, which acts
 * on its active pid namespace, and writes the value back.
 */
static struct sysctl_probe probe_last_pid(int nsfd, bool own)
{
	struct sysctl_probe res = { -EIO, -EIO };
	int pipefd[2];
	pid_t pid;

	if (own) {
		res.get = read_last_pid();
		res.set = res.get < 0 ? res.get : write_last_pid(res.get);
		return res;
	}
	if (pipe2(pipefd, O_CLOEXEC))
		return res;
	pid = fork();
	if (pid == 0) {
		struct sysctl_probe r = { -EIO, -EIO };

		if (setns(nsfd, CLONE_NEWPID)) {
			int ufd = ioctl(nsfd, NS_GET_USERNS);

			if (ufd < 0 || setns(ufd, CLONE_NEWUSER) || setns(nsfd, CLONE_NEWPID)) {
				r.get = r.set = -errno;
				write(pipefd[1], &r, sizeof(r));
				_exit(0);
			}
		}
		pid = fork();
		if (pid == 0) {
			r.get = read_last_pid();
			r.set = r.get < 0 ? r.get : write_last_pid(r.get);
			write(pipefd[1], &r, sizeof(r));
			_exit(0);
		}
		if (pid < 0) {
			r.get = r.set = -errno;
			write(pipefd[1], &r, sizeof(r));
		}
		waitpid(pid, NULL, 0);
		_exit(0);
	}
	close(pipefd[1]);
	if (pid > 0) {
		if (read(pipefd[0], &res, sizeof(res)) != sizeof(res))
			res = (struct sysctl_probe){ -EIO, -EIO };
		waitpid(pid, NULL, 0);
	}
	close(pipefd[0]);
	return res;
}

/* 6. ns_last_pid. */
static void ask_last_pid(struct grid *g, int nsfd, bool own)
{
	struct sysctl_probe m = probe_last_pid(nsfd, own);
	__s32 v = 0, v2;
	int n = ioc_last_pids(g->dev, PIDNS_IOC_GET_LAST_PIDS, ref_fd(nsfd), &v, 1);
	long long p = n >= 1 ? v : n;

	/* Our own level moves with everyone's forks; another one is quiet (ours was the last). */
	if (n >= 1 && m.get >= 0 && (own ? v - m.get >= 0 && v - m.get < 64 : v == m.get))
		p = m.get;
	record_grant(g, "ns_last_pid/get", m.get >= 0, m.get, n >= 1, p, true);

	v2 = n >= 1 ? v : m.get >= 0 ? m.get : 1;
	if (n >= 1 && ioc_last_pids(g->dev, PIDNS_IOC_GET_LAST_PIDS, ref_fd(nsfd), &v, 1) >= 1)
		v2 = v;	/* the current value: writing it back changes nothing */
	n = ioc_last_pids(g->dev, PIDNS_IOC_SET_LAST_PIDS, ref_fd(nsfd), &v2, 1);
	record_grant(g, "ns_last_pid/set", m.set == 0, m.set, n >= 1, n, false);
}

/* Every question about every target, as this process's identity. */
static int run_grid(const struct world *w, struct results *r, int ident)
{
	struct grid g = { .r = r, .ident = ident };
	struct learned *l = calloc(1, sizeof(*l));
	int self_pidfd = sys_pidfd_open(getpid(), 0);
	int self_nsfd = open("/proc/self/ns/pid", O_RDONLY | O_CLOEXEC);
	__u64 own_id = ns_id(self_nsfd);

	g.dev = open(PIDNS_DEVICE_PATH, O_RDWR | O_CLOEXEC);
	if (!l || g.dev < 0 || self_pidfd < 0 || !own_id)
		return 10;
	learn(l, w, self_pidfd);
	for (int t = 0; t < NR_TARGETS; t++) {
		int pidfd = t == T_SELF ? self_pidfd : w->pidfd[t];
		int nsfd = t == T_SELF ? self_nsfd : w->nsfd[t];
		__u64 id = t == T_SELF ? own_id : w->nsid[t];
		pid_t own_nr = t == T_SELF ? getpid() : w->own_nr[t];
		pid_t nr[TREE_MAX_LEVELS + 1];
		int levels;

		if (pidfd < 0)
			continue;
		g.target = t;
		levels = fdinfo_numbers(pidfd, nr, TREE_MAX_LEVELS + 1);
		if (levels < 1)
			return 11;
		ask_nsfds(&g, pidfd, nr[0]);
		ask_pidfd_ref(&g, pidfd, nr[0], levels, own_nr);
		if (id)
			ask_ids(&g, l, id, nsfd, nr[0], own_nr);
		if (nsfd >= 0) {
			ask_pids(&g, nsfd, nr[0], own_nr);
			ask_last_pid(&g, nsfd, ns_id(nsfd) == own_id);
		}
	}
	return 0;
}

/* Forks a child that takes identity @ident and runs the grid; returns its exit code. */
static int run_identity(struct world *w, struct results *r, int ident)
{
	static const uid_t uids[NR_IDENTS] = {
		[I_U1000] = UID_A, [I_U1001] = UID_B, [I_NOBODY] = UID_NOBODY,
	};
	int status;
	pid_t pid = fork();

	if (pid < 0)
		return -1;
	if (pid == 0) {
		prctl(PR_SET_PDEATHSIG, SIGKILL);
		if (ident == I_AROOT) {
			if (take_uid(w->a_owner) || setns(w->a_user, CLONE_NEWUSER) ||
			    setns(w->a_pid, CLONE_NEWPID))
				_exit(20);
			pid = fork();
			if (pid < 0)
				_exit(21);
			if (pid > 0) {
				prctl(PR_SET_PDEATHSIG, SIGKILL);
				if (waitpid(pid, &status, 0) != pid || !WIFEXITED(status))
					_exit(22);
				_exit(WEXITSTATUS(status));
			}
			prctl(PR_SET_PDEATHSIG, SIGKILL);
			/* root of A, in A's pid namespace, with a /proc of it */
			if (unshare(CLONE_NEWNS) || mount(NULL, "/", NULL, MS_REC | MS_PRIVATE, NULL) ||
			    mount("proc", "/proc", "proc", MS_NOSUID | MS_NODEV | MS_NOEXEC, NULL))
				_exit(23);
		} else if (ident != I_ROOT) {
			if (take_uid(uids[ident]))
				_exit(24);
			prctl(PR_SET_PDEATHSIG, SIGKILL);
		}
		prctl(PR_SET_DUMPABLE, 1);	/* our own /proc/self files stay ours */
		if (!proc_is_own())
			_exit(25);
		_exit(run_grid(w, r, ident));
	}
	if (waitpid(pid, &status, 0) != pid || !WIFEXITED(status))
		return -1;
	return WEXITSTATUS(status);
}

/* ---------------------------------------------------------------- reporting ---------------- */

static bool full_mode;

static const char *ident_name(int i)
{
	return i == I_ROOT && !full_mode ? "the caller itself (not real root)" : ident_names[i];
}

static const char *errname(long long e)
{
	switch (-e) {
	case EPERM: return "EPERM";
	case ENOENT: return "ENOENT";
	case ESRCH: return "ESRCH";
	case EIO: return "EIO";
	case EBADF: return "EBADF";
	case EACCES: return "EACCES";
	case EINVAL: return "EINVAL";
	case EBADFD: return "EBADFD(wrong ns)";
	case ENOTTY: return "ENOTTY";
	case EOPNOTSUPP: return "EOPNOTSUPP";
	}
	return "errno";
}

static void fmt(char *buf, size_t size, bool granted, long long v)
{
	if (granted)
		snprintf(buf, size, "grants (%lld)", v);
	else if (v < 0)
		snprintf(buf, size, "refuses (%s %lld)", errname(v), -v);
	else
		snprintf(buf, size, "refuses");
}

static struct cell *find_cell(struct results *r, int ident, int target, const char *q)
{
	for (int i = 0; i < r->ncells; i++)
		if (r->cell[i].ident == ident && r->cell[i].target == target &&
		    !strcmp(r->cell[i].question, q))
			return &r->cell[i];
	return NULL;
}

/*
 * What the kernel's rules say mainline must answer, where the grid would be meaningless
 * otherwise: if one of these does not hold, the oracle (or the world) is broken.
 */
static int sanity(struct results *r, bool full)
{
	/* @any: holds in every mode (I_ROOT is then the caller as it is, A its own container) */
	static const struct { int ident, target; const char *q; bool granted, any; } rules[] = {
		{ I_ROOT, T_SELF, "nsfd/mnt", true, true },
		{ I_ROOT, T_SELF, "ns_last_pid/get", true, true },
		{ I_ROOT, T_A_TASK, "id-ref/translate", true, true },
		{ I_ROOT, T_C_TASK, "nsfd-ref/translate-from", true, true },
		{ I_ROOT, T_HOST_ND, "nsfd/mnt", true, false },
		{ I_ROOT, T_A_HELPER, "nsfd/mnt", true, false },
		{ I_ROOT, T_B_INIT, "id-ref/translate", true, false },
		{ I_U1000, T_U1000, "nsfd/mnt", true, false },
		{ I_U1000, T_U1000_ND, "nsfd/mnt", false, false },
		{ I_U1000, T_U1000_SETUID, "nsfd/mnt", false, false },
		{ I_U1000, T_U1001, "nsfd/mnt", false, false },
		{ I_U1000, T_HOST, "nsfd/mnt", false, false },
		{ I_U1000, T_A_ND, "nsfd/mnt", true, false },
		{ I_U1000, T_C_TASK, "id-ref/translate", true, false },
		{ I_U1000, T_B_INIT, "id-ref/translate", false, false },
		{ I_U1000, T_A_INIT, "ns_last_pid/get", true, false },
		{ I_U1001, T_A_INIT, "nsfd/pid", false, false },
		{ I_U1001, T_A_INIT, "id-ref/translate", false, false },
		{ I_U1001, T_A_INIT, "ns_last_pid/get", false, false },
		{ I_NOBODY, T_B_INIT, "id-ref/translate", false, false },
		{ I_NOBODY, T_SELF, "ns_last_pid/get", true, false },
		{ I_NOBODY, T_SELF, "ns_last_pid/set", false, false },
		{ I_AROOT, T_A_TASK, "nsfd/mnt", true, true },
		{ I_AROOT, T_SELF, "ns_last_pid/set", true, true },
		{ I_AROOT, T_A_ND, "nsfd/mnt", true, false },
		{ I_AROOT, T_A_HELPER, "nsfd/mnt", false, false },
		{ I_AROOT, T_A_HELPER, "pidfd-ref/translate", true, false },
		{ I_AROOT, T_HOST, "nsfd/mnt", false, false },
		{ I_AROOT, T_C_INIT, "ns_last_pid/set", true, false },
		{ I_AROOT, T_B_INIT, "id-ref/translate", false, false },
	};
	int bad = 0;

	for (size_t i = 0; i < sizeof(rules) / sizeof(rules[0]); i++) {
		struct cell *c = find_cell(r, rules[i].ident, rules[i].target, rules[i].q);

		if (!full && !rules[i].any)
			continue;
		if (!c) {
			ksft_print_msg("oracle: no cell %s / %s / %s\n", ident_name(rules[i].ident),
				       target_names[rules[i].target], rules[i].q);
			bad++;
			continue;
		}
		if (!!c->m_granted != rules[i].granted) {
			ksft_print_msg("oracle: mainline %s %s / %s / %s, the kernel's rules say it %s\n",
				       c->m_granted ? "grants" : "refuses", ident_name(rules[i].ident),
				       target_names[rules[i].target], rules[i].q,
				       rules[i].granted ? "grants" : "refuses");
			bad++;
		}
	}
	return bad;
}

/* ---------------------------------------------------------------- the test ------------------ */

FIXTURE(parity)
{
	struct world *w;
	struct results *r;
	int dev;
};

FIXTURE_SETUP(parity)
{
	self->w = NULL;
	self->r = mmap(NULL, sizeof(*self->r), PROT_READ | PROT_WRITE, MAP_SHARED | MAP_ANONYMOUS,
		       -1, 0);
	ASSERT_NE(self->r, MAP_FAILED);
	/* Without /proc of its own pid namespace, the callers' views cannot be read. */
	self->dev = open_dev_proc(_metadata);
	if (self->dev < 0)
		return;
	self->w = calloc(1, sizeof(*self->w));
	ASSERT_NE(self->w, NULL);
	self->w->a_user = self->w->a_pid = self->w->sock[0] = self->w->sock[1] = -1;
	for (int t = 0; t < NR_TARGETS; t++)
		self->w->pidfd[t] = self->w->nsfd[t] = -1;
}

FIXTURE_TEARDOWN(parity)
{
	struct world *w = self->w;

	if (w) {
		for (int t = 0; t < NR_TARGETS; t++)
			if (w->pidfd[t] >= 0)
				syscall(SYS_pidfd_send_signal, w->pidfd[t], SIGKILL, NULL, 0);
		/*
		 * The parents of the containers' inits and of the helper reap them and exit on their
		 * own, so that no zombie is left to init; the rest are targets, killed above.
		 */
		for (int i = 0; i < w->nkids; i++) {
			bool reaped = false;

			for (int tries = 0; tries < 500 && !reaped; tries++) {
				reaped = waitpid(w->kids[i], NULL, WNOHANG) != 0;
				if (!reaped)
					usleep(10000);
			}
			if (!reaped) {
				kill(w->kids[i], SIGKILL);
				waitpid(w->kids[i], NULL, 0);
			}
		}
		/* Every target gone (those reaped by their namespace's dying init too). */
		for (int t = 0; t < NR_TARGETS; t++) {
			struct pollfd p = { .fd = w->pidfd[t], .events = POLLIN };

			if (w->pidfd[t] < 0)
				continue;
			if (poll(&p, 1, 10000) != 1) {
				ksft_print_msg("%s still running\n", target_names[t]);
				EXPECT_TRUE(false);
			}
			close(w->pidfd[t]);
			if (w->nsfd[t] >= 0)
				close(w->nsfd[t]);
		}
		if (w->a_user >= 0)
			close(w->a_user);
		if (w->a_pid >= 0)
			close(w->a_pid);
		if (w->sock[0] >= 0)
			close(w->sock[0]);
		if (w->sock[1] >= 0)
			close(w->sock[1]);
		free(w);
	}
	if (self->r != MAP_FAILED)
		munmap(self->r, sizeof(*self->r));
	if (self->dev >= 0)
		close(self->dev);
}

TEST_F_TIMEOUT(parity, grid, 300)
{
	struct world *w = self->w;
	struct results *r = self->r;
	int diffs = 0, stricter = 0, oracle = 0, idents = 0, expected, err;
	char scope[16] = "absent", path[64];
	pid_t nr[TREE_MAX_LEVELS + 1];
	FILE *f;

	/* The world is built here, not in the setup, so that the teardown reaps it on failure. */
	w->full = full_root();
	w->a_owner = w->full ? UID_A : geteuid();
	/* Not close-on-exec: the exec'd targets report through it. */
	ASSERT_EQ(socketpair(AF_UNIX, SOCK_DGRAM, 0, w->sock), 0);

	/* Container A first: the helper and root of A join it. */
	ASSERT_EQ(spawn(w, T_A_INIT), 0);
	err = collect(w, 5);
	if (err && !w->full)
		SKIP(return, "cannot build a rootless container here (user + pid namespaces): %s",
		     strerror(-err));
	ASSERT_EQ(err, 0) TH_LOG("building container A: %s", strerror(-err));
	ASSERT_GE(fdinfo_numbers(w->pidfd[T_A_INIT], nr, TREE_MAX_LEVELS + 1), 2);
	snprintf(path, sizeof(path), "/proc/%d/ns/user", nr[0]);
	w->a_user = open(path, O_RDONLY | O_CLOEXEC);
	snprintf(path, sizeof(path), "/proc/%d/ns/pid", nr[0]);
	w->a_pid = open(path, O_RDONLY | O_CLOEXEC);
	ASSERT_GE(w->a_user, 0);
	ASSERT_GE(w->a_pid, 0);
	ASSERT_EQ(spawn(w, T_A_HELPER), 0);
	ASSERT_EQ(spawn(w, T_HOST), 0);
	ASSERT_EQ(spawn(w, T_HOST_ND), 0);
	expected = 3;
	if (w->full) {
		for (int t = T_U1000; t <= T_U1001; t++)
			ASSERT_EQ(spawn(w, t), 0);
		ASSERT_EQ(spawn(w, T_B_INIT), 0);
		expected += 5;
	}
	err = collect(w, expected);
	ASSERT_EQ(err, 0) TH_LOG("building the targets: %s", strerror(-err));
	for (int t = T_HOST; t < NR_TARGETS; t++) {
		bool wanted = w->full || t == T_HOST || t == T_HOST_ND ||
			      (t >= T_A_INIT && t <= T_C_TASK);

		if (!wanted)
			continue;
		ASSERT_GE(w->pidfd[t], 0);
		ASSERT_GE(w->nsfd[t], 0) TH_LOG("the test cannot open %s's pid namespace",
						target_names[t]);
		if (t != T_U1000_SETUID && t != T_A_HELPER && !w->execd[t])
			ksft_print_msg("note: %s could not exec itself (not exec'd)\n", target_names[t]);
	}

	f = fopen("/proc/sys/kernel/yama/ptrace_scope", "re");
	if (f) {
		if (fscanf(f, "%15s", scope) != 1)
			snprintf(scope, sizeof(scope), "unreadable");
		fclose(f);
	}
	full_mode = w->full;
	ksft_print_msg("parity: mode %s, yama ptrace_scope %s\n",
		       w->full ? "root (full grid)" : "not root: the caller, its own tasks and container",
		       scope);
	r->ncells = 0;
	for (int i = 0; i < NR_IDENTS; i++) {
		int code;

		if (!w->full && i != I_ROOT && i != I_AROOT)
			continue;
		code = run_identity(w, r, i);
		if (code && !w->full) {
			ksft_print_msg("parity: identity %s could not be taken here (step %d): skipped\n",
				       ident_name(i), code);
			continue;
		}
		ASSERT_EQ(code, 0) TH_LOG("identity %s: step %d failed", ident_name(i), code);
		idents++;
	}
	for (int i = 0; i < r->ncells; i++) {
		struct cell *c = &r->cell[i];
		char m[48], p[48];

		stricter += c->verdict == V_STRICTER;
		if (c->verdict != V_DIFF && c->verdict != V_ORACLE)
			continue;
		fmt(m, sizeof(m), c->m_granted, c->m);
		fmt(p, sizeof(p), c->p_granted, c->p);
		if (c->verdict == V_DIFF) {
			diffs++;
			ksft_print_msg("difference: %s / %s / %s: mainline %s, pidns %s\n",
				       ident_name(c->ident), target_names[c->target], c->question, m, p);
		} else {
			oracle++;
			ksft_print_msg("oracle: %s / %s / %s: %lld vs %lld\n", ident_name(c->ident),
				       target_names[c->target], c->question, c->m, c->p);
		}
	}
	oracle += sanity(r, w->full);
	ksft_print_msg("parity: %d cells (%d identities), %d differences, %d where pidns is stricter, %d oracle errors\n",
		       r->ncells, idents, diffs, stricter, oracle);
	ASSERT_LT(r->ncells, MAX_CELLS);
	EXPECT_EQ(oracle, 0);
	EXPECT_EQ(diffs, 0);
}

int main(int argc, char **argv)
{
	if (argc == 5 && !strcmp(argv[1], SLEEPER_ARG))
		sleeper(atoi(argv[2]), atoi(argv[3]), atoi(argv[4]), true);
	return test_harness_run(argc, argv);
}
