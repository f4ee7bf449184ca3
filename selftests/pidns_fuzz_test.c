// SPDX-License-Identifier: GPL-2.0
/*
 * A seeded fuzzer of /dev/pidns: random command numbers, sizes, flags, reserved fields, fds
 * (closed, foreign, wrong namespace type, pidfds of reaped tasks, O_PATH), pids (negative, zero,
 * huge, recycled) and user pointers (NULL, kernel addresses, unmapped, unaligned, straddling into
 * an unmapped page, read-only). Every call must succeed or fail with a documented errno; the
 * kernel must not complain (the VM run checks dmesg afterwards).
 *
 *   PIDNS_FUZZ_SEED=N      replay a seed (printed by every run)
 *   PIDNS_FUZZ_ITERS=N     number of ioctls (default 1000000)
 *   PIDNS_FUZZ_SECONDS=N   stop earlier after N seconds (default 20, at most 540: a debug
 *                          kernel under emulation is far slower, and make check-debug gives
 *                          it the time to reach 10^6); the count reached is printed
 */
#include "kselftest_harness.h"
#include "pidns_harness.h"
#include "pidns_dev_fixture.h"

static __u64 rng_state;

static __u64 rnd(void)
{
	return xorshift64(&rng_state);
}

static __u64 pick(const __u64 *v, int n)
{
	return v[rnd() % n];
}

#define ARRAY_LEN(a) ((int)(sizeof(a) / sizeof((a)[0])))

static const __u64 cmds[] = {
	PIDNS_IOC_GET_VERSION, PIDNS_IOC_TRANSLATE, PIDNS_IOC_INIT_PID, PIDNS_IOC_GET_LAST_PIDS,
	PIDNS_IOC_SET_LAST_PIDS, PIDNS_IOC_GET_NAMESPACES, PIDNS_IOC_TRANSLATE_BATCH,
	PIDNS_IOC_BIND, PIDNS_IOC_BOUND_PID, PIDNS_IOC_BOUND_TGID, PIDNS_IOC_BOUND_INIT_PID,
	PIDNS_IOC_RELATION,
};
static const char *const cmd_names[] = {
	"GET_VERSION", "TRANSLATE", "INIT_PID", "GET_LAST_PIDS", "SET_LAST_PIDS", "GET_NAMESPACES",
	"TRANSLATE_BATCH", "BIND", "BOUND_PID", "BOUND_TGID", "BOUND_INIT_PID", "RELATION",
	"other commands",
};
#define NCMDS ((int)(sizeof(cmd_names) / sizeof(cmd_names[0])))

/* Which outcomes (0: success, else the errno) each command reached: the paths the run hit. */
static bool path_hit[NCMDS][256];

static int cmd_index(unsigned long cmd)
{
	for (int k = 0; k < NCMDS - 1; k++)
		if (cmds[k] == cmd)
			return k;
	return NCMDS - 1;
}

/*
 * A valid argument for command @k (an index into cmds) in @w, naming the caller's namespace or
 * @nsfd, with its arrays in @scratch: the starting point of a mutation, so that the fuzzer also
 * reaches the success paths and the errors that lie behind well-formed requests.
 */
static void valid_request(int k, __u32 *w, int nsfd, int pidfd, char *scratch)
{
	struct pidns_ref ns = rnd() % 2 ? ref_caller() : ref_fd(nsfd);
	__s32 *entries = (__s32 *)scratch;

	memset(w, 0, 256);
	for (int i = 0; i < 8; i++)
		entries[i] = (__s32)(rnd() % 8);
	switch (cmds[k]) {
	case PIDNS_IOC_TRANSLATE:
		*(struct pidns_translate *)w = (struct pidns_translate){
			.size = sizeof(struct pidns_translate), .source = ns,
			.target = ref_caller(), .pid = 1 };
		break;
	case PIDNS_IOC_INIT_PID:
		*(struct pidns_init_pid *)w = (struct pidns_init_pid){
			.size = sizeof(struct pidns_init_pid), .ns = ns, .target = ref_caller() };
		break;
	case PIDNS_IOC_GET_LAST_PIDS:
	case PIDNS_IOC_SET_LAST_PIDS:
		/* The fuzzer's own child namespace: writing it disturbs no one. */
		*(struct pidns_last_pids *)w = (struct pidns_last_pids){
			.size = sizeof(struct pidns_last_pids), .ns = ref_fd(nsfd), .count = 1,
			.last_pids = (uintptr_t)entries };
		entries[0] += 100;
		break;
	case PIDNS_IOC_GET_NAMESPACES:
		*(struct pidns_namespaces *)w = (struct pidns_namespaces){
			.size = sizeof(struct pidns_namespaces), .pidfd = pidfd,
			.mask = CLONE_NEWPID | CLONE_NEWNET | CLONE_NEWUTS,
			.flags = rnd() % 2 ? PIDNS_NAMESPACES_IDS_ONLY : 0 };
		break;
	case PIDNS_IOC_BIND:
		*(struct pidns_bind *)w = (struct pidns_bind){
			.size = sizeof(struct pidns_bind), .source = ns, .target = ref_caller(),
			.flags = rnd() % 2 ? PIDNS_BIND_DELEGATE : 0 };
		break;
	case PIDNS_IOC_TRANSLATE_BATCH:
		*(struct pidns_translate_batch *)w = (struct pidns_translate_batch){
			.size = sizeof(struct pidns_translate_batch), .source = ns,
			.target = ref_caller(), .count = 8, .pids = (uintptr_t)entries,
			.results = (uintptr_t)(entries + (rnd() % 2 ? 0 : 8)) };
		break;
	case PIDNS_IOC_RELATION:
		/* The fuzzer's child namespace (by its init's pidfd) lies below the caller's. */
		*(struct pidns_relation *)w = (struct pidns_relation){
			.size = sizeof(struct pidns_relation), .source = ns,
			.target = rnd() % 2 ? ref_caller() : ref_fd(pidfd) };
		break;
	}
}

