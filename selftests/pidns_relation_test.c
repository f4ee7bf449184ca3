// SPDX-License-Identifier: GPL-2.0
/*
 * PIDNS_IOC_RELATION against two oracles that do not ask the module anything:
 *   (a) mainline's nsfs: NS_GET_PARENT from each namespace's nsfd up to the caller's namespace,
 *       where the walk must end (NS_GET_PARENT refuses to go above it: EPERM), the namespaces
 *       compared by inode (fstat() st_ino);
 *   (b) /proc alone: a namespace's inode is what readlink() of /proc/PID/ns/pid shows for its
 *       init (the process whose innermost NSpid is 1), and its parent is the namespace of that
 *       init's parent process (PPid); its level is the length of the init's NSpid line.
 * Both give each namespace's chain of ancestors; the relation, distance, levels and nearest
 * common ancestor of every ordered pair follow from the two chains. Every ordered pair of the
 * tree's namespaces (the caller's own included) is asked with every way of naming each (nsfd,
 * pidfd of a process whose active pid namespace it is, 64-bit id, and PIDNS_REF_CALLER for the
 * caller's own), from the test and from a process inside each namespace of the tree, where
 * namespaces outside its subtree must be EPERM exactly where mainline's NS_GET_PARENT walk
 * refuses to reach them. Then one test per documented error, each asserting that nothing was
 * written back.
 */
#include "kselftest_harness.h"
#include "pidns_harness.h"
#include "pidns_dev_fixture.h"
#include "pidns_tree_fixture.h"

/*
 * Four levels below the caller's namespace: N1, two siblings at the second level, a chain of two
 * below each (cousins at the third and fourth levels); an init, a worker and a thread in each.
 */
FIXTURE_VARIANT_ADD(tree, four_levels) {
	.depth = 4, .fanout = 2, .workers = 1, .threads = 1,
};

/* Six levels, three siblings at the second: cousins up to five levels apart; inits only. */
FIXTURE_VARIANT_ADD(tree, six_levels_three_siblings) {
	.depth = 6, .fanout = 3, .workers = 0, .threads = 0,
};

#define SENTINEL 0x5a5a5a5a
/* A call wrote what it should not have: an output on failure, or an input at all. */
#define LEAKED 9999

/*
 * PIDNS_IOC_RELATION with its outputs pre-filled with SENTINEL. Returns 0 with the answer in
 * *@req, -errno, or LEAKED if a failed call changed any byte of the struct or a successful one
 * changed an input field.
 */
static int try_relation(int dev, struct pidns_ref source, struct pidns_ref target, __u32 flags,
			__u32 reserved, struct pidns_relation *req)
{
	const struct pidns_relation before = {
		.size = sizeof(before), .flags = flags, .source = source, .target = target,
		.relation = SENTINEL, .distance = SENTINEL, .source_level = SENTINEL,
		.target_level = SENTINEL, .common_level = SENTINEL, .reserved = reserved,
	};
	int err;

	*req = before;
	err = ioc(dev, PIDNS_IOC_RELATION, req);
	if (err)
		return memcmp(req, &before, sizeof(before)) ? LEAKED : err;
	if (req->size != before.size || req->flags != flags || req->reserved != reserved ||
	    memcmp(&req->source, &source, sizeof(source)) ||
	    memcmp(&req->target, &target, sizeof(target)))
		return LEAKED;
	return 0;
}

/* Whether two answers agree on every output. */
static bool same_answer(const struct pidns_relation *a, const struct pidns_relation *b)
{
	return a->relation == b->relation && a->distance == b->distance &&
	       a->source_level == b->source_level && a->target_level == b->target_level &&
	       a->common_level == b->common_level;
}

#define ANSWER_FMT "relation %u distance %u levels %u/%u common %u"
#define ANSWER_ARGS(r) (r)->relation, (r)->distance, (r)->source_level, (r)->target_level, \
	(r)->common_level

/* ----- the oracles ----- */

/* A namespace and its ancestors up to the caller's, by inode: ino[0] is its own. */
struct lineage {
	int len;		/* its level below the caller's namespace, plus one */
	__u64 ino[TREE_MAX_LEVELS];
};

/*
 * Oracle (a): mainline's NS_GET_PARENT from @nsfd up. Returns 1 with @l filled if the walk
 * reaches the namespace whose inode is @own (and is refused right there, EPERM, as NS_GET_PARENT
 * never goes above the caller's namespace); 0 if it is refused (EPERM) before reaching it: a
 * namespace outside the caller's subtree; -1 on any other answer.
 */
static int mainline_lineage(int nsfd, __u64 own, struct lineage *l)
{
	int fd = nsfd, ret = -1;

	l->len = 0;
	while (l->len < TREE_MAX_LEVELS) {
		int parent;

		l->ino[l->len++] = fd_ino(fd);
		parent = ioctl(fd, NS_GET_PARENT);
		if (parent < 0) {
			if (errno == EPERM)
				ret = l->ino[l->len - 1] == own;
			break;
		}
		if (fd != nsfd)
			close(fd);
		fd = parent;
	}
	if (fd != nsfd)
		close(fd);
	return ret;
}

