// SPDX-License-Identifier: GPL-2.0
/*
 * initpid: a namespace's init as the caller sees it: pidns (the number; and with its stable
 * pidfd reference checked) vs mainline NS_GET_PID_FROM_PIDNS(nsfd, 1) vs LXCFS's fork + setns +
 * fork + SCM_CREDENTIALS vs scanning /proc for NSpid ending in 1.
 */
#include "sections.h"
#include <sys/socket.h>

DEFINE_WAY(way_mainline, struct child_ctx, ioctl(c->nsfd, NS_GET_PID_FROM_PIDNS, 1))

static void way_pidns(void *p, int n)
{
	struct child_ctx *c = p;
	struct pidns_init_pid ip;

	for (int i = 0; i < n; i++)
		pidns_init_pid(c->dev, pidns_ref_fd(c->nsfd), pidns_ref_caller(), &ip);
}

DEFINE_WAY(way_bound, struct child_ctx, ioctl(c->up, PIDNS_IOC_BOUND_INIT_PID, NULL))

static void way_bound_stable(void *p, int n)
{
	struct child_ctx *c = p;
	__u64 ino;

	for (int i = 0; i < n; i++)
		ioctl(c->up, PIDNS_IOC_BOUND_INIT_PID, &ino);
}

static void way_pidns_stable(void *p, int n)
{
	struct child_ctx *c = p;
	struct pidns_init_pid ip;
	struct stat st;

	for (int i = 0; i < n; i++) {
		int pidfd;

		pidns_init_pid(c->dev, pidns_ref_fd(c->nsfd), pidns_ref_caller(), &ip);
		pidfd = sys_pidfd_open(ip.pid, 0);
		if (fstat(pidfd, &st) || st.st_ino != ip.pidfs_ino)
			abort();
		close(pidfd);
	}
}

/* LXCFS's way (src/bindings.c): fork, setns, fork, SCM_CREDENTIALS claiming pid 1. */
static void way_lxcfs(void *p, int n)
{
	struct child_ctx *c = p;

	for (int i = 0; i < n; i++) {
		char buf[1] = { 0 }, control[CMSG_SPACE(sizeof(struct ucred))];
		struct iovec iov = { .iov_base = buf, .iov_len = 1 };
		struct msghdr msg = { .msg_iov = &iov, .msg_iovlen = 1, .msg_control = control,
				      .msg_controllen = sizeof(control) };
		int sock[2], one = 1;
		pid_t helper;

		socketpair(AF_UNIX, SOCK_SEQPACKET | SOCK_CLOEXEC, 0, sock);
		setsockopt(sock[0], SOL_SOCKET, SO_PASSCRED, &one, sizeof(one));
		helper = fork();
		if (helper == 0) {
			if (setns(c->nsfd, CLONE_NEWPID))
				_exit(1);
			if (fork() == 0) {
				struct ucred cred = { .pid = 1, .uid = getuid(), .gid = getgid() };
				struct cmsghdr *cmsg = CMSG_FIRSTHDR(&msg);

				cmsg->cmsg_level = SOL_SOCKET;
				cmsg->cmsg_type = SCM_CREDENTIALS;
				cmsg->cmsg_len = CMSG_LEN(sizeof(cred));
				memcpy(CMSG_DATA(cmsg), &cred, sizeof(cred));
				_exit(sendmsg(sock[1], &msg, 0) == 1 ? 0 : 1);
			}
			wait(NULL);
			_exit(0);
		}
		close(sock[1]);
		recvmsg(sock[0], &msg, 0);
		close(sock[0]);
		waitpid(helper, NULL, 0);
	}
}

DEFINE_WAY(way_proc, struct child_ctx, proc_find(1, c->nsfd))

static void run(int dev, void *env)
{
	struct child_ctx *c = env;
	struct way ways[] = {
		{ "mainline NS_GET_PID_FROM_PIDNS(1)", way_mainline, PER_CALL_N },
		{ "pidns PIDNS_IOC_INIT_PID", way_pidns, PER_CALL_N },
		{ "pidns bound, number alone", way_bound, PER_CALL_N },
		{ "pidns bound, with stable reference", way_bound_stable, PER_CALL_N },
		{ "pidns + stable pidfd check", way_pidns_stable, 500 },
		{ "LXCFS fork+setns+fork+SCM_CREDS", way_lxcfs, 10 },
		{ "/proc scan for NSpid 1", way_proc, 20 },
	};
	struct pidns_init_pid ip;
	__u64 ino = 0;

	expect(nsfs_ioctl(c->nsfd, NS_GET_PID_FROM_PIDNS, 1), c->child, "NS_GET_PID_FROM_PIDNS");
	expect(pidns_init_pid(dev, pidns_ref_fd(c->nsfd), pidns_ref_caller(), &ip), 0,
	       "PIDNS_IOC_INIT_PID");
	if (ip.pid != c->child)
		die("PIDNS_IOC_INIT_PID: pid %d, expected %d", ip.pid, c->child);
	expect(pidns_bound_init_pid(c->up, &ino), c->child, "PIDNS_IOC_BOUND_INIT_PID");
	if (ino != ip.pidfs_ino)
		die("PIDNS_IOC_BOUND_INIT_PID: another pidfs inode than PIDNS_IOC_INIT_PID's");
	compare("initpid", "child namespace", 0, ways, ARRAY_SIZE(ways), c);
}

const struct section initpid_section = { "initpid", run, &child_fixture };
