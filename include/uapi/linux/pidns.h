/* SPDX-License-Identifier: GPL-2.0 WITH Linux-syscall-note */
/*
 * pidns: pid-namespace operations through /dev/pidns.
 *
 * Every ioctl on /dev/pidns but PIDNS_IOC_GET_VERSION takes a pointer to one struct; the bound
 * calls, on the files PIDNS_IOC_BIND returns, take and return one integer, like mainline's nsfs
 * ioctls. Structs are extensible: their first field, @size, is the size of the struct the caller
 * was built with, and the kernel side applies the copy_struct_from_user() rules to it:
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
#define PIDNS_ABI_VERSION 7

#define PIDNS_DEVICE_NAME "pidns"
#define PIDNS_DEVICE_PATH "/dev/pidns"

/* Not taken in Documentation/userspace-api/ioctl/ioctl-number.rst (0xB8 and 0xBA are). */
#define PIDNS_IOC_MAGIC 0xB9

/**
 * enum pidns_ref_kind - How a &struct pidns_ref names a pid namespace.
 * @PIDNS_REF_CALLER: the caller's active pid namespace (the one its pid lives in, i.e.
 *                    /proc/self/ns/pid); @value must be 0.
 * @PIDNS_REF_FD:     @value is a file descriptor: either a pid-namespace fd (an open
 *                    /proc/PID/ns/pid or /proc/PID/ns/pid_for_children, or an nsfs fd from
 *                    NS_GET_PARENT and friends), naming that namespace; or a pidfd, naming the
 *                    active pid namespace of its task. O_PATH fds are not accepted.
 * @PIDNS_REF_ID:     @value is a 64-bit namespace id, as NS_GET_ID returns it for an nsfd (ids
 *                    are never reused). An id resolves only to a namespace whose id mainline
 *                    would let the caller learn: its own active pid namespace or its
 *                    pid_for_children one (what listns() shows everyone); with
 *                    may_see_all_namespaces() (CAP_SYS_ADMIN over the initial user namespace,
 *                    in the initial pid namespace: what listns() and nsfs file handles ask),
 *                    any namespace that has tasks; otherwise a descendant of the caller's
 *                    namespace that has a task, in it or below it, visible to the caller,
 *                    whose /proc/PID/ns/pid the caller may open (ptrace read access, LSMs
 *                    included; NS_GET_ID on it and NS_GET_PARENT from there name it). Any
 *                    other id, 0 included, is ENOENT, whether it exists or not. A first
 *                    lookup walks the pids of the caller's namespace (the kernel's id index
 *                    is not exported to modules); it is killable (EINTR). The open /dev/pidns
 *                    then remembers, for the caller's credentials, where it found the
 *                    namespace, making later lookups about as cheap as fds.
 */
enum pidns_ref_kind {
	PIDNS_REF_CALLER = 0,
	PIDNS_REF_FD = 1,
	PIDNS_REF_ID = 2,
};

/**
 * struct pidns_ref - A reference to a pid namespace.
 * @kind:     one of &enum pidns_ref_kind.
 * @reserved: must be zero.
 * @value:    depends on @kind.
 *
 * A pidfd names its task's active pid namespace under the rules of mainline's
 * PIDFD_GET_PID_NAMESPACE on the same pidfd: the task must not have exited (ESRCH, also for a
 * zombie, and for a PIDFD_THREAD pidfd of an exited thread), and the caller needs ptrace read
 * access to it (EACCES), unless the task is in the caller's own active pid namespace, which
 * the caller can name anyway. pidns also asks that the task be visible in the caller's pid
 * namespace (ESRCH).
 *
 * Errors when resolving a reference: EINVAL (unknown @kind, non-zero @reserved, @value out of
 * range for @kind: an fd above INT_MAX, or a non-zero @value for %PIDNS_REF_CALLER; an fd that
 * is neither a pid-namespace fd nor a pidfd), EBADF (@value is not an open fd, or is an O_PATH
 * fd), ENOENT (an id the caller cannot name), ESRCH and EACCES (pidfds, above), EINTR (a fatal
 * signal during an id lookup). When both references of a call are bad, the first one's error
 * (@source, @ns) is returned.
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
 * @reserved: must be zero.
 *
 * Returns the number of the same task (or, with %PIDNS_TRANSLATE_TGID, of its thread group) in
 * @target, a positive value, as the ioctl's return value: the struct is input only, like
 * clone3()'s, so the call reads user memory once and writes none (what keeps it as cheap as
 * mainline's nsfs ioctls, which take the pid in the ioctl argument and return the result).
 *
 * This is the translate_pid() of the never-merged RFCs: with @source or @target set to
 * %PIDNS_REF_CALLER it covers mainline's NS_GET_{PID,TGID}_{FROM,IN}_PIDNS, and with two other
 * references it translates between any pair of namespaces, siblings included.
 *
 * Visibility: the task must be visible in the caller's active pid namespace (have a pid there),
 * exactly as it must for mainline's nsfs ioctls, whose answers are always expressed in or derived
 * from the caller's namespace; a task the caller cannot see is reported as ESRCH, just like a pid
 * that does not exist, even when it also has no number in @target (visibility is checked
 * first). Pid 1 of @source is answered for as long as its pid names a task, including while
 * that task exits (%PIDNS_IOC_INIT_PID, which asks for a *living* reaper, says ESRCH then).
 *
 * Errors: EINVAL (bad @size, unknown @flags, @pid < 1, non-zero @reserved, bad reference),
 * E2BIG (non-zero tail), ESRCH (no task with number @pid in @source, or not visible to the
 * caller), ENOENT (the task has no number in @target: @target is not its namespace or an
 * ancestor of it), plus the reference errors of &struct pidns_ref.
 */
