// SPDX-License-Identifier: GPL-2.0
/*
 * PIDNS_IOC_INIT_PID against three oracles: the NSpid of the reaper in /proc, mainline's
 * NS_GET_PID_FROM_PIDNS(nsfd, 1), and LXCFS's way (fork, setns, fork, SCM_CREDENTIALS); and the
 * races of the never-merged NS_GET_INIT_PID: the reaper exits, is a zombie, is reaped, or was a
 * multi-threaded init whose first thread exited.
 */
#include <stddef.h>
#include <sys/mman.h>
#include <sys/socket.h>

#include "kselftest_harness.h"
#include "pidns_harness.h"
#include "pidns_dev_fixture.h"
#include "pidns_tree_fixture.h"

/* Three levels below the caller's namespace, two siblings at the second; one worker in each. */
FIXTURE_VARIANT_ADD(tree, three_levels) {
	.depth = 3, .fanout = 2, .workers = 1, .threads = 1,
};

/*
 * LXCFS's method (src/bindings.c): a child joins the namespace, forks a grandchild inside it,
 * which sends SCM_CREDENTIALS claiming pid 1; the kernel translates it into our view on receipt.
 */
static pid_t lxcfs_init_pid(int nsfd)
{
	int sock[2], one = 1;
	pid_t helper, result = -1;
	char buf[1] = { 0 };
	char control[CMSG_SPACE(sizeof(struct ucred))];
	struct iovec iov = { .iov_base = buf, .iov_len = 1 };
	struct msghdr msg = { .msg_iov = &iov, .msg_iovlen = 1,
			      .msg_control = control, .msg_controllen = sizeof(control) };

	/* SEQPACKET: if the helpers fail, the parent reads end-of-file instead of blocking. */
	if (socketpair(AF_UNIX, SOCK_SEQPACKET | SOCK_CLOEXEC, 0, sock))
		return -1;
	setsockopt(sock[0], SOL_SOCKET, SO_PASSCRED, &one, sizeof(one));
	helper = fork();
	if (helper == 0) {
		pid_t grandchild = fork_into_pidns(nsfd);

		if (grandchild == 0) {
			struct ucred cred = { .pid = 1, .uid = getuid(), .gid = getgid() };
			struct cmsghdr *cmsg;

			msg.msg_controllen = sizeof(control);
			cmsg = CMSG_FIRSTHDR(&msg);
			cmsg->cmsg_level = SOL_SOCKET;
			cmsg->cmsg_type = SCM_CREDENTIALS;
			cmsg->cmsg_len = CMSG_LEN(sizeof(cred));
			memcpy(CMSG_DATA(cmsg), &cred, sizeof(cred));
			_exit(sendmsg(sock[1], &msg, 0) == 1 ? 0 : 1);
		}
		_exit(grandchild > 0 && waitpid(grandchild, NULL, 0) == grandchild ? 0 : 1);
	}
	close(sock[1]);
	if (helper > 0 && recvmsg(sock[0], &msg, 0) == 1) {
		struct cmsghdr *cmsg = CMSG_FIRSTHDR(&msg);

		if (cmsg && cmsg->cmsg_type == SCM_CREDENTIALS)
			result = ((struct ucred *)CMSG_DATA(cmsg))->pid;
	}
	if (helper > 0)
		waitpid(helper, NULL, 0);
	close(sock[0]);
	return result;
}

/* The reaper task of namespace @ns in the tree: the task that is pid 1 there. */
static int tree_reaper(const struct tree *t, int ns)
{
	for (int k = 0; k < t->ntasks; k++)
		if (tree_nr(t, k, ns, false) == 1)
			return k;
	return -1;
}

