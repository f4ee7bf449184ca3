/* SPDX-License-Identifier: GPL-2.0 WITH Linux-syscall-note */
/*
 * libpidns.h: a header-only C client of /dev/pidns. Every function returns 0 or a non-negative
 * result on success and -errno on failure, never touching errno's meaning.
 *
 *	int dev = pidns_open();
 *	int pid = pidns_translate(dev, 42, pidns_ref_fd(nsfd), pidns_ref_caller(), 0);
 *	pidns_enter(dev, pidfd, CLONE_NEWNS | CLONE_NEWNET | CLONE_NEWUSER);
 */
#ifndef _LIBPIDNS_H
#define _LIBPIDNS_H

#include <errno.h>
#include <fcntl.h>
#include <sched.h>
#include <stdint.h>
#include <string.h>
#include <sys/ioctl.h>
#include <sys/syscall.h>
#include <unistd.h>

#include "../../include/uapi/linux/pidns.h"

/* Opens /dev/pidns (close-on-exec). -ENOENT: the module is not loaded. */
static inline int pidns_open(void)
{
	int fd = open(PIDNS_DEVICE_PATH, O_RDWR | O_CLOEXEC);

	return fd < 0 ? -errno : fd;
}

static inline struct pidns_ref pidns_ref_caller(void)
{
	return (struct pidns_ref){ .kind = PIDNS_REF_CALLER };
}

/* An nsfd of a pid namespace, or a pidfd (its task's active pid namespace). */
static inline struct pidns_ref pidns_ref_fd(int fd)
{
	return (struct pidns_ref){ .kind = PIDNS_REF_FD, .value = (__u64)(__s64)fd };
}

/* A namespace id, as NS_GET_ID returns it. */
static inline struct pidns_ref pidns_ref_id(__u64 id)
{
	return (struct pidns_ref){ .kind = PIDNS_REF_ID, .value = id };
}

static inline int pidns_ioctl(int dev, unsigned long cmd, void *arg)
{
	return ioctl(dev, cmd, arg) < 0 ? -errno : 0;
}

/* @pid of @source as a number in @target (PIDNS_TRANSLATE_TGID: its thread group's). */
static inline int pidns_translate(int dev, pid_t pid, struct pidns_ref source,
				  struct pidns_ref target, __u32 flags)
{
	struct pidns_translate req = {
		.size = sizeof(req), .flags = flags, .source = source, .target = target, .pid = pid,
	};
	int nr = ioctl(dev, PIDNS_IOC_TRANSLATE, &req);

	return nr < 0 ? -errno : nr;
}

/*
 * Translates @count pids at once (@results may be @pids): each result is a number in @target or
 * a negative errno. Returns how many entries were translated, or a negative errno for the call.
 */
static inline int pidns_translate_batch(int dev, const pid_t *pids, pid_t *results, __u32 count,
					struct pidns_ref source, struct pidns_ref target, __u32 flags)
{
	struct pidns_translate_batch req = {
		.size = sizeof(req), .flags = flags, .source = source, .target = target,
		.count = count, .pids = (uintptr_t)pids, .results = (uintptr_t)results,
	};
	int err = pidns_ioctl(dev, PIDNS_IOC_TRANSLATE_BATCH, &req);

	return err ? err : (int)req.translated;
}

/* The child reaper of @ns, in @target's view, into @req. */
static inline int pidns_init_pid(int dev, struct pidns_ref ns, struct pidns_ref target,
				 struct pidns_init_pid *req)
{
	*req = (struct pidns_init_pid){ .size = sizeof(*req), .ns = ns, .target = target };
	return pidns_ioctl(dev, PIDNS_IOC_INIT_PID, req);
}

/*
 * A bound file on (@source, @target) with PIDNS_BIND_* @flags: the handle for many questions about
 * one pair (see pidns_bound_*() below). Without PIDNS_BIND_DELEGATE, each bound call also needs
 * the task asked about to be visible in the calling task's active pid namespace; with it, the
 * binder's view is handed on to whoever holds the fd. Returns a new close-on-exec fd, or -errno.
 */
static inline int pidns_bind_flags(int dev, struct pidns_ref source, struct pidns_ref target,
				   __u32 flags)
{
	struct pidns_bind req = {
		.size = sizeof(req), .flags = flags, .source = source, .target = target
	};
	int fd = ioctl(dev, PIDNS_IOC_BIND, &req);

	return fd < 0 ? -errno : fd;
}

