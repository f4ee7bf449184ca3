// SPDX-License-Identifier: GPL-2.0
/*
 * PIDNS_IOC_GET_NAMESPACES and entering a task's namespaces all at once: the cases of the
 * kernel's tools/testing/selftests/pidfd/pidfd_setns_test.c that apply, checked against
 * /proc/PID/ns/ and NS_GET_ID.
 */
#include <stddef.h>
#include <sys/mman.h>
#include <time.h>

#include "kselftest_harness.h"
#include "pidns_harness.h"

static const struct {
	const char *name;	/* in /proc/PID/ns/ */
	int flag;
} types[PIDNS_NS_TYPES] = {
	[PIDNS_NS_USER] = { "user", CLONE_NEWUSER },
	[PIDNS_NS_MNT] = { "mnt", CLONE_NEWNS },
	[PIDNS_NS_PID] = { "pid", CLONE_NEWPID },
	[PIDNS_NS_NET] = { "net", CLONE_NEWNET },
	[PIDNS_NS_UTS] = { "uts", CLONE_NEWUTS },
	[PIDNS_NS_IPC] = { "ipc", CLONE_NEWIPC },
	[PIDNS_NS_CGROUP] = { "cgroup", CLONE_NEWCGROUP },
	[PIDNS_NS_TIME] = { "time", CLONE_NEWTIME },
};

#define ALL_TYPES (CLONE_NEWUSER | CLONE_NEWNS | CLONE_NEWPID | CLONE_NEWNET | CLONE_NEWUTS | \
		   CLONE_NEWIPC | CLONE_NEWCGROUP | CLONE_NEWTIME)

static ino_t ns_ino(pid_t pid, const char *name)
{
	char path[64];
	struct stat st;

	snprintf(path, sizeof(path), "/proc/%d/ns/%s", pid, name);
	return stat(path, &st) ? 0 : st.st_ino;
}

/* What setns() of type @i changes for the caller: for pid and time, the *_for_children one. */
static const char *own_name(int i)
{
	return types[i].flag == CLONE_NEWPID ? "pid_for_children" :
	       types[i].flag == CLONE_NEWTIME ? "time_for_children" : types[i].name;
}

/*
 * Joins every namespace in @mask of @pidfd's task that the caller is not already in, all or
 * none, the way the uapi header describes: a snapshot of ids and flags, then one
 * setns(pidfd, mask) without the types flagged PIDNS_NS_SHARED (the kernel refuses to re-enter
 * one's own user namespace). Returns the CLONE_NEW* flags joined, or -errno.
 */
static int enter_namespaces(int dev, int pidfd, __u32 mask)
{
	struct pidns_namespaces req;
	int err = ioc_namespaces(dev, pidfd, mask, PIDNS_NAMESPACES_IDS_ONLY, &req);
	__u32 join = 0;

	if (err)
		return err;
	for (int i = 0; i < PIDNS_NS_TYPES; i++)
		if ((mask & types[i].flag) && !(req.ns[i].flags & PIDNS_NS_SHARED))
			join |= types[i].flag;
	if (join && syscall(SYS_setns, pidfd, join))
		return -errno;
	return join;
}

FIXTURE(target)
{
	int dev;
	pid_t pid;	/* a child in new namespaces of every type this caller may create */
	int pidfd;
	int init_pidfd;	/* the init of its pid namespace: killing it ends them all */
	int created;	/* CLONE_NEW* flags the child unshared */
};

FIXTURE_SETUP(target)
{
	int ready[2];

	self->dev = open_dev(_metadata);
	if (self->dev < 0)
		return;
	ASSERT_EQ(pipe2(ready, O_CLOEXEC), 0);
	self->pid = clone_newpid(&self->init_pidfd);
	if (self->pid < 0 && errno == EPERM)
		SKIP(return, "may not create namespaces here");
	ASSERT_GE(self->pid, 0);
	if (self->pid == 0) {
		int created = CLONE_NEWPID;

		prctl(PR_SET_PDEATHSIG, SIGKILL);
		/* Each type on its own, so that one unsupported type does not stop the rest. */
		for (int i = 0; i < PIDNS_NS_TYPES; i++)
			if (types[i].flag != CLONE_NEWPID && types[i].flag != CLONE_NEWUSER &&
			    !unshare(types[i].flag))
				created |= types[i].flag;
		/* A time namespace applies to children only: fork into it. */
		if ((created & CLONE_NEWTIME) && fork() != 0) {
			for (;;)
				pause();
		}
		write(ready[1], &created, sizeof(created));
		for (;;)
			pause();
	}
	close(ready[1]);
	ASSERT_EQ(read(ready[0], &self->created, sizeof(self->created)), sizeof(self->created));
	close(ready[0]);
	self->pidfd = dup(self->init_pidfd);
	if (self->created & CLONE_NEWTIME) {
		/* The task in the new time namespace is the init's child (pid 2): target it. */
		pid_t child = find_by_nspid(self->pid + 1, self->pid + 64, 2, 2);

		ASSERT_GT(child, 0);
		close(self->pidfd);
		self->pidfd = sys_pidfd_open(child, 0);
		ASSERT_GE(self->pidfd, 0);
		self->pid = child;
	}
}