struct pidns_translate {
	__u32 size;
	__u32 flags;
	struct pidns_ref source;
	struct pidns_ref target;
	__s32 pid;
	__u32 reserved;
};
#define PIDNS_TRANSLATE_SIZE_VER0 48

/* Most entries one %PIDNS_IOC_TRANSLATE_BATCH call takes. */
#define PIDNS_BATCH_MAX 4096

/**
 * struct pidns_translate_batch - Argument of %PIDNS_IOC_TRANSLATE_BATCH.
 * @size:       in: sizeof(struct pidns_translate_batch) as the caller knows it.
 * @flags:      in: %PIDNS_TRANSLATE_* flags, applied to every entry.
 * @source:     in: the namespace the numbers at @pids are in.
 * @target:     in: the namespace to express the results in.
 * @count:      in: number of entries at @pids and at @results, 0 to %PIDNS_BATCH_MAX.
 * @translated: out: how many entries got a number (a positive result).
 * @pids:       in: user pointer to an array of @count __s32, pids (thread ids) in @source.
 * @results:    in: user pointer to an array of @count __s32, written on success: for each entry
 *              of @pids, its number in @target (> 0), or the negative errno %PIDNS_IOC_TRANSLATE
 *              would have failed with for that pid alone: -EINVAL (pid < 1), -ESRCH (no such
 *              task in @source, or not visible to the caller), -ENOENT (no number in @target).
 *              It may be the very array at @pids (translation in place). 0 is never written
 *              by a successful call.
 *
 * %PIDNS_IOC_TRANSLATE for many pids at once: the two references are resolved and checked once,
 * which is what makes a batch cheaper per pid than single calls. Every entry follows the rules of
 * &struct pidns_translate, and all entries are translated at one instant of the namespaces'
 * life (no task can be reaped or created in between as far as one entry is concerned, though
 * tasks may come and go between entries).
 *
 * The call as a whole fails only on bad arguments or memory: EINVAL (bad @size, unknown @flags,
 * bad reference), E2BIG (non-zero tail, or @count above %PIDNS_BATCH_MAX), EFAULT, plus the
 * reference errors of &struct pidns_ref. On EFAULT nothing that looks like a result is left
 * behind: if @pids cannot be read, @results is not touched; if @results cannot be written in
 * full, whatever part of it was written is reset to 0, and @translated is not written.
 */
struct pidns_translate_batch {
	__u32 size;
	__u32 flags;
	struct pidns_ref source;
	struct pidns_ref target;
	__u32 count;
	__u32 translated;
	__aligned_u64 pids;
	__aligned_u64 results;
};
#define PIDNS_TRANSLATE_BATCH_SIZE_VER0 64

