/* SPDX-License-Identifier: GPL-2.0 */
/*
 * The /dev/pidns ioctls as the selftests call them: thin, stateless wrappers that fill the
 * structs of <linux/pidns.h> and make one ioctl() each, so that the tests exercise the raw ABI
 * and not a client library (samples/c/libpidns.h may change without touching them). Each
 * returns the ioctl's non-negative result, or -errno.
 */
#ifndef __PIDNS_IOCTL_H
#define __PIDNS_IOCTL_H

#include <errno.h>
#include <stdint.h>
#include <sys/ioctl.h>
#include <sys/types.h>
#include <linux/pidns.h>

static inline struct pidns_ref ref_caller(void)
{
	return (struct pidns_ref){ .kind = PIDNS_REF_CALLER };
}

/* An nsfd of a pid namespace, or a pidfd (its task's active pid namespace). */
static inline struct pidns_ref ref_fd(int fd)
{
	return (struct pidns_ref){ .kind = PIDNS_REF_FD, .value = (__u64)(__s64)fd };
}

/* A namespace id, as NS_GET_ID returns it. */
static inline struct pidns_ref ref_id(__u64 id)
{
	return (struct pidns_ref){ .kind = PIDNS_REF_ID, .value = id };
}

/* Any ioctl whose argument is a pointer (a struct, NULL, or a bad address). */
static inline int ioc(int fd, unsigned long cmd, void *arg)
{
	int ret = ioctl(fd, cmd, arg);

	return ret < 0 ? -errno : ret;
}

static inline int ioc_translate(int dev, pid_t pid, struct pidns_ref source,
				struct pidns_ref target, __u32 flags)
{
	struct pidns_translate req = {
		.size = sizeof(req), .flags = flags, .source = source, .target = target, .pid = pid,
	};

	return ioc(dev, PIDNS_IOC_TRANSLATE, &req);
}

/* Returns how many entries were translated (@translated). */
static inline int ioc_translate_batch(int dev, const pid_t *pids, pid_t *results, __u32 count,
				      struct pidns_ref source, struct pidns_ref target, __u32 flags)
{
	struct pidns_translate_batch req = {
		.size = sizeof(req), .flags = flags, .source = source, .target = target,
		.count = count, .pids = (uintptr_t)pids, .results = (uintptr_t)results,
	};
	int err = ioc(dev, PIDNS_IOC_TRANSLATE_BATCH, &req);

	return err ? err : (int)req.translated;
}

/* Fills *@req with the answer. */
static inline int ioc_init_pid(int dev, struct pidns_ref ns, struct pidns_ref target,
			       struct pidns_init_pid *req)
{
	*req = (struct pidns_init_pid){ .size = sizeof(*req), .ns = ns, .target = target };
	return ioc(dev, PIDNS_IOC_INIT_PID, req);
}

/* Fills *@req with the relation of @source and @target. */
static inline int ioc_relation(int dev, struct pidns_ref source, struct pidns_ref target,
			       struct pidns_relation *req)
{
	*req = (struct pidns_relation){ .size = sizeof(*req), .source = source, .target = target };
	return ioc(dev, PIDNS_IOC_RELATION, req);
}

/* PIDNS_IOC_GET_LAST_PIDS or PIDNS_IOC_SET_LAST_PIDS (@cmd); returns @levels. */
static inline int ioc_last_pids(int dev, unsigned long cmd, struct pidns_ref ns,
				__s32 *last_pids, __u32 count)
{
	struct pidns_last_pids req = {
		.size = sizeof(req), .ns = ns, .count = count, .last_pids = (uintptr_t)last_pids,
	};
	int err = ioc(dev, cmd, &req);

	return err ? err : (int)req.levels;
}

/* Fills *@req with the answer. */
static inline int ioc_namespaces(int dev, int pidfd, __u32 mask, __u32 flags,
				 struct pidns_namespaces *req)
{
	*req = (struct pidns_namespaces){
		.size = sizeof(*req), .flags = flags, .pidfd = pidfd, .mask = mask,
	};
	return ioc(dev, PIDNS_IOC_GET_NAMESPACES, req);
}

/* Returns the bound file. */
static inline int ioc_bind(int dev, struct pidns_ref source, struct pidns_ref target,
			   __u32 flags)
{
	struct pidns_bind req = {
		.size = sizeof(req), .flags = flags, .source = source, .target = target,
	};

	return ioc(dev, PIDNS_IOC_BIND, &req);
}

/* A bound call that takes a number: PIDNS_IOC_BOUND_PID or PIDNS_IOC_BOUND_TGID (@cmd). */
static inline int ioc_bound(int bound, unsigned long cmd, unsigned long arg)
{
	return ioc(bound, cmd, (void *)arg);
}

/* PIDNS_IOC_BOUND_INIT_PID, its pidfs inode number into *@pidfs_ino unless it is NULL. */
static inline int ioc_bound_init_pid(int bound, __u64 *pidfs_ino)
{
	return ioc(bound, PIDNS_IOC_BOUND_INIT_PID, pidfs_ino);
}

#endif /* __PIDNS_IOCTL_H */
