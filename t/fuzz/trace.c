// SPDX-License-Identifier: MIT
/*
 * Fuzzing the trace readers: record framing, statistics and the history
 * of a trace in memory; the streaming reader from a file, its records read
 * in place against one by one (t/helper/trace-span.h), and the vendor
 * read ahead.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "xenscope/core/pageinfo.h"
#include "xenscope/trace/decode.h"
#include "xenscope/trace/trace.h"

#include "fuzz.h"
#include "trace-span.h"

static FILE *file; /* the input, as a regular file for the streaming reader */

static int count(const struct xs_trace_rec *r, void *arg)
{
	size_t *n = arg;

	(*n)++;
	return xs_trace_event_name(r->event) ? 0 : 0;
}

int LLVMFuzzerInitialize(int *argc, char ***argv)
{
	xs_fuzz_quiet();
	file = tmpfile();
	return file ? 0 : -1;
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct xenscope_info layout = { 0 };
	struct xs_trace_history h;
	struct xs_trace_stats st;
	char name[64];
	size_t n = 0;

	struct xs_trace_reader *r;
	struct xs_trace_ctx *c;
	int fd = fileno(file);

	if (ftruncate(fd, 0) || pwrite(fd, data, size, 0) != (ssize_t)size)
		abort();
	if (span_check(fd) > 0)
		abort(); /* spans and records differ */
	if (lseek(fd, 0, SEEK_SET) == 0 && !xs_trace_ctx_new(&c)) {
		if (!xs_trace_reader_open(fd, "fuzz", &r)) {
			xs_trace_reader_set_quiet(r, true);
			xs_trace_sniff(r, c, 1000);
			xs_trace_reader_close(r);
		}
		xs_trace_ctx_free(c);
	}
	xs_trace_walk(data, size, count, &n);
	xs_trace_stats(data, size, &st);
	xs_layout_default_417(&layout);
	/* Domain 5 is the one the seeds trace; any other id is as valid. */
	for (uint32_t domid = 5; domid <= 7; domid += 2) {
		if (!xs_trace_history_build(data, size, domid, &layout, &h)) {
			for (size_t i = 0; i < h.nr_stages; i++)
				xs_trace_stage_name(h.stages[i].nr ? h.stages[i].data[0] : 0, name,
						    sizeof(name));
			xs_trace_history_release(&h);
		}
	}
	return 0;
}
