// SPDX-License-Identifier: GPL-2.0
/*
 * The permission model (README "Permission model", rust/ns_ref.rs, the uapi header), one test per
 * rule: a caller gets ENOENT, ESRCH, EACCES or EPERM, never data, for namespaces outside its
 * pid-namespace subtree, for tasks it cannot see, for tasks mainline would not let it ptrace-read
 * (EACCES, as mainline's pidfd ioctls), and for levels it holds no capability over (EPERM). Each rule is quoted above its test. Every case asserts the exact errno and that no output
 * field was written (outputs are pre-filled with a sentinel), and runs twice where it can: with
 * the caller's privileges, and after dropping them (to nobody as real root; into a user namespace
 * of its own as root of one, where nobody is not mapped).
 *
 * A "checker" is a child that proves the rule from where it stands; it exits with the number of
 * the step that failed.
 */
#include "kselftest_harness.h"
#include "pidns_harness.h"
#include "pidns_dev_fixture.h"

#define SENTINEL 0x5a5a5a5a
#define SENTINEL64 0x5a5a5a5a5a5a5a5aULL
/* A call failed but wrote an output field. */
#define LEAKED 9999

/*
 * The ioctls with pre-filled outputs: the result, -errno, or LEAKED. Translate's struct is input
 * only (the answer is the return value): any byte of it changed would be a leak.
 */
static int try_translate(int dev, pid_t pid, struct pidns_ref src, struct pidns_ref dst)
{
	struct pidns_translate req = { .size = sizeof(req), .source = src, .target = dst,
				       .pid = pid };
	struct pidns_translate before = req;
	int nr = ioctl(dev, PIDNS_IOC_TRANSLATE, &req), err = errno;

	if (memcmp(&req, &before, sizeof(req)))
		return LEAKED;
	return nr < 0 ? -err : nr;
}

static int try_init_pid(int dev, struct pidns_ref ns)
{
	struct pidns_init_pid req = { .size = sizeof(req), .ns = ns, .target = ref_caller(),
				      .pid = SENTINEL, .tid = SENTINEL, .pidfs_ino = SENTINEL64,
				      .ns_id = SENTINEL64 };
	int err = ioc(dev, PIDNS_IOC_INIT_PID, &req);

	if (!err)
		return req.pid;
	return req.pid != SENTINEL || req.tid != SENTINEL || req.pidfs_ino != SENTINEL64 ||
	       req.ns_id != SENTINEL64 ? LEAKED : err;
}

/*
 * Binds (@src, @dst) and asks the bound file @cmd: about @pid (BOUND_PID), or for the init pid
 * (BOUND_INIT_PID, whose inode output must stay untouched on failure). The answer, the -errno of
 * the bind or of the call, or LEAKED.
 */
static int try_bound(int dev, struct pidns_ref src, struct pidns_ref dst, unsigned long cmd,
		     pid_t pid)
{
	int bound = ioc_bind(dev, src, dst, 0), nr;
	__u64 ino = SENTINEL64;

	if (bound < 0)
		return bound;
	if (cmd == PIDNS_IOC_BOUND_INIT_PID)
		nr = ioc_bound_init_pid(bound, &ino);
	else
		nr = ioc_bound(bound, cmd, pid);
	close(bound);
	return nr < 0 && ino != SENTINEL64 ? LEAKED : nr;
}

/* GET: the array and @levels must stay untouched on failure. SET: @v is the input. */
static int try_last_pids(int dev, unsigned long cmd, struct pidns_ref ns, __s32 *v, int count)
{
	__s32 get[PIDNS_MAX_LEVELS];
	struct pidns_last_pids req = { .size = sizeof(req), .ns = ns, .count = count,
				       .levels = SENTINEL,
				       .last_pids = (uintptr_t)(cmd == PIDNS_IOC_GET_LAST_PIDS ? get : v) };
	int err;

	for (int i = 0; i < PIDNS_MAX_LEVELS; i++)
		get[i] = SENTINEL;
	err = ioc(dev, cmd, &req);
	if (!err)
		return req.levels;
	if (req.levels != SENTINEL)
		return LEAKED;
	for (int i = 0; i < PIDNS_MAX_LEVELS; i++)
		if (get[i] != SENTINEL)
			return LEAKED;
	return err;
}