/* The inode of /proc/@pid/ns/pid as readlink() shows it ("pid:[INODE]"), or 0. */
static __u64 proc_ns_ino(pid_t pid)
{
	char path[64], link[64];
	unsigned long long ino;
	ssize_t n;

	snprintf(path, sizeof(path), "/proc/%d/ns/pid", pid);
	n = readlink(path, link, sizeof(link) - 1);
	if (n < 0)
		return 0;
	link[n] = 0;
	return sscanf(link, "pid:[%llu]", &ino) == 1 ? ino : 0;
}

/* The parent process of @pid, from /proc/PID/status, or 0. */
static pid_t proc_ppid(pid_t pid)
{
	char path[64];
	pid_t ppid;

	snprintf(path, sizeof(path), "/proc/%d/status", pid);
	return read_ns_numbers(path, "PPid:", &ppid, 1) == 1 ? ppid : 0;
}

/* The tree task that is pid 1 of the namespace whose inode is @ino, by /proc; -1 if none. */
static int proc_init_of(const struct tree *t, __u64 ino)
{
	for (int k = 0; k < t->ntasks; k++) {
		const struct tree_task *task = &t->task[k];

		if (task->tid == task->tgid && task->nspid[task->nlevels - 1] == 1 &&
		    proc_ns_ino(task->tid) == ino)
			return k;
	}
	return -1;
}

/*
 * Oracle (b): /proc alone. From the namespace whose inode is @ino up to the caller's (@own):
 * each step is the namespace of the parent process of the namespace's init. The init's NSpid
 * line must be as long as the lineage. 0, or -1 if /proc does not tell.
 */
static int proc_lineage(const struct tree *t, __u64 ino, __u64 own, struct lineage *l)
{
	l->len = 0;
	while (l->len < TREE_MAX_LEVELS) {
		int k;

		l->ino[l->len++] = ino;
		if (ino == own)
			return 0;
		k = proc_init_of(t, ino);
		if (k < 0)
			return -1;
		ino = proc_ns_ino(proc_ppid(t->task[k].tid));
		if (!ino)
			return -1;
	}
	return -1;
}

/* Whether the namespace of lineage @x is the one of @v or below it. */
static bool in_subtree(const struct lineage *x, const struct lineage *v)
{
	return x->len >= v->len && x->ino[x->len - v->len] == v->ino[0];
}

/*
 * The answer the two lineages imply, with every level relative to level @base (the asking
 * process's namespace's, the caller's being 0).
 */
static void implied_answer(const struct lineage *s, const struct lineage *d, int base,
			   struct pidns_relation *want)
{
	int ls = s->len - 1, ld = d->len - 1, common = -1;

	/* The nearest common ancestor: the first of @s's lineage that is in @d's. */
	for (int i = 0; i < s->len && common < 0; i++)
		for (int j = 0; j < d->len; j++)
			if (s->ino[i] == d->ino[j]) {
				common = ls - i;
				break;
			}
	*want = (struct pidns_relation){
		.source_level = ls - base, .target_level = ld - base, .common_level = common - base,
	};
	if (s->ino[0] == d->ino[0])
		want->relation = PIDNS_RELATION_EQUAL;
	else if (common == ls)
		want->relation = PIDNS_RELATION_SOURCE_IS_ANCESTOR;
	else if (common == ld)
		want->relation = PIDNS_RELATION_TARGET_IS_ANCESTOR;
	else
		want->relation = PIDNS_RELATION_UNRELATED;
	if (want->relation == PIDNS_RELATION_SOURCE_IS_ANCESTOR ||
	    want->relation == PIDNS_RELATION_TARGET_IS_ANCESTOR)
		want->distance = ls > ld ? ls - ld : ld - ls;
}

/* ----- naming the tree's namespaces ----- */

enum ref_kind { BY_NSFD, BY_PIDFD, BY_ID, BY_CALLER, REF_KINDS };
static const char *const kind_name[] = { "nsfd", "pidfd", "id", "caller" };

/* What the test knows of each namespace of the tree (indexed like tree.ns). */
struct known {
	int pidfd[TREE_MAX_NS];	/* of its init; ns[0]: of the test itself */
	__u64 id[TREE_MAX_NS];
	struct lineage line[TREE_MAX_NS];	/* both oracles' */
};

/* Namespace @n named the @kind way (BY_CALLER: only for the asking process's own). */
static struct pidns_ref name_ns(const struct tree *t, const struct known *kn, int n, int kind)
{
	switch (kind) {
	case BY_NSFD:
		return ref_fd(t->ns[n].fd);
	case BY_PIDFD:
		return ref_fd(kn->pidfd[n]);
	case BY_ID:
		return ref_id(kn->id[n]);
	default:
		return ref_caller();
	}
}