/**
 * struct pidns_init_pid - Argument of %PIDNS_IOC_INIT_PID.
 * @size:      in: sizeof(struct pidns_init_pid) as the caller knows it.
 * @flags:     in: must be 0.
 * @ns:        in: the namespace whose child reaper ("init") is asked for.
 * @target:    in: the namespace to express @pid and @tid in (%PIDNS_REF_CALLER for the caller's
 *             own view, what LXCFS needs).
 * @pid:       out: the reaper's process id (thread-group id) in @target; this is the process
 *             that is pid 1 in @ns.
 * @tid:       out: the reaper thread's id in @target. Equal to @pid unless the reaper is
 *             multi-threaded and its first thread has exited, in which case the kernel made
 *             another thread of the group the reaper.
 * @pidfs_ino: out: the pidfs inode number of the process @pid names. A pidfd the caller opens
 *             afterwards with pidfd_open(@pid, 0) refers to this very reaper if and only if its
 *             fstat() st_ino equals @pidfs_ino (on 64-bit kernels; on 32-bit ones st_ino holds
 *             the low 32 bits and FS_IOC_GETVERSION the high 32). That pidfd is the stable
 *             reference: no recycled pid can pass this check.
 * @ns_id:     out: the 64-bit id of @ns (as NS_GET_ID returns it).
 *
 * Only a living reaper counts: if pid 1 of @ns is exiting, a zombie, or gone, and no other thread
 * of its group took over, the answer is ESRCH. The reaper must be visible in the caller's pid
 * namespace (ESRCH otherwise), as for %PIDNS_IOC_TRANSLATE.
 *
 * Errors: EINVAL (bad @size or @flags, bad reference), E2BIG, ESRCH (no living reaper, or not
 * visible), ENOENT (the reaper has no number in @target), plus the reference errors.
 */
struct pidns_init_pid {
	__u32 size;
	__u32 flags;
	struct pidns_ref ns;
	struct pidns_ref target;
	__s32 pid;
	__s32 tid;
	__aligned_u64 pidfs_ino;
	__aligned_u64 ns_id;
};
#define PIDNS_INIT_PID_SIZE_VER0 64

/* Levels a pid-namespace hierarchy has at most: 0 to MAX_PID_NS_LEVEL (32), both included. */
#define PIDNS_MAX_LEVELS 33

/**
 * struct pidns_last_pids - Argument of %PIDNS_IOC_GET_LAST_PIDS and %PIDNS_IOC_SET_LAST_PIDS.
 * @size:      in: sizeof(struct pidns_last_pids) as the caller knows it.
 * @flags:     in: must be 0.
 * @ns:        in: the innermost namespace of the hierarchy.
 * @count:     in: number of entries in the array at @last_pids, 0 to %PIDNS_MAX_LEVELS. Entry 0 is
 *             @ns, entry 1 its parent, and so on up towards the caller's namespace. Fewer
 *             entries than @levels is fine; more is EINVAL. 0 only asks for @levels.
 * @levels:    out: how many levels there are from @ns up to and including the caller's own pid
 *             namespace.
 * @last_pids: in: user pointer to an array of @count __s32, the ns_last_pid of each level: what
 *             /proc/sys/kernel/ns_last_pid reads and writes for the tasks of that level. The next
 *             pid allocated on a level is the first free one after its entry. Written by GET,
 *             read by SET.
 *
 * Permission, level by level, as mainline grants reading and writing ns_last_pid (only from
 * inside a namespace, through /proc/sys/kernel/ns_last_pid):
 *   - the caller's own level: GET needs nothing; SET needs CAP_CHECKPOINT_RESTORE or
 *     CAP_SYS_ADMIN over the level's owning user namespace (checkpoint_restore_ns_capable(),
 *     what the sysctl asks);
 *   - a level below the caller's: GET and SET need CAP_SYS_ADMIN over the level's owning user
 *     namespace, what it takes to setns() into it and then read or write the sysctl there.
 * A GET or SET that covers a level without the permission is EPERM as a whole. @ns must be the
 * caller's own pid namespace or a descendant of it (EPERM otherwise). Every SET entry must lie
 * in 0..pid_max of its level, pid_max included, as for the sysctl (EINVAL otherwise).
 *
 * All or nothing, both ways. GET writes the array in one copy; if that faults, whatever part
 * was written is reset to 0 and @levels is not written. SET checks every entry and every
 * permission, writes @levels back, and only then sets the levels: a call that fails, EFAULT
 * included, changes nothing.
 *
 * A namespace none of whose tasks has a pid (one just created by unshare(CLONE_NEWPID), or
 * whose tasks have all exited): GET reads 0 for it (its first task will get pid 1), and SET
 * refuses it with ESRCH (the kernel restarts a new namespace's allocation at pid 1, so the
 * value could not take effect).
 *
 * Errors: EINVAL (bad @size or @flags, @count too large, an entry out of range, bad reference),
 * E2BIG, EPERM (@ns outside the caller's subtree, or a level without the permission), ESRCH
 * (SET: a level with no task), EFAULT, plus the reference errors.
 */
