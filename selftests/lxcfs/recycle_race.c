// SPDX-License-Identifier: GPL-2.0
/*
 * recycle_race: the recycled init pid race of LXCFS's init pid cache, run for real against a
 * mounted LXCFS (selftests/lxcfs/lxcfs_test.sh, case recycled-init-pid).
 *
 *   recycle_race LXCFS_MOUNT CGROUP OTHER_CGROUP
 *
 * LXCFS caches the init pid of a reader's pid namespace under the namespace's inode number and
 * trusts a hit while the pid passes a check taken on the number: the ctime of /proc/<pid>, to
 * the second, by default; a pidfd with --enable-pidfd. Both the inode number and the pid are
 * reused by the kernel once their owners are gone. So:
 *
 *   1. container A (its init in CGROUP) reads /proc/meminfo through LXCFS: A's init pid P is
 *      cached under A's namespace inode X;
 *   2. A's init dies; the next process forked, Q, is given pid P (ns_last_pid) and put in
 *      OTHER_CGROUP;
 *   3. new containers (inits in CGROUP) are started until one gets inode X (the kernel hands
 *      out the lowest free one), or 40 have tried;
 *   4. that container reads /proc/meminfo through LXCFS.
 *
 * LXCFS shows a container the memory limit of its init's cgroup. If the answer in 4 is the limit
 * of OTHER_CGROUP, LXCFS took Q for the new container's init: the race. With the ctime check the
 * steps must all fall within one second, so each attempt starts just after a second boundary
 * (the proc inode times LXCFS compares are realtime seconds); an attempt that crosses a second
 * and gets the right answer proves nothing and is repeated, up to 5 times.
 *
 * Prints one line: verdict=own-init|recycled|unknown got_x=yes|no one_second=yes|no
 * memtotal_kb=N own_kb=N other_kb=N attempts=N. Exit status 0 unless it could not run.
 */
#include "lxcfs_tools.h"

#include <fcntl.h>
#include <sys/stat.h>
#include <time.h>

#define MAX_ATTEMPTS 5
#define MAX_CONTAINERS 40

static const char *mnt, *cgroup, *other_cgroup;

static void write_file(const char *path, const char *text)
{
	int fd = open(path, O_WRONLY | O_CLOEXEC);

	if (fd < 0 || write(fd, text, strlen(text)) != (ssize_t)strlen(text))
		die(path);
	close(fd);
}

static void move_to_cgroup(const char *cg, pid_t pid)
{
	char path[4096], text[32];

	snprintf(path, sizeof(path), "%s/cgroup.procs", cg);
	snprintf(text, sizeof(text), "%d", pid);
	write_file(path, text);
}

static long long read_number(const char *path)
{
	char buf[64] = "";
	int fd = open(path, O_RDONLY | O_CLOEXEC);

	if (fd < 0 || read(fd, buf, sizeof(buf) - 1) <= 0)
		die(path);
	close(fd);
	return atoll(buf);
}

/* A container whose init is in @cg. */
static pid_t start_container_in(const char *cg)
{
	pid_t pid = start_container();

	move_to_cgroup(cg, pid);
	return pid;
}

static unsigned long long pidns_inode(pid_t pid)
{
	char path[64];
	struct stat st;

	snprintf(path, sizeof(path), "/proc/%d/ns/pid", pid);
	if (stat(path, &st))
		die(path);
	return (unsigned long long)st.st_ino;
}

/* MemTotal in kB of LXCFS's /proc/meminfo as a process in the pid namespace of @init reads it. */
static long long memtotal_in(pid_t init)
{
	char path[4096], buf[8192];
	long long kb = -1;
	int fds[2], nsfd;
	ssize_t n, len = 0;
	pid_t child;

	snprintf(path, sizeof(path), "/proc/%d/ns/pid", init);
	nsfd = open(path, O_RDONLY | O_CLOEXEC);
	if (nsfd < 0 || pipe2(fds, O_CLOEXEC))
		die(path);
	child = fork();
	if (child < 0)
		die("fork");
	if (child == 0) {
		/* setns() then fork(): the reader is a member of the namespace, as LXCFS requires. */
		pid_t reader;

		if (setns(nsfd, CLONE_NEWPID))
			_exit(1);
		reader = fork();
		if (reader == 0) {
			int fd;

			snprintf(path, sizeof(path), "%s/proc/meminfo", mnt);
			fd = open(path, O_RDONLY | O_CLOEXEC);
			if (fd < 0)
				_exit(1);
			while ((n = read(fd, buf, sizeof(buf))) > 0)
				if (write(fds[1], buf, n) != n)
					_exit(1);
			_exit(0);
		}
		_exit(reader < 0 || waitpid(reader, NULL, 0) < 0);
	}
	close(fds[1]);
	while (len < (ssize_t)sizeof(buf) - 1 && (n = read(fds[0], buf + len, sizeof(buf) - 1 - len)) > 0)
		len += n;
	buf[len] = '\0';
	close(fds[0]);
	close(nsfd);
	waitpid(child, NULL, 0);
	sscanf(strstr(buf, "MemTotal:") ? strstr(buf, "MemTotal:") : "", "MemTotal: %lld", &kb);
	return kb;
}