/* GET_NAMESPACES with and without fds: no field written, no fd left open. */
static int try_namespaces(int dev, int pidfd, __u32 flags)
{
	struct pidns_namespaces req = { .size = sizeof(req), .flags = flags, .pidfd = pidfd,
					.mask = CLONE_NEWPID | CLONE_NEWNET | CLONE_NEWUSER };
	int before = count_fds(), err;

	for (int i = 0; i < PIDNS_NS_TYPES; i++)
		req.ns[i] = (struct pidns_ns_info){ .fd = SENTINEL, .flags = SENTINEL, .id = SENTINEL64 };
	err = ioc(dev, PIDNS_IOC_GET_NAMESPACES, &req);
	if (!err)
		return 0;
	for (int i = 0; i < PIDNS_NS_TYPES; i++)
		if (req.ns[i].fd != SENTINEL || req.ns[i].flags != SENTINEL || req.ns[i].id != SENTINEL64)
			return LEAKED;
	return count_fds() == before ? err : LEAKED;
}

/* The last pid of the caller's level moved at most by the forks of others, never to @v. */
static bool own_level_unchanged(int dev, __s32 before, __s32 v)
{
	__s32 after;

	return ioc_last_pids(dev, PIDNS_IOC_GET_LAST_PIDS, ref_caller(), &after, 1) >= 1 &&
	       after != v && (__u32)(after - before) < 1000;
}

/* A value some 5000 pids away from the current last pid, within pid_max. */
static __s32 far_value(__s32 last)
{
	return last > 10000 ? last - 5000 : last + 5000;
}

/*
 * In a checker that dropped its privileges (drop_privileges()): mainline's answer to
 * PIDFD_GET_*_NAMESPACE (@cmd) on @pidfd, a grant (0) or EACCES. Nobody is refused: the refusal
 * the checker then expects from pidns is proven in that mode.
 */
static int mainline_answer(int pidfd, unsigned long cmd)
{
	int want = mainline_pidfd_ns(pidfd, cmd);

	CHECK(91, want == 0 || want == -EACCES);
	CHECK(92, !became_nobody || want == -EACCES);
	return want;
}

/*
 * A sibling container: a namespace A beside the one the checker will be pid 1 of. The test holds
 * an nsfd, a pidfd and the id of A, which the checker inherits.
 */
FIXTURE(sibling)
{
	int dev;
	pid_t init;
	int pidfd, nsfd;
	__u64 id;
};

FIXTURE_SETUP(sibling)
{
	char path[64];

	self->dev = open_dev(_metadata);
	if (self->dev < 0)
		return;
	self->init = sleeper_or_skip(_metadata, SLEEPER_NEWPID, &self->pidfd);
	if (!self->init)
		return;
	snprintf(path, sizeof(path), "/proc/%d/ns/pid", self->init);
	self->nsfd = open(path, O_RDONLY | O_CLOEXEC);
	ASSERT_GE(self->nsfd, 0);
	self->id = ns_id(self->nsfd);
	ASSERT_NE(self->id, 0);
}

FIXTURE_TEARDOWN(sibling)
{
	kill(self->init, SIGKILL);
	waitpid(self->init, NULL, 0);
	close(self->pidfd);
	close(self->nsfd);
	close(self->dev);
}

/*
 * Runs @checks as pid 1 of a new namespace beside A, with the test's privileges and then without
 * (drop_privileges()), their steps numbered from 0 and from 50; asserts they passed.
 */
static void run_in_sibling(struct __test_metadata *_metadata, FIXTURE_DATA(sibling) *self,
			   void (*checks)(FIXTURE_DATA(sibling) *self, int s))
{
	pid_t checker = clone_checker(_metadata);

	if (checker == 0) {
		checks(self, 0);
		CHECK(99, !drop_privileges());
		checks(self, 50);
		_exit(0);
	}
	ASSERT_CHECKER_OK(checker);
}

/*
 * Rule: "An id resolves only to a namespace whose id mainline would let the caller learn [...].
 * Any other id, 0 included, is ENOENT, whether it exists or not." A sibling container's id (the
 * checker, pid 1 of a child namespace, cannot see all namespaces) and an id that never existed
 * get the same answer from every ioctl.
 */
