// SPDX-License-Identifier: GPL-2.0
/*
 * PIDNS_IOC_BIND and the bound calls: every pair of a namespace tree bound and checked against
 * /proc (the same ground truth as PIDNS_IOC_TRANSLATE's), the init pid against PIDNS_IOC_INIT_PID,
 * the binder's view, a namespace that empties under a bound file, and one test per error.
 */
#include <sys/mman.h>

#include "kselftest_harness.h"
#include "pidns_harness.h"
#include "pidns_dev_fixture.h"
#include "pidns_tree_fixture.h"

/* Two levels below the caller's namespace, two siblings at the second; threads everywhere. */
FIXTURE_VARIANT_ADD(tree, two_levels) {
	.depth = 2, .fanout = 2, .workers = 2, .threads = 2,
};

/* The namespace ids a bound file's fdinfo shows; 0, or -1 if it cannot be read. */
static int bound_ids(int bound, unsigned long long *source, unsigned long long *target,
		     unsigned long long *viewer)
{
	char path[64], line[128];
	FILE *f;

	snprintf(path, sizeof(path), "/proc/self/fdinfo/%d", bound);
	f = fopen(path, "re");
	if (!f)
		return -1;
	while (fgets(line, sizeof(line), f)) {
		sscanf(line, "pidns_source_id: %llu", source);
		sscanf(line, "pidns_target_id: %llu", target);
		sscanf(line, "pidns_viewer_id: %llu", viewer);
	}
	fclose(f);
	return 0;
}

/* Every (source, target) pair of the tree bound once, every task asked by pid and by tgid. */
TEST_F(tree, every_pair_matches_proc)
{
	struct tree *t = self->t;
	int checks = 0;

	tree_for_each_pair(t, s, d) {
		unsigned long long src_id = 0, dst_id = 0, viewer_id = 0;
		int bound = ioc_bind(self->dev, ref_fd(t->ns[s].fd), ref_fd(t->ns[d].fd), 0);

		ASSERT_GE(bound, 0) {
			TH_LOG("binding ns %d to ns %d: %s", s, d, strerror(-bound));
		}
		ASSERT_EQ(bound_ids(bound, &src_id, &dst_id, &viewer_id), 0);
		ASSERT_EQ(src_id, ns_id(t->ns[s].fd));
		ASSERT_EQ(dst_id, ns_id(t->ns[d].fd));
		ASSERT_EQ(viewer_id, ns_id(t->ns[0].fd));
		tree_for_each_task_in(t, k, s) {
			pid_t in_src = tree_nr(t, k, s, false);

			for (int tgid = 0; tgid <= 1; tgid++) {
				pid_t want = tree_nr(t, k, d, tgid);
				int got = ioc_bound(bound, tgid ? PIDNS_IOC_BOUND_TGID :
						    PIDNS_IOC_BOUND_PID, in_src);

				ASSERT_EQ(got, want ? want : -ENOENT) {
					TH_LOG("tid %d: %s %d from ns %d to ns %d",
					       t->task[k].tid, tgid ? "tgid" : "pid", in_src, s, d);
				}
				/* The struct-based call says the same. */
				ASSERT_EQ(ioc_translate(self->dev, in_src, ref_fd(t->ns[s].fd),
							ref_fd(t->ns[d].fd),
							tgid ? PIDNS_TRANSLATE_TGID : 0), got);
				checks++;
			}
		}
		/* Far above any pid in use in a fresh namespace. */
		ASSERT_EQ(ioc_bound(bound, PIDNS_IOC_BOUND_PID, 4000000), -ESRCH);
		close(bound);
	}
	TH_LOG("%d tasks, %d namespaces, %d comparisons", t->ntasks, t->nns, checks);
	ASSERT_GT(checks, 300);
}

/* The init pid of every namespace, with its stable reference, as PIDNS_IOC_INIT_PID gives it. */
TEST_F(tree, init_pid_matches_struct_call)
{
	struct tree *t = self->t;

	tree_for_each_pair(t, s, d) {
		int bound = ioc_bind(self->dev, ref_fd(t->ns[s].fd), ref_fd(t->ns[d].fd), 0);
		struct pidns_init_pid req;
		__u64 ino = 0;
		int err = ioc_init_pid(self->dev, ref_fd(t->ns[s].fd), ref_fd(t->ns[d].fd), &req);

		ASSERT_GE(bound, 0);
		if (err) {
			ASSERT_EQ(ioc_bound_init_pid(bound, &ino), err);
			ASSERT_EQ(ino, 0);
		} else {
			ASSERT_EQ(ioc_bound_init_pid(bound, &ino), req.pid);
			ASSERT_EQ(ino, req.pidfs_ino);
			ASSERT_EQ(ioc_bound_init_pid(bound, NULL), req.pid);
		}
		close(bound);
	}
}

