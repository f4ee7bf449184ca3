// SPDX-License-Identifier: GPL-2.0
/*
 * No reference leaked: every pid namespace counts against its user namespace's
 * max_pid_namespaces until it is freed, so a module that kept a reference to a namespace (or to
 * any struct pid in it) would exhaust a small limit. Each round creates a namespace, drives every
 * ioctl and error path at it, destroys it, and needs its slot back for the next round.
 */
#include "pidns_util.h"
#include "kselftest_harness.h"
#include "pidns_fixtures.h"

#define LIMIT 4
#define ROUNDS 60

/* Becomes root of a new user namespace whose pid namespaces are limited to LIMIT. */
static int enter_limited_userns(void)
{
	char map[64];
	uid_t uid = geteuid();
	gid_t gid = getegid();

	if (unshare(CLONE_NEWUSER))
		return -1;
	snprintf(map, sizeof(map), "0 %d 1", uid);
	if (write_str("/proc/self/uid_map", map) || write_str("/proc/self/setgroups", "deny"))
		return -1;
	snprintf(map, sizeof(map), "0 %d 1", gid);
	if (write_str("/proc/self/gid_map", map))
		return -1;
	snprintf(map, sizeof(map), "%d", LIMIT);
	return write_str("/proc/sys/user/max_pid_namespaces", map);
}

/* clone_newpid(), waiting out namespaces of earlier rounds still being freed (RCU). */
static pid_t clone_newpid_retry(int *pidfd)
{
	for (int i = 0; i < 400; i++) {
		pid_t pid = clone_newpid(pidfd);

		if (pid >= 0 || errno != ENOSPC)
			return pid;
		usleep(5000);
	}
	return -1;
}

/* Every operation, successful or not, on a namespace holding one sleeping init. */
static int exercise(int dev, pid_t init, int pidfd, int nsfd)
{
	struct pidns_init_pid ip;
	__s32 v[2] = { 0 };
	__u64 id = ns_id(nsfd);
	struct pidns_ref refs[] = { pidns_ref_fd(nsfd), pidns_ref_fd(pidfd), pidns_ref_id(id) };
	int bad = 0;

	for (unsigned int r = 0; r < sizeof(refs) / sizeof(refs[0]); r++) {
		bad |= pidns_translate(dev, 1, refs[r], pidns_ref_caller(), 0) != init;
		bad |= pidns_translate(dev, init, pidns_ref_caller(), refs[r], PIDNS_TRANSLATE_TGID) != 1;
		bad |= pidns_translate(dev, 2, refs[r], pidns_ref_caller(), 0) != -ESRCH;
		bad |= pidns_translate(dev, getpid(), pidns_ref_caller(), refs[r], 0) != -ENOENT;
		bad |= pidns_translate(dev, 1, refs[r], pidns_ref_caller(), 1U << 9) != -EINVAL;
		bad |= pidns_init_pid(dev, refs[r], pidns_ref_caller(), &ip) != 0 || ip.pid != init;
		bad |= pidns_init_pid(dev, refs[r], pidns_ref_fd(INT32_MAX), &ip) != -EBADF;
		bad |= pidns_init_pid(dev, refs[r], pidns_ref_fd(-1), &ip) != -EINVAL;
		bad |= pidns_last_pids(dev, PIDNS_IOC_GET_LAST_PIDS, refs[r], v, 2) != 2;
		/* Its own level only: the level above belongs to a user namespace we do not own. */
		bad |= pidns_last_pids(dev, PIDNS_IOC_SET_LAST_PIDS, refs[r], v, 1) != 2;
		bad |= pidns_last_pids(dev, PIDNS_IOC_SET_LAST_PIDS, refs[r], v, 2) != -EPERM;
		bad |= pidns_last_pids(dev, PIDNS_IOC_SET_LAST_PIDS, refs[r], (void *)8, 2) != -EFAULT;
		bad |= pidns_last_pids(dev, PIDNS_IOC_GET_LAST_PIDS, refs[r], v, 3) != -EINVAL;
		/* Bound files, each holding the namespace (and the caller's) until closed. */
		for (int b = 0; b < 2; b++) {
			__u32 flags = r % 2 ? PIDNS_BIND_DELEGATE : 0;
			int bound = b ? pidns_bind_flags(dev, pidns_ref_caller(), refs[r], flags) :
					pidns_bind_flags(dev, refs[r], pidns_ref_caller(), flags);

			if (bound < 0) {
				bad = 1;
				continue;
			}
			bad |= pidns_bound_translate(bound, PIDNS_IOC_BOUND_PID, b ? init : 1) != (b ? 1 : init);
			bad |= pidns_bound_init_pid(bound, NULL) != (b ? -ENOENT : init);
			close(bound);
		}
	}
	/* The namespace snapshot: with fds (closed again), ids only, and failing half-way. */
	for (__u32 flags = 0; flags <= PIDNS_NAMESPACES_IDS_ONLY; flags++) {
		struct pidns_namespaces req = { .size = sizeof(req), .flags = flags, .pidfd = pidfd,
						.mask = CLONE_NEWPID | CLONE_NEWNET | CLONE_NEWUSER };

		bad |= ioctl(dev, PIDNS_IOC_GET_NAMESPACES, &req) != 0;
		bad |= req.ns[PIDNS_NS_PID].id != id;
		for (int i = 0; i < PIDNS_NS_TYPES; i++)
			if (req.ns[i].fd >= 0)
				close(req.ns[i].fd);
		bad |= ioctl(dev, PIDNS_IOC_GET_NAMESPACES, (void *)8) != -1 || errno != EFAULT;
	}
	return bad;
}

