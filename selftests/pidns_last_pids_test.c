// SPDX-License-Identifier: GPL-2.0
/*
 * PIDNS_IOC_{GET,SET}_LAST_PIDS: what CRIU needs to restore a task with given pids on every level
 * of a nested pid-namespace hierarchy, checked by forking in the innermost namespace and reading
 * the child's NSpid, and against clone3() with a multi-level set_tid.
 */
#include <stddef.h>
#include <sys/mman.h>

#include "kselftest_harness.h"
#include "pidns_harness.h"
#include "pidns_dev_fixture.h"

#define DEPTH 3
#define SENTINEL 0x5a5a5a5a

/* A last pid some 5000 pids away from @last, within 1..@pid_max. */
static __s32 far_value(__s32 last, long pid_max)
{
	return last > pid_max / 2 ? last - 5000 : last + 5000;
}

FIXTURE(chain)
{
	int dev;
	struct chain c;
};

FIXTURE_SETUP(chain)
{
	int err;

	self->dev = open_dev_proc(_metadata);
	if (self->dev < 0)
		return;
	err = chain_build(&self->c, DEPTH);
	if (err == -EPERM)
		SKIP(return, "may not create pid namespaces here");
	ASSERT_EQ(err, 0) {
		TH_LOG("building the chain: %s", strerror(-err));
	}
}

FIXTURE_TEARDOWN(chain)
{
	chain_destroy(&self->c);
	close(self->dev);
}

static int get(int dev, int nsfd, __s32 *v, __u32 n)
{
	return ioc_last_pids(dev, PIDNS_IOC_GET_LAST_PIDS, ref_fd(nsfd), v, n);
}

static int set(int dev, int nsfd, __s32 *v, __u32 n)
{
	return ioc_last_pids(dev, PIDNS_IOC_SET_LAST_PIDS, ref_fd(nsfd), v, n);
}

/* Set every level, fork innermost: the child's pid on level i is vector[i] + 1. */
TEST_F(chain, set_then_fork)
{
	__s32 v[DEPTH] = { 100, 2000, 30000 }, got[DEPTH];
	pid_t nspid[TREE_MAX_LEVELS];

	ASSERT_EQ(set(self->dev, self->c.nsfd[0], v, DEPTH), DEPTH + 1);
	ASSERT_EQ(get(self->dev, self->c.nsfd[0], got, DEPTH), DEPTH + 1);
	ASSERT_EQ(memcmp(got, v, sizeof(v)), 0);
	ASSERT_EQ(chain_fork(&self->c, NULL, 0, nspid), DEPTH + 1);
	/* NSpid runs outermost first; the vector innermost first. */
	for (int i = 0; i < DEPTH; i++) {
		ASSERT_EQ(nspid[DEPTH - i], v[i] + 1) {
			TH_LOG("level %d from the innermost", i);
		}
	}
	/* Each level's ns_last_pid moved on to the child. */
	ASSERT_EQ(get(self->dev, self->c.nsfd[0], got, DEPTH), DEPTH + 1);
	for (int i = 0; i < DEPTH; i++)
		ASSERT_EQ(got[i], v[i] + 1);
}

/* The same pids through clone3() set_tid agree on which level is which. */
TEST_F(chain, agrees_with_clone3_set_tid)
{
	__s32 v[DEPTH] = { 500, 600, 700 };
	pid_t set_tid[DEPTH] = { 502, 602, 702 }, nspid[TREE_MAX_LEVELS];

	ASSERT_EQ(set(self->dev, self->c.nsfd[0], v, DEPTH), DEPTH + 1);
	ASSERT_EQ(chain_fork(&self->c, NULL, 0, nspid), DEPTH + 1);
	for (int i = 0; i < DEPTH; i++)
		ASSERT_EQ(nspid[DEPTH - i], v[i] + 1);
	ASSERT_EQ(chain_fork(&self->c, set_tid, DEPTH, nspid), DEPTH + 1);
	for (int i = 0; i < DEPTH; i++)
		ASSERT_EQ(nspid[DEPTH - i], set_tid[i]);
}