/* Every namespace's init, in the caller's view and in every other namespace's, four ways. */
TEST_F(tree, matches_proc_mainline_and_lxcfs)
{
	struct tree *t = self->t;
	int checks = 0;

	for (int s = 1; s < t->nns; s++) {
		int k = tree_reaper(t, s), pidfd;
		struct pidns_init_pid req;

		ASSERT_GE(k, 0);
		ASSERT_EQ(ioc_init_pid(self->dev, ref_fd(t->ns[s].fd), ref_caller(), &req), 0);
		ASSERT_EQ(req.pid, t->task[k].tid);
		ASSERT_EQ(req.tid, t->task[k].tid);
		ASSERT_EQ(req.pid, nsfs_ioctl(t->ns[s].fd, NS_GET_PID_FROM_PIDNS, 1));
		ASSERT_EQ(req.pid, lxcfs_init_pid(t->ns[s].fd));
		ASSERT_EQ(req.ns_id, ns_id(t->ns[s].fd));

		/* The stable reference: a pidfd opened by number is the reaper iff inodes match. */
		pidfd = sys_pidfd_open(req.pid, 0);
		ASSERT_GE(pidfd, 0);
		ASSERT_EQ(fd_ino(pidfd), req.pidfs_ino);
		close(pidfd);

		/* The same namespace named by its id, and by a pidfd of a task in it. */
		struct pidns_init_pid by_id;

		ASSERT_EQ(ioc_init_pid(self->dev, ref_id(req.ns_id), ref_caller(), &by_id), 0);
		ASSERT_EQ(by_id.pid, req.pid);
		ASSERT_EQ(by_id.tid, req.tid);
		ASSERT_EQ(by_id.pidfs_ino, req.pidfs_ino);
		ASSERT_EQ(by_id.ns_id, req.ns_id);
		pidfd = sys_pidfd_open(t->task[k].tid, 0);
		ASSERT_GE(pidfd, 0);
		ASSERT_EQ(ioc_init_pid(self->dev, ref_fd(pidfd), ref_caller(), &by_id), 0);
		ASSERT_EQ(by_id.pid, req.pid);
		close(pidfd);
		checks += 7;

		/* As seen from every namespace of the tree. */
		for (int d = 0; d < t->nns; d++) {
			pid_t want = tree_nr(t, k, d, false);
			int err = ioc_init_pid(self->dev, ref_fd(t->ns[s].fd), ref_fd(t->ns[d].fd),
						 &req);

			ASSERT_EQ(err, want ? 0 : -ENOENT);
			if (want)
				ASSERT_EQ(req.pid, want);
			checks++;
		}
	}
	TH_LOG("%d checks over %d namespaces", checks, t->nns - 1);
}

/* The caller's own namespace: its init as the caller sees it. */
TEST_F(dev, own_namespace)
{
	struct pidns_init_pid req;

	ASSERT_EQ(ioc_init_pid(self->dev, ref_caller(), ref_caller(), &req), 0);
	ASSERT_EQ(req.pid, 1);
	ASSERT_EQ(req.ns_id, ns_id(self->nsfd));
}

/*
 * Starts a namespace whose init waits for one byte on @ctl, then exits. With @threads, the init
 * first starts that many threads and then exits only its first thread, so another one becomes
 * the reaper. Returns the init's pid (caller's view) and an nsfd in *@nsfd; or skips the test
 * (and returns 0) where no pid namespace may be made.
 */