FIXTURE_TEARDOWN(target)
{
	syscall(SYS_pidfd_send_signal, self->init_pidfd, SIGKILL, NULL, 0);
	close(self->init_pidfd);
	close(self->pidfd);
	while (wait(NULL) > 0)
		;
	close(self->dev);
}

/* Each type alone: the fd is the target's namespace, the id is NS_GET_ID's, the flag is right. */
TEST_F(target, each_type)
{
	for (int i = 0; i < PIDNS_NS_TYPES; i++) {
		struct pidns_namespaces req;

		ASSERT_EQ(ioc_namespaces(self->dev, self->pidfd, types[i].flag, 0, &req), 0) {
			TH_LOG("%s", types[i].name);
		}
		for (int j = 0; j < PIDNS_NS_TYPES; j++) {
			if (j == i)
				continue;
			ASSERT_EQ(req.ns[j].fd, -1);
			ASSERT_EQ(req.ns[j].id, 0);
		}
		ASSERT_GE(req.ns[i].fd, 0);
		ASSERT_EQ(fd_ino(req.ns[i].fd), ns_ino(self->pid, types[i].name)) {
			TH_LOG("%s", types[i].name);
		}
		ASSERT_EQ(req.ns[i].id, ns_id(req.ns[i].fd));
		ASSERT_EQ(!!(req.ns[i].flags & PIDNS_NS_SHARED),
			  ns_ino(getpid(), own_name(i)) == ns_ino(self->pid, types[i].name)) {
			TH_LOG("%s", types[i].name);
		}
		/* The namespaces we made the target unshare are not ours. */
		if (self->created & types[i].flag) {
			ASSERT_EQ(req.ns[i].flags & PIDNS_NS_SHARED, 0);
		}
		close(req.ns[i].fd);
	}
}

/* All at once, ids only: no fd opened, same ids. */
TEST_F(target, ids_only)
{
	struct pidns_namespaces all, ids;
	int before = count_fds();

	ASSERT_EQ(ioc_namespaces(self->dev, self->pidfd, ALL_TYPES, PIDNS_NAMESPACES_IDS_ONLY, &ids), 0);
	ASSERT_EQ(count_fds(), before);
	ASSERT_EQ(ioc_namespaces(self->dev, self->pidfd, ALL_TYPES, 0, &all), 0);
	for (int i = 0; i < PIDNS_NS_TYPES; i++) {
		ASSERT_EQ(ids.ns[i].fd, -1);
		ASSERT_EQ(ids.ns[i].id, all.ns[i].id);
		ASSERT_EQ(ids.ns[i].flags, all.ns[i].flags);
		close(all.ns[i].fd);
	}
}

/*
 * Entering all at once (enter_namespaces()): the snapshot, minus what the helper already shares,
 * joined with one setns(pidfd, mask); then /proc/self/ns shows the target's namespaces.
 */
TEST_F(target, enter_all_at_once)
{
	pid_t helper = fork_checker(_metadata, NULL);

	if (helper == 0) {
		int joined = enter_namespaces(self->dev, self->pidfd, ALL_TYPES);

		/* Everything we made the target unshare was joined; nothing else was. */
		CHECK(10, joined >= 0 && (joined & self->created) == self->created);
		/* Again: now everything is shared, so nothing is joined (and no EINVAL for the user
		 * namespace we are already in). */
		CHECK(11, enter_namespaces(self->dev, self->pidfd, ALL_TYPES) == 0);
		for (int i = 0; i < PIDNS_NS_TYPES; i++)
			CHECK(20 + i, ns_ino(getpid(), own_name(i)) ==
				      ns_ino(self->pid, types[i].name));
		_exit(0);
	}
	ASSERT_CHECKER_OK(helper);
}

