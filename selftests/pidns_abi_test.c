// SPDX-License-Identifier: GPL-2.0
/*
 * The extensible-struct rules, for every ioctl that takes a struct: a size below the first
 * published one is EINVAL, a larger struct is accepted with a zero tail and refused with E2BIG
 * otherwise, more than a page is E2BIG; and a failed call writes nothing back.
 */
#include <sys/mman.h>

#include "kselftest_harness.h"
#include "pidns_harness.h"

/* A well-formed request of each kind, which any caller may make. */
struct request {
	const char *name;
	unsigned long cmd;
	__u32 ver0;
	void (*fill)(void *req, int pidfd);
	__u32 known_flags;	/* the flags (at offset 4 in every struct) the command takes */
};

static void fill_translate(void *req, int pidfd)
{
	*(struct pidns_translate *)req = (struct pidns_translate){
		.size = sizeof(struct pidns_translate), .source = ref_caller(),
		.target = ref_caller(), .pid = getpid() };
}

static void fill_batch(void *req, int pidfd)
{
	*(struct pidns_translate_batch *)req = (struct pidns_translate_batch){
		.size = sizeof(struct pidns_translate_batch), .source = ref_caller(),
		.target = ref_caller() };
}

static void fill_init_pid(void *req, int pidfd)
{
	*(struct pidns_init_pid *)req = (struct pidns_init_pid){
		.size = sizeof(struct pidns_init_pid), .ns = ref_caller(),
		.target = ref_caller() };
}

static void fill_last_pids(void *req, int pidfd)
{
	*(struct pidns_last_pids *)req = (struct pidns_last_pids){
		.size = sizeof(struct pidns_last_pids), .ns = ref_caller() };
}

static void fill_namespaces(void *req, int pidfd)
{
	*(struct pidns_namespaces *)req = (struct pidns_namespaces){
		.size = sizeof(struct pidns_namespaces), .flags = PIDNS_NAMESPACES_IDS_ONLY,
		.pidfd = pidfd, .mask = CLONE_NEWUTS };
}

static void fill_bind(void *req, int pidfd)
{
	*(struct pidns_bind *)req = (struct pidns_bind){
		.size = sizeof(struct pidns_bind), .source = ref_caller(),
		.target = ref_caller() };
}

/* ABI 6: a bound file that hands on its binder's view (finding 6 of issue 12). */
static void fill_bind_delegate(void *req, int pidfd)
{
	fill_bind(req, pidfd);
	((struct pidns_bind *)req)->flags = PIDNS_BIND_DELEGATE;
}

/* ABI 7: the caller's namespace and its own, through a pidfd of itself. */
static void fill_relation(void *req, int pidfd)
{
	*(struct pidns_relation *)req = (struct pidns_relation){
		.size = sizeof(struct pidns_relation), .source = ref_caller(),
		.target = ref_fd(pidfd) };
}

static const struct request requests[] = {
	{ "TRANSLATE", PIDNS_IOC_TRANSLATE, PIDNS_TRANSLATE_SIZE_VER0, fill_translate,
	  PIDNS_TRANSLATE_FLAGS },
	{ "TRANSLATE_BATCH", PIDNS_IOC_TRANSLATE_BATCH, PIDNS_TRANSLATE_BATCH_SIZE_VER0, fill_batch,
	  PIDNS_TRANSLATE_FLAGS },
	{ "INIT_PID", PIDNS_IOC_INIT_PID, PIDNS_INIT_PID_SIZE_VER0, fill_init_pid, 0 },
	{ "GET_LAST_PIDS", PIDNS_IOC_GET_LAST_PIDS, PIDNS_LAST_PIDS_SIZE_VER0, fill_last_pids, 0 },
	{ "SET_LAST_PIDS", PIDNS_IOC_SET_LAST_PIDS, PIDNS_LAST_PIDS_SIZE_VER0, fill_last_pids, 0 },
	{ "GET_NAMESPACES", PIDNS_IOC_GET_NAMESPACES, PIDNS_NAMESPACES_SIZE_VER0, fill_namespaces,
	  PIDNS_NAMESPACES_FLAGS },
	{ "BIND", PIDNS_IOC_BIND, PIDNS_BIND_SIZE_VER0, fill_bind, PIDNS_BIND_FLAGS },
	{ "BIND (delegating)", PIDNS_IOC_BIND, PIDNS_BIND_SIZE_VER0, fill_bind_delegate,
	  PIDNS_BIND_FLAGS },
	{ "RELATION", PIDNS_IOC_RELATION, PIDNS_RELATION_SIZE_VER0, fill_relation, 0 },
};

FIXTURE(abi)
{
	int dev, pidfd;
	char *page;	/* a struct, then room for a tail, then the end of the mapping */
};

