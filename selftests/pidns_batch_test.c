// SPDX-License-Identifier: GPL-2.0
/*
 * PIDNS_IOC_TRANSLATE_BATCH: every entry must be what PIDNS_IOC_TRANSLATE answers for that pid
 * alone (and what NSpid says), and a call that fails must leave nothing behind that looks like
 * an answer.
 */
#include <stddef.h>
#include <sys/mman.h>

#include "kselftest_harness.h"
#include "pidns_harness.h"
#include "pidns_tree_fixture.h"

/* Two levels below the caller's namespace, two siblings at the second; threads everywhere. */
FIXTURE_VARIANT_ADD(tree, two_levels) {
	.depth = 2, .fanout = 2, .workers = 2, .threads = 2,
};

#define SENTINEL 0x7f7f7f7f

static struct pidns_translate_batch batch_req(const pid_t *pids, pid_t *results, __u32 count,
					      struct pidns_ref source, struct pidns_ref target)
{
	return (struct pidns_translate_batch){
		.size = sizeof(struct pidns_translate_batch), .source = source, .target = target,
		.count = count, .pids = (uintptr_t)pids, .results = (uintptr_t)results,
		.translated = SENTINEL,
	};
}

static void fill(pid_t *v, int n, pid_t value)
{
	for (int i = 0; i < n; i++)
		v[i] = value;
}

/*
 * Every (source, target) pair of the tree, pid and tgid: a batch of every task's number in the
 * source plus hostile entries (0, negative, absent, numbers from other namespaces) must match
 * single calls entry for entry, and /proc where the tree knows the answer.
 */
TEST_F(tree, matches_single_calls_and_proc)
{
	struct tree *t = self->t;
	pid_t pids[TREE_MAX_TASKS * 2 + 8], results[TREE_MAX_TASKS * 2 + 8], want[TREE_MAX_TASKS];
	int checks = 0;

	tree_for_each_pair(t, s, d) {
		for (int tgid = 0; tgid <= 1; tgid++) {
			__u32 flags = tgid ? PIDNS_TRANSLATE_TGID : 0;
			struct pidns_ref src = ref_fd(t->ns[s].fd);
			struct pidns_ref dst = ref_fd(t->ns[d].fd);
			int n = 0, known, positive = 0, got;

			tree_for_each_task_in(t, k, s) {
				want[n] = tree_nr(t, k, d, tgid);
				pids[n++] = tree_nr(t, k, s, false);
			}
			known = n;
			pids[n++] = 0;
			pids[n++] = -1;
			pids[n++] = INT32_MIN;
			pids[n++] = 4194304;	/* above any pid_max */
			for (int k = 0; k < t->ntasks; k++)
				pids[n++] = t->task[k].tid;	/* caller's numbers */

			got = ioc_translate_batch(self->dev, pids, results, n, src, dst, flags);
			for (int i = 0; i < n; i++) {
				/* What PIDNS_IOC_TRANSLATE says of that pid alone. */
				int one = ioc_translate(self->dev, pids[i], src, dst, flags);

				ASSERT_EQ(results[i], one) {
					TH_LOG("entry %d (pid %d) from ns %d to ns %d, %s",
					       i, pids[i], s, d, tgid ? "tgid" : "pid");
				}
				if (i < known)
					ASSERT_EQ(results[i], want[i] ? want[i] : -ENOENT);
				ASSERT_NE(results[i], 0);
				positive += results[i] > 0;
				checks++;
			}
			ASSERT_EQ(got, positive);
			ASSERT_EQ(results[known], -EINVAL);
			ASSERT_EQ(results[known + 3], -ESRCH);
		}
	}
	TH_LOG("%d namespaces, %d entries compared", t->nns, checks);
	ASSERT_GT(checks, 500);
}

/* @results may be @pids: the module reads every entry before it writes any. */
TEST_F(tree, translates_in_place)
{
	struct tree *t = self->t;
	pid_t buf[TREE_MAX_TASKS], want[TREE_MAX_TASKS];
	int n = 0;

	tree_for_each_task_in(t, k, 1) {
		buf[n] = tree_nr(t, k, 1, false);
		want[n++] = t->task[k].tid;
	}
	ASSERT_GT(n, 4);
	ASSERT_EQ(ioc_translate_batch(self->dev, buf, buf, n, ref_fd(t->ns[1].fd),
				      ref_caller(), 0), n);
	for (int i = 0; i < n; i++)
		ASSERT_EQ(buf[i], want[i]);
}