/*
 * A file bound with PIDNS_BIND_DELEGATE answers as its binder would: one bound in the caller's
 * namespace keeps that view when used from a child namespace, and one bound inside the child sees
 * only the child's tasks, even when both references name the caller's namespace.
 */
TEST_F(tree, answers_with_the_binders_view)
{
	struct pidns_ref outer = ref_fd(self->t->ns[0].fd);
	int bound = ioc_bind(self->dev, ref_caller(), ref_caller(), PIDNS_BIND_DELEGATE);
	pid_t me = getpid(), child;

	ASSERT_GE(bound, 0);
	child = clone_checker(_metadata);
	if (child == 0) {
		int own;

		/* The inherited file: the binder's view, though this task cannot see @me. */
		CHECK(1, ioc_bound(bound, PIDNS_IOC_BOUND_PID, me) == me);
		CHECK(2, ioc_translate(self->dev, me, outer, outer, 0) == -ESRCH);
		/* Bound here, on the very same pair: this task's view. */
		own = ioc_bind(self->dev, outer, outer, 0);
		CHECK(3, own >= 0);
		CHECK(4, ioc_bound(own, PIDNS_IOC_BOUND_PID, me) == -ESRCH);
		CHECK(5, ioc_bound(own, PIDNS_IOC_BOUND_TGID, me) == -ESRCH);
		/* Itself it can see, in the outer namespace's numbers. */
		CHECK(6, ioc_bound(own, PIDNS_IOC_BOUND_PID,
				   ioc_translate(self->dev, 1, ref_caller(), outer, 0)) > 0);
		_exit(0);
	}
	ASSERT_CHECKER_OK(child);
	close(bound);
}

/* The file holds its namespaces: once all their tasks are gone, it answers ESRCH and ENOENT. */
TEST_F(tree, emptied_namespace)
{
	struct tree *t = self->t;
	int from = ioc_bind(self->dev, ref_fd(t->ns[1].fd), ref_caller(), 0);
	int into = ioc_bind(self->dev, ref_caller(), ref_fd(t->ns[1].fd), 0);
	pid_t init = t->init;

	ASSERT_GE(from, 0);
	ASSERT_GE(into, 0);
	ASSERT_EQ(ioc_bound(from, PIDNS_IOC_BOUND_PID, 1), init);
	ASSERT_EQ(ioc_bound_init_pid(from, NULL), init);
	ASSERT_EQ(ioc_bound(into, PIDNS_IOC_BOUND_PID, init), 1);
	tree_destroy(t);	/* kills N1 and everything below it */
	ASSERT_EQ(ioc_bound(from, PIDNS_IOC_BOUND_PID, 1), -ESRCH);
	ASSERT_EQ(ioc_bound_init_pid(from, NULL), -ESRCH);
	ASSERT_EQ(ioc_bound(into, PIDNS_IOC_BOUND_PID, getpid()), -ENOENT);
	close(from);
	close(into);
}

/* The caller's own namespace, to itself: what any caller may bind, namespaces or not. */
TEST_F(dev, own_namespace)
{
	struct pidns_init_pid req;
	char link[64], path[64];
	__u64 ino = 0;

	ASSERT_EQ(ioc_bound(self->bound, PIDNS_IOC_BOUND_PID, getpid()), getpid());
	ASSERT_EQ(ioc_bound(self->bound, PIDNS_IOC_BOUND_TGID, getpid()), getpid());
	ASSERT_EQ(ioc_init_pid(self->dev, ref_caller(), ref_caller(), &req), 0);
	ASSERT_EQ(ioc_bound_init_pid(self->bound, &ino), req.pid);
	ASSERT_EQ(ino, req.pidfs_ino);
	/* A close-on-exec anonymous-inode file of its own. */
	ASSERT_EQ(fcntl(self->bound, F_GETFD), FD_CLOEXEC);
	snprintf(path, sizeof(path), "/proc/self/fd/%d", self->bound);
	ASSERT_GT(readlink(path, link, sizeof(link) - 1), 0);
	link[sizeof(link) - 1] = 0;
	ASSERT_EQ(strncmp(link, "anon_inode:[pidns_bound]", 24), 0) {
		TH_LOG("%s", link);
	}
}