struct pidns_last_pids {
	__u32 size;
	__u32 flags;
	struct pidns_ref ns;
	__u32 count;
	__u32 levels;
	__aligned_u64 last_pids;
};
#define PIDNS_LAST_PIDS_SIZE_VER0 40

/**
 * enum pidns_ns_index - Positions of the namespace types in &struct pidns_namespaces.ns.
 */
enum pidns_ns_index {
	PIDNS_NS_USER = 0,	/* CLONE_NEWUSER */
	PIDNS_NS_MNT = 1,	/* CLONE_NEWNS */
	PIDNS_NS_PID = 2,	/* CLONE_NEWPID: the task's active pid namespace */
	PIDNS_NS_NET = 3,	/* CLONE_NEWNET */
	PIDNS_NS_UTS = 4,	/* CLONE_NEWUTS */
	PIDNS_NS_IPC = 5,	/* CLONE_NEWIPC */
	PIDNS_NS_CGROUP = 6,	/* CLONE_NEWCGROUP */
	PIDNS_NS_TIME = 7,	/* CLONE_NEWTIME: the task's own, not the one for its children */
	PIDNS_NS_TYPES = 8,
};

/*
 * Joining this namespace would change nothing for the caller: it is the namespace the caller's
 * new children get already (for pid and time namespaces, the caller's pid_for_children and
 * time_for_children; for the others, the caller's own).
 */
#define PIDNS_NS_SHARED (1U << 0)

/**
 * struct pidns_ns_info - One namespace of a &struct pidns_namespaces snapshot.
 * @fd:    out: an nsfs fd on the namespace (O_RDONLY | O_CLOEXEC), or -1 if this type was not
 *         requested or %PIDNS_NAMESPACES_IDS_ONLY was given.
 * @flags: out: %PIDNS_NS_SHARED or 0.
 * @id:    out: the namespace's 64-bit id (NS_GET_ID), 0 if not requested.
 */
struct pidns_ns_info {
	__s32 fd;
	__u32 flags;
	__aligned_u64 id;
};

/* Report ids and flags only; open no fds. */
#define PIDNS_NAMESPACES_IDS_ONLY (1U << 0)
#define PIDNS_NAMESPACES_FLAGS (PIDNS_NAMESPACES_IDS_ONLY)

/**
 * struct pidns_namespaces - Argument of %PIDNS_IOC_GET_NAMESPACES.
 * @size:     in: sizeof(struct pidns_namespaces) as the caller knows it.
 * @flags:    in: %PIDNS_NAMESPACES_* flags.
 * @pidfd:    in: a pidfd (process or thread) of the task whose namespaces are wanted.
 * @mask:     in: the namespace types wanted, as CLONE_NEW* flags (what setns(pidfd, mask)
 *            takes); not 0.
 * @reserved: must be zero.
 * @ns:       out: indexed by &enum pidns_ns_index.
 *
 * All namespaces are taken from one instant, under the same task lock setns() and unshare() hold
 * while they switch a task's namespaces: unlike one PIDFD_GET_*_NAMESPACE ioctl per type, the
 * answer never mixes namespaces from before and after such a switch. To join them all or none,
 * call setns(pidfd, mask') where mask' leaves out the types flagged %PIDNS_NS_SHARED (joining the
 * user namespace one is already in is EINVAL in the kernel).
 *
 * Permission: exactly mainline's for opening /proc/PID/task/TID/ns/<type> (and
 * PIDFD_GET_<type>_NAMESPACE): ptrace read access to the task with the caller's filesystem
 * credentials, LSMs included (EACCES otherwise). pidns gets the files by opening exactly those
 * paths in an internal procfs instance of the caller's pid namespace, so the kernel itself makes
 * that decision, for ids (%PIDNS_NAMESPACES_IDS_ONLY) too. The task must also be visible in the
 * caller's pid namespace and not have exited (ESRCH).
 *
 * Fds are published last, as mainline does: they are reserved, the struct is written back, and
 * only then are the files installed. On failure no fd was ever visible in the caller's table.
 * Errors: EINVAL (bad @size, @flags, @mask, @reserved, or @pidfd is not a pidfd), EBADF (@pidfd
 * not open), ESRCH (the task exited, or is not visible), EACCES, EAGAIN (the task kept switching
 * namespaces while they were being taken), EMFILE/ENFILE (fd limits), EFAULT, E2BIG.
 */