static pid_t start_reaper(struct __test_metadata *_metadata, int *ctl, int *nsfd, int threads)
{
	int p[2], ready[2];
	char path[64], byte;
	pid_t init;

	ASSERT_EQ(pipe2(p, O_CLOEXEC), 0);
	ASSERT_EQ(pipe2(ready, O_CLOEXEC), 0);
	init = clone_newpid(NULL);
	if (init < 0 && errno == EPERM)
		SKIP(return 0, "may not create pid namespaces here");
	ASSERT_GE(init, 0);
	if (init == 0) {
		int started[2];
		pthread_t t;

		prctl(PR_SET_PDEATHSIG, SIGKILL);
		if (pipe2(started, O_CLOEXEC))
			_exit(1);
		for (int i = 0; i < threads; i++)
			pthread_create(&t, NULL, sleeping_thread, &started[1]);
		for (int i = 0; i < threads; i++)
			read(started[0], &byte, 1);
		write(ready[1], "i", 1);
		read(p[0], &byte, 1);
		if (threads)
			syscall(SYS_exit, 0);	/* this thread only */
		_exit(0);
	}
	close(p[0]);
	close(ready[1]);
	ASSERT_EQ(read(ready[0], &byte, 1), 1);
	close(ready[0]);
	snprintf(path, sizeof(path), "/proc/%d/ns/pid", init);
	*nsfd = open(path, O_RDONLY | O_CLOEXEC);
	ASSERT_GE(*nsfd, 0);
	*ctl = p[1];
	return init;
}

/* Seed 001, single-threaded init: once it exits, zombie or reaped, there is no living reaper. */
TEST_F(dev, reaper_exits)
{
	struct pidns_init_pid req;
	int ctl, nsfd;
	pid_t init = start_reaper(_metadata, &ctl, &nsfd, 0);

	if (!init)
		return;
	ASSERT_EQ(ioc_init_pid(self->dev, ref_fd(nsfd), ref_caller(), &req), 0);
	ASSERT_EQ(req.pid, init);

	write(ctl, "x", 1);
	wait_zombie(init);
	ASSERT_EQ(ioc_init_pid(self->dev, ref_fd(nsfd), ref_caller(), &req), -ESRCH) {
		TH_LOG("zombie init");
	}
	ASSERT_EQ(waitpid(init, NULL, 0), init);
	ASSERT_EQ(ioc_init_pid(self->dev, ref_fd(nsfd), ref_caller(), &req), -ESRCH) {
		TH_LOG("reaped init");
	}
	/* Mainline agrees there is nothing left at pid 1. */
	ASSERT_EQ(nsfs_ioctl(nsfd, NS_GET_PID_FROM_PIDNS, 1), -ESRCH);
	close(nsfd);
	close(ctl);
}

/*
 * Seed 001, multi-threaded init whose first thread exits: the kernel makes another thread the
 * reaper. The process (pid) is still the same; the reaper thread (tid) is the survivor.
 */
TEST_F(dev, multithreaded_reaper_leader_exits)
{
	struct pidns_init_pid req;
	int ctl, nsfd, pidfd;
	pid_t init = start_reaper(_metadata, &ctl, &nsfd, 1), survivor;

	if (!init)
		return;
	pidfd = sys_pidfd_open(init, 0);
	ASSERT_GE(pidfd, 0);
	write(ctl, "x", 1);
	wait_zombie(init);	/* the leader thread is a zombie; its group lives on */

	survivor = other_thread(init);
	ASSERT_GT(survivor, 0);

	ASSERT_EQ(ioc_init_pid(self->dev, ref_fd(nsfd), ref_caller(), &req), 0);
	ASSERT_EQ(req.pid, init);
	ASSERT_EQ(req.tid, survivor);
	ASSERT_EQ(req.pidfs_ino, fd_ino(pidfd));

	kill(init, SIGKILL);
	waitpid(init, NULL, 0);
	ASSERT_EQ(ioc_init_pid(self->dev, ref_fd(nsfd), ref_caller(), &req), -ESRCH);
	close(pidfd);
	close(nsfd);
	close(ctl);
}

/* A recycled pid cannot pass for the reaper: another process's pidfd has another inode. */
TEST_F(dev, pidfs_ino_tells_processes_apart)
{
	struct pidns_init_pid req;
	int self_pidfd = sys_pidfd_open(getpid(), 0);

	ASSERT_GE(self_pidfd, 0);
	ASSERT_EQ(ioc_init_pid(self->dev, ref_caller(), ref_caller(), &req), 0);
	ASSERT_NE(req.pidfs_ino, 0);
	ASSERT_NE(req.pidfs_ino, fd_ino(self_pidfd));
	close(self_pidfd);
}

