// SPDX-License-Identifier: GPL-2.0
/*
 * PIDNS_IOC_{GET,SET}_LAST_PIDS: what CRIU needs to restore a task with given pids on every level
 * of a nested pid-namespace hierarchy, checked by forking in the innermost namespace and reading
 * the child's NSpid, and against clone3() with a multi-level set_tid.
 */
#include "pidns_util.h"
#include "kselftest_harness.h"
#include "pidns_fixtures.h"

#define DEPTH 3

FIXTURE(chain)
{
	int dev;
	struct chain c;
};

FIXTURE_SETUP(chain)
{
	int err;

	memset(&self->c, 0, sizeof(self->c));
	self->dev = open(PIDNS_DEVICE_PATH, O_RDWR | O_CLOEXEC);
	if (self->dev < 0 && errno == ENOENT)
		SKIP(return, PIDNS_DEVICE_PATH " missing: is pidns.ko loaded?");
	ASSERT_GE(self->dev, 0);
	if (!proc_is_own())
		SKIP(return, "/proc is not this pid namespace's: no ground truth");
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
	if (self->dev >= 0)
		close(self->dev);
}

static int get(int dev, int nsfd, __s32 *v, __u32 n)
{
	return pidns_last_pids(dev, PIDNS_IOC_GET_LAST_PIDS, pidns_ref_fd(nsfd), v, n);
}

static int set(int dev, int nsfd, __s32 *v, __u32 n)
{
	return pidns_last_pids(dev, PIDNS_IOC_SET_LAST_PIDS, pidns_ref_fd(nsfd), v, n);
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
	__s32 bad[][DEPTH] = {
		{ 10, 20, -1 }, { -5, 20, 30 }, { 10, INT32_MAX, 30 }, { 10, 20, 4194304 },
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
	pid_t checker = fork();

	ASSERT_GE(checker, 0);
	if (checker == 0) {
		__s32 before[2], after[2], v[2] = { 77, 88 };
		int nsfd;

		if (unshare(CLONE_NEWUSER | CLONE_NEWPID))
			_exit(10);
		nsfd = open("/proc/self/ns/pid_for_children", O_RDONLY | O_CLOEXEC);
		if (nsfd < 0 || get(self->dev, nsfd, before, 2) != 2)
			_exit(11);
		if (set(self->dev, nsfd, v, 2) != -EPERM)
			_exit(12);
		if (get(self->dev, nsfd, after, 2) != 2 || memcmp(before, after, sizeof(before)))
			_exit(13);
		/* Its own level alone it may set. */
		if (set(self->dev, nsfd, v, 1) != 2 || get(self->dev, nsfd, after, 1) != 2 ||
		    after[0] != 77)
			_exit(14);
		_exit(0);
	}
	ASSERT_CHECKER_OK(checker);
}

/* A namespace outside the caller's subtree (a sibling of the caller's): EPERM, even to read. */
TEST_F(chain, outside_subtree_is_eperm)
{
	pid_t checker = clone_newpid(NULL);

	ASSERT_GE(checker, 0);
	if (checker == 0) {
		__s32 v[1];

		/* We are pid 1 of a new namespace; the chain's are our siblings' descendants. */
		_exit(get(self->dev, self->c.nsfd[0], v, 1) == -EPERM &&
		      set(self->dev, self->c.nsfd[DEPTH - 1], v, 0) == -EPERM ? 0 : 1);
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

		if (pidns_last_pids(dev, PIDNS_IOC_SET_LAST_PIDS, pidns_ref_fd(nsfd), v, DEPTH) < 0)
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
TEST(own_namespace_matches_sysctl)
{
	int dev = open(PIDNS_DEVICE_PATH, O_RDWR | O_CLOEXEC);
	int nsfd = open("/proc/self/ns/pid", O_RDONLY | O_CLOEXEC);
	__s32 v;
	FILE *f;
	int sysctl = -1;

	if (dev < 0)
		SKIP(return, PIDNS_DEVICE_PATH " missing");
	ASSERT_GE(nsfd, 0);
	f = fopen("/proc/sys/kernel/ns_last_pid", "re");
	ASSERT_NE(f, NULL);
	ASSERT_EQ(fscanf(f, "%d", &sysctl), 1);
	fclose(f);
	ASSERT_EQ(pidns_last_pids(dev, PIDNS_IOC_GET_LAST_PIDS, pidns_ref_caller(), &v, 1), 1);
	/* Nothing forks between the two reads in this single-threaded test. */
	ASSERT_EQ(v, sysctl);
	ASSERT_EQ(pidns_last_pids(dev, PIDNS_IOC_GET_LAST_PIDS, pidns_ref_fd(nsfd), &v, 1), 1);
	ASSERT_EQ(v, sysctl);
	close(nsfd);
	close(dev);
}

TEST(flags_and_size)
{
	int dev = open(PIDNS_DEVICE_PATH, O_RDWR | O_CLOEXEC);
	struct pidns_last_pids req = { .size = sizeof(req), .flags = 1 };

	if (dev < 0)
		SKIP(return, PIDNS_DEVICE_PATH " missing");
	ASSERT_EQ(ioctl(dev, PIDNS_IOC_GET_LAST_PIDS, &req), -1);
	ASSERT_EQ(errno, EINVAL);
	ASSERT_EQ(ioctl(dev, PIDNS_IOC_SET_LAST_PIDS, &req), -1);
	ASSERT_EQ(errno, EINVAL);
	req = (struct pidns_last_pids){ .size = 8 };
	ASSERT_EQ(ioctl(dev, PIDNS_IOC_GET_LAST_PIDS, &req), -1);
	ASSERT_EQ(errno, EINVAL);
	close(dev);
}

TEST_HARNESS_MAIN
