// SPDX-License-Identifier: GPL-2.0
/*
 * The `make run` demo: builds a tree of processes over nested pid namespaces (three levels below
 * the caller's, siblings at the second, threads in each) and prints how every task's pid reads in
 * every namespace, as /dev/pidns answers it, next to what /proc/PID/status says.
 */
#include "../../selftests/pidns_util.h"
#include "libpidns.h"

static void print_ns_tree(const struct tree *t, int ns, int parent_of[], int depth)
{
	__u64 id = 0;

	ioctl(t->ns[ns].fd, NS_GET_ID, &id);
	printf("%*s%s ns%d  (level %d, ns id %llu)\n", depth * 4, "", depth ? "└─" : "", ns,
	       t->ns[ns].level, (unsigned long long)id);
	for (int c = 0; c < t->nns; c++)
		if (parent_of[c] == ns && c != ns)
			print_ns_tree(t, c, parent_of, depth + 1);
}

int main(void)
{
	int parent_of[TREE_MAX_NS], dev, err, mismatches = 0;
	struct tree *t = calloc(1, sizeof(*t));

	dev = open(PIDNS_DEVICE_PATH, O_RDWR | O_CLOEXEC);
	if (dev < 0) {
		perror(PIDNS_DEVICE_PATH " (is pidns.ko loaded?)");
		return 2;
	}
	printf("pidns ABI version %d\n\n", ioctl(dev, PIDNS_IOC_GET_VERSION));
	err = tree_build(t, 3, 2, 1, 1);
	if (err) {
		fprintf(stderr, "building the namespace tree: %s\n", strerror(-err));
		return 1;
	}

	for (int n = 0; n < t->nns; n++)
		parent_of[n] = -1;
	for (int k = 0; k < t->ntasks; k++)
		for (int l = 1; l < t->task[k].nlevels; l++)
			parent_of[t->task[k].ns[l]] = t->task[k].ns[l - 1];
	printf("Pid namespaces (ns0 is the caller's):\n");
	print_ns_tree(t, 0, parent_of, 0);

	printf("\nEach task's pid as read in each namespace, translated by /dev/pidns from the\n"
	       "caller's view (\"-\": no number there; \"!\" marks a disagreement with NSpid):\n\n");
	printf("%-8s %-8s", "tid", "tgid");
	for (int n = 0; n < t->nns; n++)
		printf(" %6s%d", "ns", n);
	printf("\n");
	for (int k = 0; k < t->ntasks; k++) {
		printf("%-8d %-8d", t->task[k].tid, t->task[k].tgid);
		for (int n = 0; n < t->nns; n++) {
			int got = pidns_translate(dev, t->task[k].tid, pidns_ref_caller(), pidns_ref_fd(t->ns[n].fd), 0);
			pid_t want = tree_nr(t, k, n, false);
			bool ok = got == (want ? want : -ENOENT);

			mismatches += !ok;
			if (got > 0)
				printf(" %7d%s", got, ok ? "" : "!");
			else
				printf(" %7s%s", "-", ok ? "" : "!");
		}
		printf("%s\n", t->task[k].tid == t->task[k].tgid ? "" : "   (thread)");
	}

	/* The translate_pid() nobody merged: between two sibling namespaces, and child to grandchild. */
	printf("\nBetween namespaces mainline cannot pair:\n");
	for (int k = 0; k < t->ntasks; k++) {
		const struct tree_task *task = &t->task[k];
		int deepest = task->ns[task->nlevels - 1];

		if (task->nlevels < 4 || task->tid != task->tgid)
			continue;
		for (int n = 1; n < t->nns; n++) {
			int from = task->ns[2], got;

			if (t->ns[n].level != 2 || n == from)
				continue;
			got = pidns_translate(dev, task->nspid[2], pidns_ref_fd(t->ns[from].fd),
					      pidns_ref_fd(t->ns[n].fd), 0);
			printf("  pid %d of ns%d in sibling ns%d: %s\n", task->nspid[2], from, n,
			       got == -ENOENT ? "none (ENOENT): a sibling does not see it" : "UNEXPECTED");
			mismatches += got != -ENOENT;
		}
		printf("  pid %d of ns%d in its child ns%d: %d\n", task->nspid[2], task->ns[2], deepest,
		       pidns_translate(dev, task->nspid[2], pidns_ref_fd(t->ns[task->ns[2]].fd),
				       pidns_ref_fd(t->ns[deepest].fd), 0));
		break;
	}

	/* What LXCFS asks for: each namespace's init, as the caller sees it, with a stable check. */
	printf("\nInit (child reaper) of each namespace, in the caller's view:\n");
	for (int n = 1; n < t->nns; n++) {
		struct pidns_init_pid ip;
		struct stat st;
		int pidfd;

		if (pidns_init_pid(dev, pidns_ref_fd(t->ns[n].fd), pidns_ref_caller(), &ip)) {
			printf("  ns%d: %s\n", n, strerror(errno));
			mismatches++;
			continue;
		}
		pidfd = sys_pidfd_open(ip.pid, 0);
		printf("  ns%d: pid %d, pidfs inode %llu (a pidfd opened now %s)\n", n, ip.pid,
		       (unsigned long long)ip.pidfs_ino,
		       pidfd >= 0 && !fstat(pidfd, &st) && st.st_ino == ip.pidfs_ino ?
		       "is that very process" : "is NOT it");
		if (pidfd >= 0)
			close(pidfd);
	}

	/* What CRIU asks for: the ns_last_pid of every level, innermost first, in one call. */
	for (int n = 1; n < t->nns; n++) {
		__s32 last[PIDNS_MAX_LEVELS];
		int levels = pidns_last_pids(dev, PIDNS_IOC_GET_LAST_PIDS, pidns_ref_fd(t->ns[n].fd), NULL, 0);

		if (levels < 4)
			continue;
		pidns_last_pids(dev, PIDNS_IOC_GET_LAST_PIDS, pidns_ref_fd(t->ns[n].fd), last, levels);
		printf("\nns_last_pid from ns%d up to the caller's namespace:", n);
		for (int l = 0; l < levels; l++)
			printf(" %d", last[l]);
		printf("\n");
		break;
	}

	tree_destroy(t);
	printf("\n%s\n", mismatches ? "MISMATCHES with /proc: see \"!\" above" :
				      "Every answer agrees with /proc/PID/status.");
	return mismatches ? 1 : 0;
}
