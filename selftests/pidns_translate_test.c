// SPDX-License-Identifier: GPL-2.0
/*
 * PIDNS_IOC_TRANSLATE against the kernel's own answers: /proc/PID/status NSpid/NStgid (ground
 * truth for every pair of namespaces) and mainline's NS_GET_{PID,TGID}_{FROM,IN}_PIDNS (for the
 * pairs they can express), plus one test per documented error.
 */
#include <sys/mman.h>

#include "kselftest_harness.h"
#include "pidns_harness.h"
#include "pidns_dev_fixture.h"
#include "pidns_tree_fixture.h"

/* Three levels below the caller's namespace; two siblings at the second; threads everywhere. */
FIXTURE_VARIANT_ADD(tree, three_levels) {
	.depth = 3, .fanout = 2, .workers = 2, .threads = 2,
};

/* The caller's namespace + N1 + two N2 + two N3; in each an init, two workers, two threads. */
TEST_F(tree, has_the_expected_shape)
{
	ASSERT_EQ(self->t->nns, 6);
	ASSERT_EQ(self->t->ntasks, 5 * 5);
}

/*
 * Every task x every (source, target) namespace pair x {pid, tgid}, namespaces named by nsfds:
 * the module must agree with NSpid/NStgid, and with mainline wherever mainline can answer.
 */
TEST_F(tree, matches_proc_and_mainline)
{
	struct tree *t = self->t;
	int checks = 0;

	tree_for_each_pair(t, s, d) {
		tree_for_each_task_in(t, k, s) {
			for (int tgid = 0; tgid <= 1; tgid++) {
				__u32 flags = tgid ? PIDNS_TRANSLATE_TGID : 0;
				pid_t in_src = tree_nr(t, k, s, false);
				pid_t want = tree_nr(t, k, d, tgid);
				int got;

				got = ioc_translate(self->dev, in_src, ref_fd(t->ns[s].fd),
						    ref_fd(t->ns[d].fd), flags);
				ASSERT_EQ(got, want ? want : -ENOENT) {
					TH_LOG("tid %d: %s %d from ns %d to ns %d",
					       t->task[k].tid, tgid ? "tgid" : "pid", in_src, s, d);
				}
				checks++;

				/* Mainline can express the pairs with the caller's namespace. */
				if (s == 0) {
					got = nsfs_ioctl(t->ns[d].fd, tgid ? NS_GET_TGID_IN_PIDNS :
							 NS_GET_PID_IN_PIDNS, in_src);
					ASSERT_EQ(got, want ? want : -ESRCH);
					got = ioc_translate(self->dev, in_src, ref_caller(),
							    ref_fd(t->ns[d].fd), flags);
					ASSERT_EQ(got, want ? want : -ENOENT);
					checks += 2;
				}
				if (d == 0) {
					got = nsfs_ioctl(t->ns[s].fd, tgid ? NS_GET_TGID_FROM_PIDNS :
							 NS_GET_PID_FROM_PIDNS, in_src);
					ASSERT_EQ(got, want);
					got = ioc_translate(self->dev, in_src, ref_fd(t->ns[s].fd),
							    ref_caller(), flags);
					ASSERT_EQ(got, want);
					checks += 2;
				}
			}
		}
	}
	TH_LOG("%d tasks, %d namespaces, %d comparisons", t->ntasks, t->nns, checks);
	ASSERT_GT(checks, 1000);
}

/* A pid that exists in the source but belongs to another task than the one we look for. */
TEST_F(tree, absent_from_source_is_esrch)
{
	struct tree *t = self->t;

	/* Far above any pid in use in a fresh namespace. */
	for (int s = 1; s < t->nns; s++)
		ASSERT_EQ(ioc_translate(self->dev, 4000000, ref_fd(t->ns[s].fd), ref_caller(), 0),
			  -ESRCH);
}

