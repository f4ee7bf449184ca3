// SPDX-License-Identifier: GPL-2.0
/*
 * pidns benchmarks: ratios of ways measured side by side in one run, interleaved, median of
 * several rounds. Absolute times are printed only for reference: under TCG emulation they mean
 * little, ratios do.
 *
 *   pidns_bench [--rounds N] [--smoke] [--csv FILE] [--json FILE] [--only SECTION[,SECTION...]]
 *
 * --smoke runs every section with tiny counts, to prove it still works (make check does). Any
 * call that fails unexpectedly ends the program with status 1: a benchmark must not time errors.
 *
 * harness.c times and prints; each section below is a file of its own, which says what it
 * measures against what:
 *   floor.c    the cheapest call into /dev/pidns vs the cheapest nsfs ioctl
 *   down.c     one pid into a child namespace
 *   up.c       one pid out of a child namespace
 *   initpid.c  a namespace's init as the caller sees it
 *   sibling.c  a pid of one container looked up in its sibling
 *   idref.c    a namespace named by id vs by fd
 *   lastpids.c the ns_last_pid vector of a chain of nested namespaces
 *   nsentry.c  joining every namespace of a process
 *   batch.c    many pids in one call
 *   relation.c how two namespaces are related vs walking NS_GET_PARENT
 * The first four share a child namespace (fixtures.c).
 */
#include "sections.h"

static const struct section *const sections[] = {
	&floor_section, &down_section, &up_section, &initpid_section, &sibling_section,
	&idref_section, &lastpids_section, &nsentry_section, &batch_section, &relation_section,
};

int main(int argc, char **argv)
{
	return bench_main(argc, argv, sections, ARRAY_SIZE(sections));
}