/* pidns_bind_flags() with no flags: a bound file that hands on no view. */
static inline int pidns_bind(int dev, struct pidns_ref source, struct pidns_ref target)
{
	return pidns_bind_flags(dev, source, target, 0);
}

/*
 * On a bound file @bound: @pid of the source as a number in the target (@cmd: PIDNS_IOC_BOUND_PID
 * or PIDNS_IOC_BOUND_TGID).
 */
static inline int pidns_bound_translate(int bound, unsigned long cmd, pid_t pid)
{
	int nr = ioctl(bound, cmd, (unsigned long)pid);

	return nr < 0 ? -errno : nr;
}

/*
 * On a bound file @bound: the source's init as a pid in the target, and its pidfs inode number
 * into @pidfs_ino (may be NULL).
 */
static inline int pidns_bound_init_pid(int bound, __u64 *pidfs_ino)
{
	int nr = ioctl(bound, PIDNS_IOC_BOUND_INIT_PID, pidfs_ino);

	return nr < 0 ? -errno : nr;
}

/*
 * How namespaces @source and @target are related, into @req: @req->relation is one of
 * enum pidns_relation_kind, with the distance and the levels relative to the caller's namespace.
 */
static inline int pidns_relation(int dev, struct pidns_ref source, struct pidns_ref target,
				 struct pidns_relation *req)
{
	*req = (struct pidns_relation){ .size = sizeof(*req), .source = source, .target = target };
	return pidns_ioctl(dev, PIDNS_IOC_RELATION, req);
}

/* GET or SET (@cmd) ns_last_pid of @count levels from @ns up; returns the number of levels. */
static inline int pidns_last_pids(int dev, unsigned long cmd, struct pidns_ref ns,
				  __s32 *last_pids, __u32 count)
{
	struct pidns_last_pids req = {
		.size = sizeof(req), .ns = ns, .count = count, .last_pids = (uintptr_t)last_pids,
	};
	int err = pidns_ioctl(dev, cmd, &req);

	return err ? err : (int)req.levels;
}

/* The namespaces of @pidfd's task in @mask (CLONE_NEW*) from one snapshot, into @req. */
static inline int pidns_get_namespaces(int dev, int pidfd, __u32 mask, __u32 flags,
				       struct pidns_namespaces *req)
{
	*req = (struct pidns_namespaces){
		.size = sizeof(*req), .flags = flags, .pidfd = pidfd, .mask = mask,
	};
	return pidns_ioctl(dev, PIDNS_IOC_GET_NAMESPACES, req);
}

/* The CLONE_NEW* flag of each index of struct pidns_namespaces.ns. */
static const __u32 pidns_ns_flags[PIDNS_NS_TYPES] = {
	[PIDNS_NS_USER] = CLONE_NEWUSER, [PIDNS_NS_MNT] = CLONE_NEWNS,
	[PIDNS_NS_PID] = CLONE_NEWPID, [PIDNS_NS_NET] = CLONE_NEWNET,
	[PIDNS_NS_UTS] = CLONE_NEWUTS, [PIDNS_NS_IPC] = CLONE_NEWIPC,
	[PIDNS_NS_CGROUP] = CLONE_NEWCGROUP, [PIDNS_NS_TIME] = CLONE_NEWTIME,
};

/*
 * Joins every namespace in @mask of @pidfd's task that the caller is not already in, all or
 * none (one setns(pidfd, ...)); skipping the shared ones is what keeps the kernel from refusing
 * to re-enter one's own user namespace. Returns the CLONE_NEW* flags joined, or -errno.
 */
static inline int pidns_enter(int dev, int pidfd, __u32 mask)
{
	struct pidns_namespaces req;
	__u32 join = 0;
	int err = pidns_get_namespaces(dev, pidfd, mask, PIDNS_NAMESPACES_IDS_ONLY, &req);

	if (err)
		return err;
	for (int i = 0; i < PIDNS_NS_TYPES; i++)
		if ((mask & pidns_ns_flags[i]) && !(req.ns[i].flags & PIDNS_NS_SHARED))
			join |= pidns_ns_flags[i];
	if (join && syscall(SYS_setns, pidfd, join))
		return -errno;
	return join;
}

#endif /* _LIBPIDNS_H */
