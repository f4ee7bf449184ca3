// SPDX-License-Identifier: GPL-2.0
/*
 * What a monitor of many nested containers needs (the translate_pid RFC's use case): translate
 * pids between any two of them, siblings included, without keeping an fd open per namespace.
 * It learns each namespace's 64-bit id once, closes every fd, and works with ids only.
 *
 *   sibling_monitor
 */
#include "../../selftests/pidns_util.h"
#include "libpidns.h"

int main(void)
{
	struct tree *t = calloc(1, sizeof(*t));
	__u64 id[TREE_MAX_NS];
	int dev = pidns_open(), err, bad = 0, shown = 0;

	if (dev < 0) {
		fprintf(stderr, "%s: %s\n", PIDNS_DEVICE_PATH, strerror(-dev));
		return 2;
	}
	err = tree_build(t, 3, 2, 1, 0);
	if (err) {
		fprintf(stderr, "building the containers: %s\n", strerror(-err));
		return 1;
	}
	/* Learn the ids, then hold no namespace fd at all. */
	for (int n = 0; n < t->nns; n++) {
		id[n] = ns_id(t->ns[n].fd);
		close(t->ns[n].fd);
		t->ns[n].fd = -1;
	}
	for (int k = 0; k < t->ntasks; k++) {
		const struct tree_task *task = &t->task[k];
		int inner = task->ns[task->nlevels - 1];

		for (int n = 1; n < t->nns; n++) {
			pid_t in_inner = task->nspid[task->nlevels - 1];
			pid_t want = tree_nr(t, k, n, false);
			int got = pidns_translate(dev, in_inner, pidns_ref_id(id[inner]),
						  pidns_ref_id(id[n]), 0);

			if (got != (want ? want : -ENOENT)) {
				printf("task %d: pid %d of ns id %llu in ns id %llu: got %d, want %d\n",
				       task->tid, in_inner, (unsigned long long)id[inner],
				       (unsigned long long)id[n], got, want);
				bad++;
			} else if (n != inner && t->ns[n].level == t->ns[inner].level && !shown++) {
				printf("sibling: pid %d of ns %llu is %s in ns %llu\n", in_inner,
				       (unsigned long long)id[inner],
				       got > 0 ? "visible" : "invisible (ENOENT)",
				       (unsigned long long)id[n]);
			}
		}
	}
	printf("%d tasks x %d namespaces translated by id, no fd held: %s\n", t->ntasks, t->nns - 1,
	       bad ? "MISMATCHES" : "all agree with /proc");
	tree_destroy(t);
	return bad ? 1 : 0;
}