/* The same answers with the namespaces named by pidfds of tasks living in them. */
TEST_F(tree, pidfd_refs_match_nsfd_refs)
{
	struct tree *t = self->t;
	struct pidns_ref refs[TREE_MAX_NS];
	int pidfd[TREE_MAX_NS];

	pidfd[0] = sys_pidfd_open(getpid(), 0);
	ASSERT_GE(pidfd[0], 0);
	for (int s = 1; s < t->nns; s++) {
		pidfd[s] = -EBADF;
		for (int k = 0; k < t->ntasks && pidfd[s] < 0; k++) {
			struct tree_task *task = &t->task[k];

			if (task->ns[task->nlevels - 1] == s && task->tid == task->tgid)
				pidfd[s] = sys_pidfd_open(task->tid, 0);
		}
		ASSERT_GE(pidfd[s], 0);
	}
	for (int s = 0; s < t->nns; s++)
		refs[s] = ref_fd(pidfd[s]);
	TH_LOG("%d comparisons", assert_tree_translations(_metadata, self->dev, t, refs, refs));
	for (int s = 0; s < t->nns; s++)
		close(pidfd[s]);
}

/* A namespace whose every process has exited: nothing to find in it, nothing to express in it. */
TEST_F(tree, emptied_namespace)
{
	struct tree *t = self->t;
	int fd = dup(t->ns[1].fd);

	ASSERT_GE(fd, 0);
	tree_destroy(t);	/* kills N1 and everything below it; keeps our dup of N1's fd */
	ASSERT_EQ(ioc_translate(self->dev, 1, ref_fd(fd), ref_caller(), 0), -ESRCH);
	ASSERT_EQ(ioc_translate(self->dev, getpid(), ref_caller(), ref_fd(fd), 0), -ENOENT);
	close(fd);
}

/* The version ioctl answers the ABI version the header was built with. */
TEST_F(dev, version)
{
	ASSERT_EQ(ioctl(self->dev, PIDNS_IOC_GET_VERSION), PIDNS_ABI_VERSION);
}

/* Our own pid, caller to caller, is our own pid; its tgid is ours too. */
TEST_F(dev, identity)
{
	ASSERT_EQ(ioc_translate(self->dev, getpid(), ref_caller(), ref_caller(), 0), getpid());
	ASSERT_EQ(ioc_translate(self->dev, gettid(), ref_fd(self->nsfd), ref_caller(),
				PIDNS_TRANSLATE_TGID), getpid());
}

/* Commands the device does not know. */
TEST_F(dev, unknown_ioctl_is_enotty)
{
	struct pidns_translate req = { .size = sizeof(req) };

	ASSERT_EQ(ioctl(self->dev, _IOWR(PIDNS_IOC_MAGIC, 0x7f, struct pidns_translate), &req), -1);
	ASSERT_EQ(errno, ENOTTY);
	ASSERT_EQ(ioctl(self->dev, _IOWR('x', 0x01, struct pidns_translate), &req), -1);
	ASSERT_EQ(errno, ENOTTY);
	/* Right number, wrong direction. */
	ASSERT_EQ(ioctl(self->dev, _IOR(PIDNS_IOC_MAGIC, 0x01, struct pidns_translate), &req), -1);
	ASSERT_EQ(errno, ENOTTY);
}

/* An fd that is not open, or a "negative" one. */
TEST_F(dev, bad_fd_is_ebadf)
{
	int fd = dup(self->nsfd);

	close(fd);
	ASSERT_EQ(ioc_translate(self->dev, 1, ref_fd(fd), ref_caller(), 0), -EBADF);
	ASSERT_EQ(ioc_translate(self->dev, getpid(), ref_caller(), ref_fd(fd), 0), -EBADF);
	/* The largest fd number there is, not open. */
	ASSERT_EQ(ioc_translate(self->dev, 1, ref_fd(INT32_MAX), ref_caller(), 0), -EBADF);
}

/*
 * Finding 9 of issue 12: an fd reference above INT_MAX is no fd at all: EINVAL, as the header
 * says ("@value out of range for @kind"), not EBADF; -1 sign-extended is such a value.
 */