#define BIT(e) (1ULL << (e))
/* Errors common to every ioctl, and those of resolving a &struct pidns_ref (ABI 6). */
#define COMMON_ERRS (BIT(EFAULT) | BIT(ENOTTY))
#define REF_ERRS (BIT(EINVAL) | BIT(EBADF) | BIT(ENOENT) | BIT(ESRCH) | BIT(EACCES) | BIT(EINTR))

/*
 * The errnos the uapi header documents for each command (indexed like cmds[], then the other
 * commands), as bit masks (every errno here is below 64). Sent to the wrong file a command is
 * ENOTTY.
 */
static const __u64 documented_errs[] = {
	/* GET_VERSION */
	COMMON_ERRS,
	/* TRANSLATE */
	COMMON_ERRS | REF_ERRS | BIT(E2BIG),
	/* INIT_PID */
	COMMON_ERRS | REF_ERRS | BIT(E2BIG),
	/* GET_LAST_PIDS */
	COMMON_ERRS | REF_ERRS | BIT(E2BIG) | BIT(EPERM),
	/* SET_LAST_PIDS: ESRCH also for a level with no task */
	COMMON_ERRS | REF_ERRS | BIT(E2BIG) | BIT(EPERM),
	/* GET_NAMESPACES: no reference, a pidfd; EACCES is mainline's ptrace check */
	COMMON_ERRS | BIT(EINVAL) | BIT(EBADF) | BIT(ESRCH) | BIT(EACCES) | BIT(EAGAIN) |
		BIT(EMFILE) | BIT(ENFILE) | BIT(E2BIG),
	/* TRANSLATE_BATCH */
	COMMON_ERRS | REF_ERRS | BIT(E2BIG),
	/* BIND: unknown bind flags are EINVAL */
	COMMON_ERRS | REF_ERRS | BIT(E2BIG) | BIT(EMFILE) | BIT(ENFILE) | BIT(ENOMEM),
	/* BOUND_PID, BOUND_TGID: a pid argument; the errors of TRANSLATE's answer */
	COMMON_ERRS | BIT(EINVAL) | BIT(ESRCH) | BIT(ENOENT),
	COMMON_ERRS | BIT(EINVAL) | BIT(ESRCH) | BIT(ENOENT),
	/* BOUND_INIT_PID: the errors of INIT_PID's answer */
	COMMON_ERRS | BIT(ESRCH) | BIT(ENOENT),
	/* RELATION: EPERM for a namespace outside the caller's subtree */
	COMMON_ERRS | REF_ERRS | BIT(E2BIG) | BIT(EPERM),
	/* other commands: ENOTTY, or whatever a generic VFS ioctl a random number hits answers */
	COMMON_ERRS | BIT(EINVAL) | BIT(E2BIG) | BIT(EBADF) | BIT(ESRCH) | BIT(ENOENT) | BIT(EPERM) |
		BIT(EMFILE) | BIT(ENFILE),
};

_Static_assert(sizeof(documented_errs) / sizeof(documented_errs[0]) == NCMDS,
	       "one set of errnos per command");

/* Whether the uapi header documents @err for command @k (an index into cmds, or the others). */
static bool documented(int k, int err)
{
	return err > 0 && err < 64 && (documented_errs[k] & BIT(err));
}

/* The longest run PIDNS_FUZZ_SECONDS may ask for, within the harness timeout below. */
#define MAX_SECONDS 540

