// SPDX-License-Identifier: GPL-2.0
/*
 * Namespaces named by their 64-bit id (PIDNS_REF_ID): the ids are mainline's NS_GET_ID ones, they
 * resolve within the caller's pid-namespace subtree only, and there only where mainline would let
 * the caller learn them; every other id, existing or not, is ENOENT.
 */
#define TREE_SHAPE 3, 2, 1, 1

#include "pidns_util.h"
#include "kselftest_harness.h"
#include "pidns_fixtures.h"

/* Every translation of the tree gives the same answer with ids as with fds. */
TEST_F(tree, id_refs_match_fd_refs)
{
	struct tree *t = self->t;
	__u64 id[TREE_MAX_NS];
	int checks = 0;

	for (int n = 0; n < t->nns; n++) {
		id[n] = ns_id(t->ns[n].fd);
		ASSERT_NE(id[n], 0);
	}
	for (int k = 0; k < t->ntasks; k++) {
		for (int s = 0; s < t->nns; s++) {
			for (int d = 0; d < t->nns; d++) {
				pid_t in_src = tree_nr(t, k, s, false);
				pid_t want = tree_nr(t, k, d, false);

				if (!in_src)
					continue;
				ASSERT_EQ(pidns_translate(self->dev, in_src, pidns_ref_id(id[s]), pidns_ref_id(id[d]), 0),
					  want ? want : -ENOENT);
				ASSERT_EQ(pidns_translate(self->dev, in_src, pidns_ref_id(id[s]),
							  pidns_ref_fd(t->ns[d].fd), 0),
					  want ? want : -ENOENT);
				checks += 2;
			}
		}
	}
	TH_LOG("%d comparisons", checks);
}

/* Ids no one can name: unknown ones, and those of namespaces that lost their last task. */
TEST_F(tree, unknown_and_dead_ids_are_enoent)
{
	struct tree *t = self->t;
	__u64 dead = ns_id(t->ns[t->nns - 1].fd);
	int fd = dup(t->ns[t->nns - 1].fd);

	ASSERT_EQ(pidns_translate(self->dev, 1, pidns_ref_id(0), pidns_ref_caller(), 0), -ENOENT);
	ASSERT_EQ(pidns_translate(self->dev, 1, pidns_ref_id(~0ULL), pidns_ref_caller(), 0), -ENOENT);
	ASSERT_EQ(pidns_translate(self->dev, 1, pidns_ref_id(dead + 1000000), pidns_ref_caller(), 0), -ENOENT);
	/* While it has tasks, its id works like its fd. */
	ASSERT_GT(pidns_translate(self->dev, 1, pidns_ref_fd(fd), pidns_ref_caller(), 0), 1);
	ASSERT_EQ(pidns_translate(self->dev, 1, pidns_ref_id(dead), pidns_ref_caller(), 0),
		  pidns_translate(self->dev, 1, pidns_ref_fd(fd), pidns_ref_caller(), 0));
	tree_destroy(t);
	t->init = 0;
	/* Still open through our fd, but with no task left an id no longer leads to it. */
	ASSERT_EQ(pidns_translate(self->dev, 1, pidns_ref_fd(fd), pidns_ref_caller(), 0), -ESRCH);
	ASSERT_EQ(pidns_translate(self->dev, 1, pidns_ref_id(dead), pidns_ref_caller(), 0), -ENOENT);
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
			if (pidns_translate(self->dev, 1, pidns_ref_id(ns_id(t->ns[n].fd)), pidns_ref_caller(), 0) !=
			    -ENOENT)
				_exit(10 + n);
		if (pidns_translate(self->dev, 1, pidns_ref_id(ns_id(own)), pidns_ref_caller(), 0) != 1)
			_exit(9);
		_exit(0);
	}
	ASSERT_CHECKER_OK(checker);
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
	pid_t checker = fork();

	ASSERT_GE(checker, 0);
	if (checker == 0) {
		bool nobody = false;
		__u64 own = ns_id(t->ns[0].fd);

		if (geteuid() == 0) {
			nobody = !setresgid(65534, 65534, 65534) && !setresuid(65534, 65534, 65534);
			if (!nobody && unshare(CLONE_NEWUSER))
				_exit(1);
		}
		for (int n = 1; n < t->nns; n++) {
			bool may = false;
			int want, got;

			for (int k = 0; k < t->ntasks && !may; k++) {
				char path[96];
				int fd;

				if (!tree_nr(t, k, n, false))
					continue;
				snprintf(path, sizeof(path), "/proc/%d/task/%d/ns/pid", t->task[k].tgid,
					 t->task[k].tid);
				fd = open(path, O_RDONLY | O_CLOEXEC);
				may = fd >= 0;
				if (fd >= 0)
					close(fd);
			}
			if (nobody && may)
				_exit(2);	/* mainline must refuse nobody: the test proves nothing */
			want = may ? pidns_translate(self->dev, 1, pidns_ref_fd(t->ns[n].fd),
						     pidns_ref_caller(), 0) : -ENOENT;
			got = pidns_translate(self->dev, 1, pidns_ref_id(ns_id(t->ns[n].fd)),
					      pidns_ref_caller(), 0);
			if (want == 0 || got != want)
				_exit(10 + n);
		}
		if (pidns_translate(self->dev, getpid(), pidns_ref_id(own), pidns_ref_caller(), 0) != getpid())
			_exit(3);
		_exit(0);
	}
	ASSERT_CHECKER_OK(checker);
}

TEST_HARNESS_MAIN
