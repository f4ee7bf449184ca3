// SPDX-License-Identifier: GPL-2.0
/*
 * relation: how two pid namespaces are related (the same, one an ancestor of the other and how
 * far, or unrelated) and at which levels below the caller's: PIDNS_IOC_RELATION (by nsfds, and
 * by ids) vs what a program writes today with mainline's nsfs, walking NS_GET_PARENT from each
 * nsfd up to the caller's namespace (one ioctl, one fstat() and one close() per level), comparing
 * the chains by inode. On a chain four levels deep below the caller's, whose third level has two
 * children: a namespace and its ancestor three levels up, and the two siblings at the bottom.
 */
#include "sections.h"

#define DEPTH 4

struct relation_ctx {
	int dev;
	__u64 own;		/* inode of the caller's pid namespace */
	int a, b;		/* nsfds of the pair */
	__u64 id_a, id_b;
	struct pidns_relation out;
};

/*
 * The inodes of @nsfd's namespace and of its ancestors up to the caller's, whose inode is @own,
 * into @ino: how many, or -1 if NS_GET_PARENT refuses before (a namespace outside the caller's
 * subtree). Each parent's fd is closed once its own parent is open.
 */
static int walk(int nsfd, __u64 own, __u64 *ino)
{
	int fd = nsfd, n = 0;
	struct stat st;

	for (;;) {
		int parent;

		if (fstat(fd, &st))
			die("relation: fstat: %s", strerror(errno));
		ino[n++] = st.st_ino;
		if (st.st_ino == own || n == PIDNS_MAX_LEVELS)
			break;
		parent = ioctl(fd, NS_GET_PARENT);
		if (fd != nsfd)
			close(fd);
		if (parent < 0)
			return -1;
		fd = parent;
	}
	if (fd != nsfd)
		close(fd);
	return n;
}

/* PIDNS_IOC_RELATION's answer about (@c->a, @c->b), found the way a program does today. */
static int walk_relation(struct relation_ctx *c)
{
	__u64 s[PIDNS_MAX_LEVELS], d[PIDNS_MAX_LEVELS];
	int ns = walk(c->a, c->own, s), nd = walk(c->b, c->own, d), top = 0;
	struct pidns_relation *r = &c->out;

	if (ns < 0 || nd < 0)
		return -EPERM;
	/* Both chains end at the caller's namespace: they meet from the top down to the ancestor. */
	while (top < ns && top < nd && s[ns - 1 - top] == d[nd - 1 - top])
		top++;
	r->source_level = ns - 1;
	r->target_level = nd - 1;
	r->common_level = top - 1;
	r->distance = 0;
	if (ns == nd && top == ns) {
		r->relation = PIDNS_RELATION_EQUAL;
	} else if (top == ns) {
		r->relation = PIDNS_RELATION_SOURCE_IS_ANCESTOR;
		r->distance = nd - ns;
	} else if (top == nd) {
		r->relation = PIDNS_RELATION_TARGET_IS_ANCESTOR;
		r->distance = ns - nd;
	} else {
		r->relation = PIDNS_RELATION_UNRELATED;
	}
	return 0;
}

DEFINE_WAY(way_walk, struct relation_ctx, walk_relation(c))

DEFINE_WAY(way_pidns, struct relation_ctx,
	pidns_relation(c->dev, pidns_ref_fd(c->a), pidns_ref_fd(c->b), &c->out))

DEFINE_WAY(way_pidns_id, struct relation_ctx,
	pidns_relation(c->dev, pidns_ref_id(c->id_a), pidns_ref_id(c->id_b), &c->out))

/* Pid 1 of a namespace at @level: one child namespace below it, two below level DEPTH - 1. */
static void __attribute__((noreturn)) relation_init(int ready, int level)
{
	prctl(PR_SET_PDEATHSIG, SIGKILL);
	for (int i = 0; level < DEPTH && i < (level == DEPTH - 1 ? 2 : 1); i++)
		if (clone_newpid(NULL) == 0)
			relation_init(ready, level + 1);
	if (level == DEPTH)
		write(ready, "r", 1);
	reap_forever();
}