TEST_F(dev, errors)
{
	struct pidns_init_pid req = { .size = sizeof(req), .flags = 1 };

	ASSERT_EQ(ioctl(self->dev, PIDNS_IOC_INIT_PID, &req), -1);
	ASSERT_EQ(errno, EINVAL);
	req = (struct pidns_init_pid){ .size = PIDNS_INIT_PID_SIZE_VER0 - 8 };
	ASSERT_EQ(ioctl(self->dev, PIDNS_IOC_INIT_PID, &req), -1);
	ASSERT_EQ(errno, EINVAL);
	ASSERT_EQ(ioc_init_pid(self->dev, ref_id(~0ULL), ref_caller(), &req), -ENOENT);
	ASSERT_EQ(ioc_init_pid(self->dev, ref_fd(INT32_MAX), ref_caller(), &req), -EBADF);
	/* Above INT_MAX (-1 sign-extended) is no fd at all (finding 9 of issue 12). */
	ASSERT_EQ(ioc_init_pid(self->dev, ref_fd(-1), ref_caller(), &req), -EINVAL);
	/* Both references bad: @ns's error wins (finding 12 of issue 12). */
	ASSERT_EQ(ioc_init_pid(self->dev, ref_fd(INT32_MAX), (struct pidns_ref){ .kind = 9 },
			       &req), -EBADF);
	ASSERT_EQ(ioc_init_pid(self->dev, (struct pidns_ref){ .kind = 9 }, ref_fd(INT32_MAX),
			       &req), -EINVAL);
	ASSERT_EQ(ioc_init_pid(self->dev, ref_id(0), ref_fd(INT32_MAX), &req), -ENOENT);
	ASSERT_EQ(ioc_init_pid(self->dev, (struct pidns_ref){ .kind = 9 }, ref_caller(), &req),
		  -EINVAL);
	ASSERT_EQ(ioctl(self->dev, PIDNS_IOC_INIT_PID, NULL), -1);
	ASSERT_EQ(errno, EFAULT);
}

/*
 * Finding 10 of issue 12: a pidfd of an exited, unreaped task (a zombie) names no namespace: the
 * INIT_PID namespace and target references are ESRCH, as mainline's PIDFD_GET_PID_NAMESPACE on
 * the same fd.
 */
TEST_F(dev, zombie_pidfd_is_esrch)
{
	struct pidns_init_pid req;
	pid_t child;
	int pidfd = zombie_pidfd(&child);

	ASSERT_GE(pidfd, 0);
	ASSERT_EQ(mainline_pidfd_ns(pidfd, PIDFD_GET_PID_NAMESPACE), -ESRCH);
	EXPECT_EQ(ioc_init_pid(self->dev, ref_fd(pidfd), ref_caller(), &req), -ESRCH);
	EXPECT_EQ(ioc_init_pid(self->dev, ref_caller(), ref_fd(pidfd), &req), -ESRCH);
	ASSERT_EQ(waitpid(child, NULL, 0), child);
	close(pidfd);
}

/*
 * Finding 7 of issue 12: the write-back writes the outputs only (@pid, @tid, @pidfs_ino, @ns_id).
 * The struct is placed so that its inputs (up to offset 40) are on a read-only page and its
 * outputs on a writable one: the call succeeds.
 */