/*
 * Fills @kn: each namespace's lineage by both oracles, which must agree (with each other, with
 * the init's NSpid line, and with the tree's own reading of the levels), a pidfd of its init and
 * its id.
 */
static void learn_tree(struct __test_metadata *_metadata, const struct tree *t, struct known *kn)
{
	__u64 own = t->ns[0].ino;

	ASSERT_EQ(proc_ns_ino(getpid()), own);
	for (int n = 0; n < t->nns; n++) {
		struct lineage *a = &kn->line[n], b;
		int k = n ? proc_init_of(t, t->ns[n].ino) : -1;

		ASSERT_EQ(mainline_lineage(t->ns[n].fd, own, a), 1) {
			TH_LOG("ns %d: NS_GET_PARENT does not lead to the caller's namespace", n);
		}
		ASSERT_EQ(proc_lineage(t, t->ns[n].ino, own, &b), 0) {
			TH_LOG("ns %d: /proc does not lead to the caller's namespace", n);
		}
		ASSERT_EQ(a->len, b.len) {
			TH_LOG("ns %d: NS_GET_PARENT says level %d, /proc %d", n, a->len - 1,
			       b.len - 1);
		}
		ASSERT_EQ(memcmp(a->ino, b.ino, a->len * sizeof(a->ino[0])), 0) {
			TH_LOG("ns %d: the oracles disagree about its ancestors", n);
		}
		ASSERT_EQ(a->len - 1, t->ns[n].level);
		if (n) {
			ASSERT_GE(k, 0);
			ASSERT_EQ(t->task[k].nlevels, a->len);
		}
		kn->pidfd[n] = sys_pidfd_open(n ? t->task[k].tid : getpid(), 0);
		ASSERT_GE(kn->pidfd[n], 0);
		kn->id[n] = ns_id(t->ns[n].fd);
		ASSERT_NE(kn->id[n], 0);
	}
}

/* Closes what learn_tree() opened for @nns namespaces. */
static void forget_tree(int nns, struct known *kn)
{
	for (int n = 0; n < nns; n++)
		close(kn->pidfd[n]);
}

/* The tree has what the suite needs: every kind of relation, siblings, cousins, depth. */
TEST_F(tree, has_siblings_and_cousins)
{
	struct tree *t = self->t;
	int kinds[5] = { 0 }, siblings = 0, cousins = 0, far = 0, deepest = 0;
	struct known kn;

	ASSERT_EQ(t->nns, 2 + variant->fanout * (variant->depth - 1));
	learn_tree(_metadata, t, &kn);
	tree_for_each_pair(t, s, d) {
		struct pidns_relation want;

		implied_answer(&kn.line[s], &kn.line[d], 0, &want);
		kinds[want.relation]++;
		if (want.relation == PIDNS_RELATION_UNRELATED &&
		    want.source_level == want.target_level) {
			if (want.common_level + 1 == want.source_level)
				siblings++;
			else
				cousins++;
		}
		if (want.distance >= 3)
			far++;
		if ((int)want.source_level > deepest)
			deepest = want.source_level;
	}
	forget_tree(t->nns, &kn);
	TH_LOG("%d namespaces; pairs: %d equal, %d/%d ancestor, %d unrelated "
	       "(%d sibling, %d cousin)", t->nns, kinds[1], kinds[2], kinds[3], kinds[4], siblings,
	       cousins);
	ASSERT_EQ(kinds[PIDNS_RELATION_EQUAL], t->nns);
	ASSERT_GT(kinds[PIDNS_RELATION_SOURCE_IS_ANCESTOR], 0);
	ASSERT_EQ(kinds[PIDNS_RELATION_SOURCE_IS_ANCESTOR],
		  kinds[PIDNS_RELATION_TARGET_IS_ANCESTOR]);
	ASSERT_GT(siblings, 0);
	ASSERT_GT(cousins, 0);
	ASSERT_GT(far, 0);
	ASSERT_GE(deepest, 4);
}

/*
 * Every ordered pair (@s, @d) of the tree's namespaces, each named the @ks and @kd way, as a
 * process in namespace @v can name them (PIDNS_REF_CALLER: @v only).
 */
#define for_each_named_pair(t, v, s, ks, d, kd)					\
	tree_for_each_pair(t, s, d)						\
		for (int ks = 0; ks < REF_KINDS; ks++)				\
			for (int kd = 0; kd < REF_KINDS; kd++)			\
				if ((ks == BY_CALLER && s != (v)) ||		\
				    (kd == BY_CALLER && d != (v))) {} else

/*
 * What a process in namespace @v must be told about namespaces @s and @d named the @ks and @kd
 * way: 0 and *@want, the answer the lineages imply relative to @v; or -errno: the first
 * reference's error (a pidfd of a task it cannot see: ESRCH; an id it may not learn: ENOENT),
 * else the second's, else EPERM if either namespace is outside its subtree.
 */
static int expected(const struct known *kn, int v, int s, int ks, int d, int kd,
		    struct pidns_relation *want)
{
	const struct lineage *lv = &kn->line[v];
	bool in_s = in_subtree(&kn->line[s], lv), in_d = in_subtree(&kn->line[d], lv);