static void sibling_id_checks(FIXTURE_DATA(sibling) *self, int s)
{
	__u64 ids[] = { self->id, self->id + 1000000, ~0ULL, 0 };
	__s32 v[2] = { 1, 1 };
	int own;

	for (int i = 0; i < 4; i++) {
		struct pidns_ref r = ref_id(ids[i]);

		CHECK(s + 1, try_translate(self->dev, 1, r, ref_caller()) == -ENOENT);
		CHECK(s + 2, try_translate(self->dev, 1, ref_caller(), r) == -ENOENT);
		CHECK(s + 3, try_translate(self->dev, 1, r, r) == -ENOENT);
		CHECK(s + 4, try_init_pid(self->dev, r) == -ENOENT);
		CHECK(s + 5, try_last_pids(self->dev, PIDNS_IOC_GET_LAST_PIDS, r, NULL, 1) == -ENOENT);
		CHECK(s + 6, try_last_pids(self->dev, PIDNS_IOC_SET_LAST_PIDS, r, v, 1) == -ENOENT);
	}
	/* While the caller's own id does resolve. */
	own = open("/proc/self/ns/pid", O_RDONLY | O_CLOEXEC);
	CHECK(s + 7, try_translate(self->dev, 1, ref_id(ns_id(own)), ref_caller()) == 1);
	close(own);
}

TEST_F(sibling, sibling_id_is_enoent_like_a_nonexistent_one)
{
	run_in_sibling(_metadata, self, sibling_id_checks);
}

/*
 * Rule: "Every answer is about a task visible in the caller's own active pid namespace (one with
 * a pid there); any other task reads as ESRCH, exactly like a pid that does not exist." And for
 * pidfd references: "the task must be alive and visible (ESRCH)". A's init, pid 1 of A, is no
 * one from the sibling's point of view, by A's nsfd (which needs nothing more than the fd) as by
 * a pidfd on it; not even A's own pid 1 expressed in A.
 */
static void invisible_task_checks(FIXTURE_DATA(sibling) *self, int s)
{
	struct pidns_ref fd = ref_fd(self->nsfd), pidfd = ref_fd(self->pidfd);

	CHECK(s + 1, try_translate(self->dev, 1, fd, ref_caller()) == -ESRCH);
	CHECK(s + 2, try_translate(self->dev, 1, fd, fd) == -ESRCH);
	CHECK(s + 3, try_translate(self->dev, 1, pidfd, ref_caller()) == -ESRCH);
	CHECK(s + 4, try_translate(self->dev, 1, ref_caller(), pidfd) == -ESRCH);
	CHECK(s + 5, try_last_pids(self->dev, PIDNS_IOC_GET_LAST_PIDS, pidfd, NULL, 1) == -ESRCH);
	CHECK(s + 6, try_namespaces(self->dev, self->pidfd, 0) == -ESRCH);
	CHECK(s + 7, try_namespaces(self->dev, self->pidfd, PIDNS_NAMESPACES_IDS_ONLY) == -ESRCH);
}

TEST_F(sibling, invisible_task_is_esrch)
{
	run_in_sibling(_metadata, self, invisible_task_checks);
}

/*
 * Rule (header, PIDNS_IOC_INIT_PID): "The reaper must be visible in the caller's pid namespace
 * (ESRCH otherwise)"; by id, the namespace is not even nameable (ENOENT). The init pid of a
 * sibling container is never told.
 */
static void invisible_init_checks(FIXTURE_DATA(sibling) *self, int s)
{
	CHECK(s + 1, try_init_pid(self->dev, ref_fd(self->nsfd)) == -ESRCH);
	CHECK(s + 2, try_init_pid(self->dev, ref_fd(self->pidfd)) == -ESRCH);
	CHECK(s + 3, try_init_pid(self->dev, ref_id(self->id)) == -ENOENT);
	/* Its own is 1, itself. */
	CHECK(s + 4, try_init_pid(self->dev, ref_caller()) == 1);
}

TEST_F(sibling, init_pid_of_invisible_namespace)
{
	run_in_sibling(_metadata, self, invisible_init_checks);
}