struct pidns_namespaces {
	__u32 size;
	__u32 flags;
	__s32 pidfd;
	__u32 mask;
	__u32 reserved[2];
	struct pidns_ns_info ns[PIDNS_NS_TYPES];
};
#define PIDNS_NAMESPACES_SIZE_VER0 152

/*
 * Hand on the binder's view: a bound call answers about any task the binding task could see,
 * whoever makes it (see &struct pidns_bind).
 */
#define PIDNS_BIND_DELEGATE (1U << 0)
#define PIDNS_BIND_FLAGS (PIDNS_BIND_DELEGATE)

/**
 * struct pidns_bind - Argument of %PIDNS_IOC_BIND.
 * @size:   in: sizeof(struct pidns_bind) as the caller knows it.
 * @flags:  in: %PIDNS_BIND_* flags.
 * @source: in: the namespace the bound calls take pids in, and whose reaper
 *          %PIDNS_IOC_BOUND_INIT_PID reports.
 * @target: in: the namespace the bound calls answer in.
 *
 * Returns, as the ioctl's return value, a new close-on-exec fd on a *bound file*: a handle on the
 * pair (@source, @target) that answers one-integer questions about it (the bound calls below) as
 * cheaply as mainline's nsfs ioctls answer theirs: no struct to read and no reference to resolve
 * per call. It is the handle a monitor or LXCFS keeps per container; it holds a reference to both
 * namespaces until its last fd is closed, and takes no other ioctl (ENOTTY).
 *
 * Both references are resolved and checked once, now, with the rules and errors of &struct
 * pidns_ref; %PIDNS_REF_CALLER names the binding task's active pid namespace. That namespace is
 * also the bound file's *viewer*: every bound call applies the visibility rule of
 * %PIDNS_IOC_TRANSLATE for it (ESRCH for a task the binding task could not see), and, unless
 * the file was bound with %PIDNS_BIND_DELEGATE, for the calling task's own active pid namespace
 * too: by default a bound file handed to another process answers it only about tasks it can
 * see itself. With %PIDNS_BIND_DELEGATE, it answers as its binder would, whoever holds it, the
 * way an open /proc directory fd carries its opener's view: passing it on hands over that view
 * of those two namespaces, and nothing else. A namespace whose tasks have all exited stays
 * bound and answers ESRCH. The
 * file's fdinfo (/proc/PID/fdinfo/FD) shows the ids (as NS_GET_ID gives them) of the three
 * namespaces it holds: pidns_source_id, pidns_target_id and pidns_viewer_id.
 *
 * Errors: EINVAL (bad @size or unknown @flags, bad reference), E2BIG, EMFILE/ENFILE (fd limits),
 * ENOMEM, plus the reference errors of &struct pidns_ref.
 */
struct pidns_bind {
	__u32 size;
	__u32 flags;
	struct pidns_ref source;
	struct pidns_ref target;
};
#define PIDNS_BIND_SIZE_VER0 40

/**
 * enum pidns_relation_kind - How two pid namespaces are related (&struct pidns_relation).
 * @PIDNS_RELATION_EQUAL:              @source and @target are the same namespace.
 * @PIDNS_RELATION_SOURCE_IS_ANCESTOR: @source strictly contains @target: every task of @target
 *                                     has a number in @source.
 * @PIDNS_RELATION_TARGET_IS_ANCESTOR: @target strictly contains @source.
 * @PIDNS_RELATION_UNRELATED:          neither contains the other (siblings, cousins): no task
 *                                     of one has a number in the other.
 *
 * 0 is not a relation: a struct whose @relation still reads 0 was not answered.
 */
enum pidns_relation_kind {
	PIDNS_RELATION_EQUAL = 1,
	PIDNS_RELATION_SOURCE_IS_ANCESTOR = 2,
	PIDNS_RELATION_TARGET_IS_ANCESTOR = 3,
	PIDNS_RELATION_UNRELATED = 4,
};