	if (!in_s && (ks == BY_PIDFD || ks == BY_ID))
		return ks == BY_PIDFD ? -ESRCH : -ENOENT;
	if (!in_d && (kd == BY_PIDFD || kd == BY_ID))
		return kd == BY_PIDFD ? -ESRCH : -ENOENT;
	if (!in_s || !in_d)
		return -EPERM;
	implied_answer(&kn->line[s], &kn->line[d], lv->len - 1, want);
	return 0;
}

/*
 * Asks the module about one named pair from namespace @v (where the calling process is) and
 * compares with expected(). Returns 0, or the step that failed with @why saying how.
 */
static int check_pair(int dev, const struct tree *t, const struct known *kn, int v, int s,
		      int ks, int d, int kd, char *why, size_t len)
{
	struct pidns_relation got, want = { 0 };
	int want_err = expected(kn, v, s, ks, d, kd, &want);
	int err = try_relation(dev, name_ns(t, kn, s, ks), name_ns(t, kn, d, kd), 0, 0, &got);
	int n = snprintf(why, len, "in ns %d: ns %d by %s, ns %d by %s: ", v, s, kind_name[ks], d,
			 kind_name[kd]);

	if (err != want_err) {
		snprintf(why + n, len - n, "%s, want %s",
			 err == LEAKED ? "written back" : err ? strerror(-err) : "answered",
			 want_err ? strerror(-want_err) : "an answer");
		return 6;
	}
	if (!err && !same_answer(&got, &want)) {
		snprintf(why + n, len - n, "got " ANSWER_FMT ", want " ANSWER_FMT,
			 ANSWER_ARGS(&got), ANSWER_ARGS(&want));
		return 7;
	}
	return 0;
}

/*
 * Every ordered pair of the tree's namespaces, the caller's own included, each named every way
 * it can be: the answer is what both oracles imply, and no input is written back.
 */
TEST_F(tree, every_pair_by_every_reference)
{
	struct tree *t = self->t;
	struct known kn;
	char why[256];
	int calls = 0;

	learn_tree(_metadata, t, &kn);
	for_each_named_pair(t, 0, s, ks, d, kd) {
		ASSERT_EQ(check_pair(self->dev, t, &kn, 0, s, ks, d, kd, why, sizeof(why)), 0) {
			TH_LOG("%s", why);
		}
		calls++;
	}
	forget_tree(t->nns, &kn);
	TH_LOG("%d namespaces, %d ordered pairs, %d calls", t->nns, t->nns * t->nns, calls);
}

