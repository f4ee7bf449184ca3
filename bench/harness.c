// SPDX-License-Identifier: GPL-2.0
/*
 * The benchmark harness (see harness.h): timing, rounds, the interleaving of ways, the output and
 * the command line.
 */
#include "harness.h"
#include <stdarg.h>

int rounds = 7;
bool smoke;

static FILE *csv, *json;
static const char *only;
static int json_rows;

static int cmp_double(const void *a, const void *b)
{
	double x = *(const double *)a, y = *(const double *)b;

	return x < y ? -1 : x > y;
}

double median(double *v, int n)
{
	qsort(v, n, sizeof(*v), cmp_double);
	return v[n / 2];
}

void die(const char *fmt, ...)
{
	va_list ap;

	fflush(stdout);
	fprintf(stderr, "pidns_bench: ");
	va_start(ap, fmt);
	vfprintf(stderr, fmt, ap);
	va_end(ap);
	fputc('\n', stderr);
	exit(1);
}

int expect(int ret, int want_ret, const char *what)
{
	if (want_ret == ANY_OK ? ret < 0 : ret != want_ret)
		die("%s: returned %d (%s), expected %d", what, ret, ret < 0 ? strerror(-ret) : "-",
		    want_ret);
	return ret;
}

long sys_ok(long ret, const char *what)
{
	if (ret < 0)
		die("%s: %s", what, strerror(errno));
	return ret;
}

void emit(const char *section, const char *label, double x, const char *way,
	  const char *baseline, double per_op, double ratio, double spread)
{
	if (csv) {
		fprintf(csv, "\"%s\",\"%s\",\"%s\",\"%s\",%.0f,%.4f,", section, label, way, baseline,
			per_op, ratio);
		if (!isnan(spread))
			fprintf(csv, "%.4f", spread);
		fprintf(csv, ",%d,", rounds);
		if (x)
			fprintf(csv, "%g", x);
		fputc('\n', csv);
	}
	if (json) {
		fprintf(json, "%s\n    {\"section\": \"%s\", \"case\": \"%s\", \"x\": %g, \"way\": \"%s\", "
			"\"baseline\": \"%s\", \"ns_per_op\": %.1f, \"ratio\": %.4f, \"spread\": ",
			json_rows++ ? "," : "", section, label, x, way, baseline, per_op, ratio);
		if (isnan(spread))
			fprintf(json, "null, ");
		else
			fprintf(json, "%.4f, ", spread);
		fprintf(json, "\"rounds\": %d}", rounds);
	}
}

void compare(const char *section, const char *label, double x, struct way *ways, int nways,
	     void *ctx)
{
	double t[MAX_WAYS][MAX_ROUNDS], ratio[MAX_WAYS][MAX_ROUNDS];

	for (int r = 0; r < rounds; r++) {
		for (int i = 0; i < nways; i++) {
			int w = (i + r) % nways, n = smoke ? 1 : ways[w].n;
			double t0 = now_ns(), ns;

			if (ways[w].timed) {
				ns = ways[w].timed(ctx, n);
			} else {
				ways[w].run(ctx, n);
				ns = now_ns() - t0;
			}
			t[w][r] = ns / n / (ways[w].items > 1 ? ways[w].items : 1);
		}
		for (int w = 0; w < nways; w++)
			ratio[w][r] = t[w][r] / t[0][r];
	}
	for (int w = 0; w < nways; w++) {
		double per_op = median(t[w], rounds), med = median(ratio[w], rounds);
		double spread = ratio[w][rounds - 1] / ratio[w][0];

		printf("%-8s %-16s %-36s %12.0f %9.2fx %7.2fx\n", section, label, ways[w].name,
		       per_op, med, spread);
		emit(section, label, x, ways[w].name, ways[0].name, per_op, med, spread);
	}
	fflush(stdout);
}