/**
 * struct pidns_relation - Argument of %PIDNS_IOC_RELATION.
 * @size:         in: sizeof(struct pidns_relation) as the caller knows it.
 * @flags:        in: must be 0.
 * @source:       in: one namespace.
 * @target:       in: the other.
 * @relation:     out: one of &enum pidns_relation_kind.
 * @distance:     out: how many levels the descendant lies below the ancestor when one contains
 *                the other (1 for parent and child); 0 when they are equal or unrelated.
 * @source_level: out: the level of @source relative to the caller's active pid namespace (0:
 *                the caller's own, 1: a child of it, ...).
 * @target_level: out: the level of @target, likewise.
 * @common_level: out: the level, likewise, of the nearest namespace that contains both: the
 *                ancestor when one contains the other (equal: their own level); for unrelated
 *                ones, their nearest common ancestor. Never negative: nothing above the caller's
 *                namespace is revealed.
 * @reserved:     must be zero.
 *
 * pidctl's QUERY_PIDNS of the never-merged RFCs, in one call: mainline answers the same question
 * only with one NS_GET_PARENT (one fd and one syscall) per level. Both namespaces must be the
 * caller's active pid namespace or descendants of it (EPERM otherwise, as NS_GET_PARENT refuses
 * to walk above the caller's namespace): the answer speaks of the caller's subtree only.
 *
 * Errors: EINVAL (bad @size or @flags, non-zero @reserved, bad reference), E2BIG, EPERM (a
 * namespace outside the caller's subtree), plus the reference errors of &struct pidns_ref.
 */
struct pidns_relation {
	__u32 size;
	__u32 flags;
	struct pidns_ref source;
	struct pidns_ref target;
	__u32 relation;
	__u32 distance;
	__u32 source_level;
	__u32 target_level;
	__u32 common_level;
	__u32 reserved;
};
#define PIDNS_RELATION_SIZE_VER0 64

/*
 * PIDNS_IOC_GET_VERSION: returns PIDNS_ABI_VERSION as the ioctl's return value. Takes no
 * argument, needs no privilege, and touches no user memory: the cheapest call into the device.
 */
#define PIDNS_IOC_GET_VERSION _IO(PIDNS_IOC_MAGIC, 0x00)
#define PIDNS_IOC_TRANSLATE _IOW(PIDNS_IOC_MAGIC, 0x01, struct pidns_translate)
#define PIDNS_IOC_INIT_PID _IOWR(PIDNS_IOC_MAGIC, 0x02, struct pidns_init_pid)
#define PIDNS_IOC_GET_LAST_PIDS _IOWR(PIDNS_IOC_MAGIC, 0x03, struct pidns_last_pids)
#define PIDNS_IOC_SET_LAST_PIDS _IOWR(PIDNS_IOC_MAGIC, 0x04, struct pidns_last_pids)
#define PIDNS_IOC_GET_NAMESPACES _IOWR(PIDNS_IOC_MAGIC, 0x05, struct pidns_namespaces)
#define PIDNS_IOC_TRANSLATE_BATCH _IOWR(PIDNS_IOC_MAGIC, 0x06, struct pidns_translate_batch)
#define PIDNS_IOC_BIND _IOW(PIDNS_IOC_MAGIC, 0x07, struct pidns_bind)
#define PIDNS_IOC_RELATION _IOWR(PIDNS_IOC_MAGIC, 0x0b, struct pidns_relation)

/*
 * The bound calls: ioctls on a bound file (an fd PIDNS_IOC_BIND returned), ENOTTY on /dev/pidns.
 * Each returns a positive number, or fails with the errors PIDNS_IOC_TRANSLATE and
 * PIDNS_IOC_INIT_PID have for the same question.
 *
 * PIDNS_IOC_BOUND_PID:  the ioctl argument is a pid (thread id) in the bound source, 1 to
 *                       INT_MAX (EINVAL otherwise); returns the number of that thread in the
 *                       bound target: mainline's NS_GET_PID_{FROM,IN}_PIDNS, for any pair.
 * PIDNS_IOC_BOUND_TGID: the same, returning the number of the thread's thread group.
 * PIDNS_IOC_BOUND_INIT_PID: returns the pid (thread-group id) in the bound target of the bound
 *                       source's living child reaper, as @pid of &struct pidns_init_pid. The
 *                       argument is a user pointer to a __u64 that receives that process's
 *                       pidfs inode number (@pidfs_ino of &struct pidns_init_pid: the stable
 *                       reference), or NULL for the number alone; EFAULT if it cannot be
 *                       written.
 */
#define PIDNS_IOC_BOUND_PID _IO(PIDNS_IOC_MAGIC, 0x08)
#define PIDNS_IOC_BOUND_TGID _IO(PIDNS_IOC_MAGIC, 0x09)
#define PIDNS_IOC_BOUND_INIT_PID _IOR(PIDNS_IOC_MAGIC, 0x0a, __u64)

#endif /* _UAPI_LINUX_PIDNS_H */