FIXTURE_SETUP(abi)
{
	self->dev = open_dev(_metadata);
	if (self->dev < 0)
		return;
	self->pidfd = sys_pidfd_open(getpid(), 0);
	ASSERT_GE(self->pidfd, 0);
	self->page = mmap(NULL, 2 * getpagesize(), PROT_READ | PROT_WRITE,
			  MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
	ASSERT_NE(self->page, MAP_FAILED);
}

FIXTURE_TEARDOWN(abi)
{
	munmap(self->page, 2 * getpagesize());
	close(self->pidfd);
	close(self->dev);
}

/* Calls @r with its struct declared @size bytes long and @tail in the byte after it. */
static int call_sized(struct __test_metadata *_metadata, FIXTURE_DATA(abi) *self,
		      const struct request *r, __u32 size, char tail, char *copy)
{
	char *req = self->page;
	int ret;

	memset(req, 0, 2 * getpagesize());
	r->fill(req, self->pidfd);
	*(__u32 *)req = size;
	if (size > r->ver0)
		req[size - 1] = tail;
	memcpy(copy, req, 512);
	ret = ioctl(self->dev, r->cmd, req);
	if (ret < 0)
		return -errno;
	/* A new fd is an answer too, but a different one each time: "success" is what compares. */
	if (r->cmd == PIDNS_IOC_BIND) {
		close(ret);
		return 0;
	}
	return ret;
}

TEST_F(abi, size_rules_of_every_struct)
{
	long page = getpagesize();
	char copy[512];

	for (int i = 0; i < (int)(sizeof(requests) / sizeof(requests[0])); i++) {
		const struct request *r = &requests[i];
		int ok;

		/* The request as published must work, or the checks below prove nothing. */
		ok = call_sized(_metadata, self, r, r->ver0, 0, copy);
		ASSERT_GE(ok, 0) {
			TH_LOG("%s: a well-formed request fails: %s", r->name, strerror(-ok));
		}

		/* Smaller than VER0, or no size at all: EINVAL, and nothing written. */
		ASSERT_EQ(call_sized(_metadata, self, r, r->ver0 - 4, 0, copy), -EINVAL);
		ASSERT_EQ(memcmp(self->page, copy, 512), 0);
		ASSERT_EQ(call_sized(_metadata, self, r, 0, 0, copy), -EINVAL);

		/* A newer caller's larger struct: a zero tail is accepted, with the same answer. */
		ASSERT_EQ(call_sized(_metadata, self, r, r->ver0 + 8, 0, copy), ok) {
			TH_LOG("%s: zero tail", r->name);
		}

		/* A tail asking for something unknown: E2BIG, and nothing written. */
		ASSERT_EQ(call_sized(_metadata, self, r, r->ver0 + 8, 1, copy), -E2BIG) {
			TH_LOG("%s: non-zero tail", r->name);
		}
		ASSERT_EQ(memcmp(self->page, copy, 512), 0) {
			TH_LOG("%s: written back despite E2BIG", r->name);
		}

		/* More than a page: E2BIG (the tail is zero, and the mapping goes on). */
		ASSERT_EQ(call_sized(_metadata, self, r, page + 8, 0, copy), -E2BIG) {
			TH_LOG("%s: more than a page", r->name);
		}
	}
}

/*
 * Every flag a command documents is accepted, alone; any other bit is EINVAL, and nothing is
 * written back (ABI 6 adds PIDNS_BIND_DELEGATE).
 */
TEST_F(abi, unknown_flags_are_einval)
{
	char copy[512];

	for (int i = 0; i < (int)(sizeof(requests) / sizeof(requests[0])); i++) {
		const struct request *r = &requests[i];
		__u32 *flags = (__u32 *)(self->page + 4);
		int ret;

		for (int bit = 0; bit < 32; bit++) {
			memset(self->page, 0, 512);
			r->fill(self->page, self->pidfd);
			*flags = 1U << bit;
			memcpy(copy, self->page, 512);
			ret = ioctl(self->dev, r->cmd, self->page);
			if (r->known_flags & (1U << bit)) {
				ASSERT_GE(ret, 0) {
					TH_LOG("%s: flag %#x refused: %s", r->name, 1U << bit, strerror(errno));
				}
				if (r->cmd == PIDNS_IOC_BIND)
					close(ret);
				continue;
			}
			ASSERT_EQ(ret, -1) {
				TH_LOG("%s: unknown flag %#x accepted", r->name, 1U << bit);
			}
			ASSERT_EQ(errno, EINVAL);
			ASSERT_EQ(memcmp(self->page, copy, 512), 0);
		}
	}
}

TEST_HARNESS_MAIN