/* One case: both ways must give @want before they are timed. */
static void relation_case(struct relation_ctx *c, const char *label, int a, int b,
			  const struct pidns_relation *want)
{
	struct way ways[] = {
		{ "mainline NS_GET_PARENT walk", way_walk, PER_CALL_N / 10 },
		{ "pidns PIDNS_IOC_RELATION", way_pidns, PER_CALL_N },
		{ "pidns PIDNS_IOC_RELATION by id", way_pidns_id, PER_CALL_N },
	};
	struct pidns_relation *r = &c->out;

	c->a = a;
	c->b = b;
	c->id_a = ns_id(a);
	c->id_b = ns_id(b);
	if (!c->id_a || !c->id_b)
		die("relation: NS_GET_ID: %s", strerror(errno));
	for (int w = 0; w < 3; w++) {
		memset(r, 0xff, sizeof(*r));
		if (w == 0)
			expect(walk_relation(c), 0, "relation: the NS_GET_PARENT walk");
		else
			expect(w == 1 ? pidns_relation(c->dev, pidns_ref_fd(a), pidns_ref_fd(b), r) :
			       pidns_relation(c->dev, pidns_ref_id(c->id_a), pidns_ref_id(c->id_b), r),
			       0, "relation: PIDNS_IOC_RELATION");
		if (r->relation != want->relation || r->distance != want->distance ||
		    r->source_level != want->source_level || r->target_level != want->target_level ||
		    r->common_level != want->common_level)
			die("relation: %s: %s answers relation %u, distance %u, levels %u/%u/%u",
			    label, ways[w].name, r->relation, r->distance, r->source_level,
			    r->target_level, r->common_level);
	}
	compare("relation", label, DEPTH, ways, ARRAY_SIZE(ways), c);
}

static void run(int dev, void *env)
{
	const struct pidns_relation ancestor = {
		.relation = PIDNS_RELATION_TARGET_IS_ANCESTOR, .distance = DEPTH - 1,
		.source_level = DEPTH, .target_level = 1, .common_level = 1,
	};
	const struct pidns_relation siblings = {
		.relation = PIDNS_RELATION_UNRELATED, .source_level = DEPTH, .target_level = DEPTH,
		.common_level = DEPTH - 1,
	};
	struct relation_ctx c = { .dev = dev };
	pid_t init, leaf[2], nspid[TREE_MAX_LEVELS];
	int ready[2], own, levels, chain[DEPTH + 1], other;
	char byte;

	own = sys_ok(open("/proc/self/ns/pid", O_RDONLY | O_CLOEXEC), "/proc/self/ns/pid");
	c.own = fd_ino(own);
	close(own);
	levels = read_ns_numbers("/proc/self/status", "NSpid:", nspid, TREE_MAX_LEVELS);
	sys_ok(pipe2(ready, O_CLOEXEC), "pipe");
	init = sys_ok(clone_newpid(NULL), "relation: clone3(CLONE_NEWPID)");
	if (init == 0)
		relation_init(ready[1], 1);
	close(ready[1]);
	for (int i = 0; i < 2; i++)
		if (read(ready[0], &byte, 1) != 1)
			die("relation: the namespaces did not come up");
	close(ready[0]);
	/* The two inits at the bottom, found in /proc: DEPTH levels more than ours, pid 1 there. */
	leaf[0] = find_by_nspid(init, init + 64, levels + DEPTH, 1);
	leaf[1] = leaf[0] ? find_by_nspid(leaf[0] + 1, init + 64, levels + DEPTH, 1) : 0;
	if (levels < 1 || !leaf[0] || !leaf[1])
		die("relation: the namespaces at level %d are not in /proc", DEPTH);
	/* chain[l]: the namespace at level l below ours, on the first leaf's side. */
	chain[DEPTH] = open_pid_ns(leaf[0]);
	for (int l = DEPTH - 1; l >= 1; l--)
		chain[l] = sys_ok(ioctl(chain[l + 1], NS_GET_PARENT), "NS_GET_PARENT");
	other = open_pid_ns(leaf[1]);

	relation_case(&c, "ancestor, 4 to 1", chain[DEPTH], chain[1], &ancestor);
	relation_case(&c, "siblings at 4", chain[DEPTH], other, &siblings);

	kill(init, SIGKILL);
	waitpid(init, NULL, 0);
	for (int l = 1; l <= DEPTH; l++)
		close(chain[l]);
	close(other);
}

const struct section relation_section = { "relation", run };