/* Sleeps until just after the next second of the clock the kernel stamps inodes with. */
static time_t start_of_second(void)
{
	struct timespec now, until;

	clock_gettime(CLOCK_REALTIME_COARSE, &now);
	until.tv_sec = 0;
	until.tv_nsec = 1000000000L - now.tv_nsec + 20000000L;
	if (until.tv_nsec >= 1000000000L) {
		until.tv_sec = 1;
		until.tv_nsec -= 1000000000L;
	}
	nanosleep(&until, NULL);
	clock_gettime(CLOCK_REALTIME_COARSE, &now);
	return now.tv_sec;
}

/* Forks until a child gets pid @want (through ns_last_pid); returns it, or -1. */
static pid_t take_pid(pid_t want)
{
	char text[32];

	for (int i = 0; i < 100; i++) {
		pid_t q;

		snprintf(text, sizeof(text), "%d", want - 1);
		write_file("/proc/sys/kernel/ns_last_pid", text);
		q = fork();
		if (q < 0)
			die("fork");
		if (q == 0) {
			for (;;)
				pause();
		}
		if (q == want)
			return q;
		stop(q);
	}
	return -1;
}

int main(int argc, char **argv)
{
	char path[4096];
	long long own_kb, other_kb, kb = -1;
	int attempt, got_x = 0, one_second = 0;

	if (argc != 4) {
		fprintf(stderr, "usage: %s LXCFS_MOUNT CGROUP OTHER_CGROUP\n", argv[0]);
		return 2;
	}
	mnt = argv[1], cgroup = argv[2], other_cgroup = argv[3];
	snprintf(path, sizeof(path), "%s/memory.max", cgroup);
	own_kb = read_number(path) / 1024;
	snprintf(path, sizeof(path), "%s/memory.max", other_cgroup);
	other_kb = read_number(path) / 1024;

	for (attempt = 1; attempt <= MAX_ATTEMPTS; attempt++) {
		pid_t a, q, b = -1, held[MAX_CONTAINERS];
		unsigned long long x;
		struct timespec end;
		int nheld = 0;
		time_t t0;

		/* From here on within one second, LXCFS's looking up /proc/<a> included. */
		t0 = start_of_second();
		a = start_container_in(cgroup);
		x = pidns_inode(a);
		if (memtotal_in(a) != own_kb) {
			fprintf(stderr, "recycle_race: container A does not see its own limit\n");
			stop(a);
			return 2;
		}
		stop(a);
		q = take_pid(a);
		if (q < 0) {
			fprintf(stderr, "recycle_race: pid %d was not reused\n", a);
			return 2;
		}
		move_to_cgroup(other_cgroup, q);
		got_x = 0;
		while (nheld < MAX_CONTAINERS) {
			b = start_container_in(cgroup);
			held[nheld++] = b;
			if (pidns_inode(b) == x) {
				got_x = 1;
				break;
			}
		}
		kb = memtotal_in(b);
		clock_gettime(CLOCK_REALTIME_COARSE, &end);
		one_second = t0 == end.tv_sec;

		stop(q);
		while (nheld)
			stop(held[--nheld]);
		if (kb == other_kb || (got_x && one_second) || !got_x)
			break;
	}

	printf("verdict=%s got_x=%s one_second=%s memtotal_kb=%lld own_kb=%lld other_kb=%lld attempts=%d\n",
	       kb == own_kb ? "own-init" : kb == other_kb ? "recycled" : "unknown", got_x ? "yes" : "no",
	       one_second ? "yes" : "no", kb, own_kb, other_kb, attempt > MAX_ATTEMPTS ? MAX_ATTEMPTS : attempt);
	return 0;
}