/* The limit really binds: namespaces kept alive by fds use it up. (This test can fail.) */
TEST(limit_catches_held_references)
{
	int nsfd[LIMIT + 1], status;
	pid_t checker = fork();

	ASSERT_GE(checker, 0);
	if (checker == 0) {
		if (enter_limited_userns())
			_exit(KSFT_SKIP);
		for (int i = 0; i <= LIMIT; i++) {
			int pidfd;
			pid_t init = clone_newpid(&pidfd);

			if (init == 0) {
				pause();	/* alive until its namespace fd is taken */
				_exit(0);
			}
			if (init < 0)
				_exit(i == LIMIT && errno == ENOSPC ? 0 : 20 + i);
			nsfd[i] = ioctl(pidfd, PIDFD_GET_PID_NAMESPACE, 0);
			kill(init, SIGKILL);
			waitpid(init, NULL, 0);
			if (nsfd[i] < 0)
				_exit(30);
		}
		_exit(31);	/* more namespaces than the limit lived at once */
	}
	ASSERT_EQ(waitpid(checker, &status, 0), checker);
	if (WIFEXITED(status) && WEXITSTATUS(status) == KSFT_SKIP)
		SKIP(return, "cannot create a user namespace with a pid-namespace limit here");
	ASSERT_EQ(WEXITSTATUS(status), 0);
}

/* ROUNDS namespaces through every ioctl, under a limit of LIMIT alive at once. */
TEST(no_reference_survives_its_namespace)
{
	int status;
	pid_t checker;
	int dev = open(PIDNS_DEVICE_PATH, O_RDWR | O_CLOEXEC);

	if (dev < 0)
		SKIP(return, PIDNS_DEVICE_PATH " missing: is pidns.ko loaded?");
	checker = fork();
	ASSERT_GE(checker, 0);
	if (checker == 0) {
		if (enter_limited_userns())
			_exit(KSFT_SKIP);
		for (int round = 0; round < ROUNDS; round++) {
			char path[64];
			int pidfd, nsfd, bad;
			pid_t init = clone_newpid_retry(&pidfd);

			if (init == 0) {
				pause();
				_exit(0);
			}
			if (init < 0)
				_exit(10);	/* a slot never came back: something holds a namespace */
			snprintf(path, sizeof(path), "/proc/%d/ns/pid", init);
			nsfd = open(path, O_RDONLY | O_CLOEXEC);
			bad = nsfd < 0 || exercise(dev, init, pidfd, nsfd);
			kill(init, SIGKILL);
			waitpid(init, NULL, 0);
			/* And once more on the dead namespace: only errors now. */
			bad |= pidns_translate(dev, 1, pidns_ref_fd(nsfd), pidns_ref_caller(), 0) != -ESRCH;
			bad |= pidns_translate(dev, 1, pidns_ref_fd(pidfd), pidns_ref_caller(), 0) != -ESRCH;
			close(nsfd);
			close(pidfd);
			if (bad)
				_exit(11);
		}
		_exit(0);
	}
	ASSERT_EQ(waitpid(checker, &status, 0), checker);
	close(dev);
	if (WIFEXITED(status) && WEXITSTATUS(status) == KSFT_SKIP)
		SKIP(return, "cannot create a user namespace with a pid-namespace limit here");
	ASSERT_TRUE(WIFEXITED(status));
	ASSERT_EQ(WEXITSTATUS(status), 0) {
		TH_LOG("%s", WEXITSTATUS(status) == 10 ? "namespaces leaked: the limit was exhausted" :
			     "an ioctl gave a wrong answer");
	}
	TH_LOG("%d namespaces created and freed under a limit of %d", ROUNDS, LIMIT);
}

TEST_HARNESS_MAIN
