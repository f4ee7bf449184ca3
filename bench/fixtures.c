// SPDX-License-Identifier: GPL-2.0
/*
 * What several sections share (see sections.h): the child namespace of the per-call sections,
 * processes to fill the caller's namespace, and /proc read the way tools do today.
 */
#include "sections.h"

int open_pid_ns(pid_t pid)
{
	char path[64];

	snprintf(path, sizeof(path), "/proc/%d/ns/pid", pid);
	return sys_ok(open(path, O_RDONLY | O_CLOEXEC), path);
}

/* A child namespace with an init and one worker, for the per-call sections. */
static int child_start(struct child_ctx *c, int dev)
{
	int ready[2];
	char byte;

	c->dev = dev;
	if (pipe(ready))
		return -1;
	c->child = clone_newpid(NULL);
	if (c->child == 0) {
		prctl(PR_SET_PDEATHSIG, SIGKILL);
		if (fork() == 0) {
			write(ready[1], "w", 1);
			for (;;)
				pause();
		}
		for (;;)
			pause();
	}
	if (c->child < 0 || read(ready[0], &byte, 1) != 1)
		return -1;
	close(ready[0]);
	close(ready[1]);
	c->nsfd = open_pid_ns(c->child);
	c->inner = 2;
	c->worker = pidns_translate(dev, 2, pidns_ref_fd(c->nsfd), pidns_ref_caller(), 0);
	c->down = pidns_bind(dev, pidns_ref_caller(), pidns_ref_fd(c->nsfd));
	c->up = pidns_bind(dev, pidns_ref_fd(c->nsfd), pidns_ref_caller());
	return c->worker > 0 && c->down >= 0 && c->up >= 0 ? 0 : -1;
}

static void *child_fixture_start(int dev)
{
	static struct child_ctx c;

	if (child_start(&c, dev)) {
		fprintf(stderr, "cannot start a child namespace: %s\n", strerror(errno));
		exit(1);
	}
	return &c;
}

static void child_fixture_stop(void *env)
{
	struct child_ctx *c = env;

	kill(c->child, SIGKILL);
	waitpid(c->child, NULL, 0);
	close(c->nsfd);
	close(c->down);
	close(c->up);
}

const struct fixture child_fixture = {
	.start = child_fixture_start,
	.stop = child_fixture_stop,
};

void spawn(pid_t *pids, int n)
{
	for (int i = 0; i < n; i++) {
		pids[i] = fork();
		if (pids[i] == 0) {
			prctl(PR_SET_PDEATHSIG, SIGKILL);
			for (;;)
				pause();
		}
		if (pids[i] < 0) {
			fprintf(stderr, "spawning process %d of %d: %s\n", i + 1, n, strerror(errno));
			for (int j = 0; j < i; j++)
				kill(pids[j], SIGKILL);
			exit(1);
		}
	}
}

void reap(pid_t *pids, int n)
{
	for (int i = 0; i < n; i++)
		if (pids[i] > 0)
			kill(pids[i], SIGKILL);
	for (int i = 0; i < n; i++)
		if (pids[i] > 0)
			waitpid(pids[i], NULL, 0);
}

pid_t proc_inner_pid(pid_t pid)
{
	pid_t nspid[PIDNS_MAX_LEVELS];
	char path[64];
	int n;

	snprintf(path, sizeof(path), "/proc/%d/status", pid);
	n = read_ns_numbers(path, "NSpid:", nspid, PIDNS_MAX_LEVELS);
	return n > 0 ? nspid[n - 1] : 0;
}

pid_t proc_find(pid_t inner, int nsfd)
{
	struct stat want, st;
	DIR *d = opendir("/proc");
	struct dirent *e;
	pid_t found = 0;

	fstat(nsfd, &want);
	while (d && !found && (e = readdir(d))) {
		pid_t pid = atoi(e->d_name);
		char path[64];

		if (pid <= 0 || proc_inner_pid(pid) != inner)
			continue;
		snprintf(path, sizeof(path), "/proc/%d/ns/pid", pid);
		if (!stat(path, &st) && st.st_ino == want.st_ino)
			found = pid;
	}
	if (d)
		closedir(d);
	return found;
}
