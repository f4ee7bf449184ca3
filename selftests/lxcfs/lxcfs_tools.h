/* SPDX-License-Identifier: GPL-2.0 */
/*
 * What recycle_race.c and cold_reads.c share: containers, as the init of a new pid namespace
 * that does nothing until killed, and dying with a word.
 */
#ifndef PIDNS_LXCFS_TOOLS_H
#define PIDNS_LXCFS_TOOLS_H

#define _GNU_SOURCE
#include <errno.h>
#include <sched.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/syscall.h>
#include <sys/wait.h>
#include <unistd.h>

static void die(const char *what)
{
	fprintf(stderr, "%s: %s: %s\n", program_invocation_short_name, what, strerror(errno));
	exit(2);
}

/* A container: the init of a new pid namespace, doing nothing until killed. */
static pid_t start_container(void)
{
	pid_t pid = (pid_t)syscall(SYS_clone, CLONE_NEWPID | SIGCHLD, NULL, NULL, NULL, NULL);

	if (pid < 0)
		die("clone(CLONE_NEWPID)");
	if (pid == 0) {
		for (;;)
			pause();
	}
	return pid;
}

/* Kills and reaps a child of ours. */
static void stop(pid_t pid)
{
	kill(pid, SIGKILL);
	waitpid(pid, NULL, 0);
}

#endif