/* Its fdinfo names the three namespaces it holds, by the ids NS_GET_ID gives. */
TEST_F(dev, fdinfo_names_its_namespaces)
{
	unsigned long long source = 0, target = 0, viewer = 0;

	ASSERT_EQ(bound_ids(self->bound, &source, &target, &viewer), 0);
	ASSERT_EQ(source, ns_id(self->nsfd));
	ASSERT_EQ(target, ns_id(self->nsfd));
	ASSERT_EQ(viewer, ns_id(self->nsfd));
}

static int thread_gate[2];

/* A thread that lives until the gate opens. */
static void *gated_thread(void *arg)
{
	char byte;

	__atomic_store_n((pid_t *)arg, gettid(), __ATOMIC_RELEASE);
	return read(thread_gate[0], &byte, 1) == 1 ? NULL : arg;
}

/*
 * A thread's tid translates to itself, and with BOUND_TGID to its process's pid; once the thread
 * has exited, to nothing. (Its exit is awaited by polling, not pthread_join(): 32-bit glibc's
 * futex waits abort on this kernel.)
 */
TEST_F(dev, threads)
{
	pid_t tid = 0;
	pthread_t t;
	int gone = 0;

	ASSERT_EQ(pipe(thread_gate), 0);
	ASSERT_EQ(pthread_create(&t, NULL, gated_thread, &tid), 0);
	ASSERT_EQ(pthread_detach(t), 0);
	while (!__atomic_load_n(&tid, __ATOMIC_ACQUIRE))
		usleep(1000);
	ASSERT_NE(tid, getpid());
	ASSERT_EQ(ioc_bound(self->bound, PIDNS_IOC_BOUND_PID, tid), tid);
	ASSERT_EQ(ioc_bound(self->bound, PIDNS_IOC_BOUND_TGID, tid), getpid());
	ASSERT_EQ(write(thread_gate[1], "x", 1), 1);
	for (int i = 0; i < 5000 && !gone; i++) {
		gone = ioc_bound(self->bound, PIDNS_IOC_BOUND_PID, tid) == -ESRCH;
		usleep(1000);
	}
	ASSERT_TRUE(gone);
	close(thread_gate[0]);
	close(thread_gate[1]);
}

/* The argument is a pid: 1 to INT_MAX, from 64-bit and 32-bit callers alike. */
TEST_F(dev, pid_argument)
{
	ASSERT_EQ(ioc_bound(self->bound, PIDNS_IOC_BOUND_PID, 0), -EINVAL);
	ASSERT_EQ(ioc_bound(self->bound, PIDNS_IOC_BOUND_PID, (unsigned long)-1), -EINVAL);
	ASSERT_EQ(ioc_bound(self->bound, PIDNS_IOC_BOUND_TGID, (unsigned long)(__u32)-5), -EINVAL);
	ASSERT_EQ(ioc_bound(self->bound, PIDNS_IOC_BOUND_PID, 0x7fffffff), -ESRCH);
	if (sizeof(long) == 8)
		ASSERT_EQ(ioc_bound(self->bound, PIDNS_IOC_BOUND_PID, (unsigned long)1 << 31), -EINVAL);
}

/* The init pid's output pointer: NULL is fine, anything unwritable is EFAULT. */
TEST_F(dev, init_pid_pointer)
{
	long page = getpagesize();
	char *ro = mmap(NULL, page, PROT_READ, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);

	ASSERT_NE(ro, MAP_FAILED);
	ASSERT_GT(ioc_bound(self->bound, PIDNS_IOC_BOUND_INIT_PID, 0), 0);
	ASSERT_EQ(ioc_bound(self->bound, PIDNS_IOC_BOUND_INIT_PID, (unsigned long)ro), -EFAULT);
	ASSERT_EQ(ioc_bound(self->bound, PIDNS_IOC_BOUND_INIT_PID, 8), -EFAULT);
	ASSERT_EQ(ioc_bound(self->bound, PIDNS_IOC_BOUND_INIT_PID, (unsigned long)-4096), -EFAULT);
	munmap(ro, page);
}