TEST_F_TIMEOUT(dev, hostile_ioctls, MAX_SECONDS + 60)
{
	const char *seed_env = getenv("PIDNS_FUZZ_SEED"), *iters_env = getenv("PIDNS_FUZZ_ITERS");
	const char *secs_env = getenv("PIDNS_FUZZ_SECONDS");
	long iters = iters_env ? atol(iters_env) : 1000000, ok = 0, failed = 0, done = 0;
	long seconds = secs_env ? atol(secs_env) : 20;
	time_t deadline = time(NULL) + (seconds > 0 && seconds < MAX_SECONDS ? seconds : MAX_SECONDS);
	long pagesz = getpagesize();
	int dev = self->dev, errs[4096] = { 0 }, distinct = 0, paths = 0;
	__u64 seed = seed_env ? strtoull(seed_env, NULL, 0) : (__u64)time(NULL) ^ getpid();
	int child_pidfd, reaped_pidfd, ns_child, fds[13], nfds = 0, bound;
	pid_t child, reaped;
	char *map, path[64];

	rng_state = seed ? seed : 1;
	TH_LOG("seed %llu (replay: PIDNS_FUZZ_SEED=%llu), %ld ioctls", (unsigned long long)seed,
	       (unsigned long long)seed, iters);

	/* Things for fds to refer to. */
	child = spawn_sleeper(SLEEPER_NEWPID, &child_pidfd);
	if (child < 0)		/* no pid namespaces here: a plain child will do */
		child = spawn_sleeper(0, &child_pidfd);
	ASSERT_GT(child, 0);
	reaped_pidfd = zombie_pidfd(&reaped);
	waitpid(reaped, NULL, 0);
	snprintf(path, sizeof(path), "/proc/%d/ns/pid", child);
	ns_child = open(path, O_RDONLY | O_CLOEXEC);
	fds[nfds++] = ns_child;
	fds[nfds++] = child_pidfd;
	fds[nfds++] = reaped_pidfd;
	fds[nfds++] = open("/proc/self/ns/pid", O_RDONLY | O_CLOEXEC);
	fds[nfds++] = open("/proc/self/ns/pid_for_children", O_RDONLY | O_CLOEXEC);
	fds[nfds++] = open("/proc/self/ns/net", O_RDONLY | O_CLOEXEC);
	fds[nfds++] = open("/proc/self/ns/pid", O_PATH | O_CLOEXEC);
	fds[nfds++] = open("/dev/null", O_RDONLY | O_CLOEXEC);
	fds[nfds++] = dev;
	fds[nfds++] = 1000;	/* not open */
	fds[nfds++] = -1;
	fds[nfds++] = sys_pidfd_open(getpid(), 0);
	/* A bound file, for the bound calls (and as an fd that names no namespace). */
	bound = ioc_bind(dev, ref_fd(ns_child), ref_caller(), 0);
	ASSERT_GE(bound, 0);
	fds[nfds++] = bound;

	/* Two pages: the first read-write, the second unmapped; and a read-only page after. */
	map = mmap(NULL, 3 * pagesz, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
	ASSERT_NE(map, MAP_FAILED);
	ASSERT_EQ(munmap(map + pagesz, pagesz), 0);
	ASSERT_EQ(mprotect(map + 2 * pagesz, pagesz, PROT_READ), 0);

	for (long i = 0; i < iters; i++, done++) {
		static const __u64 sizes[] = { 0, 1, 4, 8, 40, 47, 48, 49, 64, 65, 152, 160, 256, 4096,
					       4097, 0xffffffff };
		__u64 values[] = { 0, 1, 2, (__u64)-1, 0x7fffffff, 1ULL << 32, (__u64)child,
				   (__u64)getpid(), ns_id(fds[3]), ns_id(ns_child), 300, 4194304 };
		unsigned long cmd;
		__u32 *w = (__u32 *)map;
		char *arg;
		long ret;
		int e, ci, file;

		/* The command: a real one mostly, otherwise random in our type or anywhere. */
		switch (rnd() % 8) {
		case 0:
			cmd = (unsigned long)(rnd() & 0xffffffff);
			break;
		case 1:
			cmd = _IOC(rnd() % 4, PIDNS_IOC_MAGIC, rnd() % 16, rnd() % 512);
			break;
		default:
			cmd = pick(cmds, ARRAY_LEN(cmds));
		}

		ci = cmd_index(cmd);

		/* Half the time a well-formed request for a real command, a few words mutated. */
		if (ci < NCMDS - 1 && rnd() % 2) {
			valid_request(ci, w, ns_child, child_pidfd, map + 2048);
			for (int m = rnd() % 4; m > 0; m--)
				w[rnd() % 16] = rnd() % 2 ? (__u32)rnd() : (__u32)(rnd() % 8);
			goto placed;
		}

		/* The struct: random words, then fields biased towards meaningful values. */
		for (int k = 0; k < 64; k++)
			w[k] = rnd() % 4 ? 0 : (__u32)rnd();
		w[0] = (__u32)pick(sizes, ARRAY_LEN(sizes));
		if (rnd() % 2)
			w[1] = rnd() % 4 ? 0 : 1U << (rnd() % 32);	/* flags */
		for (int k = 2; k < 12; k += 2) {		/* refs, pids, fds, counts */
			w[k] = rnd() % 3 ? (__u32)(rnd() % 4) : (__u32)rnd();
			if (rnd() % 2) {
				__u64 v = rnd() % 2 ? (__u64)(__s64)fds[rnd() % nfds] :
						      pick(values, ARRAY_LEN(values));
				memcpy(&w[k + 2], &v, sizeof(v));
			}
		}
		/* Embedded user pointers: last_pids (offset 32), a batch's pids and results (48, 56). */
		for (int k = 8; k <= 14; k += 2) {
			__u64 ptrs[] = { (uintptr_t)(map + 2048), 0, 8, 0xffff888000000000ULL,
					 (uintptr_t)(map + pagesz - 4), (uintptr_t)(map + 2 * pagesz),
					 (uintptr_t)(map + 1024 + 2) };

			if (k != 10 && rnd() % 4 == 0)
				*(__u64 *)&w[k] = pick(ptrs, ARRAY_LEN(ptrs));
		}

placed:
		/* Where the struct is. */
		switch (rnd() % 10) {
		case 0:
			arg = NULL;
			break;
		case 1:
			arg = (char *)(uintptr_t)0xffff888000000000ULL;	/* kernel address */
			break;
		case 2:
			arg = map + pagesz;			/* unmapped */
			break;
		case 3:
			arg = map + pagesz - 20;		/* straddles into unmapped */
			memmove(arg, map, 20);
			break;
		case 4:
			arg = map + 1;				/* unaligned */
			memmove(arg, map, 256);
			break;
		case 5:
			arg = map + 2 * pagesz;			/* read-only */
			break;
		default:
			arg = map;
		}

		/* Which file: the bound calls mostly go to the bound file, the rest seldom do. */
		file = dev;
		if (cmd == PIDNS_IOC_BOUND_PID || cmd == PIDNS_IOC_BOUND_TGID ||
		    cmd == PIDNS_IOC_BOUND_INIT_PID) {
			if (rnd() % 4)
				file = bound;
			if (cmd != PIDNS_IOC_BOUND_INIT_PID || rnd() % 4 == 0)
				arg = (char *)(uintptr_t)pick(values, ARRAY_LEN(values));
		} else if (rnd() % 16 == 0) {
			file = bound;
		}

		if (!(i & 1023) && time(NULL) >= deadline)
			break;
		ret = ioctl(file, cmd, arg);
		e = errno;
		path_hit[ci][ret >= 0 ? 0 : e % 256] = true;
		if (ret >= 0) {
			ok++;
			/* Close whatever a bind or a namespace snapshot opened. */
			if (cmd == PIDNS_IOC_BIND && file == dev)
				close(ret);
			if (cmd == PIDNS_IOC_GET_NAMESPACES && arg) {
				struct pidns_namespaces *ns = (void *)arg;

				for (int k = 0; k < PIDNS_NS_TYPES; k++)
					if (ns->ns[k].fd > 2 && ns->ns[k].fd != dev && ns->ns[k].fd != bound)
						close(ns->ns[k].fd);
			}
			continue;
		}
		if (!errs[e % 4096]++)
			distinct++;
		if (!documented(ci, e)) {
			failed++;
			TH_LOG("iteration %ld: cmd %#lx size %u: undocumented errno %d (%s)", i, cmd,
			       w[0], e, strerror(e));
			if (failed > 10)
				break;
		}
	}
	TH_LOG("%ld ioctls: %ld succeeded, %ld failed with documented errnos (%d distinct), %ld with others",
	       done, ok, done - ok - failed, distinct, failed);
	for (int k = 0; k < NCMDS; k++) {
		char line[512] = "";
		int n = 0;

		for (int e = 0; e < 256; e++) {
			if (!path_hit[k][e])
				continue;
			n++;
			snprintf(line + strlen(line), sizeof(line) - strlen(line), " %s",
				 e ? strerrorname_np(e) : "ok");
		}
		paths += n;
		TH_LOG("%-16s %2d outcomes:%s", cmd_names[k], n, line);
	}
	TH_LOG("%d distinct (command, outcome) paths", paths);
	kill(child, SIGKILL);
	waitpid(child, NULL, 0);
	ASSERT_EQ(failed, 0);
	ASSERT_GT(ok, 0);
	ASSERT_GE(distinct, 6);
}

TEST_HARNESS_MAIN
