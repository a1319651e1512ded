// SPDX-License-Identifier: MIT
/* Fuzzing the trace reader: record framing, statistics and the history. */
#include <string.h>

#include "xenscope/core/pageinfo.h"
#include "xenscope/trace/trace.h"

#include "fuzz.h"

static int count(const struct xs_trace_rec *r, void *arg)
{
	size_t *n = arg;

	(*n)++;
	return xs_trace_event_name(r->event) ? 0 : 0;
}

int LLVMFuzzerInitialize(int *argc, char ***argv)
{
	xs_fuzz_quiet();
	return 0;
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct xenscope_info layout = { 0 };
	struct xs_trace_history h;
	struct xs_trace_stats st;
	char name[64];
	size_t n = 0;

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
