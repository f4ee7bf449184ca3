/* SPDX-License-Identifier: GPL-2.0 */
/*
 * What the pidns suites share on top of kselftest_harness.h (include it first): opening the
 * device, and checkers. A checker is a child that proves something from another position (other
 * credentials, another pid namespace): it exits 0 when all went well, or with the number of the
 * step that failed (CHECK()), and the test waits for it with ASSERT_CHECKER_OK().
 *
 * The fixtures two or more suites use are in pidns_dev_fixture.h and pidns_tree_fixture.h.
 */
#ifndef __PIDNS_HARNESS_H
#define __PIDNS_HARNESS_H

#include "pidns_ioctl.h"
#include "pidns_util.h"

_Static_assert(PID_NS_LEVELS == PIDNS_MAX_LEVELS, "a hierarchy has PIDNS_MAX_LEVELS levels");

/* Opens /dev/pidns; skips the test if the module is not loaded (and returns -1). */
static inline int open_dev(struct __test_metadata *_metadata)
{
	int dev = open(PIDNS_DEVICE_PATH, O_RDWR | O_CLOEXEC);

	if (dev < 0 && errno == ENOENT)
		SKIP(return -1, PIDNS_DEVICE_PATH " missing: is pidns.ko loaded?");
	ASSERT_GE(dev, 0);
	return dev;
}

/*
 * open_dev() for a test whose ground truth is /proc: also skips it (and returns -1) where /proc
 * is not the caller's pid namespace's.
 */
static inline int open_dev_proc(struct __test_metadata *_metadata)
{
	int dev = open_dev(_metadata);

	if (dev >= 0 && !proc_is_own()) {
		close(dev);
		SKIP(return -1, "/proc is not this pid namespace's: no ground truth");
	}
	return dev;
}

/*
 * spawn_sleeper() in a test: skips the test (and returns 0) where the sleeper may not be made,
 * such as pid 1 of a new namespace without the privilege to create one.
 */
static inline pid_t sleeper_or_skip(struct __test_metadata *_metadata, unsigned int flags,
				    int *pidfd)
{
	pid_t pid = spawn_sleeper(flags, pidfd);

	if (pid < 0 && errno == EPERM)
		SKIP(return 0, "may not create pid namespaces here");
	ASSERT_GT(pid, 0);
	return pid;
}

/* A step of a checker: it exits with @step unless @cond holds. */
#define CHECK(step, cond)		\
	do {				\
		if (!(cond))		\
			_exit(step);	\
	} while (0)

/* How a checker that cannot take its position here exits (see fork_checker()). */
#define CHECKER_CANNOT_STAND 254

/*
 * Forks a checker, which first takes its position by calling @stand() unless it is NULL (such as
 * drop_privileges() or become_nobody()), and exits CHECKER_CANNOT_STAND if that fails. Returns 0
 * in the checker, and its pid in the test.
 */
static inline pid_t fork_checker(struct __test_metadata *_metadata, int (*stand)(void))
{
	pid_t pid = fork();

	ASSERT_GE(pid, 0);
	if (pid == 0 && stand && stand() < 0)
		_exit(CHECKER_CANNOT_STAND);
	return pid;
}

/*
 * Forks a checker as pid 1 of a new pid namespace, which sees none of the test's tasks: returns
 * 0 in it, and its pid in the test; or skips the test (and returns -1) where no pid namespace
 * may be made.
 */
static inline pid_t clone_checker(struct __test_metadata *_metadata)
{
	pid_t pid = clone_newpid(NULL);

	if (pid < 0 && errno == EPERM)
		SKIP(return -1, "may not create pid namespaces here");
	ASSERT_GE(pid, 0);
	return pid;
}

/*
 * Waits for checker @pid; returns its exit status: 0, or the step that failed. A checker
 * clone_checker() did not start (-1: the test is skipped) is not waited for.
 */
static inline int checker_wait(struct __test_metadata *_metadata, pid_t pid)
{
	int status;

	if (pid < 0)
		return 0;
	ASSERT_EQ(waitpid(pid, &status, 0), pid);
	ASSERT_TRUE(WIFEXITED(status)) {
		TH_LOG("the checker was killed by signal %d", WTERMSIG(status));
	}
	return WEXITSTATUS(status);
}

#define __ASSERT_CHECKER_STEP(step)						\
	do {									\
		int __step = (step);						\
		ASSERT_EQ(__step, 0) {						\
			TH_LOG("checker step %d failed%s", __step,		\
			       __step == CHECKER_CANNOT_STAND ?			\
			       " (it could not take its position)" : "");	\
		}								\
	} while (0)

/* Waits for checker @pid and asserts that it exited 0. */
#define ASSERT_CHECKER_OK(pid) __ASSERT_CHECKER_STEP(checker_wait(_metadata, (pid)))

/*
 * The same for a checker that may be unable to take its position here: then the test is
 * skipped, saying @why (a string).
 */
#define ASSERT_CHECKER_OK_OR_SKIP(pid, why)					\
	do {									\
		int __status = checker_wait(_metadata, (pid));			\
		if (__status == CHECKER_CANNOT_STAND)				\
			SKIP(return, why);					\
		__ASSERT_CHECKER_STEP(__status);				\
	} while (0)

#endif /* __PIDNS_HARNESS_H */