TEST_F(dev, fd_above_int_max_is_einval)
{
	const __u64 values[] = { 1ULL << 31, (__u64)-1, 1ULL << 40, 0xffffffffULL };

	for (unsigned int i = 0; i < sizeof(values) / sizeof(values[0]); i++) {
		struct pidns_ref r = { .kind = PIDNS_REF_FD, .value = values[i] };

		ASSERT_EQ(ioc_translate(self->dev, 1, r, ref_caller(), 0), -EINVAL) {
			TH_LOG("source fd %#llx", (unsigned long long)values[i]);
		}
		ASSERT_EQ(ioc_translate(self->dev, getpid(), ref_caller(), r, 0), -EINVAL) {
			TH_LOG("target fd %#llx", (unsigned long long)values[i]);
		}
	}
	ASSERT_EQ(ioc_translate(self->dev, 1, ref_fd(-1), ref_caller(), 0), -EINVAL);
}

/*
 * Finding 12 of issue 12: when both references are bad, the source's error is returned, whatever
 * the target's.
 */
TEST_F(dev, both_refs_bad_source_error_wins)
{
	struct pidns_ref closed = ref_fd(INT32_MAX), kind = { .kind = 77 };
	struct pidns_ref unknown_id = ref_id(~0ULL), null = ref_fd(-1);
	int fd = open("/dev/null", O_RDONLY | O_CLOEXEC);
	struct pidns_ref wrong = ref_fd(fd);

	ASSERT_GE(fd, 0);
	ASSERT_EQ(ioc_translate(self->dev, 1, closed, kind, 0), -EBADF);
	ASSERT_EQ(ioc_translate(self->dev, 1, kind, closed, 0), -EINVAL);
	ASSERT_EQ(ioc_translate(self->dev, 1, closed, wrong, 0), -EBADF);
	ASSERT_EQ(ioc_translate(self->dev, 1, unknown_id, closed, 0), -ENOENT);
	ASSERT_EQ(ioc_translate(self->dev, 1, closed, unknown_id, 0), -EBADF);
	ASSERT_EQ(ioc_translate(self->dev, 1, wrong, unknown_id, 0), -EINVAL);
	ASSERT_EQ(ioc_translate(self->dev, 1, null, closed, 0), -EINVAL);
	close(fd);
}

/* An O_PATH fd is not an open namespace. */
TEST_F(dev, opath_fd_is_ebadf)
{
	int fd = open("/proc/self/ns/pid", O_PATH | O_CLOEXEC);

	ASSERT_GE(fd, 0);
	ASSERT_EQ(ioc_translate(self->dev, getpid(), ref_fd(fd), ref_caller(), 0), -EBADF);
	close(fd);
}

/* Open files that are not pid namespaces: a pipe, /dev/null, another namespace type. */
TEST_F(dev, wrong_fd_is_einval)
{
	const char *paths[] = { "/dev/null", "/proc/self/ns/net", "/proc/self/ns/user",
				"/proc/self/ns/mnt", "/proc/self/status" };
	int p[2];

	for (unsigned int i = 0; i < sizeof(paths) / sizeof(paths[0]); i++) {
		int fd = open(paths[i], O_RDONLY | O_CLOEXEC);

		ASSERT_GE(fd, 0);
		ASSERT_EQ(ioc_translate(self->dev, getpid(), ref_fd(fd), ref_caller(), 0), -EINVAL) {
			TH_LOG("%s", paths[i]);
		}
		close(fd);
	}
	ASSERT_EQ(pipe(p), 0);
	ASSERT_EQ(ioc_translate(self->dev, getpid(), ref_caller(), ref_fd(p[0]), 0), -EINVAL);
	close(p[0]);
	close(p[1]);
	/* pid_for_children is a pid namespace too. */
	p[0] = open("/proc/self/ns/pid_for_children", O_RDONLY | O_CLOEXEC);
	ASSERT_GE(p[0], 0);
	ASSERT_EQ(ioc_translate(self->dev, getpid(), ref_fd(p[0]), ref_caller(), 0), getpid());
	close(p[0]);
}