/* Each file takes its own commands only. */
TEST_F(dev, commands_belong_to_their_file)
{
	struct pidns_translate req = { .size = sizeof(req), .pid = getpid() };

	ASSERT_EQ(ioc_bound(self->dev, PIDNS_IOC_BOUND_PID, getpid()), -ENOTTY);
	ASSERT_EQ(ioc_bound(self->dev, PIDNS_IOC_BOUND_TGID, getpid()), -ENOTTY);
	ASSERT_EQ(ioc_bound(self->dev, PIDNS_IOC_BOUND_INIT_PID, 0), -ENOTTY);
	ASSERT_EQ(ioc_bound(self->bound, PIDNS_IOC_GET_VERSION, 0), -ENOTTY);
	ASSERT_EQ(ioc_bound(self->bound, PIDNS_IOC_TRANSLATE, (unsigned long)&req), -ENOTTY);
	ASSERT_EQ(ioc_bind(self->bound, ref_caller(), ref_caller(), 0), -ENOTTY);
	ASSERT_EQ(ioc_translate(self->dev, getpid(), ref_caller(), ref_caller(), 0),
		  getpid());
}

/* Binding resolves its references with the rules of every other call. */
TEST_F(dev, bind_errors)
{
	struct pidns_bind req = { .size = sizeof(req), .flags = 1U << 1 };
	int fd = open("/proc/self/status", O_RDONLY | O_CLOEXEC), bound;

	ASSERT_GE(fd, 0);
	/* Unknown flags (finding 6 of issue 12: PIDNS_BIND_DELEGATE is the only one). */
	ASSERT_EQ(ioctl(self->dev, PIDNS_IOC_BIND, &req), -1);
	ASSERT_EQ(errno, EINVAL);
	req.flags = 1U << 31;
	ASSERT_EQ(ioctl(self->dev, PIDNS_IOC_BIND, &req), -1);
	ASSERT_EQ(errno, EINVAL);
	ASSERT_EQ(ioc_bind(self->dev, ref_caller(), ref_caller(), ~PIDNS_BIND_FLAGS),
		  -EINVAL);
	bound = ioc_bind(self->dev, ref_caller(), ref_caller(), PIDNS_BIND_DELEGATE);
	ASSERT_GE(bound, 0);
	close(bound);
	req = (struct pidns_bind){ .size = PIDNS_BIND_SIZE_VER0 - 8 };
	ASSERT_EQ(ioctl(self->dev, PIDNS_IOC_BIND, &req), -1);
	ASSERT_EQ(errno, EINVAL);
	ASSERT_EQ(ioctl(self->dev, PIDNS_IOC_BIND, NULL), -1);
	ASSERT_EQ(errno, EFAULT);
	ASSERT_EQ(ioc_bind(self->dev, ref_fd(INT32_MAX), ref_caller(), 0), -EBADF);
	ASSERT_EQ(ioc_bind(self->dev, ref_fd(-1), ref_caller(), 0), -EINVAL);
	/* Both references bad: the source's error wins (finding 12 of issue 12). */
	ASSERT_EQ(ioc_bind(self->dev, ref_fd(INT32_MAX), ref_fd(fd), 0), -EBADF);
	ASSERT_EQ(ioc_bind(self->dev, ref_fd(fd), ref_fd(INT32_MAX), 0), -EINVAL);
	ASSERT_EQ(ioc_bind(self->dev, ref_id(0), ref_fd(INT32_MAX), 0), -ENOENT);
	ASSERT_EQ(ioc_bind(self->dev, ref_caller(), ref_fd(fd), 0), -EINVAL);
	ASSERT_EQ(ioc_bind(self->dev, ref_id(~0ULL), ref_caller(), 0), -ENOENT);
	ASSERT_EQ(ioc_bind(self->dev, (struct pidns_ref){ .kind = 9 }, ref_caller(), 0),
		  -EINVAL);
	/* A bound file is no namespace reference. */
	ASSERT_EQ(ioc_bind(self->dev, ref_fd(self->bound), ref_caller(), 0), -EINVAL);
	close(fd);
}

/*
 * Finding 6 of issue 12: without PIDNS_BIND_DELEGATE a bound file handed to a process in a child
 * pid namespace answers it only about tasks it can see itself: the binder (pid and tgid) and the
 * reaper of the binder's namespace are ESRCH there, while the process itself, which the binder
 * sees too, is answered for. The same pair bound with PIDNS_BIND_DELEGATE answers with the
 * binder's view.
 */