/*
 * Rule: "ns_last_pid vectors cover the referenced namespace and its ancestors up to the caller's
 * own; a namespace outside the caller's subtree is EPERM", for reading as for writing, even by
 * an nsfd the caller holds; and nothing is written back.
 */
static void outside_subtree_checks(FIXTURE_DATA(sibling) *self, int s)
{
	struct pidns_ref fd = ref_fd(self->nsfd);
	__s32 v[1] = { 100 };

	CHECK(s + 1, try_last_pids(self->dev, PIDNS_IOC_GET_LAST_PIDS, fd, NULL, 1) == -EPERM);
	CHECK(s + 2, try_last_pids(self->dev, PIDNS_IOC_GET_LAST_PIDS, fd, NULL, 0) == -EPERM);
	CHECK(s + 3, try_last_pids(self->dev, PIDNS_IOC_SET_LAST_PIDS, fd, v, 1) == -EPERM);
}

TEST_F(sibling, last_pids_outside_subtree_is_eperm)
{
	__s32 before, after;

	ASSERT_EQ(ioc_last_pids(self->dev, PIDNS_IOC_GET_LAST_PIDS, ref_fd(self->nsfd), &before, 1),
		  2);
	run_in_sibling(_metadata, self, outside_subtree_checks);
	ASSERT_EQ(ioc_last_pids(self->dev, PIDNS_IOC_GET_LAST_PIDS, ref_fd(self->nsfd), &after, 1),
		  2);
	/* Nothing forks in A: the sibling's SET would show as 100. */
	ASSERT_EQ(after, before);
}

/*
 * Rule: "Bound files apply every rule above once, when binding, for the binding task; each bound
 * call then applies the visibility rule for the binding task's namespace (its viewer), held by
 * the file, and, unless bound with PIDNS_BIND_DELEGATE, for the calling task's own namespace
 * too". Bound in the sibling, a file on A tells nothing about A's tasks, even by the nsfd that
 * binds fine; A's id and a pidfd on A's init do not even bind. A file the test bound on A without
 * the flag tells the sibling nothing either (finding 6 of issue 12); one bound with it answers
 * the sibling as it answers the test: that view was handed over with it, and only that.
 */
static int handed_over = -1;	/* bound by the test on (A, the test's namespace), delegating */
static int not_delegated = -1;	/* the same, without PIDNS_BIND_DELEGATE */

static void bound_file_checks(FIXTURE_DATA(sibling) *self, int s)
{
	struct pidns_ref fd = ref_fd(self->nsfd), caller = ref_caller();

	CHECK(s + 1, try_bound(self->dev, fd, caller, PIDNS_IOC_BOUND_PID, 1) == -ESRCH);
	CHECK(s + 2, try_bound(self->dev, fd, fd, PIDNS_IOC_BOUND_PID, 1) == -ESRCH);
	CHECK(s + 3, try_bound(self->dev, fd, fd, PIDNS_IOC_BOUND_TGID, 1) == -ESRCH);
	CHECK(s + 4, try_bound(self->dev, fd, caller, PIDNS_IOC_BOUND_INIT_PID, 0) == -ESRCH);
	CHECK(s + 5, try_bound(self->dev, fd, fd, PIDNS_IOC_BOUND_INIT_PID, 0) == -ESRCH);
	CHECK(s + 6, try_bound(self->dev, ref_fd(self->pidfd), caller, PIDNS_IOC_BOUND_PID, 1) ==
		     -ESRCH);
	CHECK(s + 7, try_bound(self->dev, ref_id(self->id), caller, PIDNS_IOC_BOUND_PID, 1) ==
		     -ENOENT);
	/* The test's delegating file: the test's view, whoever asks. */
	CHECK(s + 8, ioc_bound(handed_over, PIDNS_IOC_BOUND_PID, 1) == self->init);
	CHECK(s + 9, ioc_bound_init_pid(handed_over, NULL) == self->init);
	/* The test's other file: the caller's view, which does not include A's init. */
	CHECK(s + 10, ioc_bound(not_delegated, PIDNS_IOC_BOUND_PID, 1) == -ESRCH);
	CHECK(s + 11, ioc_bound(not_delegated, PIDNS_IOC_BOUND_TGID, 1) == -ESRCH);
	CHECK(s + 12, ioc_bound_init_pid(not_delegated, NULL) == -ESRCH);
}