/* Whether section @name was asked for (--only; every section by default). */
static bool want(const char *name)
{
	size_t len = strlen(name);

	for (const char *p = only; p; p = strchr(p, ',') ? strchr(p, ',') + 1 : NULL)
		if (!strncmp(p, name, len) && (p[len] == ',' || !p[len]))
			return true;
	return !only;
}

static int usage(const char *argv0, const struct section *const *sections, int nsections)
{
	fprintf(stderr, "usage: %s [--rounds N] [--smoke] [--csv FILE] [--json FILE] "
		"[--only SECTION[,SECTION...]]\nsections:", argv0);
	for (int i = 0; i < nsections; i++)
		fprintf(stderr, " %s", sections[i]->name);
	fputc('\n', stderr);
	return 2;
}

/* Whether every name in --only is a section's. */
static bool only_known(const struct section *const *sections, int nsections)
{
	for (const char *p = only; p; p = strchr(p, ',') ? strchr(p, ',') + 1 : NULL) {
		size_t len = strcspn(p, ",");
		bool known = false;

		for (int s = 0; s < nsections; s++)
			known |= strlen(sections[s]->name) == len && !strncmp(p, sections[s]->name, len);
		if (!known) {
			fprintf(stderr, "unknown section '%.*s'\n", (int)len, p);
			return false;
		}
	}
	return true;
}

/* Runs the sections asked for, in order, each fixture around the run of sections sharing it. */
static void run_sections(int dev, const struct section *const *sections, int nsections)
{
	const struct fixture *fixture = NULL;
	void *env = NULL;

	for (int s = 0; s < nsections; s++) {
		if (!want(sections[s]->name))
			continue;
		if (sections[s]->fixture != fixture) {
			if (fixture)
				fixture->stop(env);
			fixture = sections[s]->fixture;
			env = fixture ? fixture->start(dev) : NULL;
		}
		sections[s]->run(dev, env);
	}
	if (fixture)
		fixture->stop(env);
}

int bench_main(int argc, char **argv, const struct section *const *sections, int nsections)
{
	int dev = pidns_open();

	for (int i = 1; i < argc; i++) {
		if (!strcmp(argv[i], "--rounds") && i + 1 < argc)
			rounds = atoi(argv[++i]);
		else if (!strcmp(argv[i], "--smoke"))
			smoke = true;
		else if (!strcmp(argv[i], "--csv") && i + 1 < argc)
			csv = fopen(argv[++i], "we");
		else if (!strcmp(argv[i], "--json") && i + 1 < argc)
			json = fopen(argv[++i], "we");
		else if (!strcmp(argv[i], "--only") && i + 1 < argc)
			only = argv[++i];
		else
			return usage(argv[0], sections, nsections);
	}
	if (!only_known(sections, nsections))
		return usage(argv[0], sections, nsections);
	if (rounds < 1 || rounds > MAX_ROUNDS)
		rounds = 7;
	if (smoke)
		rounds = 1;
	if (csv)
		fprintf(csv, "section,case,way,baseline,ns_per_op,ratio_to_baseline,spread,rounds,x\n");
	if (json)
		fprintf(json, "{\n  \"rounds\": %d,\n  \"smoke\": %s,\n  \"results\": [", rounds,
			smoke ? "true" : "false");
	if (dev < 0) {
		fprintf(stderr, "%s: %s (is pidns.ko loaded?)\n", PIDNS_DEVICE_PATH, strerror(-dev));
		return 2;
	}
	setvbuf(stdout, NULL, _IOLBF, 0);
	printf("pidns benchmarks: median of %d interleaved rounds; ratio to the first way of each\n"
	       "case, and its spread (max/min over rounds). ns/op are TCG-emulated: compare ratios.\n\n",
	       rounds);
	printf("%-8s %-16s %-36s %12s %10s %8s\n", "section", "case", "way", "ns/op", "ratio",
	       "spread");
	run_sections(dev, sections, nsections);
	if (csv)
		fclose(csv);
	if (json) {
		fprintf(json, "\n  ]\n}\n");
		fclose(json);
	}
	return 0;
}