/* The bound: PIDNS_BATCH_MAX entries work, one more is E2BIG with nothing written. */
TEST_F(tree, bound)
{
	static pid_t pids[PIDNS_BATCH_MAX + 1], results[PIDNS_BATCH_MAX + 1];
	struct pidns_translate_batch req;
	int positive = 0, got;

	for (int i = 0; i <= PIDNS_BATCH_MAX; i++) {
		pids[i] = i + 1;
		results[i] = SENTINEL;
	}
	req = batch_req(pids, results, PIDNS_BATCH_MAX + 1, ref_caller(),
			ref_fd(self->t->ns[1].fd));
	ASSERT_EQ(ioc(self->dev, PIDNS_IOC_TRANSLATE_BATCH, &req), -E2BIG);
	ASSERT_EQ(req.translated, SENTINEL);
	for (int i = 0; i <= PIDNS_BATCH_MAX; i++)
		ASSERT_EQ(results[i], SENTINEL);

	got = ioc_translate_batch(self->dev, pids, results, PIDNS_BATCH_MAX, ref_caller(),
				  ref_fd(self->t->ns[1].fd), 0);
	for (int i = 0; i < PIDNS_BATCH_MAX; i++) {
		ASSERT_EQ(results[i], ioc_translate(self->dev, pids[i], ref_caller(),
						    ref_fd(self->t->ns[1].fd), 0));
		positive += results[i] > 0;
	}
	ASSERT_EQ(got, positive);
	ASSERT_GT(positive, 0);
	ASSERT_EQ(results[PIDNS_BATCH_MAX], SENTINEL);
}

/* No entries: the references are still checked, and nothing else happens. */
TEST_F(tree, empty_batch)
{
	ASSERT_EQ(ioc_translate_batch(self->dev, NULL, NULL, 0, ref_caller(),
				      ref_fd(self->t->ns[1].fd), 0), 0);
	ASSERT_EQ(ioc_translate_batch(self->dev, NULL, NULL, 0, ref_caller(),
				      ref_fd(INT32_MAX), 0), -EBADF);
	ASSERT_EQ(ioc_translate_batch(self->dev, NULL, NULL, 0, ref_caller(),
				      ref_fd(-1), 0), -EINVAL);
	/* Both references bad: the source's error wins (finding 12 of issue 12). */
	ASSERT_EQ(ioc_translate_batch(self->dev, NULL, NULL, 0, ref_fd(INT32_MAX),
				      (struct pidns_ref){ .kind = 7 }, 0), -EBADF);
	ASSERT_EQ(ioc_translate_batch(self->dev, NULL, NULL, 0, ref_id(0),
				      ref_fd(INT32_MAX), 0), -ENOENT);
}

/* Whole-call errors: flags, references, sizes. The results are never touched. */
TEST_F(tree, call_errors_touch_nothing)
{
	pid_t pids[2] = { 1, 1 }, results[2] = { SENTINEL, SENTINEL };
	struct {
		struct pidns_translate_batch req;
		__u64 tail;
	} big;
	struct pidns_translate_batch req;

	req = batch_req(pids, results, 2, ref_caller(), ref_caller());
	req.flags = 1U << 31;
	ASSERT_EQ(ioc(self->dev, PIDNS_IOC_TRANSLATE_BATCH, &req), -EINVAL);
	req = batch_req(pids, results, 2, ref_caller(), ref_caller());
	req.source.kind = 7;
	ASSERT_EQ(ioc(self->dev, PIDNS_IOC_TRANSLATE_BATCH, &req), -EINVAL);
	req = batch_req(pids, results, 2, ref_caller(), ref_caller());
	req.target.reserved = 1;
	ASSERT_EQ(ioc(self->dev, PIDNS_IOC_TRANSLATE_BATCH, &req), -EINVAL);
	req = batch_req(pids, results, 2, ref_id(~0ULL), ref_caller());
	ASSERT_EQ(ioc(self->dev, PIDNS_IOC_TRANSLATE_BATCH, &req), -ENOENT);
	req = batch_req(pids, results, 2, ref_caller(), ref_caller());
	req.size = PIDNS_TRANSLATE_BATCH_SIZE_VER0 - 8;
	ASSERT_EQ(ioc(self->dev, PIDNS_IOC_TRANSLATE_BATCH, &req), -EINVAL);
	ASSERT_EQ(req.translated, SENTINEL);
	ASSERT_EQ(results[0], SENTINEL);
	ASSERT_EQ(results[1], SENTINEL);

	/* A newer caller's larger struct: accepted with a zero tail, E2BIG otherwise. */
	big.req = batch_req(pids, results, 2, ref_caller(), ref_caller());
	big.req.size = sizeof(big);
	big.tail = 1;
	ASSERT_EQ(ioc(self->dev, PIDNS_IOC_TRANSLATE_BATCH, &big), -E2BIG);
	ASSERT_EQ(results[0], SENTINEL);
	big.tail = 0;
	ASSERT_EQ(ioc(self->dev, PIDNS_IOC_TRANSLATE_BATCH, &big), 0);
	ASSERT_EQ(big.req.translated, 2);
	ASSERT_EQ(results[0], 1);
}