/* A thread's pidfd and the leader's give the same namespaces. */
TEST_F(target, thread_pidfd_matches_leader)
{
	struct pidns_namespaces by_leader, by_thread;
	int tpidfd = sys_pidfd_open(gettid(), PIDFD_THREAD), lpidfd = sys_pidfd_open(getpid(), 0);
	pthread_t t;
	int ready[2];
	pid_t tid;
	char byte;

	ASSERT_GE(tpidfd, 0);
	ASSERT_GE(lpidfd, 0);
	close(tpidfd);
	/* A second thread of ours, by its own thread pidfd. */
	ASSERT_EQ(pipe(ready), 0);
	ASSERT_EQ(pthread_create(&t, NULL, sleeping_thread, &ready[1]), 0);
	ASSERT_EQ(read(ready[0], &byte, 1), 1);
	tid = other_thread(getpid());
	ASSERT_GT(tid, 0);
	tpidfd = sys_pidfd_open(tid, PIDFD_THREAD);
	ASSERT_GE(tpidfd, 0);
	ASSERT_EQ(ioc_namespaces(self->dev, lpidfd, ALL_TYPES, PIDNS_NAMESPACES_IDS_ONLY, &by_leader), 0);
	ASSERT_EQ(ioc_namespaces(self->dev, tpidfd, ALL_TYPES, PIDNS_NAMESPACES_IDS_ONLY, &by_thread), 0);
	for (int i = 0; i < PIDNS_NS_TYPES; i++) {
		ASSERT_EQ(by_leader.ns[i].id, by_thread.ns[i].id);
		/* Our own namespaces, all shared. */
		ASSERT_EQ(by_leader.ns[i].flags, PIDNS_NS_SHARED);
	}
	close(tpidfd);
	close(lpidfd);
}

/* A target that has exited and been reaped, or is a zombie, has no namespaces: ESRCH. */
TEST_F(target, exited_target)
{
	struct pidns_namespaces req;
	pid_t child;
	int pidfd = zombie_pidfd(&child);	/* waited for without reaping */

	ASSERT_GE(pidfd, 0);
	ASSERT_EQ(ioc_namespaces(self->dev, pidfd, CLONE_NEWNET, 0, &req), -ESRCH);
	ASSERT_EQ(waitpid(child, NULL, 0), child);
	ASSERT_EQ(ioc_namespaces(self->dev, pidfd, CLONE_NEWNET, 0, &req), -ESRCH);
	close(pidfd);
}

/* Masks setns() would refuse, flags we do not know, non-pidfds. */
TEST_F(target, invalid_arguments)
{
	struct pidns_namespaces req;
	int nsfd = open("/proc/self/ns/net", O_RDONLY | O_CLOEXEC), closed = dup(nsfd);

	close(closed);
	ASSERT_EQ(ioc_namespaces(self->dev, self->pidfd, 0, 0, &req), -EINVAL);
	ASSERT_EQ(ioc_namespaces(self->dev, self->pidfd, CLONE_VM, 0, &req), -EINVAL);
	ASSERT_EQ(ioc_namespaces(self->dev, self->pidfd, CLONE_NEWNET | CLONE_FILES, 0, &req), -EINVAL);
	ASSERT_EQ(ioc_namespaces(self->dev, self->pidfd, CLONE_NEWNET, 1U << 7, &req), -EINVAL);
	ASSERT_EQ(ioc_namespaces(self->dev, nsfd, CLONE_NEWNET, 0, &req), -EINVAL);
	ASSERT_EQ(ioc_namespaces(self->dev, closed, CLONE_NEWNET, 0, &req), -EBADF);
	ASSERT_EQ(ioc_namespaces(self->dev, -1, CLONE_NEWNET, 0, &req), -EBADF);
	req = (struct pidns_namespaces){ .size = sizeof(req), .pidfd = self->pidfd,
					 .mask = CLONE_NEWNET, .reserved = { 0, 1 } };
	ASSERT_EQ(ioctl(self->dev, PIDNS_IOC_GET_NAMESPACES, &req), -1);
	ASSERT_EQ(errno, EINVAL);
	close(nsfd);
}

