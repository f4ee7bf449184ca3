/* SPDX-License-Identifier: GPL-2.0 WITH Linux-syscall-note */
/*
 * pidns: pid-namespace operations through /dev/pidns.
 *
 * Every ioctl takes a pointer to one struct. Structs are extensible: their first field, @size,
 * is the size of the struct the caller was built with, and the kernel side applies the
 * copy_struct_from_user() rules to it:
 *   - @size smaller than the struct's first published size (*_SIZE_VER0): EINVAL;
 *   - @size larger than the module knows: the unknown tail must be zero, else E2BIG;
 *   - @size larger than one page: E2BIG.
 * The ioctl command numbers are fixed at the VER0 sizes: growth is carried by @size alone, so a
 * command number never changes. Every reserved field and every unknown flag bit must be zero
 * (EINVAL otherwise). All fields are naturally aligned and 64-bit values are __aligned_u64, so
 * 32-bit and 64-bit callers share one layout and one set of command numbers.
 *
 * Errors common to every ioctl: EFAULT (a pointer is not readable/writable), ENOTTY (unknown
 * command). See man/ioctl_pidns.4 for the full description.
 */
#ifndef _UAPI_LINUX_PIDNS_H
#define _UAPI_LINUX_PIDNS_H

#include <linux/ioctl.h>
#include <linux/types.h>

/* Bumped when an ioctl or a struct field is added. */
#define PIDNS_ABI_VERSION 1

#define PIDNS_DEVICE_NAME "pidns"
#define PIDNS_DEVICE_PATH "/dev/pidns"

#define PIDNS_IOC_MAGIC 0xB9

/**
 * enum pidns_ref_kind - How a &struct pidns_ref names a pid namespace.
 * @PIDNS_REF_CALLER: the caller's active pid namespace (the one its pid lives in, i.e.
 *                    /proc/self/ns/pid); @value must be 0.
 * @PIDNS_REF_FD:     @value is a file descriptor: either a pid-namespace fd (an open
 *                    /proc/PID/ns/pid or /proc/PID/ns/pid_for_children, or an nsfs fd from
 *                    NS_GET_PARENT and friends), naming that namespace; or a pidfd, naming the
 *                    active pid namespace of its task. O_PATH fds are not accepted.
 */
enum pidns_ref_kind {
	PIDNS_REF_CALLER = 0,
	PIDNS_REF_FD = 1,
};

/**
 * struct pidns_ref - A reference to a pid namespace.
 * @kind:     one of &enum pidns_ref_kind.
 * @reserved: must be zero.
 * @value:    depends on @kind.
 *
 * Errors when resolving a reference: EINVAL (unknown @kind, non-zero @reserved, @value out of
 * range for @kind, an fd that is neither a pid-namespace fd nor a pidfd), EBADF (@value is not an
 * open fd, or is an O_PATH fd), ESRCH (a pidfd whose task has exited, or whose task the caller
 * cannot see in its own pid namespace), EPERM (a pidfd whose task lives in a pid namespace other
 * than the caller's, and the caller lacks CAP_SYS_PTRACE over that namespace's owning user
 * namespace).
 */
struct pidns_ref {
	__u32 kind;
	__u32 reserved;
	__aligned_u64 value;
};

/* Translate the thread-group id of @pid's task instead of @pid itself. */
#define PIDNS_TRANSLATE_TGID (1U << 0)
#define PIDNS_TRANSLATE_FLAGS (PIDNS_TRANSLATE_TGID)

/**
 * struct pidns_translate - Argument of %PIDNS_IOC_TRANSLATE.
 * @size:   in: sizeof(struct pidns_translate) as the caller knows it.
 * @flags:  in: %PIDNS_TRANSLATE_* flags.
 * @source: in: the namespace @pid is a number in.
 * @target: in: the namespace to express the result in.
 * @pid:    in: a pid (thread id) in @source; must be positive.
 * @result: out: the number of the same task (or, with %PIDNS_TRANSLATE_TGID, of its thread
 *          group) in @target. Written only on success.
 *
 * This is the translate_pid() of the never-merged RFCs: with @source or @target set to
 * %PIDNS_REF_CALLER it covers mainline's NS_GET_{PID,TGID}_{FROM,IN}_PIDNS, and with two other
 * references it translates between any pair of namespaces, siblings included.
 *
 * Visibility: the task must be visible in the caller's active pid namespace (have a pid there),
 * exactly as it must for mainline's nsfs ioctls, whose answers are always expressed in or derived
 * from the caller's namespace; a task the caller cannot see is reported as ESRCH, just like a pid
 * that does not exist.
 *
 * Errors: EINVAL (bad @size, unknown @flags, @pid < 1, bad reference), E2BIG (non-zero tail),
 * ESRCH (no task with number @pid in @source, or not visible to the caller), ENOENT (the task
 * has no number in @target: @target is not its namespace or an ancestor of it), plus the
 * reference errors of &struct pidns_ref.
 */
struct pidns_translate {
	__u32 size;
	__u32 flags;
	struct pidns_ref source;
	struct pidns_ref target;
	__s32 pid;
	__s32 result;
};
#define PIDNS_TRANSLATE_SIZE_VER0 48

/*
 * PIDNS_IOC_GET_VERSION: returns PIDNS_ABI_VERSION as the ioctl's return value. Takes no
 * argument, needs no privilege, and touches no user memory: the cheapest call into the device.
 */
#define PIDNS_IOC_GET_VERSION _IO(PIDNS_IOC_MAGIC, 0x00)
#define PIDNS_IOC_TRANSLATE _IOWR(PIDNS_IOC_MAGIC, 0x01, struct pidns_translate)

#endif /* _UAPI_LINUX_PIDNS_H */