/* Fewer entries than levels: only those levels change. */
TEST_F(chain, partial_vector)
{
	__s32 before[DEPTH], after[DEPTH], v = 4242;

	ASSERT_EQ(get(self->dev, self->c.nsfd[0], before, DEPTH), DEPTH + 1);
	ASSERT_EQ(set(self->dev, self->c.nsfd[0], &v, 1), DEPTH + 1);
	ASSERT_EQ(get(self->dev, self->c.nsfd[0], after, DEPTH), DEPTH + 1);
	ASSERT_EQ(after[0], v);
	ASSERT_EQ(after[1], before[1]);
	ASSERT_EQ(after[2], before[2]);
	/* count 0 only reports the depth. */
	ASSERT_EQ(get(self->dev, self->c.nsfd[0], NULL, 0), DEPTH + 1);
	ASSERT_EQ(get(self->dev, self->c.nsfd[DEPTH - 1], NULL, 0), 2);
}

/* Out-of-range entries anywhere: EINVAL, and no level changes. */
TEST_F(chain, out_of_range_changes_nothing)
{
	__s32 before[DEPTH], after[DEPTH];
	/* 4194305: above PID_MAX_LIMIT, the largest pid_max a level can have. */
	__s32 bad[][DEPTH] = {
		{ 10, 20, -1 }, { -5, 20, 30 }, { 10, INT32_MAX, 30 }, { 10, 20, 4194305 },
	};

	ASSERT_EQ(get(self->dev, self->c.nsfd[0], before, DEPTH), DEPTH + 1);
	for (unsigned int i = 0; i < sizeof(bad) / sizeof(bad[0]); i++) {
		ASSERT_EQ(set(self->dev, self->c.nsfd[0], bad[i], DEPTH), -EINVAL);
		ASSERT_EQ(get(self->dev, self->c.nsfd[0], after, DEPTH), DEPTH + 1);
		ASSERT_EQ(memcmp(before, after, sizeof(before)), 0);
	}
}

/* A vector longer than the hierarchy (up to the caller's namespace) is EINVAL. */
TEST_F(chain, longer_than_hierarchy)
{
	__s32 v[PIDNS_MAX_LEVELS + 1] = { 0 };

	ASSERT_EQ(get(self->dev, self->c.nsfd[0], v, DEPTH + 2), -EINVAL);
	ASSERT_EQ(set(self->dev, self->c.nsfd[0], v, DEPTH + 2), -EINVAL);
	ASSERT_EQ(get(self->dev, self->c.nsfd[0], v, PIDNS_MAX_LEVELS + 1), -EINVAL);
}

/* An unreadable or unwritable array: EFAULT, and nothing set. */
TEST_F(chain, bad_array_is_efault)
{
	__s32 before[DEPTH], after[DEPTH];

	ASSERT_EQ(get(self->dev, self->c.nsfd[0], before, DEPTH), DEPTH + 1);
	ASSERT_EQ(set(self->dev, self->c.nsfd[0], (__s32 *)8, DEPTH), -EFAULT);
	ASSERT_EQ(get(self->dev, self->c.nsfd[0], (__s32 *)8, DEPTH), -EFAULT);
	ASSERT_EQ(get(self->dev, self->c.nsfd[0], after, DEPTH), DEPTH + 1);
	ASSERT_EQ(memcmp(before, after, sizeof(before)), 0);
}

/*
 * A level the caller has no capability over: the checker moves into a new user namespace and
 * creates a pid namespace of its own there. Its vector covers that namespace (which it owns) and
 * the one above (which it does not): EPERM, and neither level changes.
 */
TEST_F(chain, level_without_capability_changes_nothing)
{
	/* The new namespace has a task: a level without one cannot be set at all (ESRCH). */
	pid_t checker = fork_checker(_metadata, unshare_user_pidns);

	if (checker == 0) {
		__s32 before[2], after[2], v[2] = { 77, 88 };
		int nsfd = open("/proc/self/ns/pid_for_children", O_RDONLY | O_CLOEXEC);

		CHECK(11, nsfd >= 0 && get(self->dev, nsfd, before, 2) == 2);
		CHECK(12, set(self->dev, nsfd, v, 2) == -EPERM);
		CHECK(13, get(self->dev, nsfd, after, 2) == 2 &&
		      !memcmp(before, after, sizeof(before)));
		/* Its own level alone it may set. */
		CHECK(14, set(self->dev, nsfd, v, 1) == 2 && get(self->dev, nsfd, after, 1) == 2 &&
		      after[0] == 77);
		_exit(0);
	}
	ASSERT_CHECKER_OK(checker);
}