/* Reserved fields, unknown kinds, values a kind does not take, unknown flags. */
TEST_F(dev, reserved_and_flags_are_einval)
{
	struct pidns_ref r = ref_caller();

	r.reserved = 1;
	ASSERT_EQ(ioc_translate(self->dev, getpid(), r, ref_caller(), 0), -EINVAL);
	ASSERT_EQ(ioc_translate(self->dev, getpid(), ref_caller(), r, 0), -EINVAL);
	r = ref_fd(self->nsfd);
	r.reserved = 0x80000000;
	ASSERT_EQ(ioc_translate(self->dev, getpid(), r, ref_caller(), 0), -EINVAL);
	r = (struct pidns_ref){ .kind = 77 };
	ASSERT_EQ(ioc_translate(self->dev, getpid(), r, ref_caller(), 0), -EINVAL);
	r = (struct pidns_ref){ .kind = PIDNS_REF_CALLER, .value = 1 };
	ASSERT_EQ(ioc_translate(self->dev, getpid(), r, ref_caller(), 0), -EINVAL);
	ASSERT_EQ(ioc_translate(self->dev, getpid(), ref_caller(), ref_caller(), 1U << 1),
		  -EINVAL);
	ASSERT_EQ(ioc_translate(self->dev, getpid(), ref_caller(), ref_caller(), 1U << 31),
		  -EINVAL);
	{
		struct pidns_translate req = {
			.size = sizeof(req), .source = ref_caller(),
			.target = ref_caller(), .pid = getpid(), .reserved = 1,
		};

		ASSERT_EQ(ioctl(self->dev, PIDNS_IOC_TRANSLATE, &req), -1);
		ASSERT_EQ(errno, EINVAL);
		req.reserved = 0;
		ASSERT_EQ(ioctl(self->dev, PIDNS_IOC_TRANSLATE, &req), getpid());
	}
}

/* Pids are positive. */
TEST_F(dev, nonpositive_pid_is_einval)
{
	ASSERT_EQ(ioc_translate(self->dev, 0, ref_caller(), ref_caller(), 0), -EINVAL);
	ASSERT_EQ(ioc_translate(self->dev, -1, ref_caller(), ref_caller(), 0), -EINVAL);
	ASSERT_EQ(ioc_translate(self->dev, INT32_MIN, ref_caller(), ref_caller(), 0), -EINVAL);
}

/* A pid nobody has. */
TEST_F(dev, unused_pid_is_esrch)
{
	ASSERT_EQ(ioc_translate(self->dev, INT32_MAX, ref_caller(), ref_caller(), 0), -ESRCH);
}

/* Our pid has no number in a namespace below ours. */
TEST_F(dev, no_number_in_target_is_enoent)
{
	int pidfd, nsfd, err;
	pid_t child = sleeper_or_skip(_metadata, SLEEPER_NEWPID, &pidfd);

	if (!child)
		return;
	nsfd = ioctl(pidfd, PIDFD_GET_PID_NAMESPACE, 0);
	ASSERT_GE(nsfd, 0);
	err = ioc_translate(self->dev, getpid(), ref_caller(), ref_fd(nsfd), 0);
	/* Mainline says ESRCH for this; pidns tells "not found" and "no number there" apart. */
	ASSERT_EQ(nsfs_ioctl(nsfd, NS_GET_PID_IN_PIDNS, getpid()), -ESRCH);
	kill(child, SIGKILL);
	waitpid(child, NULL, 0);
	close(nsfd);
	close(pidfd);
	ASSERT_EQ(err, -ENOENT);
}

/* A pidfd whose task has exited and been reaped names no namespace any more. */
TEST_F(dev, reaped_pidfd_is_esrch)
{
	pid_t child;
	int pidfd = zombie_pidfd(&child);

	ASSERT_GE(pidfd, 0);
	ASSERT_EQ(waitpid(child, NULL, 0), child);
	ASSERT_EQ(ioc_translate(self->dev, getpid(), ref_fd(pidfd), ref_caller(), 0), -ESRCH);
	ASSERT_EQ(ioc_translate(self->dev, getpid(), ref_caller(), ref_fd(pidfd), 0), -ESRCH);
	close(pidfd);
}

