// SPDX-License-Identifier: GPL-2.0
/*
 * What LXCFS needs on every read of a virtualized /proc file: the init pid of the reader's pid
 * namespace, as LXCFS sees it, held by a reference that a recycled pid cannot fool. Today LXCFS
 * forks twice and bounces SCM_CREDENTIALS through a socket for it; here it is one ioctl plus
 * pidfd_open() and fstat().
 *
 * LXCFS asks again on every read, and reads come from the same few containers: a bound file per
 * container answers each at the cost of one of mainline's nsfs ioctls, and the pidfs inode it
 * returns says whether the pidfd already held is still that init.
 *
 *   lxcfs_init_pid [READER_PID]     (without one, starts a small container to read from)
 */
#include "../../selftests/pidns_util.h"
#include "libpidns.h"

/* The init of @reader's pid namespace as a pidfd that provably refers to it, or -errno. */
static int reader_init_pidfd(int dev, pid_t reader, pid_t *init)
{
	struct pidns_init_pid ip;
	int ns = sys_pidfd_open(reader, 0), pidfd, err;
	struct stat st;

	if (ns < 0)
		return -errno;
	err = pidns_init_pid(dev, pidns_ref_fd(ns), pidns_ref_caller(), &ip);
	close(ns);
	if (err)
		return err;
	pidfd = sys_pidfd_open(ip.pid, 0);
	if (pidfd < 0)
		return -errno;
	/* The pid may have been recycled since the ioctl: the pidfs inode tells. */
	if (fstat(pidfd, &st) || st.st_ino != ip.pidfs_ino) {
		close(pidfd);
		return -ESRCH;
	}
	*init = ip.pid;
	return pidfd;
}

static __u64 pidfd_ino(int pidfd)
{
	struct stat st;

	return fstat(pidfd, &st) ? 0 : st.st_ino;
}

/*
 * Later reads from the same container: one ioctl on the container's bound file each. The pidfd
 * held is reused as long as the init's pidfs inode is its own; otherwise (the init changed) it
 * would be opened again. Returns how many reads found the held pidfd still good, or -errno.
 */
static int reads_through_bound_file(int dev, pid_t reader, int pidfd, int reads)
{
	int ns = sys_pidfd_open(reader, 0), bound, good = 0;
	__u64 held = pidfd_ino(pidfd), ino;

	if (ns < 0)
		return -errno;
	bound = pidns_bind(dev, pidns_ref_fd(ns), pidns_ref_caller());
	close(ns);
	if (bound < 0)
		return bound;
	for (int i = 0; i < reads; i++) {
		int init = pidns_bound_init_pid(bound, &ino);

		if (init < 0) {
			close(bound);
			return init;
		}
		good += ino == held;
	}
	close(bound);
	return good;
}

int main(int argc, char **argv)
{
	int dev = pidns_open(), pidfd;
	pid_t reader = argc > 1 ? atoi(argv[1]) : 0, container = 0, init = 0;

	if (dev < 0) {
		fprintf(stderr, "%s: %s\n", PIDNS_DEVICE_PATH, strerror(-dev));
		return 2;
	}
	if (!reader) {
		int ready[2];
		char c;

		/* A container: an init with one process inside, which plays the reader. */
		if (pipe(ready) || (container = clone_newpid(NULL)) < 0) {
			perror("starting a container");
			return 1;
		}
		if (container == 0) {
			if (fork() == 0) {
				write(ready[1], "r", 1);
				pause();
			}
			pause();
		}
		read(ready[0], &c, 1);
		/* The reader is the init's only child: pid 2 inside. */
		pidfd = sys_pidfd_open(container, 0);
		reader = pidns_translate(dev, 2, pidns_ref_fd(pidfd), pidns_ref_caller(), 0);
		close(pidfd);
	}
	pidfd = reader_init_pidfd(dev, reader, &init);
	if (pidfd < 0) {
		fprintf(stderr, "init pid of %d's namespace: %s\n", reader, strerror(-pidfd));
		return 1;
	}
	printf("reader %d: its namespace's init is %d here, held by pidfd %d\n", reader, init, pidfd);
	{
		int good = reads_through_bound_file(dev, reader, pidfd, 1000);

		if (good != 1000) {
			fprintf(stderr, "bound file: %d of 1000 reads kept the pidfd (%s)\n", good,
				good < 0 ? strerror(-good) : "init changed");
			return 1;
		}
		printf("1000 more reads through a bound file: the held pidfd is still that init\n");
	}
	if (container) {
		kill(container, SIGKILL);
		waitpid(container, NULL, 0);
		if (init != container) {
			fprintf(stderr, "expected the container's init %d\n", container);
			return 1;
		}
	}
	return 0;
}
