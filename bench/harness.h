/* SPDX-License-Identifier: GPL-2.0 */
/*
 * The benchmark harness: ways of doing one operation timed side by side in interleaved rounds,
 * their median ratios to the first way, the results as table lines, CSV and JSON, and the
 * command line. The sections (one file each) say what to time; harness.c says how.
 */
#ifndef __PIDNS_BENCH_HARNESS_H
#define __PIDNS_BENCH_HARNESS_H

#include "../selftests/pidns_util.h"
#include "../samples/c/libpidns.h"
#include <limits.h>
#include <math.h>
#include <time.h>

#ifndef ARRAY_SIZE
#define ARRAY_SIZE(a) (sizeof(a) / sizeof((a)[0]))
#endif

#define MAX_ROUNDS 32
#define MAX_WAYS 8

/*
 * Calls per round of a one-ioctl way: enough for a round to last tens of milliseconds, so that
 * the host's scheduling noise averages out within it.
 */
#define PER_CALL_N 20000

extern int rounds;	/* rounds per case: --rounds (1 .. MAX_ROUNDS), 1 with --smoke */
extern bool smoke;	/* --smoke: tiny counts, to prove every section still works */

static inline double now_ns(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return ts.tv_sec * 1e9 + ts.tv_nsec;
}

/* Sorts @v and returns its middle element. */
double median(double *v, int n);

/* An unexpected failure: a benchmark that went on would time errors, so stop. */
void __attribute__((noreturn, format(printf, 1, 2))) die(const char *fmt, ...);

#define ANY_OK INT_MIN

/* Dies unless @ret (a result, or -errno as libpidns returns) is @want (ANY_OK: any >= 0). */
int expect(int ret, int want, const char *what);

/* Same for a libc call returning -1 and errno. */
long sys_ok(long ret, const char *what);

/*
 * One way of doing an operation; run() does it @n times and compare() times it, or, for a way
 * that must time itself (the interesting part runs in a child), timed() does it @n times and
 * returns the nanoseconds that count. @items divides the time further (pids per call, say).
 */
struct way {
	const char *name;
	void (*run)(void *ctx, int n);
	int n;			/* calls per round */
	double (*timed)(void *ctx, int n);
	int items;		/* what ns/op is per: 0 or 1 for a call */
};

/*
 * Defines @name, the run() of a way that does @call @n times: @call (an expression or a statement)
 * sees the context as c, a pointer to @ctx_type.
 */
#define DEFINE_WAY(name, ctx_type, call)	\
	static void name(void *p, int n)	\
	{					\
		ctx_type *c = p;		\
						\
		for (int i = 0; i < n; i++)	\
			call;			\
	}

/*
 * Runs @ways side by side: every round runs each way once (rotating the order), and the ratio of
 * each to @ways[0] is taken within the round; prints per-op medians, the median ratio and its
 * spread (max/min over rounds). @x is the case's parameter for the results files.
 */
void compare(const char *section, const char *label, double x, struct way *ways, int nways,
	     void *ctx);

/*
 * One result row, to the CSV and JSON files: @x is the case's parameter (processes, depth,
 * entries) or 0, @spread NAN when there is none. compare() calls it; a section that times its
 * ways itself calls it directly.
 */
void emit(const char *section, const char *label, double x, const char *way,
	  const char *baseline, double per_op, double ratio, double spread);

/*
 * What sections next to each other share (a namespace to measure in, say): started before the
 * first of them that runs, stopped after the last. start() returns what their run() gets.
 */
struct fixture {
	void *(*start)(int dev);
	void (*stop)(void *env);
};

/* A section of the benchmark: one file, one name for --only, run in the table's order. */
struct section {
	const char *name;
	void (*run)(int dev, void *env);
	const struct fixture *fixture;	/* or NULL: run() gets NULL */
};

/* Parses the command line, opens /dev/pidns and the results files, runs the sections asked for. */
int bench_main(int argc, char **argv, const struct section *const *sections, int nsections);

#endif /* __PIDNS_BENCH_HARNESS_H */