TEST_F(dev, write_back_writes_outputs_only)
{
	long page = getpagesize();
	char *mem = mmap(NULL, 2 * page, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
	struct pidns_init_pid *req, want;

	ASSERT_NE(mem, MAP_FAILED);
	ASSERT_EQ(ioc_init_pid(self->dev, ref_caller(), ref_caller(), &want), 0);
	req = (void *)(mem + page - offsetof(struct pidns_init_pid, pid));
	*req = (struct pidns_init_pid){ .size = sizeof(*req), .ns = ref_caller(),
					.target = ref_caller() };
	ASSERT_EQ(mprotect(mem, page, PROT_READ), 0);
	ASSERT_EQ(ioc(self->dev, PIDNS_IOC_INIT_PID, req), 0);
	ASSERT_EQ(req->pid, want.pid);
	ASSERT_EQ(req->tid, want.tid);
	ASSERT_EQ(req->pidfs_ino, want.pidfs_ino);
	ASSERT_EQ(req->ns_id, want.ns_id);
	munmap(mem, 2 * page);
}

/*
 * Finding 12 of issue 12: while the reaper exits, TRANSLATE of pid 1 still answers (its pid names
 * a task), and INIT_PID, which asks for a living reaper, says ESRCH. The reaper's exit is held
 * deterministically: a process P outside the namespace N joins N's pid_for_children and forks a
 * child C into N, which P does not reap; killing N's init makes zap_pid_ns_processes() kill C and
 * then wait until C is reaped, so the init stays exiting until P reaps C.
 */
TEST_F(dev, exiting_reaper_translates_but_is_no_init)
{
	int ctl, nsfd, to_p[2], from_p[2];
	pid_t init = start_reaper(_metadata, &ctl, &nsfd, 0), p, c;
	struct pidns_init_pid req;
	char byte, state;

	if (!init)
		return;
	ASSERT_EQ(pipe2(to_p, O_CLOEXEC), 0);
	ASSERT_EQ(pipe2(from_p, O_CLOEXEC), 0);
	p = fork();
	ASSERT_GE(p, 0);
	if (p == 0) {
		pid_t child = fork_into_pidns(nsfd);

		if (child < 0)
			_exit(1);
		if (child == 0) {
			for (;;)
				pause();
		}
		if (write(from_p[1], &child, sizeof(child)) != sizeof(child))
			_exit(2);
		if (read(to_p[0], &byte, 1) != 1)	/* until told to: C stays unreaped */
			_exit(3);
		_exit(waitpid(child, NULL, 0) == child ? 0 : 4);
	}
	ASSERT_EQ(read(from_p[0], &c, sizeof(c)), sizeof(c));
	ASSERT_GT(c, 0);
	ASSERT_EQ(ioc_translate(self->dev, 1, ref_fd(nsfd), ref_caller(), 0), init);
	ASSERT_EQ(ioc_init_pid(self->dev, ref_fd(nsfd), ref_caller(), &req), 0);
	ASSERT_EQ(req.pid, init);

	/* Kill the init: it kills C, and then waits for C to be reaped by P. */
	ASSERT_EQ(kill(init, SIGKILL), 0);
	wait_zombie(c);
	usleep(100000);
	EXPECT_EQ(ioc_translate(self->dev, 1, ref_fd(nsfd), ref_caller(), 0), init);
	EXPECT_EQ(ioc_translate(self->dev, init, ref_caller(), ref_fd(nsfd), 0), 1);
	EXPECT_EQ(ioc_init_pid(self->dev, ref_fd(nsfd), ref_caller(), &req), -ESRCH);
	/* The init really is still exiting, not a zombie: its namespace still holds C. */
	state = proc_state(init);
	ASSERT_NE(state, 0);
	EXPECT_NE(state, 'Z');

	/* Let P reap C: the init finishes exiting, and pid 1 names no one. */
	ASSERT_EQ(write(to_p[1], "x", 1), 1);
	ASSERT_CHECKER_OK(p);
	ASSERT_EQ(waitpid(init, NULL, 0), init);
	ASSERT_EQ(ioc_translate(self->dev, 1, ref_fd(nsfd), ref_caller(), 0), -ESRCH);
	ASSERT_EQ(ioc_init_pid(self->dev, ref_fd(nsfd), ref_caller(), &req), -ESRCH);
	close(nsfd);
	close(ctl);
	for (int i = 0; i < 2; i++) {
		close(to_p[i]);
		close(from_p[i]);
	}
}

TEST_HARNESS_MAIN
