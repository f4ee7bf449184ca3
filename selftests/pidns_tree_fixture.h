/* SPDX-License-Identifier: GPL-2.0 */
/*
 * The tree fixture: /dev/pidns and a process tree over nested pid namespaces with its /proc
 * ground truth (struct tree). Its shape is the fixture's variant, which the suite gives:
 *
 *	FIXTURE_VARIANT_ADD(tree, shape_name) {
 *		.depth = 3, .fanout = 2, .workers = 2, .threads = 2,
 *	};
 *
 * Include after pidns_harness.h.
 */
#ifndef __PIDNS_TREE_FIXTURE_H
#define __PIDNS_TREE_FIXTURE_H

FIXTURE(tree)
{
	int dev;
	struct tree *t;
};

/* The arguments of tree_build(). */
FIXTURE_VARIANT(tree)
{
	int depth, fanout, workers, threads;
};

FIXTURE_SETUP(tree)
{
	int err;

	self->dev = open_dev_proc(_metadata);
	if (self->dev < 0)
		return;
	self->t = calloc(1, sizeof(*self->t));
	ASSERT_NE(self->t, NULL);
	err = tree_build(self->t, variant->depth, variant->fanout, variant->workers,
			 variant->threads);
	if (err == -EPERM)
		SKIP(return, "may not create pid namespaces here");
	ASSERT_EQ(err, 0) {
		TH_LOG("building the namespace tree: %s", strerror(-err));
	}
}

/* The harness tears down only what set up completely. */
FIXTURE_TEARDOWN(tree)
{
	tree_destroy(self->t);
	free(self->t);
	close(self->dev);
}

/* Every (source, target) pair of namespaces of tree @t: indices @s and @d into @t->ns. */
#define tree_for_each_pair(t, s, d)			\
	for (int s = 0; s < (t)->nns; s++)		\
		for (int d = 0; d < (t)->nns; d++)

/* Every task of tree @t that has a number in namespace @ns: index @k into @t->task. */
#define tree_for_each_task_in(t, k, ns)			\
	for (int k = 0; k < (t)->ntasks; k++)		\
		if (!tree_nr((t), k, (ns), false)) {} else

/*
 * Asserts that every task of tree @t translates from every namespace to every other as /proc
 * says, the namespaces named by @src[] and @dst[] (indexed like @t->ns). Returns how many
 * translations it checked.
 */
static inline int assert_tree_translations(struct __test_metadata *_metadata, int dev,
					   const struct tree *t, const struct pidns_ref *src,
					   const struct pidns_ref *dst)
{
	int checks = 0;

	tree_for_each_pair(t, s, d) {
		tree_for_each_task_in(t, k, s) {
			pid_t want = tree_nr(t, k, d, false);

			ASSERT_EQ(ioc_translate(dev, tree_nr(t, k, s, false), src[s], dst[d], 0),
				  want ? want : -ENOENT) {
				TH_LOG("tid %d from ns %d to ns %d", t->task[k].tid, s, d);
			}
			checks++;
		}
	}
	return checks;
}

#endif /* __PIDNS_TREE_FIXTURE_H */
