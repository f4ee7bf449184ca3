// SPDX-License-Identifier: GPL-2.0
/*
 * No reference leaked: every pid namespace counts against its user namespace's
 * max_pid_namespaces until it is freed, so a module that kept a reference to a namespace (or to
 * any struct pid in it) would exhaust a small limit. Each round creates a namespace, drives every
 * ioctl and error path at it, destroys it, and needs its slot back for the next round.
 */
#include "kselftest_harness.h"
#include "pidns_harness.h"
#include "pidns_dev_fixture.h"

#define LIMIT 4
#define ROUNDS 60

#define NO_LIMITED_USERNS "cannot create a user namespace with a pid-namespace limit here"

/* Becomes root of a new user namespace whose pid namespaces are limited to LIMIT. */
static int enter_limited_userns(void)
{
	char limit[16];
	uid_t uid = geteuid();
	gid_t gid = getegid();

	if (unshare(CLONE_NEWUSER) || map_self_as_root(uid, gid))
		return -1;
	snprintf(limit, sizeof(limit), "%d", LIMIT);
	return write_str("/proc/sys/user/max_pid_namespaces", limit);
}

/*
 * A freed pid namespace gives its slot back only after RCU grace periods (delayed_free_pidns(),
 * after the last struct pid's delayed_put_pid()), which take seconds on a loaded debug kernel.
 * A held reference never gives it back, so a generous deadline still catches every leak.
 */
#define SLOT_DEADLINE_MS 30000

static long long now_ms(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return ts.tv_sec * 1000LL + ts.tv_nsec / 1000000;
}

/*
 * A sleeping init of a new pid namespace (spawn_sleeper()), waiting out namespaces of earlier
 * rounds still being freed; the wait in milliseconds goes to *@waited.
 */
static pid_t spawn_init_retry(int *pidfd, long long *waited)
{
	long long start = now_ms();

	for (;;) {
		pid_t pid = spawn_sleeper(SLEEPER_NEWPID, pidfd);

		*waited = now_ms() - start;
		if (pid >= 0 || errno != ENOSPC || *waited > SLOT_DEADLINE_MS)
			return pid;
		usleep(5000);
	}
}

