// SPDX-License-Identifier: GPL-2.0
/*
 * What CRIU needs to restore a task inside nested pid namespaces: the task must get given pids
 * on every level. Setting /proc/sys/kernel/ns_last_pid only works for the writer's own namespace,
 * so CRIU forks a helper per level; here one ioctl sets every level, then one fork in the
 * innermost namespace creates the task.
 *
 *   criu_restore [PID_INNERMOST PID_MIDDLE PID_OUTER]   (default: 300 2000 9000)
 */
#include "../../selftests/pidns_util.h"
#include "libpidns.h"

#define DEPTH 3

int main(int argc, char **argv)
{
	pid_t want[DEPTH] = { 300, 2000, 9000 }, nspid[TREE_MAX_LEVELS];
	__s32 last[DEPTH];
	struct chain c;
	int dev = pidns_open(), err, ok = 1;

	if (dev < 0) {
		fprintf(stderr, "%s: %s\n", PIDNS_DEVICE_PATH, strerror(-dev));
		return 2;
	}
	for (int i = 0; i < DEPTH && argc == DEPTH + 1; i++)
		want[i] = atoi(argv[i + 1]);
	err = chain_build(&c, DEPTH);
	if (err) {
		fprintf(stderr, "building %d nested pid namespaces: %s\n", DEPTH, strerror(-err));
		return 1;
	}
	for (int i = 0; i < DEPTH; i++)
		last[i] = want[i] - 1;
	err = pidns_last_pids(dev, PIDNS_IOC_SET_LAST_PIDS, pidns_ref_fd(c.nsfd[0]), last, DEPTH);
	if (err < 0) {
		fprintf(stderr, "setting ns_last_pid on %d levels: %s\n", DEPTH, strerror(-err));
		chain_destroy(&c);
		return 1;
	}
	if (chain_fork(&c, NULL, 0, nspid) != DEPTH + 1) {
		fprintf(stderr, "forking in the innermost namespace failed\n");
		chain_destroy(&c);
		return 1;
	}
	printf("restored task: pid");
	for (int i = 0; i < DEPTH; i++) {
		/* NSpid is outermost first: the caller's level, then N1, N2, N3. */
		pid_t got = nspid[DEPTH - i];

		printf(" %d%s", got, got == want[i] ? "" : " (WRONG)");
		ok &= got == want[i];
	}
	printf(" (innermost first), one ioctl and one fork\n");
	chain_destroy(&c);
	return ok ? 0 : 1;
}