TEST_F(dev, default_answers_only_what_the_caller_sees)
{
	struct pidns_ref outer = ref_fd(self->nsfd);
	pid_t me = getpid(), child, reaper;
	int delegate;

	/* For the binder itself, the file answers. */
	ASSERT_EQ(ioc_bound(self->bound, PIDNS_IOC_BOUND_PID, me), me);
	reaper = ioc_bound_init_pid(self->bound, NULL);
	ASSERT_GT(reaper, 0);
	child = clone_checker(_metadata);
	if (child == 0) {
		pid_t itself = ioc_translate(self->dev, 1, ref_caller(), outer, 0);
		__u64 ino = 0;

		CHECK(1, itself > 1);
		/* The default file: this task's view. */
		CHECK(2, ioc_bound(self->bound, PIDNS_IOC_BOUND_PID, me) == -ESRCH);
		CHECK(3, ioc_bound(self->bound, PIDNS_IOC_BOUND_TGID, me) == -ESRCH);
		CHECK(4, ioc_bound_init_pid(self->bound, &ino) == -ESRCH && ino == 0);
		CHECK(5, ioc_bound(self->bound, PIDNS_IOC_BOUND_PID, itself) == itself);
		CHECK(6, ioc_bound(self->bound, PIDNS_IOC_BOUND_TGID, itself) == itself);
		_exit(0);
	}
	ASSERT_CHECKER_OK(child);

	/* The same pair bound with PIDNS_BIND_DELEGATE: the binder's view. */
	delegate = ioc_bind(self->dev, ref_caller(), ref_caller(), PIDNS_BIND_DELEGATE);
	ASSERT_GE(delegate, 0);
	ASSERT_EQ(ioc_bound_init_pid(delegate, NULL), reaper);
	child = clone_checker(_metadata);
	if (child == 0) {
		pid_t itself = ioc_translate(self->dev, 1, ref_caller(), outer, 0);

		CHECK(7, ioc_bound(delegate, PIDNS_IOC_BOUND_PID, me) == me);
		CHECK(8, ioc_bound(delegate, PIDNS_IOC_BOUND_TGID, me) == me);
		CHECK(9, ioc_bound_init_pid(delegate, NULL) == reaper);
		CHECK(10, ioc_bound(delegate, PIDNS_IOC_BOUND_PID, itself) == itself);
		_exit(0);
	}
	ASSERT_CHECKER_OK(child);
	close(delegate);
}

/*
 * Finding 10 of issue 12: a pidfd of an exited, unreaped task (a zombie) binds nothing, as source
 * or as target: ESRCH, as mainline's PIDFD_GET_PID_NAMESPACE on the same fd.
 */
TEST_F(dev, zombie_pidfd_is_esrch)
{
	pid_t child;
	int pidfd = zombie_pidfd(&child);

	ASSERT_GE(pidfd, 0);
	ASSERT_EQ(mainline_pidfd_ns(pidfd, PIDFD_GET_PID_NAMESPACE), -ESRCH);
	EXPECT_EQ(ioc_bind(self->dev, ref_fd(pidfd), ref_caller(), 0), -ESRCH);
	EXPECT_EQ(ioc_bind(self->dev, ref_caller(), ref_fd(pidfd), 0), -ESRCH);
	EXPECT_EQ(ioc_bind(self->dev, ref_fd(pidfd), ref_caller(),
			   PIDNS_BIND_DELEGATE), -ESRCH);
	ASSERT_EQ(waitpid(child, NULL, 0), child);
	close(pidfd);
}

/* The module's reference count, from /proc/modules; -1 if it is not listed. */
static int module_refs(void)
{
	FILE *f = fopen("/proc/modules", "re");
	char name[64];
	int refs = -1, n;

	while (f && fscanf(f, "%63s %*u %d %*[^\n]", name, &n) == 2)
		if (!strcmp(name, "pidns"))
			refs = n;
	if (f)
		fclose(f);
	return refs;
}

/*
 * Bound files outlive the /dev/pidns they came from, each holding its own references, the
 * module's included: it cannot be unloaded from under them.
 */
TEST_F(dev, outlives_the_device_fd)
{
	int bound[64], refs;

	for (int i = 0; i < 64; i++) {
		bound[i] = ioc_bind(self->dev, ref_caller(), ref_caller(), 0);
		ASSERT_GE(bound[i], 0);
	}
	close(self->dev);
	self->dev = -1;
	refs = module_refs();
	for (int i = 0; i < 64; i++) {
		ASSERT_EQ(ioc_bound(bound[i], PIDNS_IOC_BOUND_PID, getpid()), getpid());
		close(bound[i]);
	}
	if (refs < 0)
		SKIP(return, "pidns is not a loaded module here: no reference count to check");
	ASSERT_EQ(module_refs(), refs - 64);
}

TEST_HARNESS_MAIN