/*
 * @len bytes that end where an inaccessible page begins: an array there faults half way when it
 * is longer. (The test's process ends with the mapping.)
 */
static pid_t *before_guard_page(struct __test_metadata *_metadata, size_t len)
{
	long page = sysconf(_SC_PAGESIZE);
	char *p = mmap(NULL, 2 * page, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);

	ASSERT_NE(p, MAP_FAILED);
	ASSERT_EQ(mprotect(p + page, page, PROT_NONE), 0);
	return (pid_t *)(p + page - len);
}

/* @pids cannot be read (NULL, or running into an unmapped page): EFAULT, @results untouched. */
TEST_F(tree, unreadable_pids_write_nothing)
{
	pid_t *pids = before_guard_page(_metadata, 4 * sizeof(pid_t)), results[8];
	struct pidns_translate_batch req;

	for (int i = 0; i < 4; i++)
		pids[i] = i + 1;
	fill(results, 8, SENTINEL);
	req = batch_req(NULL, results, 8, ref_caller(), ref_caller());
	ASSERT_EQ(ioc(self->dev, PIDNS_IOC_TRANSLATE_BATCH, &req), -EFAULT);
	req = batch_req(pids, results, 8, ref_caller(), ref_caller());
	ASSERT_EQ(ioc(self->dev, PIDNS_IOC_TRANSLATE_BATCH, &req), -EFAULT);
	ASSERT_EQ(req.translated, SENTINEL);
	for (int i = 0; i < 8; i++)
		ASSERT_EQ(results[i], SENTINEL);
}

/*
 * @results runs into an unmapped page: EFAULT, and the part that could be written holds zeros
 * (never a result: 0 is neither a pid nor an errno), so no half answer is left behind.
 */
TEST_F(tree, unwritable_results_leave_no_half_answer)
{
	pid_t *results = before_guard_page(_metadata, 16 * sizeof(pid_t)), pids[64];
	struct pidns_translate_batch req;

	fill(pids, 64, 1);	/* each one translatable: the caller's init */
	fill(results, 16, SENTINEL);
	req = batch_req(pids, results, 64, ref_caller(), ref_caller());
	ASSERT_EQ(ioc(self->dev, PIDNS_IOC_TRANSLATE_BATCH, &req), -EFAULT);
	ASSERT_EQ(req.translated, SENTINEL);
	for (int i = 0; i < 16; i++)
		ASSERT_EQ(results[i], 0);
}

/*
 * The results were written but the struct cannot take @translated (read-only page): EFAULT, and
 * the results are cleared again.
 */
TEST_F(tree, unwritable_struct_clears_results)
{
	long page = sysconf(_SC_PAGESIZE);
	pid_t pids[32], results[32];
	struct pidns_translate_batch *req;

	req = mmap(NULL, page, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
	ASSERT_NE(req, MAP_FAILED);
	fill(pids, 32, 1);
	fill(results, 32, SENTINEL);
	*req = batch_req(pids, results, 32, ref_caller(), ref_caller());
	ASSERT_EQ(mprotect(req, page, PROT_READ), 0);
	ASSERT_EQ(ioc(self->dev, PIDNS_IOC_TRANSLATE_BATCH, req), -EFAULT);
	for (int i = 0; i < 32; i++)
		ASSERT_EQ(results[i], 0);
	munmap(req, page);
}

/*
 * Finding 7 of issue 12: the write-back writes @translated only, never the input fields. The
 * struct is placed so that @translated (offset 44) is the last thing on a writable page and
 * @pids and @results (offsets 48 and 56), inputs, are on a read-only one: the call succeeds.
 */
TEST_F(tree, write_back_writes_translated_only)
{
	long page = sysconf(_SC_PAGESIZE);
	char *mem = mmap(NULL, 2 * page, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
	pid_t pids[4] = { 1, getpid(), 0, INT32_MAX }, results[4];
	struct pidns_translate_batch *req;

	ASSERT_NE(mem, MAP_FAILED);
	req = (void *)(mem + page - offsetof(struct pidns_translate_batch, pids));
	*req = batch_req(pids, results, 4, ref_caller(), ref_caller());
	ASSERT_EQ(mprotect(mem + page, page, PROT_READ), 0);
	ASSERT_EQ(ioc(self->dev, PIDNS_IOC_TRANSLATE_BATCH, req), 0);
	ASSERT_EQ(req->translated, 2);
	ASSERT_EQ(results[0], 1);
	ASSERT_EQ(results[1], getpid());
	ASSERT_EQ(results[2], -EINVAL);
	ASSERT_EQ(results[3], -ESRCH);
	munmap(mem, 2 * page);
}

TEST_HARNESS_MAIN