/* A namespace outside the caller's subtree (a sibling of the caller's): EPERM, even to read. */
TEST_F(chain, outside_subtree_is_eperm)
{
	pid_t checker = clone_checker(_metadata);

	if (checker == 0) {
		__s32 v[1];

		/* We are pid 1 of a new namespace; the chain's are our siblings' descendants. */
		CHECK(1, get(self->dev, self->c.nsfd[0], v, 1) == -EPERM);
		CHECK(2, set(self->dev, self->c.nsfd[DEPTH - 1], v, 0) == -EPERM);
		_exit(0);
	}
	ASSERT_CHECKER_OK(checker);
}

/*
 * Finding 3 of issue 12: all or nothing includes the write-back. A SET whose struct sits on a
 * page made read-only after it was filled cannot write @levels back: EFAULT, and nothing may have
 * changed. ns_last_pid reads the same through pidns and through /proc/sys/kernel/ns_last_pid
 * inside, and the next fork gets the pid it would have got anyway, not the value asked for + 1.
 */
TEST_F(chain, set_with_unwritable_struct_changes_nothing)
{
	long page = getpagesize(), inside;
	struct pidns_last_pids *req = mmap(NULL, page, PROT_READ | PROT_WRITE,
					   MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
	__s32 v[DEPTH] = { 700, 800, 900 }, before[DEPTH], after[DEPTH];
	pid_t nspid[TREE_MAX_LEVELS];

	ASSERT_NE(req, MAP_FAILED);
	ASSERT_EQ(get(self->dev, self->c.nsfd[0], before, DEPTH), DEPTH + 1);
	ASSERT_EQ(chain_sysctl(&self->c, &inside, NULL), 0);
	ASSERT_EQ(inside, before[0]);
	*req = (struct pidns_last_pids){ .size = sizeof(*req), .ns = ref_fd(self->c.nsfd[0]),
					 .count = DEPTH, .last_pids = (uintptr_t)v };
	ASSERT_EQ(mprotect(req, page, PROT_READ), 0);
	ASSERT_EQ(ioctl(self->dev, PIDNS_IOC_SET_LAST_PIDS, req), -1);
	ASSERT_EQ(errno, EFAULT);

	ASSERT_EQ(get(self->dev, self->c.nsfd[0], after, DEPTH), DEPTH + 1);
	ASSERT_EQ(memcmp(before, after, sizeof(before)), 0) {
		TH_LOG("ns_last_pid changed by a failed SET: %d %d %d", after[0], after[1], after[2]);
	}
	ASSERT_EQ(chain_sysctl(&self->c, &inside, NULL), 0);
	ASSERT_EQ(inside, before[0]) {
		TH_LOG("/proc/sys/kernel/ns_last_pid inside reads %ld", inside);
	}
	/* Nothing else forks in the chain: each level's next pid follows its old last pid. */
	ASSERT_EQ(chain_fork(&self->c, NULL, 0, nspid), DEPTH + 1);
	for (int i = 0; i < DEPTH; i++) {
		ASSERT_NE(nspid[DEPTH - i], v[i] + 1);
		ASSERT_EQ(nspid[DEPTH - i], before[i] + 1) {
			TH_LOG("level %d from the innermost", i);
		}
	}
	munmap(req, page);
}

/*
 * Finding 9 of issue 12: the range is mainline's sysctl's, 0..pid_max of the level with pid_max
 * itself included; pid_max + 1 is EINVAL. The innermost level's pid_max as its init reads it.
 */
TEST_F(chain, pid_max_is_in_range)
{
	long last, pid_max;
	__s32 v, got;

	ASSERT_EQ(chain_sysctl(&self->c, &last, &pid_max), 0);
	ASSERT_GT(pid_max, 1);
	ASSERT_LT(pid_max, INT32_MAX);
	v = pid_max;
	ASSERT_EQ(set(self->dev, self->c.nsfd[0], &v, 1), DEPTH + 1);
	ASSERT_EQ(get(self->dev, self->c.nsfd[0], &got, 1), DEPTH + 1);
	ASSERT_EQ(got, pid_max);
	/* The sysctl inside agrees: it is the very value mainline would have taken. */
	ASSERT_EQ(chain_sysctl(&self->c, &last, NULL), 0);
	ASSERT_EQ(last, pid_max);
	v = pid_max + 1;
	ASSERT_EQ(set(self->dev, self->c.nsfd[0], &v, 1), -EINVAL);
	ASSERT_EQ(get(self->dev, self->c.nsfd[0], &got, 1), DEPTH + 1);
	ASSERT_EQ(got, pid_max);
	v = 0;
	ASSERT_EQ(set(self->dev, self->c.nsfd[0], &v, 1), DEPTH + 1);
}

/*
 * Finding 9 of issue 12: GET writes its array in one copy. An array that runs into a read-only
 * page is EFAULT, the part that could be written is reset to 0 (no partial vector is left
 * behind), and @levels is not written.
 */
TEST_F(chain, get_fault_leaves_no_partial_vector)
{
	long page = getpagesize();
	char *mem = mmap(NULL, 2 * page, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
	__s32 *arr = (__s32 *)(mem + page) - (DEPTH - 1);	/* the last entry is on the next page */
	struct pidns_last_pids req = { .size = sizeof(req), .ns = ref_fd(self->c.nsfd[0]),
				       .count = DEPTH, .levels = SENTINEL, .last_pids = (uintptr_t)arr };

	ASSERT_NE(mem, MAP_FAILED);
	for (int i = 0; i < DEPTH - 1; i++)
		arr[i] = SENTINEL;
	ASSERT_EQ(mprotect(mem + page, page, PROT_READ), 0);
	ASSERT_EQ(ioctl(self->dev, PIDNS_IOC_GET_LAST_PIDS, &req), -1);
	ASSERT_EQ(errno, EFAULT);
	ASSERT_EQ(req.levels, SENTINEL);
	for (int i = 0; i < DEPTH - 1; i++) {
		ASSERT_EQ(arr[i], 0) {
			TH_LOG("entry %d left at %d", i, arr[i]);
		}
	}
	munmap(mem, 2 * page);
}

/*
 * Finding 7 of issue 12: the write-back writes output fields only. The struct is placed so that
 * @levels (offset 28) is on a writable page and @last_pids (offset 32), an input, on a read-only
 * one: GET and SET succeed and report @levels.
 */
TEST_F(chain, write_back_writes_levels_only)
{
	long page = getpagesize();
	char *mem = mmap(NULL, 2 * page, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
	struct pidns_last_pids *req;
	__s32 v[DEPTH] = { 321, 432, 543 }, got[DEPTH];

	ASSERT_NE(mem, MAP_FAILED);
	req = (void *)(mem + page - offsetof(struct pidns_last_pids, last_pids));
	*req = (struct pidns_last_pids){ .size = sizeof(*req), .ns = ref_fd(self->c.nsfd[0]),
					 .count = DEPTH, .levels = SENTINEL, .last_pids = (uintptr_t)v };
	ASSERT_EQ(mprotect(mem + page, page, PROT_READ), 0);
	ASSERT_EQ(ioc(self->dev, PIDNS_IOC_SET_LAST_PIDS, req), 0);
	ASSERT_EQ(req->levels, DEPTH + 1);
	ASSERT_EQ(get(self->dev, self->c.nsfd[0], got, DEPTH), DEPTH + 1);
	ASSERT_EQ(memcmp(got, v, sizeof(v)), 0);

	ASSERT_EQ(mprotect(mem + page, page, PROT_READ | PROT_WRITE), 0);
	req->last_pids = (uintptr_t)got;
	req->levels = SENTINEL;
	memset(got, 0, sizeof(got));
	ASSERT_EQ(mprotect(mem + page, page, PROT_READ), 0);
	ASSERT_EQ(ioc(self->dev, PIDNS_IOC_GET_LAST_PIDS, req), 0);
	ASSERT_EQ(req->levels, DEPTH + 1);
	ASSERT_EQ(memcmp(got, v, sizeof(v)), 0);
	munmap(mem, 2 * page);
}

/*
 * ABI 6: a level below the caller's own is read, like written, only with CAP_SYS_ADMIN over its
 * owning user namespace (what setns() into it and reading the sysctl there take). A checker
 * without it gets EPERM with nothing written; its own level it reads freely.
 */
TEST_F(chain, get_below_own_level_needs_sys_admin)
{
	pid_t checker = fork_checker(_metadata, drop_privileges);

	if (checker == 0) {
		__s32 v[DEPTH] = { SENTINEL, SENTINEL, SENTINEL }, own;
		struct pidns_last_pids req = { .size = sizeof(req), .ns = ref_fd(self->c.nsfd[0]),
					       .count = 1, .levels = SENTINEL,
					       .last_pids = (uintptr_t)v };

		CHECK(2, ioc(self->dev, PIDNS_IOC_GET_LAST_PIDS, &req) == -EPERM);
		req.ns = ref_fd(self->c.nsfd[DEPTH - 1]);	/* N1, just below */
		CHECK(3, ioc(self->dev, PIDNS_IOC_GET_LAST_PIDS, &req) == -EPERM);
		CHECK(4, req.levels == SENTINEL && v[0] == SENTINEL && v[1] == SENTINEL);
		CHECK(5, ioc_last_pids(self->dev, PIDNS_IOC_GET_LAST_PIDS, ref_caller(), &own, 1) ==
			 1);
		_exit(0);
	}
	ASSERT_CHECKER_OK(checker);
}

/* Shared with the setter process. */
struct setter_state {
	volatile int stop;
	volatile int calls;
};

/* Sets vectors in a loop until told to stop; a process, not a thread, to need no futex. */
static void __attribute__((noreturn)) setter(int dev, int nsfd, struct setter_state *st)
{
	prctl(PR_SET_PDEATHSIG, SIGKILL);	/* should the test fail half-way */
	while (!st->stop) {
		__s32 v[DEPTH] = { 1000 + st->calls % 1000, 3000, 5000 };

		if (ioc_last_pids(dev, PIDNS_IOC_SET_LAST_PIDS, ref_fd(nsfd), v, DEPTH) < 0)
			_exit(1);
		st->calls++;
	}
	_exit(0);
}

/*
 * Forks racing with vector writes: every fork still succeeds and lands in range. 200 forks take
 * minutes on a debug kernel under emulation, hence the timeout.
 */
TEST_F_TIMEOUT(chain, concurrent_forks, 300)
{
	struct setter_state *st = mmap(NULL, sizeof(*st), PROT_READ | PROT_WRITE,
				       MAP_SHARED | MAP_ANONYMOUS, -1, 0);
	pid_t nspid[TREE_MAX_LEVELS], pid;
	int status;

	ASSERT_NE(st, MAP_FAILED);
	pid = fork();
	ASSERT_GE(pid, 0);
	if (pid == 0)
		setter(self->dev, self->c.nsfd[0], st);
	while (!st->calls)
		usleep(100);
	for (int i = 0; i < 200; i++) {
		ASSERT_EQ(chain_fork(&self->c, NULL, 0, nspid), DEPTH + 1);
		/* Somewhere after some vector's 1000..1999, plus at most the 200 forks. */
		ASSERT_GE(nspid[DEPTH], 1001);
		ASSERT_LE(nspid[DEPTH], 2200);
	}
	st->stop = 1;
	ASSERT_EQ(waitpid(pid, &status, 0), pid);
	ASSERT_EQ(status, 0);
	TH_LOG("%d vector writes raced 200 forks", st->calls);
	munmap(st, sizeof(*st));
}

/* Our own namespace: agrees with /proc/sys/kernel/ns_last_pid. */
TEST_F(dev, own_namespace_matches_sysctl)
{
	long sysctl = read_long("/proc/sys/kernel/ns_last_pid");
	__s32 v;

	ASSERT_GE(sysctl, 0);
	ASSERT_EQ(ioc_last_pids(self->dev, PIDNS_IOC_GET_LAST_PIDS, ref_caller(), &v, 1), 1);
	/* Nothing forks between the two reads in this single-threaded test. */
	ASSERT_EQ(v, sysctl);
	ASSERT_EQ(get(self->dev, self->nsfd, &v, 1), 1);
	ASSERT_EQ(v, sysctl);
}

TEST_F(dev, flags_and_size)
{
	struct pidns_last_pids req = { .size = sizeof(req), .flags = 1 };

	ASSERT_EQ(ioctl(self->dev, PIDNS_IOC_GET_LAST_PIDS, &req), -1);
	ASSERT_EQ(errno, EINVAL);
	ASSERT_EQ(ioctl(self->dev, PIDNS_IOC_SET_LAST_PIDS, &req), -1);
	ASSERT_EQ(errno, EINVAL);
	req = (struct pidns_last_pids){ .size = 8 };
	ASSERT_EQ(ioctl(self->dev, PIDNS_IOC_GET_LAST_PIDS, &req), -1);
	ASSERT_EQ(errno, EINVAL);
}

/* A pid namespace for the caller's children, with none yet (in a user namespace if need be). */
static int unshare_pidns(void)
{
	return unshare(CLONE_NEWPID) && unshare(CLONE_NEWUSER | CLONE_NEWPID) ? -1 : 0;
}

/*
 * Finding 12 of issue 12: a namespace none of whose tasks has a pid yet (right after
 * unshare(CLONE_NEWPID), before the fork) reads 0, the value its first fork behaves as (it gets
 * pid 1), and a SET on it is ESRCH (the kernel restarts a new namespace at pid 1 anyway). Once
 * its only task has exited, it reads 0 again.
 */
TEST_F(dev, empty_namespace_reads_zero)
{
	pid_t checker = fork_checker(_metadata, unshare_pidns);

	if (checker == 0) {
		__s32 v[2] = { SENTINEL, SENTINEL };
		int nsfd = open("/proc/self/ns/pid_for_children", O_RDONLY | O_CLOEXEC), status;
		pid_t child;

		CHECK(11, nsfd >= 0);
		CHECK(12, get(self->dev, nsfd, v, 1) == 2);
		CHECK(13, v[0] == 0);
		v[0] = 5;
		CHECK(14, set(self->dev, nsfd, v, 1) == -ESRCH);
		CHECK(15, get(self->dev, nsfd, v, 1) == 2 && v[0] == 0);
		child = fork();
		if (child == 0)
			_exit(getpid() == 1 ? 0 : 1);
		CHECK(16, child > 0 && waitpid(child, &status, 0) == child);
		CHECK(17, WIFEXITED(status) && WEXITSTATUS(status) == 0);
		CHECK(18, get(self->dev, nsfd, v, 1) == 2 && v[0] == 0);
		_exit(0);
	}
	ASSERT_CHECKER_OK_OR_SKIP(checker, "may not create pid namespaces here");
}

/*
 * Finding 5 of issue 12: a hierarchy has 33 levels, 0 to MAX_PID_NS_LEVEL (32), not 32. Chains
 * down to the deepest level, from the initial pid namespace (level 0).
 */
#define ALL_LEVELS PIDNS_MAX_LEVELS

FIXTURE(deep)
{
	int dev;
	struct chain c;
};

FIXTURE_SETUP(deep)
{
	self->dev = open_dev_proc(_metadata);
	if (self->dev < 0)
		return;
	if (free_pid_ns_levels() != ALL_LEVELS - 1)
		SKIP(return, "not in the initial pid namespace: no chain of 33 levels from here");
}

FIXTURE_TEARDOWN(deep)
{
	chain_destroy(&self->c);
	close(self->dev);
}

/*
 * SET with count 33 on the deepest namespace covers level 0 too: an out-of-range entry there is
 * EINVAL with nothing written; an in-range one is written (GET, the sysctl at level 0 and the
 * next fork agree). GET with count 33 works; 34 is EINVAL.
 */
TEST_F_TIMEOUT(deep, count_33_covers_level_0, 120)
{
	__s32 v[ALL_LEVELS + 1], before[ALL_LEVELS + 1], after[ALL_LEVELS + 1];
	long pid_max = read_long("/proc/sys/kernel/pid_max"), sys;
	pid_t nspid[TREE_MAX_LEVELS];
	const int top = ALL_LEVELS - 1;	/* the entry of level 0 */
	int err = chain_build(&self->c, ALL_LEVELS - 1);

	if (err == -EPERM)
		SKIP(return, "may not create pid namespaces here");
	ASSERT_EQ(err, 0) {
		TH_LOG("building a chain of %d namespaces: %s", ALL_LEVELS - 1, strerror(-err));
	}
	ASSERT_GT(pid_max, 0);
	/* The deepest level there is: no namespace below it. */
	ASSERT_EQ(chain_fork_flags(&self->c, NULL, 0, CLONE_NEWPID, nspid), -ENOSPC);

	ASSERT_EQ(get(self->dev, self->c.nsfd[0], before, ALL_LEVELS), ALL_LEVELS);
	sys = read_long("/proc/sys/kernel/ns_last_pid");
	ASSERT_LT((__u32)(sys - before[top]), 100) {
		TH_LOG("level 0: GET %d, /proc/sys/kernel/ns_last_pid %ld", before[top], sys);
	}

	/* Out of range at level 0 only: EINVAL, and no level changes. */
	for (int i = 0; i < top; i++)
		v[i] = 100 + i;
	v[top] = pid_max + 1;
	ASSERT_EQ(set(self->dev, self->c.nsfd[0], v, ALL_LEVELS), -EINVAL);
	ASSERT_EQ(get(self->dev, self->c.nsfd[0], after, ALL_LEVELS), ALL_LEVELS);
	ASSERT_EQ(memcmp(before, after, top * sizeof(__s32)), 0);
	ASSERT_LT((__u32)(after[top] - before[top]), 100);

	/* In range: every level is written, level 0 included. */
	v[top] = far_value(before[top], pid_max);
	ASSERT_EQ(set(self->dev, self->c.nsfd[0], v, ALL_LEVELS), ALL_LEVELS);
	sys = read_long("/proc/sys/kernel/ns_last_pid");
	ASSERT_EQ(get(self->dev, self->c.nsfd[0], after, ALL_LEVELS), ALL_LEVELS);
	ASSERT_EQ(memcmp(v, after, top * sizeof(__s32)), 0);
	/* Level 0 is the host's: other tasks may take a pid in between, but few. */
	ASSERT_LT((__u32)(after[top] - v[top]), 100) {
		TH_LOG("level 0 reads %d after a SET of %d", after[top], v[top]);
	}
	ASSERT_LT((__u32)(sys - v[top]), 100) {
		TH_LOG("/proc/sys/kernel/ns_last_pid reads %ld after a SET of %d", sys, v[top]);
	}
	ASSERT_EQ(chain_fork(&self->c, NULL, 0, nspid), ALL_LEVELS);
	ASSERT_LT((__u32)(nspid[0] - v[top] - 1), 100);
	for (int i = 0; i < top; i++)
		ASSERT_EQ(nspid[top - i], v[i] + 1);

	/* One entry more than there are levels. */
	ASSERT_EQ(get(self->dev, self->c.nsfd[0], v, ALL_LEVELS + 1), -EINVAL);
	ASSERT_EQ(set(self->dev, self->c.nsfd[0], v, ALL_LEVELS + 1), -EINVAL);
}

/*
 * An unprivileged user over its own chain of 32 user+pid namespaces below level 0: it may read
 * all 33 levels and write its 32, but a SET that touches level 0 (owned by the initial user
 * namespace) is EPERM as a whole, and nothing is written.
 */
TEST_F_TIMEOUT(deep, unprivileged_count_33_is_eperm, 120)
{
	pid_t checker = fork_checker(_metadata, NULL);

	if (checker == 0) {
		__s32 v[ALL_LEVELS], before[ALL_LEVELS], after[ALL_LEVELS];
		long pid_max = read_long("/proc/sys/kernel/pid_max");
		const int top = ALL_LEVELS - 1;
		struct chain c;
		int err;

		if (geteuid() == 0) {
			CHECK(21, !become_nobody());
			/* Changing uids made it non-dumpable: its /proc files, uid_map included, root's. */
			CHECK(31, !prctl(PR_SET_DUMPABLE, 1));
		}
		err = chain_build_userns(&c, ALL_LEVELS - 1);
		if (err == -EPERM)
			_exit(CHECKER_CANNOT_STAND);
		CHECK(100 - err, err == 0);
		CHECK(23, get(self->dev, c.nsfd[0], before, ALL_LEVELS) == ALL_LEVELS);
		for (int i = 0; i < top; i++)
			v[i] = 100 + i;
		v[top] = far_value(before[top], pid_max);
		CHECK(24, set(self->dev, c.nsfd[0], v, ALL_LEVELS) == -EPERM);
		CHECK(25, get(self->dev, c.nsfd[0], after, ALL_LEVELS) == ALL_LEVELS);
		CHECK(26, !memcmp(before, after, top * sizeof(__s32)));
		CHECK(27, (__u32)(after[top] - before[top]) < 100);
		/* Its own 32 levels alone it may write. */
		CHECK(28, set(self->dev, c.nsfd[0], v, top) == ALL_LEVELS);
		CHECK(29, get(self->dev, c.nsfd[0], after, top) == ALL_LEVELS);
		CHECK(30, !memcmp(v, after, top * sizeof(__s32)));
		chain_destroy(&c);
		_exit(0);
	}
	ASSERT_CHECKER_OK_OR_SKIP(checker, "cannot create nested user and pid namespaces here");
}

TEST_HARNESS_MAIN