/* A step that failed in a checker, and why, on the test's output; exits with @step. */
#define CHECK_SAY(step, cond, fmt, ...)						\
	do {									\
		if (!(cond)) {							\
			fprintf(stderr, "# checker step %d: " fmt "\n", (step),	\
				##__VA_ARGS__);					\
			_exit(step);						\
		}								\
	} while (0)

/*
 * In a process whose active pid namespace is tree namespace @v: mainline's NS_GET_PARENT walk
 * reaches its own namespace from exactly the namespaces of its subtree (as the oracles' lineages
 * say), along their lineages; and the module answers every named pair as expected() says.
 * Returns how many calls it made; exits on a failed step.
 */
static int inside_checks(int dev, const struct tree *t, const struct known *kn, int v)
{
	const struct lineage *lv = &kn->line[v];
	int own_fd = open("/proc/self/ns/pid", O_RDONLY | O_CLOEXEC), calls = 0, step;
	__u64 own = fd_ino(own_fd);
	char why[256];

	CHECK_SAY(2, own == t->ns[v].ino, "ns %d: not in it", v);
	close(own_fd);
	for (int n = 0; n < t->nns; n++) {
		const struct lineage *ln = &kn->line[n];
		struct lineage m;
		int reached = mainline_lineage(t->ns[n].fd, own, &m);

		CHECK_SAY(3, reached >= 0, "in ns %d, NS_GET_PARENT from ns %d: %s", v, n,
			  strerror(errno));
		CHECK_SAY(4, reached == in_subtree(ln, lv),
			  "in ns %d, NS_GET_PARENT from ns %d %s it", v, n,
			  reached ? "reaches" : "does not reach");
		CHECK_SAY(5, !reached || (m.len == ln->len - lv->len + 1 &&
					  !memcmp(m.ino, ln->ino, m.len * sizeof(m.ino[0]))),
			  "in ns %d, NS_GET_PARENT from ns %d: another lineage", v, n);
	}
	for_each_named_pair(t, v, s, ks, d, kd) {
		step = check_pair(dev, t, kn, v, s, ks, d, kd, why, sizeof(why));
		CHECK_SAY(step, !step, "%s", why);
		calls++;
	}
	return calls;
}

/*
 * Forks a checker that forks, into tree namespace @v (setns()), a process that runs @checks
 * there and exits with its status. Returns the checker's pid in the test; never returns in the
 * checker.
 */
static pid_t fork_into_tree_ns(struct __test_metadata *_metadata, FIXTURE_DATA(tree) *self,
			       const struct known *kn, int v,
			       void (*checks)(FIXTURE_DATA(tree) *self, const struct known *kn,
					      int v))
{
	pid_t checker = fork_checker(_metadata, NULL), inner;
	int status;

	if (checker)
		return checker;
	inner = fork_into_pidns(self->t->ns[v].fd);
	CHECK_SAY(1, inner >= 0, "entering ns %d: %s", v, strerror(errno));
	if (inner == 0) {
		checks(self, kn, v);
		_exit(0);
	}
	if (waitpid(inner, &status, 0) != inner)
		_exit(1);
	_exit(WIFEXITED(status) ? WEXITSTATUS(status) : 200 + WTERMSIG(status) % 50);
}

static void every_pair_inside(FIXTURE_DATA(tree) *self, const struct known *kn, int v)
{
	int names = 3 * self->t->nns + 1;

	CHECK(8, inside_checks(self->dev, self->t, kn, v) == names * names);
}

/*
 * From a process in each namespace of the tree in turn (below the caller's: its ancestors,
 * siblings and cousins are outside its subtree), every ordered pair named every way: the answer
 * relative to its namespace where both are in its subtree, EPERM (or the reference's own error)
 * where mainline's NS_GET_PARENT refuses to lead from a namespace to its own.
 */
TEST_F(tree, every_pair_from_inside_every_namespace)
{
	struct tree *t = self->t;
	struct known kn;
	long calls = 0;

	learn_tree(_metadata, t, &kn);
	for (int v = 1; v < t->nns; v++) {
		/* 3 names per namespace, and PIDNS_REF_CALLER for its own, either side. */
		int names = 3 * t->nns + 1;

		ASSERT_CHECKER_OK(fork_into_tree_ns(_metadata, self, &kn, v, every_pair_inside));
		calls += names * names;
	}
	forget_tree(t->nns, &kn);
	TH_LOG("%d namespaces asked from, %ld calls", t->nns - 1, calls);
}

/* The tree namespace at @level whose lineage includes namespace @in (or any, @in < 0). */
static int ns_at(const struct tree *t, const struct known *kn, int level, int in, int skip)
{
	for (int n = 0; n < t->nns; n++)
		if (n != skip && kn->line[n].len == level + 1 &&
		    (in < 0 || in_subtree(&kn->line[n], &kn->line[in])))
			return n;
	return -1;
}

/* The namespaces of the named EPERM checks: see ancestor_and_sibling_are_eperm(). */
static int g_ancestor, g_sibling, g_child;

/*
 * The checks of ancestor_and_sibling_are_eperm() from namespace @v, as the identity it has,
 * steps numbered from @s.
 */
static void eperm_checks(FIXTURE_DATA(tree) *self, const struct known *kn, int v, int s)
{
	const struct tree *t = self->t;
	struct pidns_ref up = ref_fd(t->ns[g_ancestor].fd), top = ref_fd(t->ns[0].fd);
	struct pidns_ref sib = ref_fd(t->ns[g_sibling].fd), down = ref_fd(t->ns[g_child].fd);
	int own = open("/proc/self/ns/pid", O_RDONLY | O_CLOEXEC), fd;
	struct pidns_relation r;

	CHECK(s + 1, own >= 0 && fd_ino(own) == t->ns[v].ino);
	/* Mainline: NS_GET_PARENT leads nowhere above its namespace, nor to a sibling's. */
	CHECK(s + 2, nsfs_ioctl(own, NS_GET_PARENT, 0) == -EPERM);
	CHECK(s + 3, nsfs_ioctl(t->ns[g_ancestor].fd, NS_GET_PARENT, 0) == -EPERM);
	CHECK(s + 4, nsfs_ioctl(t->ns[g_sibling].fd, NS_GET_PARENT, 0) == -EPERM);
	CHECK(s + 5, nsfs_ioctl(t->ns[0].fd, NS_GET_PARENT, 0) == -EPERM);
	/* pidns: the same namespaces, by the same nsfds, either way round: EPERM. */
	CHECK(s + 6, try_relation(self->dev, up, ref_caller(), 0, 0, &r) == -EPERM);
	CHECK(s + 7, try_relation(self->dev, ref_caller(), up, 0, 0, &r) == -EPERM);
	CHECK(s + 8, try_relation(self->dev, sib, ref_caller(), 0, 0, &r) == -EPERM);
	CHECK(s + 9, try_relation(self->dev, ref_fd(own), sib, 0, 0, &r) == -EPERM);
	CHECK(s + 10, try_relation(self->dev, top, top, 0, 0, &r) == -EPERM);
	CHECK(s + 11, try_relation(self->dev, up, sib, 0, 0, &r) == -EPERM);
	/* One outside is enough, even beside a namespace of its subtree. */
	CHECK(s + 12, try_relation(self->dev, down, sib, 0, 0, &r) == -EPERM);
	CHECK(s + 13, try_relation(self->dev, down, up, 0, 0, &r) == -EPERM);
	/* By id it may not even name them (ENOENT), resolved before EPERM is considered. */
	CHECK(s + 14, try_relation(self->dev, ref_id(kn->id[g_ancestor]), ref_caller(), 0, 0, &r) ==
		      -ENOENT);
	CHECK(s + 15, try_relation(self->dev, up, ref_id(kn->id[g_sibling]), 0, 0, &r) == -ENOENT);
	/* The control: its child, which NS_GET_PARENT leads from to its own namespace. */
	fd = nsfs_ioctl(t->ns[g_child].fd, NS_GET_PARENT, 0);
	CHECK(s + 16, fd >= 0 && fd_ino(fd) == t->ns[v].ino);
	close(fd);
	CHECK(s + 17, try_relation(self->dev, down, ref_caller(), 0, 0, &r) == 0 &&
		      r.relation == PIDNS_RELATION_TARGET_IS_ANCESTOR && r.distance == 1 &&
		      r.source_level == 1 && r.target_level == 0 && r.common_level == 0);
	close(own);
}

static void eperm_inside(FIXTURE_DATA(tree) *self, const struct known *kn, int v)
{
	eperm_checks(self, kn, v, 0);
	CHECK(99, !drop_privileges());
	eperm_checks(self, kn, v, 50);
}

/*
 * A process in a second-level namespace asks about its ancestor (N1), its sibling and the test's
 * namespace by nsfds it holds: EPERM, as mainline's NS_GET_PARENT refuses to walk to any of them
 * from its namespace (nor from theirs); about its child, which NS_GET_PARENT reaches, it gets
 * the answer. First as the identity the test has, then without privileges (drop_privileges()):
 * holding the nsfds is all either needs.
 */
TEST_F(tree, ancestor_and_sibling_are_eperm)
{
	struct tree *t = self->t;
	struct known kn;
	int v;

	learn_tree(_metadata, t, &kn);
	v = ns_at(t, &kn, 2, -1, -1);
	ASSERT_GE(v, 0);
	g_ancestor = ns_at(t, &kn, 1, -1, -1);
	g_sibling = ns_at(t, &kn, 2, -1, v);
	g_child = ns_at(t, &kn, 3, v, -1);
	ASSERT_GE(g_ancestor, 0);
	ASSERT_GE(g_sibling, 0);
	ASSERT_GE(g_child, 0);
	ASSERT_CHECKER_OK(fork_into_tree_ns(_metadata, self, &kn, v, eperm_inside));
	forget_tree(t->nns, &kn);
}

/*
 * Namespaces whose every process has exited stay related as they were through the nsfds that
 * keep them (NS_GET_PARENT still walks them); an id or a pidfd no longer names them.
 */
TEST_F(tree, emptied_namespaces_by_nsfd)
{
	struct tree *t = self->t;
	int nns = t->nns, fd[TREE_MAX_NS];
	struct pidns_relation before[TREE_MAX_NS], r;
	struct lineage line[TREE_MAX_NS];
	__u64 own = t->ns[0].ino;
	struct known kn;

	learn_tree(_metadata, t, &kn);
	for (int n = 0; n < nns; n++) {
		fd[n] = dup(t->ns[n].fd);
		ASSERT_GE(fd[n], 0);
	}
	for (int n = 0; n < nns; n++)
		ASSERT_EQ(try_relation(self->dev, ref_fd(fd[n]), ref_fd(fd[nns - 1]), 0, 0,
				       &before[n]), 0);
	tree_destroy(t);	/* kills N1 and everything below it */
	for (int n = 0; n < nns; n++) {
		struct pidns_relation want;

		ASSERT_EQ(mainline_lineage(fd[n], own, &line[n]), 1);
		ASSERT_EQ(line[n].len, kn.line[n].len);
		implied_answer(&line[n], &kn.line[nns - 1], 0, &want);
		ASSERT_EQ(try_relation(self->dev, ref_fd(fd[n]), ref_fd(fd[nns - 1]), 0, 0, &r), 0);
		ASSERT_TRUE(same_answer(&r, &before[n]) && same_answer(&r, &want)) {
			TH_LOG("ns %d: " ANSWER_FMT ", before " ANSWER_FMT, n, ANSWER_ARGS(&r),
			       ANSWER_ARGS(&before[n]));
		}
	}
	for (int n = 1; n < nns; n++) {
		ASSERT_EQ(try_relation(self->dev, ref_id(kn.id[n]), ref_caller(), 0, 0, &r),
			  -ENOENT);
		ASSERT_EQ(try_relation(self->dev, ref_caller(), ref_fd(kn.pidfd[n]), 0, 0, &r),
			  -ESRCH);
	}
	for (int n = 0; n < nns; n++)
		close(fd[n]);
	forget_tree(nns, &kn);
}

/*
 * The caller's own namespace, named every way (and as its pid_for_children, the same one here):
 * equal to itself, at level 0, in every mode.
 */
TEST_F(dev, own_namespace_every_way_is_equal)
{
	int pidfd = sys_pidfd_open(getpid(), 0);
	int children = open("/proc/self/ns/pid_for_children", O_RDONLY | O_CLOEXEC);
	struct pidns_ref refs[5];
	struct pidns_relation r;

	ASSERT_GE(pidfd, 0);
	ASSERT_GE(children, 0);
	ASSERT_EQ(fd_ino(children), fd_ino(self->nsfd));
	refs[0] = ref_caller();
	refs[1] = ref_fd(self->nsfd);
	refs[2] = ref_fd(pidfd);
	refs[3] = ref_id(ns_id(self->nsfd));
	refs[4] = ref_fd(children);
	for (int s = 0; s < 5; s++) {
		for (int d = 0; d < 5; d++) {
			ASSERT_EQ(try_relation(self->dev, refs[s], refs[d], 0, 0, &r), 0) {
				TH_LOG("refs %d and %d", s, d);
			}
			ASSERT_EQ(r.relation, PIDNS_RELATION_EQUAL);
			ASSERT_EQ(r.distance, 0);
			ASSERT_EQ(r.source_level, 0);
			ASSERT_EQ(r.target_level, 0);
			ASSERT_EQ(r.common_level, 0);
		}
	}
	close(children);
	close(pidfd);
}

/* Any flag is EINVAL (none is defined), and so is a non-zero reserved field; nothing written. */
TEST_F(dev, flags_and_reserved_are_einval)
{
	const __u32 reserved[] = { 1, 0x80000000, 0xffffffff, SENTINEL };
	struct pidns_relation r;

	for (int bit = 0; bit < 32; bit++) {
		ASSERT_EQ(try_relation(self->dev, ref_caller(), ref_caller(), 1U << bit, 0, &r),
			  -EINVAL) {
			TH_LOG("flag %#x", 1U << bit);
		}
	}
	for (unsigned int i = 0; i < sizeof(reserved) / sizeof(reserved[0]); i++) {
		ASSERT_EQ(try_relation(self->dev, ref_caller(), ref_caller(), 0, reserved[i], &r),
			  -EINVAL) {
			TH_LOG("reserved %#x", reserved[i]);
		}
	}
	/* ... also when the references are valid and distinct, and with both bad. */
	ASSERT_EQ(try_relation(self->dev, ref_fd(self->nsfd), ref_caller(), 1, 1, &r), -EINVAL);
	/* The same request without them is answered. */
	ASSERT_EQ(try_relation(self->dev, ref_fd(self->nsfd), ref_caller(), 0, 0, &r), 0);
	ASSERT_EQ(r.relation, PIDNS_RELATION_EQUAL);
}

/* References that name nothing, on either side; the source's error when both are bad. */
TEST_F(dev, bad_references)
{
	int closed = dup(self->nsfd), opath, null, net, p[2], zombie;
	struct pidns_ref kind = { .kind = 77 }, reserved = ref_fd(self->nsfd);
	struct pidns_ref caller_value = { .kind = PIDNS_REF_CALLER, .value = 1 };
	struct pidns_ref big = { .kind = PIDNS_REF_FD, .value = 1ULL << 31 };
	struct pidns_relation r;
	pid_t child;

	ASSERT_GE(closed, 0);
	close(closed);
	opath = open("/proc/self/ns/pid", O_PATH | O_CLOEXEC);
	null = open("/dev/null", O_RDONLY | O_CLOEXEC);
	net = open("/proc/self/ns/net", O_RDONLY | O_CLOEXEC);
	ASSERT_GE(opath, 0);
	ASSERT_GE(null, 0);
	ASSERT_GE(net, 0);
	ASSERT_EQ(pipe(p), 0);
	reserved.reserved = 1;
	zombie = zombie_pidfd(&child);
	ASSERT_GE(zombie, 0);

	struct {
		struct pidns_ref ref;
		int err;
		const char *what;
	} bad[] = {
		{ ref_fd(closed), -EBADF, "a closed fd" },
		{ ref_fd(INT32_MAX), -EBADF, "fd INT_MAX" },
		{ ref_fd(opath), -EBADF, "an O_PATH nsfd" },
		{ ref_fd(null), -EINVAL, "/dev/null" },
		{ ref_fd(net), -EINVAL, "a net nsfd" },
		{ ref_fd(p[0]), -EINVAL, "a pipe" },
		{ ref_fd(self->dev), -EINVAL, PIDNS_DEVICE_PATH },
		{ ref_fd(self->bound), -EINVAL, "a bound file" },
		{ ref_fd(-1), -EINVAL, "fd -1" },
		{ big, -EINVAL, "fd 2^31" },
		{ kind, -EINVAL, "an unknown kind" },
		{ caller_value, -EINVAL, "PIDNS_REF_CALLER with a value" },
		{ reserved, -EINVAL, "a reserved field" },
		{ ref_id(0), -ENOENT, "id 0" },
		{ ref_id(~0ULL), -ENOENT, "an id that never existed" },
		{ ref_fd(zombie), -ESRCH, "a zombie's pidfd" },
	};
	const int nbad = sizeof(bad) / sizeof(bad[0]);

	for (int i = 0; i < nbad; i++) {
		ASSERT_EQ(try_relation(self->dev, bad[i].ref, ref_caller(), 0, 0, &r), bad[i].err) {
			TH_LOG("source: %s", bad[i].what);
		}
		ASSERT_EQ(try_relation(self->dev, ref_fd(self->nsfd), bad[i].ref, 0, 0, &r),
			  bad[i].err) {
			TH_LOG("target: %s", bad[i].what);
		}
		for (int j = 0; j < nbad; j++) {
			ASSERT_EQ(try_relation(self->dev, bad[i].ref, bad[j].ref, 0, 0, &r),
				  bad[i].err) {
				TH_LOG("source: %s, target: %s", bad[i].what, bad[j].what);
			}
		}
	}
	/* Reaped, the zombie's pidfd names nothing either. */
	ASSERT_EQ(waitpid(child, NULL, 0), child);
	ASSERT_EQ(try_relation(self->dev, ref_caller(), ref_fd(zombie), 0, 0, &r), -ESRCH);
	close(zombie);
	close(p[0]);
	close(p[1]);
	close(net);
	close(null);
	close(opath);
}

/*
 * The checks of outside_own_subtree_is_eperm(), in a process that is pid 1 of a pid namespace of
 * its own: @outer is an nsfd of the namespace it came from, whose id is @outer_id, and @pidfd
 * names a process there.
 */
static void outside_checks(int dev, int outer, __u64 outer_id, int pidfd)
{
	int own = open("/proc/self/ns/pid", O_RDONLY | O_CLOEXEC);
	struct pidns_relation r;

	CHECK(3, own >= 0 && fd_ino(own) != fd_ino(outer));
	/* Mainline: no walk from its namespace, nor from the outer one. */
	CHECK(4, nsfs_ioctl(own, NS_GET_PARENT, 0) == -EPERM);
	CHECK(5, nsfs_ioctl(outer, NS_GET_PARENT, 0) == -EPERM);
	/* pidns: EPERM whichever way round, and with both. */
	CHECK(6, try_relation(dev, ref_fd(outer), ref_caller(), 0, 0, &r) == -EPERM);
	CHECK(7, try_relation(dev, ref_caller(), ref_fd(outer), 0, 0, &r) == -EPERM);
	CHECK(8, try_relation(dev, ref_fd(outer), ref_fd(outer), 0, 0, &r) == -EPERM);
	CHECK(9, try_relation(dev, ref_fd(own), ref_fd(outer), 0, 0, &r) == -EPERM);
	/* It cannot name it by id, nor see the process behind the pidfd. */
	CHECK(10, try_relation(dev, ref_id(outer_id), ref_caller(), 0, 0, &r) == -ENOENT);
	CHECK(11, try_relation(dev, ref_caller(), ref_fd(pidfd), 0, 0, &r) == -ESRCH);
	/* Its own, by its nsfd and its id: equal, level 0. */
	CHECK(12, try_relation(dev, ref_fd(own), ref_id(ns_id(own)), 0, 0, &r) == 0);
	CHECK(13, r.relation == PIDNS_RELATION_EQUAL && r.distance == 0 && r.source_level == 0 &&
		  r.target_level == 0 && r.common_level == 0);
	close(own);
}

/*
 * A process that made a user and a pid namespace of its own asks about the namespace it came
 * from, by an nsfd it kept: EPERM either way round, as mainline's NS_GET_PARENT refuses it the
 * walk from its own namespace and from that one; by id it cannot name it (ENOENT), by a pidfd
 * of a process there it cannot see it (ESRCH). Its own namespace it relates freely. No
 * privilege needed: runs in every mode where user namespaces can be made.
 */
TEST_F(dev, outside_own_subtree_is_eperm)
{
	pid_t checker = fork_checker(_metadata, NULL);

	if (checker == 0) {
		int pidfd = sys_pidfd_open(getpid(), 0), status;
		__u64 outer_id = ns_id(self->nsfd);
		pid_t inner;

		CHECK(1, pidfd >= 0 && outer_id);
		if (unshare(CLONE_NEWUSER | CLONE_NEWPID))
			_exit(CHECKER_CANNOT_STAND);
		inner = fork();
		CHECK(2, inner >= 0);
		if (inner == 0) {
			outside_checks(self->dev, self->nsfd, outer_id, pidfd);
			_exit(0);
		}
		CHECK(14, waitpid(inner, &status, 0) == inner && WIFEXITED(status));
		_exit(WEXITSTATUS(status));
	}
	ASSERT_CHECKER_OK_OR_SKIP(checker, "cannot create user and pid namespaces here");
}

TEST_HARNESS_MAIN
