// SPDX-License-Identifier: GPL-2.0
/*
 * cold_reads: N fresh containers read /proc/uptime through LXCFS at once, each LXCFS's first
 * read for its pid namespace (an init pid cache miss); prints the read latencies and the CPU
 * time LXCFS spent on them (selftests/lxcfs/lxcfs_test.sh bench).
 *
 *   cold_reads LXCFS_MOUNT LXCFS_PID N
 *
 * The containers (inits of new pid namespaces) are started first; then N readers, one member of
 * each namespace, wait on a pipe and are let go together (a byte each). Each times its open() and read() of
 * LXCFS_MOUNT/proc/uptime with CLOCK_MONOTONIC. LXCFS's CPU time is the change of utime + stime
 * + cutime + cstime in /proc/LXCFS_PID/stat over the reads: cutime and cstime hold the helper
 * processes stock LXCFS forks and reaps on a miss.
 *
 * Prints one CSV line: n,median_us,p95_us,max_us,wall_us,lxcfs_cpu_us,failed
 */
#include "lxcfs_tools.h"

#include <fcntl.h>
#include <time.h>

static long long now_us(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return ts.tv_sec * 1000000LL + ts.tv_nsec / 1000;
}

/* utime + stime + cutime + cstime of @pid, in microseconds. */
static long long cpu_us(pid_t pid)
{
	char path[64], buf[4096], *p;
	unsigned long long v[4];
	ssize_t n;
	int fd;

	snprintf(path, sizeof(path), "/proc/%d/stat", pid);
	fd = open(path, O_RDONLY | O_CLOEXEC);
	if (fd < 0 || (n = read(fd, buf, sizeof(buf) - 1)) <= 0)
		die(path);
	close(fd);
	buf[n] = '\0';
	/* Fields 14-17, counted after the command name, which may hold spaces. */
	p = strrchr(buf, ')');
	if (!p || sscanf(p + 2, "%*c %*d %*d %*d %*d %*d %*u %*u %*u %*u %*u %llu %llu %llu %llu",
			 &v[0], &v[1], &v[2], &v[3]) != 4)
		die("parsing /proc/PID/stat");
	return (long long)(v[0] + v[1] + v[2] + v[3]) * 1000000LL / sysconf(_SC_CLK_TCK);
}

/*
 * A reader's result: its latency in microseconds, or -1. Every reader sends exactly one, failed
 * or not: the write end is held by every process here, so the parent never sees its EOF.
 */
static void report(int fd, long long us)
{
	if (write(fd, &us, sizeof(us)) != sizeof(us))
		_exit(1);
}

static int cmp_ll(const void *a, const void *b)
{
	long long x = *(const long long *)a, y = *(const long long *)b;

	return (x > y) - (x < y);
}

int main(int argc, char **argv)
{
	const char *mnt;
	pid_t lxcfs, *inits, *readers;
	long long *lat, start, wall, cpu0, cpu;
	int n, go[2], results[2], failed = 0;

	if (argc != 4 || (n = atoi(argv[3])) < 1) {
		fprintf(stderr, "usage: %s LXCFS_MOUNT LXCFS_PID N\n", argv[0]);
		return 2;
	}
	mnt = argv[1];
	lxcfs = atoi(argv[2]);
	inits = calloc(n, sizeof(*inits));
	readers = calloc(n, sizeof(*readers));
	lat = calloc(n, sizeof(*lat));
	if (!inits || !readers || !lat || pipe2(go, O_CLOEXEC) || pipe2(results, O_CLOEXEC))
		die("setup");

	for (int i = 0; i < n; i++)
		inits[i] = start_container();
	for (int i = 0; i < n; i++) {
		char path[4096];
		int nsfd;

		snprintf(path, sizeof(path), "/proc/%d/ns/pid", inits[i]);
		nsfd = open(path, O_RDONLY | O_CLOEXEC);
		if (nsfd < 0)
			die(path);
		readers[i] = fork();
		if (readers[i] < 0)
			die("fork");
		if (readers[i] == 0) {
			/* setns() then fork(): the reader is a member of the container's namespace. */
			pid_t reader;

			if (setns(nsfd, CLONE_NEWPID)) {
				report(results[1], -1);
				_exit(1);
			}
			reader = fork();
			if (reader == 0) {
				char buf[256], c;
				long long t0;
				int fd;

				if (read(go[0], &c, 1) != 1) {
					report(results[1], -1);
					_exit(1);
				}
				snprintf(path, sizeof(path), "%s/proc/uptime", mnt);
				t0 = now_us();
				fd = open(path, O_RDONLY | O_CLOEXEC);
				if (fd < 0 || read(fd, buf, sizeof(buf)) <= 0)
					report(results[1], -1);
				else
					report(results[1], now_us() - t0);
				_exit(0);
			}
			if (reader < 0)
				report(results[1], -1);
			_exit(reader < 0 || waitpid(reader, NULL, 0) < 0);
		}
		close(nsfd);
	}
	close(results[1]);
	/* Let the readers get to their read() of the go pipe. */
	usleep(200000);

	cpu0 = cpu_us(lxcfs);
	start = now_us();
	/* One byte per reader: they all hold the write end, so no reader could wait for its EOF. */
	for (int i = 0; i < n; i++)
		if (write(go[1], "g", 1) != 1)
			die("write");
	for (int i = 0; i < n; i++) {
		if (read(results[0], &lat[i], sizeof(lat[i])) != sizeof(lat[i]) || lat[i] < 0) {
			lat[i] = 0;
			failed++;
		}
	}
	wall = now_us() - start;
	for (int i = 0; i < n; i++)
		waitpid(readers[i], NULL, 0);
	cpu = cpu_us(lxcfs) - cpu0;
	for (int i = 0; i < n; i++)
		stop(inits[i]);

	qsort(lat, n, sizeof(*lat), cmp_ll);
	printf("%d,%lld,%lld,%lld,%lld,%lld,%d\n", n, lat[n / 2], lat[(n * 95 + 99) / 100 - 1],
	       lat[n - 1], wall, cpu, failed);
	return failed != 0;
}