TEST_F(sibling, bound_file_answers_with_its_binders_view)
{
	handed_over = ioc_bind(self->dev, ref_fd(self->nsfd), ref_caller(), PIDNS_BIND_DELEGATE);
	ASSERT_GE(handed_over, 0);
	not_delegated = ioc_bind(self->dev, ref_fd(self->nsfd), ref_caller(), 0);
	ASSERT_GE(not_delegated, 0);
	ASSERT_EQ(ioc_bound(handed_over, PIDNS_IOC_BOUND_PID, 1), self->init);
	ASSERT_EQ(ioc_bound(not_delegated, PIDNS_IOC_BOUND_PID, 1), self->init);
	run_in_sibling(_metadata, self, bound_file_checks);
	close(handed_over);
	close(not_delegated);
}

/*
 * Rule (ABI 6, finding 1 of issue 12): a pidfd on a task outside the caller's own pid namespace
 * names its namespace only "under the rules of mainline's PIDFD_GET_PID_NAMESPACE on the same
 * pidfd": ptrace read access to the task, EACCES otherwise. Here the task (A's init) is visible,
 * in a child of the caller's namespace; the checker drops its privileges and asks mainline first.
 * Where mainline refuses (always as nobody), every ioctl that takes the reference refuses with
 * EACCES and writes nothing; where it grants (the same uid in a user namespace of its own), the
 * reference resolves, and the ns_last_pid levels below the caller's still need CAP_SYS_ADMIN
 * over their owner (EPERM).
 */
TEST_F(sibling, foreign_pidfd_follows_mainline)
{
	pid_t checker;
	__s32 v[1] = { 100 };

	ASSERT_EQ(try_init_pid(self->dev, ref_fd(self->pidfd)), self->init);
	checker = fork_checker(_metadata, drop_privileges);
	if (checker == 0) {
		struct pidns_ref pidfd = ref_fd(self->pidfd);
		int want = mainline_answer(self->pidfd, PIDFD_GET_PID_NAMESPACE);

		CHECK(2, try_translate(self->dev, 1, pidfd, ref_caller()) ==
			 (want ? want : self->init));
		CHECK(3, try_translate(self->dev, self->init, ref_caller(), pidfd) == (want ? want : 1));
		CHECK(4, try_init_pid(self->dev, pidfd) == (want ? want : self->init));
		CHECK(5, try_last_pids(self->dev, PIDNS_IOC_GET_LAST_PIDS, pidfd, NULL, 2) ==
			 (want ? want : -EPERM));
		CHECK(6, try_last_pids(self->dev, PIDNS_IOC_SET_LAST_PIDS, pidfd, v, 1) ==
			 (want ? want : -EPERM));
		CHECK(8, try_bound(self->dev, pidfd, ref_caller(), PIDNS_IOC_BOUND_PID, 1) ==
			 (want ? want : self->init));
		/* The nsfd, opened by the test with the access check passed, is the permission. */
		CHECK(7, try_translate(self->dev, 1, ref_fd(self->nsfd), ref_caller()) ==
			 self->init);
		_exit(0);
	}
	ASSERT_CHECKER_OK(checker);
}

/*
 * Rule: "Namespace snapshots (PIDNS_IOC_GET_NAMESPACES) hand out nsfds: exactly mainline's
 * permission for opening /proc/PID/task/TID/ns/<type>, ptrace read access, LSMs included
 * (EACCES otherwise, and no fd left open)", ids only as well. Pid 1 of the caller's namespace is
 * visible but not the caller's; the caller without privileges gets what mainline's
 * PIDFD_GET_NET_NAMESPACE gets on the same pidfd (as nobody: EACCES). Runs in every mode.
 */