/* The struct size rules of copy_struct_from_user(). */
TEST_F(dev, struct_size_rules)
{
	struct {
		struct pidns_translate req;
		char tail[64];
	} big;
	char *page;

	memset(&big, 0, sizeof(big));
	big.req = (struct pidns_translate){ .source = ref_caller(), .target = ref_caller(),
					    .pid = getpid() };

	big.req.size = PIDNS_TRANSLATE_SIZE_VER0 - 1;
	ASSERT_EQ(ioctl(self->dev, PIDNS_IOC_TRANSLATE, &big), -1);
	ASSERT_EQ(errno, EINVAL);
	big.req.size = 0;
	ASSERT_EQ(ioctl(self->dev, PIDNS_IOC_TRANSLATE, &big), -1);
	ASSERT_EQ(errno, EINVAL);

	/* Larger with a zero tail: fine. */
	big.req.size = sizeof(big);
	ASSERT_EQ(ioctl(self->dev, PIDNS_IOC_TRANSLATE, &big), getpid());

	/* Larger with anything in the tail: E2BIG. */
	big.tail[63] = 1;
	ASSERT_EQ(ioctl(self->dev, PIDNS_IOC_TRANSLATE, &big), -1);
	ASSERT_EQ(errno, E2BIG);

	/* More than a page: E2BIG. */
	page = mmap(NULL, 2 * getpagesize(), PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS,
		    -1, 0);
	ASSERT_NE(page, MAP_FAILED);
	memcpy(page, &big.req, sizeof(big.req));
	((struct pidns_translate *)page)->size = getpagesize() + 1;
	ASSERT_EQ(ioctl(self->dev, PIDNS_IOC_TRANSLATE, page), -1);
	ASSERT_EQ(errno, E2BIG);
	munmap(page, 2 * getpagesize());
}

