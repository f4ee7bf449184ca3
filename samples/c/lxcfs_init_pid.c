// SPDX-License-Identifier: GPL-2.0
/*
 * What LXCFS needs on every read of a virtualized /proc file: the init pid of the reader's pid
 * namespace, as LXCFS sees it, held by a reference that a recycled pid cannot fool. Today LXCFS
 * forks twice and bounces SCM_CREDENTIALS through a socket for it; here it is one ioctl plus
 * pidfd_open() and fstat().
 *
 *   lxcfs_init_pid [READER_PID]     (without one, starts a small container to read from)
 */
#include "../../selftests/pidns_util.h"

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
