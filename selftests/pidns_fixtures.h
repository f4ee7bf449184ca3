/* SPDX-License-Identifier: GPL-2.0 */
/*
 * Fixtures and assertions shared by the pidns selftests; include after kselftest_harness.h.
 *
 * A test file that wants the tree fixture defines TREE_SHAPE (depth, fanout, workers, threads;
 * see tree_build()) before including this.
 */
#ifndef __PIDNS_FIXTURES_H
#define __PIDNS_FIXTURES_H

#include "pidns_util.h"

/* Opens /dev/pidns, or skips the test if the module is not loaded. */
static inline int open_dev(struct __test_metadata *_metadata)
{
	int dev = pidns_open();

	if (dev == -ENOENT)
		SKIP(return -1, PIDNS_DEVICE_PATH " missing: is pidns.ko loaded?");
	return dev;
}

/*
 * A checker child (a fork that proves something under other credentials or namespaces) exits 0
 * when all went well, or with the number of the step that failed.
 */
#define ASSERT_CHECKER_OK(pid)                                                  \
	do {                                                                     \
		int __status;                                                    \
		ASSERT_EQ(waitpid((pid), &__status, 0), (pid));                  \
		ASSERT_TRUE(WIFEXITED(__status));                                \
		ASSERT_EQ(WEXITSTATUS(__status), 0) {                            \
			TH_LOG("checker step %d failed", WEXITSTATUS(__status)); \
		}                                                                \
	} while (0)

#ifdef TREE_SHAPE
/* A process tree over nested pid namespaces, with its /proc ground truth. */
FIXTURE(tree)
{
	int dev;
	struct tree *t;
};

FIXTURE_SETUP(tree)
{
	int err;

	self->dev = -EBADF;
	self->t = calloc(1, sizeof(*self->t));
	ASSERT_NE(self->t, NULL);
	self->dev = open_dev(_metadata);
	ASSERT_GE(self->dev, 0);
	if (!proc_is_own())
		SKIP(return, "/proc is not this pid namespace's: no ground truth");
	err = tree_build(self->t, TREE_SHAPE);
	if (err == -EPERM)
		SKIP(return, "may not create pid namespaces here");
	ASSERT_EQ(err, 0) {
		TH_LOG("building the namespace tree: %s", strerror(-err));
	}
}

FIXTURE_TEARDOWN(tree)
{
	tree_destroy(self->t);
	free(self->t);
	if (self->dev >= 0)
		close(self->dev);
}
#endif /* TREE_SHAPE */

#endif /* __PIDNS_FIXTURES_H */