/* Pointers that do not point to readable, writable memory. */
TEST_F(dev, bad_pointer_is_efault)
{
	struct pidns_translate req = { .size = sizeof(req), .source = ref_caller(),
				       .target = ref_caller(), .pid = getpid() };
	long pagesz = getpagesize();
	char *map;

	ASSERT_EQ(ioctl(self->dev, PIDNS_IOC_TRANSLATE, NULL), -1);
	ASSERT_EQ(errno, EFAULT);
	ASSERT_EQ(ioctl(self->dev, PIDNS_IOC_TRANSLATE, (void *)-4096L), -1);
	ASSERT_EQ(errno, EFAULT);

	/* The struct straddles the end of a mapping. */
	map = mmap(NULL, 2 * pagesz, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
	ASSERT_NE(map, MAP_FAILED);
	ASSERT_EQ(munmap(map + pagesz, pagesz), 0);
	memcpy(map + pagesz - 8, &req, 8);
	ASSERT_EQ(ioctl(self->dev, PIDNS_IOC_TRANSLATE, map + pagesz - 8), -1);
	ASSERT_EQ(errno, EFAULT);

	/* Read-only memory is fine: the struct is input only, the answer the return value. */
	memcpy(map, &req, sizeof(req));
	ASSERT_EQ(mprotect(map, pagesz, PROT_READ), 0);
	ASSERT_EQ(ioctl(self->dev, PIDNS_IOC_TRANSLATE, map), getpid());
	munmap(map, pagesz);
}

/*
 * ABI 6 (finding 1 of issue 12): a pidfd on a task outside the caller's own pid namespace names
 * that task's namespace exactly when mainline's PIDFD_GET_PID_NAMESPACE would hand it out: with
 * ptrace read access to the task, EACCES (no longer EPERM) without. Checkers: nobody (as real
 * root) and the same uid in a user namespace of its own (no capability over ours); targets: the
 * init of a child namespace, dumpable, then non-dumpable (refused to both checkers), then (as
 * real root) one that became nobody and is dumpable again: nobody may ptrace-read it, so the
 * same pidfd that needed CAP_SYS_PTRACE before ABI 6 now names its namespace.
 */
TEST_F(dev, foreign_pidfd_needs_ptrace_access)
{
	static const unsigned int targets[] = { 0, SLEEPER_NODUMP, SLEEPER_NOBODY };
	int (*const checkers[])(void) = { unshare_userns, become_nobody };
	int nobody = can_become_nobody();

	for (int i = 0; i < (nobody ? 3 : 2); i++) {
		bool dumpable = !(targets[i] & SLEEPER_NODUMP);
		bool nobody_target = targets[i] & SLEEPER_NOBODY;
		int pidfd;
		pid_t child = sleeper_or_skip(_metadata, SLEEPER_NEWPID | targets[i], &pidfd);

		if (!child)
			return;
		for (int as_nobody = 0; as_nobody <= nobody; as_nobody++) {
			pid_t checker = fork_checker(_metadata, checkers[as_nobody]);

			if (checker == 0) {
				struct pidns_ref ref = ref_fd(pidfd);
				int want = mainline_pidfd_ns(pidfd, PIDFD_GET_PID_NAMESPACE);
				bool refused = (as_nobody && !nobody_target) || !dumpable;

				CHECK(12, want == 0 || want == -EACCES);
				/* Mainline must refuse these, or the test proves nothing; and grant this. */
				CHECK(13, !refused || want == -EACCES);
				CHECK(16, !(as_nobody && nobody_target) || want == 0);
				CHECK(14, ioc_translate(self->dev, child, ref_caller(), ref, 0) ==
					  (want ? want : 1));
				CHECK(15, ioc_translate(self->dev, 1, ref, ref_caller(), 0) ==
					  (want ? want : child));
				_exit(0);
			}
			ASSERT_CHECKER_OK(checker);
		}
		/* With the capability, the same pidfd names the namespace. */
		EXPECT_EQ(ioc_translate(self->dev, child, ref_caller(), ref_fd(pidfd), 0), 1);
		kill(child, SIGKILL);
		waitpid(child, NULL, 0);
		close(pidfd);
	}
}

/*
 * Finding 10 of issue 12: a pidfd of a task that has exited but is not reaped yet (a zombie)
 * names no namespace: ESRCH as source and as target, exactly what mainline's
 * PIDFD_GET_PID_NAMESPACE says on the same fd.
 */
TEST_F(dev, zombie_pidfd_is_esrch)
{
	pid_t child, pid = getpid(), results[1] = { 0 };
	int pidfd = zombie_pidfd(&child);

	ASSERT_GE(pidfd, 0);
	ASSERT_EQ(mainline_pidfd_ns(pidfd, PIDFD_GET_PID_NAMESPACE), -ESRCH);
	EXPECT_EQ(ioc_translate(self->dev, pid, ref_fd(pidfd), ref_caller(), 0), -ESRCH);
	EXPECT_EQ(ioc_translate(self->dev, pid, ref_caller(), ref_fd(pidfd), 0), -ESRCH);
	EXPECT_EQ(ioc_translate_batch(self->dev, &pid, results, 1, ref_fd(pidfd),
				      ref_caller(), 0), -ESRCH);
	ASSERT_EQ(waitpid(child, NULL, 0), child);
	close(pidfd);
}

/*
 * Finding 10 of issue 12: a PIDFD_THREAD pidfd of a thread-group leader that has exited
 * (syscall(SYS_exit) while another thread lives on) is ESRCH, as for mainline's
 * PIDFD_GET_PID_NAMESPACE on the same fd; and the process pidfd answers what mainline answers.
 */
TEST_F(dev, exited_leader_thread_pidfd_is_esrch)
{
	int ready[2], go[2], tpidfd, pidfd, want;
	pid_t child;
	char byte;

	ASSERT_EQ(pipe2(ready, O_CLOEXEC), 0);
	ASSERT_EQ(pipe2(go, O_CLOEXEC), 0);
	child = fork();
	ASSERT_GE(child, 0);
	if (child == 0) {
		pthread_t t;

		prctl(PR_SET_PDEATHSIG, SIGKILL);
		if (pthread_create(&t, NULL, sleeping_thread, &ready[1]))
			_exit(1);
		if (read(go[0], &byte, 1) != 1)
			_exit(1);
		syscall(SYS_exit, 0);	/* this thread only */
	}
	ASSERT_EQ(read(ready[0], &byte, 1), 1);
	tpidfd = sys_pidfd_open(child, PIDFD_THREAD);
	ASSERT_GE(tpidfd, 0);
	pidfd = sys_pidfd_open(child, 0);
	ASSERT_GE(pidfd, 0);
	ASSERT_EQ(write(go[1], "x", 1), 1);
	wait_zombie(child);	/* the leader is a zombie; its group lives on */

	ASSERT_EQ(mainline_pidfd_ns(tpidfd, PIDFD_GET_PID_NAMESPACE), -ESRCH);
	EXPECT_EQ(ioc_translate(self->dev, 1, ref_fd(tpidfd), ref_caller(), 0), -ESRCH);
	EXPECT_EQ(ioc_translate(self->dev, getpid(), ref_caller(), ref_fd(tpidfd), 0),
		  -ESRCH);
	want = mainline_pidfd_ns(pidfd, PIDFD_GET_PID_NAMESPACE);
	EXPECT_EQ(ioc_translate(self->dev, getpid(), ref_caller(), ref_fd(pidfd), 0),
		  want ? want : getpid());
	kill(child, SIGKILL);
	waitpid(child, NULL, 0);
	close(tpidfd);
	close(pidfd);
	close(ready[0]);
	close(ready[1]);
	close(go[0]);
	close(go[1]);
}

/*
 * Finding 12 of issue 12: a task the caller cannot see that also has no number in the target is
 * ESRCH (visibility is checked first), not ENOENT. The checker is pid 1 of a namespace B beside a
 * namespace A; A's init has no number in B and is invisible there, named by the outer namespace's
 * fd. A task it can see with no number in the target is ENOENT as before.
 */
TEST_F(dev, invisible_task_without_number_in_target_is_esrch)
{
	pid_t a = sleeper_or_skip(_metadata, SLEEPER_NEWPID, NULL), checker;
	char path[64];
	int a_ns;

	if (!a)
		return;
	snprintf(path, sizeof(path), "/proc/%d/ns/pid", a);
	a_ns = open(path, O_RDONLY | O_CLOEXEC);
	ASSERT_GE(a_ns, 0);
	checker = clone_newpid(NULL);
	ASSERT_GE(checker, 0);
	if (checker == 0) {
		struct pidns_ref outer = ref_fd(self->nsfd);
		pid_t me_outer = ioc_translate(self->dev, 1, ref_caller(), outer, 0);
		pid_t batch[2] = { a, me_outer };

		CHECK(1, ioc_translate(self->dev, a, outer, ref_caller(), 0) == -ESRCH);
		CHECK(2, ioc_translate(self->dev, a, outer, ref_caller(), PIDNS_TRANSLATE_TGID) ==
			 -ESRCH);
		CHECK(3, ioc_translate_batch(self->dev, batch, batch, 2, outer, ref_caller(), 0) ==
			 1 && batch[0] == -ESRCH && batch[1] == 1);
		/* A visible task, itself, named in the outer namespace, to one it is not in. */
		CHECK(4, me_outer > 1);
		CHECK(5, ioc_translate(self->dev, me_outer, outer, ref_fd(a_ns), 0) == -ENOENT);
		_exit(0);
	}
	ASSERT_CHECKER_OK(checker);
	close(a_ns);
	kill(a, SIGKILL);
	waitpid(a, NULL, 0);
}

TEST_HARNESS_MAIN