TEST_F(dev, namespaces_follow_mainline)
{
	int pidfd = sys_pidfd_open(1, 0);
	pid_t checker;

	ASSERT_GE(pidfd, 0);
	checker = fork_checker(_metadata, drop_privileges);
	if (checker == 0) {
		int self_pidfd = sys_pidfd_open(getpid(), 0);
		int want = mainline_answer(pidfd, PIDFD_GET_NET_NAMESPACE);

		CHECK(1, self_pidfd >= 0);
		CHECK(3, try_namespaces(self->dev, pidfd, 0) == want);
		CHECK(4, try_namespaces(self->dev, pidfd, PIDNS_NAMESPACES_IDS_ONLY) == want);
		/* Its own thread group it may always ask about. */
		CHECK(5, try_namespaces(self->dev, self_pidfd, PIDNS_NAMESPACES_IDS_ONLY) == 0);
		_exit(0);
	}
	ASSERT_CHECKER_OK(checker);
	close(pidfd);
}

/*
 * Rule: "Writing a level needs CAP_SYS_ADMIN or CAP_CHECKPOINT_RESTORE over that level's owning
 * user namespace, what writing ns_last_pid needs". An unprivileged caller's own namespace (owned
 * by a user namespace it has no capability in) is such a level: EPERM, and the last pid does not
 * become what it asked for. Runs in every mode.
 */
TEST_F(dev, set_own_level_unprivileged_is_eperm)
{
	pid_t checker = fork_checker(_metadata, drop_privileges);

	if (checker == 0) {
		__s32 last, v[1];

		CHECK(2, ioc_last_pids(self->dev, PIDNS_IOC_GET_LAST_PIDS, ref_caller(), &last, 1) >=
			 1);
		v[0] = far_value(last);
		CHECK(3, try_last_pids(self->dev, PIDNS_IOC_SET_LAST_PIDS, ref_caller(), v, 1) ==
			 -EPERM);
		CHECK(4, own_level_unchanged(self->dev, last, v[0]));
		_exit(0);
	}
	ASSERT_CHECKER_OK(checker);
}

/*
 * Rule: "every entry and permission is checked before anything is written" (all or nothing). A
 * caller that made a user and a pid namespace of its own may write its new level, but a vector
 * that also covers the level above (the namespace it came from, owned by a user namespace it has
 * no capability in) is EPERM, and neither level changes. Runs in every mode where user
 * namespaces can be made, as nobody too.
 */
TEST_F(dev, set_parent_level_is_eperm_and_writes_nothing)
{
	pid_t checker = fork_checker(_metadata, NULL);

	if (checker == 0) {
		__s32 before[2], after[2], v[2];
		struct pidns_ref ns;
		int nsfd;

		if (geteuid() == 0)	/* as nobody where possible */
			CHECK(11, !become_nobody() || errno == EINVAL);
		if (unshare(CLONE_NEWUSER | CLONE_NEWPID))
			_exit(CHECKER_CANNOT_STAND);
		/* A task in the new namespace: a level without one cannot be set at all (ESRCH). */
		CHECK(19, spawn_sleeper(0, NULL) > 0);
		nsfd = open("/proc/self/ns/pid_for_children", O_RDONLY | O_CLOEXEC);
		CHECK(12, nsfd >= 0);
		ns = ref_fd(nsfd);
		CHECK(13, ioc_last_pids(self->dev, PIDNS_IOC_GET_LAST_PIDS, ns, before, 2) == 2);
		v[0] = 77;
		v[1] = far_value(before[1]);
		CHECK(14, try_last_pids(self->dev, PIDNS_IOC_SET_LAST_PIDS, ns, v, 2) == -EPERM);
		CHECK(15, ioc_last_pids(self->dev, PIDNS_IOC_GET_LAST_PIDS, ns, after, 2) == 2);
		CHECK(16, after[0] == before[0] && after[1] != v[1] &&
		      (__u32)(after[1] - before[1]) < 1000);
		/* Its own level alone it may write. */
		CHECK(17, try_last_pids(self->dev, PIDNS_IOC_SET_LAST_PIDS, ns, v, 1) == 2);
		CHECK(18, ioc_last_pids(self->dev, PIDNS_IOC_GET_LAST_PIDS, ns, after, 1) == 2 &&
		      after[0] == 77);
		_exit(0);
	}
	ASSERT_CHECKER_OK_OR_SKIP(checker, "cannot create user and pid namespaces here");
}

TEST_HARNESS_MAIN