/* Every operation, successful or not, on a namespace holding one sleeping init. */
static int exercise(int dev, pid_t init, int pidfd, int nsfd)
{
	struct pidns_init_pid ip;
	__s32 v[2] = { 0 };
	__u64 id = ns_id(nsfd);
	struct pidns_ref refs[] = { ref_fd(nsfd), ref_fd(pidfd), ref_id(id) };
	int bad = 0;

	for (unsigned int r = 0; r < sizeof(refs) / sizeof(refs[0]); r++) {
		bad |= ioc_translate(dev, 1, refs[r], ref_caller(), 0) != init;
		bad |= ioc_translate(dev, init, ref_caller(), refs[r], PIDNS_TRANSLATE_TGID) != 1;
		bad |= ioc_translate(dev, 2, refs[r], ref_caller(), 0) != -ESRCH;
		bad |= ioc_translate(dev, getpid(), ref_caller(), refs[r], 0) != -ENOENT;
		bad |= ioc_translate(dev, 1, refs[r], ref_caller(), 1U << 9) != -EINVAL;
		bad |= ioc_init_pid(dev, refs[r], ref_caller(), &ip) != 0 || ip.pid != init;
		bad |= ioc_init_pid(dev, refs[r], ref_fd(INT32_MAX), &ip) != -EBADF;
		bad |= ioc_init_pid(dev, refs[r], ref_fd(-1), &ip) != -EINVAL;
		bad |= ioc_last_pids(dev, PIDNS_IOC_GET_LAST_PIDS, refs[r], v, 2) != 2;
		/* Its own level only: the level above belongs to a user namespace we do not own. */
		bad |= ioc_last_pids(dev, PIDNS_IOC_SET_LAST_PIDS, refs[r], v, 1) != 2;
		bad |= ioc_last_pids(dev, PIDNS_IOC_SET_LAST_PIDS, refs[r], v, 2) != -EPERM;
		bad |= ioc_last_pids(dev, PIDNS_IOC_SET_LAST_PIDS, refs[r], (void *)8, 2) != -EFAULT;
		bad |= ioc_last_pids(dev, PIDNS_IOC_GET_LAST_PIDS, refs[r], v, 3) != -EINVAL;
		/* Bound files, each holding the namespace (and the caller's) until closed. */
		for (int b = 0; b < 2; b++) {
			__u32 flags = r % 2 ? PIDNS_BIND_DELEGATE : 0;
			int bound = b ? ioc_bind(dev, ref_caller(), refs[r], flags) :
					ioc_bind(dev, refs[r], ref_caller(), flags);

			if (bound < 0) {
				bad = 1;
				continue;
			}
			bad |= ioc_bound(bound, PIDNS_IOC_BOUND_PID, b ? init : 1) != (b ? 1 : init);
			bad |= ioc_bound_init_pid(bound, NULL) != (b ? -ENOENT : init);
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
	pid_t checker = fork_checker(_metadata, enter_limited_userns);

	if (checker == 0) {
		int nsfd[LIMIT + 1];

		for (int i = 0; i <= LIMIT; i++) {
			int pidfd;
			/* Alive until its namespace fd is taken. */
			pid_t init = spawn_sleeper(SLEEPER_NEWPID, &pidfd);

			if (init < 0)
				_exit(i == LIMIT && errno == ENOSPC ? 0 : 20 + i);
			nsfd[i] = ioctl(pidfd, PIDFD_GET_PID_NAMESPACE, 0);
			kill(init, SIGKILL);
			waitpid(init, NULL, 0);
			CHECK(30, nsfd[i] >= 0);
		}
		_exit(31);	/* more namespaces than the limit lived at once */
	}
	ASSERT_CHECKER_OK_OR_SKIP(checker, NO_LIMITED_USERNS);
}

/* ROUNDS namespaces through every ioctl, under a limit of LIMIT alive at once. */
/*
 * On a debug kernel (KASAN, lockdep) under emulation the rounds take longer than the harness's
 * default 30 seconds, hence the timeout.
 */
TEST_F_TIMEOUT(dev, no_reference_survives_its_namespace, 300)
{
	pid_t checker = fork_checker(_metadata, enter_limited_userns);

	if (checker == 0) {
		long long longest = 0, start = now_ms();

		for (int round = 0; round < ROUNDS; round++) {
			char path[64];
			int pidfd, nsfd, bad;
			long long waited;
			pid_t init = spawn_init_retry(&pidfd, &waited);

			if (waited > longest)
				longest = waited;

			/* 10: a slot never came back, something holds a namespace (a leak). */
			if (init <= 0)
				fprintf(stderr, "# round %d: no slot after %lld ms (%m)\n", round, waited);
			CHECK(10, init > 0);
			snprintf(path, sizeof(path), "/proc/%d/ns/pid", init);
			nsfd = open(path, O_RDONLY | O_CLOEXEC);
			bad = nsfd < 0 || exercise(self->dev, init, pidfd, nsfd);
			kill(init, SIGKILL);
			waitpid(init, NULL, 0);
			/* And once more on the dead namespace: only errors now. */
			bad |= ioc_translate(self->dev, 1, ref_fd(nsfd), ref_caller(), 0) != -ESRCH;
			bad |= ioc_translate(self->dev, 1, ref_fd(pidfd), ref_caller(), 0) != -ESRCH;
			close(nsfd);
			close(pidfd);
			/* 11: an ioctl gave a wrong answer. */
			CHECK(11, !bad);
		}
		fprintf(stderr, "# %d rounds in %lld ms, longest wait for a slot %lld ms\n", ROUNDS,
			now_ms() - start, longest);
		_exit(0);
	}
	ASSERT_CHECKER_OK_OR_SKIP(checker, NO_LIMITED_USERNS);
	TH_LOG("%d namespaces created and freed under a limit of %d", ROUNDS, LIMIT);
}

TEST_HARNESS_MAIN
