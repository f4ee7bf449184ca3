/* SPDX-License-Identifier: GPL-2.0 */
/*
 * Process machinery of the pidns selftests (used by the benchmark and the samples too): trees and
 * chains of processes over nested pid namespaces with the ground truth /proc gives about them,
 * and small syscall helpers. Nothing here knows /dev/pidns; its ioctls are in pidns_ioctl.h.
 */
#ifndef __PIDNS_UTIL_H
#define __PIDNS_UTIL_H

#define _GNU_SOURCE
#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <linux/nsfs.h>
#include <linux/sched.h>
#include <linux/types.h>
#include <pthread.h>
#include <sched.h>
#include <signal.h>
#include <stdbool.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/ioctl.h>
#include <sys/prctl.h>
#include <sys/stat.h>
#include <sys/syscall.h>
#include <sys/wait.h>
#include <unistd.h>

/* From <linux/pidfd.h>, which cannot be included next to glibc's <fcntl.h>. */
#ifndef PIDFD_GET_PID_NAMESPACE
#define PIDFS_IOCTL_MAGIC 0xFF
#define PIDFD_GET_PID_NAMESPACE _IO(PIDFS_IOCTL_MAGIC, 5)
#endif
#ifndef PIDFD_GET_NET_NAMESPACE
#define PIDFD_GET_NET_NAMESPACE _IO(PIDFS_IOCTL_MAGIC, 4)
#endif
#ifndef PIDFD_THREAD
#define PIDFD_THREAD O_EXCL
#endif

/* The levels of a pid-namespace hierarchy: 0 to MAX_PID_NS_LEVEL (32), both included. */
#define PID_NS_LEVELS 33

#define TREE_MAX_TASKS 256
#define TREE_MAX_NS 64
/*
 * Levels a task can have, plus one: arrays of this size hold a whole NSpid line, and
 * chain_fork() replies carry the count in the last slot.
 */
#define TREE_MAX_LEVELS (PID_NS_LEVELS + 1)

/* A syscall wrapper, inline as in tools/testing/selftests/pidfd/pidfd.h: a benchmark times it. */
static inline int sys_pidfd_open(pid_t pid, unsigned int flags)
{
	return syscall(SYS_pidfd_open, pid, flags);
}

__u64 xorshift64(__u64 *state);

pid_t clone_newpid(int *pidfd);
__u64 ns_id(int nsfd);
int nsfs_ioctl(int nsfd, unsigned long cmd, unsigned long arg);
int mainline_pidfd_ns(int pidfd, unsigned long cmd);
__u64 fd_ino(int fd);
int count_fds(void);

long read_long(const char *path);
int write_str(const char *path, const char *s);
int read_ns_numbers(const char *status_path, const char *key, pid_t *nr, int max);
bool proc_is_own(void);
pid_t find_by_nspid(pid_t from, pid_t to, int levels, pid_t innermost);
pid_t other_thread(pid_t tgid);

int become_nobody(void);
bool can_become_nobody(void);
extern bool became_nobody;
int drop_privileges(void);
int unshare_userns(void);
int unshare_user_pidns(void);
int map_self_as_root(uid_t uid, gid_t gid);

char proc_state(pid_t pid);
void wait_zombie(pid_t pid);
pid_t fork_into_pidns(int nsfd);
int zombie_pidfd(pid_t *child);
void *sleeping_thread(void *ready_fd);

/* What spawn_sleeper() makes of its child before it sleeps. */
#define SLEEPER_NEWPID (1U << 0)	/* pid 1 of a new pid namespace */
#define SLEEPER_NOBODY (1U << 1)	/* uid and gid 65534, and dumpable again */
#define SLEEPER_NODUMP (1U << 2)	/* prctl(PR_SET_DUMPABLE, 0) */
pid_t spawn_sleeper(unsigned int flags, int *pidfd);
void __attribute__((noreturn)) reap_forever(void);

/* A pid namespace seen from the test: an nsfd on it, and how to recognise it. */
struct tree_ns {
	int fd;
	__u64 ino;
	int level;		/* relative to the caller's namespace: 0 is the caller's */
};

/* One task of the tree with its /proc ground truth, outermost (caller's) level first. */
struct tree_task {
	pid_t tid;		/* in the caller's namespace */
	pid_t tgid;
	int nlevels;
	pid_t nspid[TREE_MAX_LEVELS];
	pid_t nstgid[TREE_MAX_LEVELS];
	int ns[TREE_MAX_LEVELS];	/* index into tree.ns of the namespace of each level */
};

/*
 * A process tree over nested pid namespaces, and its ground truth from /proc: tree_build() makes
 * @depth levels of namespaces below the caller's, @fanout siblings at the second level (one
 * below each deeper namespace), and in each namespace an init and @workers workers, the first
 * with @threads extra threads.
 */
struct tree {
	pid_t init;		/* init of the outermost new namespace, in the caller's view */
	int init_pidfd;
	int ntasks, nns;
	struct tree_task task[TREE_MAX_TASKS];
	struct tree_ns ns[TREE_MAX_NS];	/* ns[0] is the caller's */
};

int tree_build(struct tree *t, int depth, int fanout, int workers, int threads);
void tree_destroy(struct tree *t);
pid_t tree_nr(const struct tree *t, int k, int ns, bool tgid);

/*
 * A chain of pid namespaces N1 > N2 > ... > N@depth below the caller's, whose innermost init is a
 * "forker": on request it forks a child (optionally with clone3() set_tid, or into a new
 * namespace) that reports its NSpid line from /proc and exits, or reports the ns_last_pid and
 * pid_max sysctls of its namespace without forking. For ns_last_pid tests. Built with
 * chain_build_userns(), every level is also a new user namespace, owned by the one above, in
 * which the level's init is root: a chain an unprivileged user may build and own.
 */
struct chain {
	pid_t init;		/* init of N1, in the caller's view */
	int cmd, reply;		/* pipes to and from the forker */
	int nsfd[TREE_MAX_LEVELS];	/* nsfd[0] is the innermost namespace, nsfd[depth - 1] N1 */
	int depth;
};

int chain_build(struct chain *c, int depth);
int chain_build_userns(struct chain *c, int depth);
int chain_fork_flags(struct chain *c, const pid_t *set_tid, int nr_set_tid, __u64 flags,
		     pid_t *nspid);
int chain_fork(struct chain *c, const pid_t *set_tid, int nr_set_tid, pid_t *nspid);
int chain_sysctl(struct chain *c, long *ns_last_pid, long *pid_max);
void chain_destroy(struct chain *c);
int free_pid_ns_levels(void);

#endif /* __PIDNS_UTIL_H */
