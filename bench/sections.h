/* SPDX-License-Identifier: GPL-2.0 */
/*
 * The sections of pidns_bench, one file each, and what several of them share (fixtures.c): a
 * child pid namespace to measure in, processes to fill the caller's, and /proc read the way
 * tools do today.
 */
#ifndef __PIDNS_BENCH_SECTIONS_H
#define __PIDNS_BENCH_SECTIONS_H

#include "harness.h"

extern const struct section floor_section, down_section, up_section, initpid_section,
	sibling_section, idref_section, lastpids_section, nsentry_section, batch_section,
	relation_section;

/* The fixture of the per-call sections: a child namespace with an init and one worker. */
struct child_ctx {
	int dev, nsfd;
	int down, up;		/* bound files on (caller, child) and (child, caller) */
	pid_t child;		/* in the caller's namespace; pid 1 of its own */
	pid_t inner;		/* the number of a worker of the child namespace, inside it */
	pid_t worker;		/* the same worker, in the caller's namespace */
};

extern const struct fixture child_fixture;

/* Opens /proc/@pid/ns/pid (close-on-exec); dies if it cannot. */
int open_pid_ns(pid_t pid);

/* Spawns @n sleeping processes in the caller's namespace into @pids; exits if it cannot. */
void spawn(pid_t *pids, int n);
void reap(pid_t *pids, int n);

/* The innermost NSpid of a process, read the way tools do today. */
pid_t proc_inner_pid(pid_t pid);

/*
 * /proc has no reverse index: finding which process is pid @inner of a namespace means reading
 * every status file until one's innermost NSpid matches (and checking its namespace).
 */
pid_t proc_find(pid_t inner, int nsfd);

#endif /* __PIDNS_BENCH_SECTIONS_H */