/* No fd is left behind when the answer cannot be written back. */
TEST_F(target, no_fd_left_on_efault)
{
	long pagesz = getpagesize();
	struct pidns_namespaces *req = mmap(NULL, pagesz, PROT_READ | PROT_WRITE,
					    MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
	int before;

	ASSERT_NE(req, MAP_FAILED);
	*req = (struct pidns_namespaces){ .size = sizeof(*req), .pidfd = self->pidfd,
					  .mask = ALL_TYPES };
	ASSERT_EQ(mprotect(req, pagesz, PROT_READ), 0);
	before = count_fds();
	ASSERT_EQ(ioctl(self->dev, PIDNS_IOC_GET_NAMESPACES, req), -1);
	ASSERT_EQ(errno, EFAULT);
	ASSERT_EQ(count_fds(), before);
	munmap(req, pagesz);
}

/*
 * ABI 6 (finding 1 of issue 12): the permission is exactly mainline's, ptrace read access to the
 * task (what opening /proc/PID/ns/net and PIDFD_GET_NET_NAMESPACE ask): EACCES (no longer EPERM)
 * and no fd where mainline refuses the same pidfd, with fds and with ids only; an answer where it
 * grants. Checkers: nobody (as real root), and the same uid in a fresh user namespace of its own
 * (no capability over the targets'). Targets: the fixture's task, dumpable, a non-dumpable one,
 * which both checkers are refused, and (as real root) a dumpable task that became nobody, which
 * nobody may ptrace-read: the same uid, where CAP_SYS_PTRACE was asked before ABI 6.
 */
TEST_F(target, permission_is_mainlines)
{
	int (*const checkers[])(void) = { unshare_userns, become_nobody };
	int nobody = can_become_nobody(), nd_pidfd, nb_pidfd = -1;
	pid_t nd, nb = 0;

	nd = spawn_sleeper(SLEEPER_NODUMP, &nd_pidfd);
	ASSERT_GT(nd, 0);
	ASSERT_GE(nd_pidfd, 0);
	if (nobody) {
		nb = spawn_sleeper(SLEEPER_NOBODY, &nb_pidfd);
		ASSERT_GT(nb, 0);
		ASSERT_GE(nb_pidfd, 0);
	}

	for (int as_nobody = 0; as_nobody <= nobody; as_nobody++) {
		pid_t checker = fork_checker(_metadata, checkers[as_nobody]);

		if (checker == 0) {
			int targets[3] = { self->pidfd, nd_pidfd, nb_pidfd };

			for (int t = 0; t < 3 && targets[t] >= 0; t++) {
				int want = mainline_pidfd_ns(targets[t], PIDFD_GET_NET_NAMESPACE);
				struct pidns_namespaces req;
				int before = count_fds();

				CHECK(10 + t, want == 0 || want == -EACCES);
				/* The non-dumpable task is refused to both by mainline. */
				CHECK(13, t != 1 || want == -EACCES);
				/* Nobody may read nobody's dumpable task. */
				CHECK(14, t != 2 || !as_nobody || want == 0);
				CHECK(20 + t, ioc_namespaces(self->dev, targets[t], CLONE_NEWNET, 0,
							     &req) == want);
				if (!want) {
					CHECK(25, req.ns[PIDNS_NS_NET].fd >= 0);
					close(req.ns[PIDNS_NS_NET].fd);
				}
				CHECK(30 + t, ioc_namespaces(self->dev, targets[t], CLONE_NEWNET,
							     PIDNS_NAMESPACES_IDS_ONLY, &req) == want);
				CHECK(40 + t, count_fds() == before);
			}
			_exit(0);
		}
		ASSERT_CHECKER_OK(checker);
	}
	kill(nd, SIGKILL);
	waitpid(nd, NULL, 0);
	close(nd_pidfd);
	if (nb > 0) {
		kill(nb, SIGKILL);
		waitpid(nb, NULL, 0);
		close(nb_pidfd);
	}
}

/*
 * Finding 7 of issue 12: the write-back writes @ns only. The struct is placed so that its input
 * fields (up to offset 24) are on a read-only page and @ns on a writable one: the call succeeds.
 */
TEST_F(target, write_back_writes_ns_only)
{
	long page = getpagesize();
	char *mem = mmap(NULL, 2 * page, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
	struct pidns_namespaces *req;

	ASSERT_NE(mem, MAP_FAILED);
	req = (void *)(mem + page - offsetof(struct pidns_namespaces, ns));
	*req = (struct pidns_namespaces){ .size = sizeof(*req), .flags = PIDNS_NAMESPACES_IDS_ONLY,
					  .pidfd = self->pidfd, .mask = CLONE_NEWNET | CLONE_NEWUTS };
	ASSERT_EQ(mprotect(mem, page, PROT_READ), 0);
	ASSERT_EQ(ioc(self->dev, PIDNS_IOC_GET_NAMESPACES, req), 0);
	ASSERT_NE(req->ns[PIDNS_NS_NET].id, 0);
	ASSERT_NE(req->ns[PIDNS_NS_UTS].id, 0);
	ASSERT_EQ(req->ns[PIDNS_NS_PID].id, 0);
	munmap(mem, 2 * page);
}

/*
 * Finding 4 of issue 12: fds are published last, so a failed call never closes an fd the caller
 * owns. A second thread keeps dup2()-ing a marker file onto the lowest fd numbers, either onto
 * every one of them or only onto those that something else just made open (an fd the ioctl
 * installs), while GET_NAMESPACES, its struct on a read-only page, fails with EFAULT: every
 * marker the thread placed must still be open afterwards (the same inode), and no other fd may
 * have appeared. The thread spins on flags (no futex: see the bind test's threads).
 */
static struct {
	int marker, base;
	int replace_only;	/* dup2() only onto numbers that are open (and not yet ours) */
	volatile int phase;	/* 0 idle, 1 run, 2 asked to stop, 3 stopped, 4 quit */
	volatile int placed[16];
	volatile long dups;
} racer;

#define RACER_FDS 16

static void *dup2_racer(void *arg)
{
	for (;;) {
		int phase = __atomic_load_n(&racer.phase, __ATOMIC_ACQUIRE);

		if (phase == 4)
			return NULL;
		if (phase == 2)
			__atomic_store_n(&racer.phase, 3, __ATOMIC_RELEASE);
		if (phase != 1)
			continue;
		for (int k = 0; k < RACER_FDS; k++) {
			int fd = racer.base + k;

			if (racer.replace_only && (racer.placed[k] || fcntl(fd, F_GETFD) < 0))
				continue;
			if (dup2(racer.marker, fd) == fd) {
				racer.placed[k] = 1;
				racer.dups++;
			}
		}
	}
}

TEST_F_TIMEOUT(target, failed_call_closes_no_fd_of_the_caller, 60)
{
	long page = getpagesize();
	struct pidns_namespaces *req = mmap(NULL, page, PROT_READ | PROT_WRITE,
					    MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
	long rounds = 0, replaced = 0;
	time_t end = time(NULL) + 4;
	struct stat marker;
	pthread_t thread;
	int before;

	ASSERT_NE(req, MAP_FAILED);
	*req = (struct pidns_namespaces){ .size = sizeof(*req), .pidfd = self->pidfd,
					  .mask = ALL_TYPES };
	ASSERT_EQ(mprotect(req, page, PROT_READ), 0);
	racer.marker = memfd_create("pidns-marker", MFD_CLOEXEC);
	ASSERT_GE(racer.marker, 0);
	ASSERT_EQ(fstat(racer.marker, &marker), 0);
	racer.base = fcntl(racer.marker, F_DUPFD_CLOEXEC, 0);	/* the lowest free number */
	ASSERT_GE(racer.base, 0);
	close(racer.base);
	for (int k = 0; k < RACER_FDS; k++)
		ASSERT_LT(fcntl(racer.base + k, F_GETFD), 0);	/* all ours to play with */
	before = count_fds();
	ASSERT_EQ(pthread_create(&thread, NULL, dup2_racer, NULL), 0);
	ASSERT_EQ(pthread_detach(thread), 0);

	while (time(NULL) < end) {
		int placed = 0;

		racer.replace_only = rounds % 2;
		for (int k = 0; k < RACER_FDS; k++) {
			close(racer.base + k);
			racer.placed[k] = 0;
		}
		__atomic_store_n(&racer.phase, 1, __ATOMIC_RELEASE);
		ASSERT_EQ(ioctl(self->dev, PIDNS_IOC_GET_NAMESPACES, req), -1);
		ASSERT_EQ(errno, EFAULT);
		__atomic_store_n(&racer.phase, 2, __ATOMIC_RELEASE);
		while (__atomic_load_n(&racer.phase, __ATOMIC_ACQUIRE) != 3)
			;
		for (int k = 0; k < RACER_FDS; k++) {
			struct stat st;

			if (!racer.placed[k])
				continue;
			placed++;
			replaced += racer.replace_only;
			ASSERT_EQ(fstat(racer.base + k, &st), 0) {
				TH_LOG("round %ld: the marker dup2()ed onto fd %d was closed", rounds,
				       racer.base + k);
			}
			ASSERT_EQ(st.st_ino, marker.st_ino) {
				TH_LOG("round %ld: fd %d is no longer the marker", rounds, racer.base + k);
			}
		}
		ASSERT_EQ(count_fds(), before + placed) {
			TH_LOG("round %ld: %d markers placed, fd count %d, was %d", rounds, placed,
			       count_fds(), before);
		}
		rounds++;
	}
	__atomic_store_n(&racer.phase, 4, __ATOMIC_RELEASE);
	TH_LOG("%ld failed calls, %ld dup2()s, %ld of them onto an fd something had opened",
	       rounds, racer.dups, replaced);
	for (int k = 0; k < RACER_FDS; k++)
		close(racer.base + k);
	close(racer.marker);
	munmap(req, page);
}

TEST_HARNESS_MAIN
