// SPDX-License-Identifier: GPL-2.0
/*
 * Namespaces named by their 64-bit id (PIDNS_REF_ID): the ids are mainline's NS_GET_ID ones, they
 * resolve within the caller's pid-namespace subtree only, and there only where mainline would let
 * the caller learn them; every other id, existing or not, is ENOENT.
 */
#include "kselftest_harness.h"
#include "pidns_harness.h"
#include "pidns_tree_fixture.h"

/* Three levels below the caller's namespace, two siblings at the second; one worker in each. */
FIXTURE_VARIANT_ADD(tree, three_levels) {
	.depth = 3, .fanout = 2, .workers = 1, .threads = 1,
};

/* Every translation of the tree gives the same answer with ids as with fds. */
TEST_F(tree, id_refs_match_fd_refs)
{
	struct tree *t = self->t;
	struct pidns_ref ids[TREE_MAX_NS], fds[TREE_MAX_NS];
	int checks;

	for (int n = 0; n < t->nns; n++) {
		ASSERT_NE(ns_id(t->ns[n].fd), 0);
		ids[n] = ref_id(ns_id(t->ns[n].fd));
		fds[n] = ref_fd(t->ns[n].fd);
	}
	checks = assert_tree_translations(_metadata, self->dev, t, ids, ids);
	checks += assert_tree_translations(_metadata, self->dev, t, ids, fds);
	TH_LOG("%d comparisons", checks);
}

/* Ids no one can name: unknown ones, and those of namespaces that lost their last task. */
TEST_F(tree, unknown_and_dead_ids_are_enoent)
{
	struct tree *t = self->t;
	__u64 dead = ns_id(t->ns[t->nns - 1].fd);
	int fd = dup(t->ns[t->nns - 1].fd);

	ASSERT_EQ(ioc_translate(self->dev, 1, ref_id(0), ref_caller(), 0), -ENOENT);
	ASSERT_EQ(ioc_translate(self->dev, 1, ref_id(~0ULL), ref_caller(), 0), -ENOENT);
	ASSERT_EQ(ioc_translate(self->dev, 1, ref_id(dead + 1000000), ref_caller(), 0), -ENOENT);
	/* While it has tasks, its id works like its fd. */
	ASSERT_GT(ioc_translate(self->dev, 1, ref_fd(fd), ref_caller(), 0), 1);
	ASSERT_EQ(ioc_translate(self->dev, 1, ref_id(dead), ref_caller(), 0),
		  ioc_translate(self->dev, 1, ref_fd(fd), ref_caller(), 0));
	tree_destroy(t);
	/* Still open through our fd, but with no task left an id no longer leads to it. */
	ASSERT_EQ(ioc_translate(self->dev, 1, ref_fd(fd), ref_caller(), 0), -ESRCH);
	ASSERT_EQ(ioc_translate(self->dev, 1, ref_id(dead), ref_caller(), 0), -ENOENT);
	close(fd);
}

/*
 * From inside a sibling namespace, the tree's ids name nothing: ENOENT, exactly as for an id that
 * never existed. The caller's own id still works there.
 */
TEST_F(tree, ids_outside_subtree_are_enoent)
{
	struct tree *t = self->t;
	pid_t checker = clone_newpid(NULL);

	ASSERT_GE(checker, 0);
	if (checker == 0) {
		int own = open("/proc/self/ns/pid", O_RDONLY | O_CLOEXEC);

		for (int n = 0; n < t->nns; n++)
			CHECK(10 + n, ioc_translate(self->dev, 1, ref_id(ns_id(t->ns[n].fd)),
						    ref_caller(), 0) == -ENOENT);
		CHECK(9, ioc_translate(self->dev, 1, ref_id(ns_id(own)), ref_caller(), 0) == 1);
		_exit(0);
	}
	ASSERT_CHECKER_OK(checker);
}

/* Whether the caller may open /proc/PID/ns/pid of task @k of the tree (NS_GET_ID then names it). */
static bool may_open_pid_ns(const struct tree *t, int k)
{
	char path[96];
	int fd;

	snprintf(path, sizeof(path), "/proc/%d/task/%d/ns/pid", t->task[k].tgid, t->task[k].tid);
	fd = open(path, O_RDONLY | O_CLOEXEC);
	if (fd < 0)
		return false;
	close(fd);
	return true;
}

/*
 * ABI 6 (finding 2 of issue 12): an id resolves only where mainline lets the caller learn it. A
 * checker without privileges (nobody as real root, else the same uid in a user namespace of its
 * own), so without may_see_all_namespaces(), resolves a tree namespace's id exactly when it may
 * open /proc/PID/ns/pid of a task in that namespace or below it (NS_GET_ID on that nsfd, and
 * NS_GET_PARENT from there, name it), and gets ENOENT otherwise, like an id that never existed.
 * As nobody, none of root's namespaces resolves. Its own namespace's id always does.
 */
TEST_F(tree, ids_follow_mainline)
{
	struct tree *t = self->t;
	__u64 own = ns_id(t->ns[0].fd);
	pid_t checker = fork_checker(_metadata, drop_privileges);

	if (checker == 0) {
		for (int n = 1; n < t->nns; n++) {
			struct pidns_ref fd = ref_fd(t->ns[n].fd), id = ref_id(ns_id(t->ns[n].fd));
			bool may = false;
			int want;

			tree_for_each_task_in(t, k, n)
				may = may || may_open_pid_ns(t, k);
			/* Mainline must refuse nobody, or the test proves nothing. */
			CHECK(2, !(became_nobody && may));
			want = may ? ioc_translate(self->dev, 1, fd, ref_caller(), 0) : -ENOENT;
			CHECK(10 + n, want != 0 &&
				      ioc_translate(self->dev, 1, id, ref_caller(), 0) == want);
		}
		CHECK(3, ioc_translate(self->dev, getpid(), ref_id(own), ref_caller(), 0) ==
			 getpid());
		_exit(0);
	}
	ASSERT_CHECKER_OK(checker);
}

TEST_HARNESS_MAIN
