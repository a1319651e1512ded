// SPDX-License-Identifier: MIT
/* TRC_GEN: the trace's own records (lost records, wrap padding, windows). */
#include <stdint.h>
#include <xen/trace.h>

#include "xenscope/trace/decode.h"

static const struct xs_trace_simple gen[] = {
	/* struct __packed { u32 lost; u16 did, vid; u64 first_tsc; } */
	{ TRC_LOST_RECORDS, "lost_records", "lost:u D:D first_tsc:U" },
	/* Padding up to the end of a trace buffer page: no data worth showing. */
	{ TRC_TRACE_WRAP_BUFFER, "wrap_buffer", "" },
	{ TRC_TRACE_CPU_CHANGE, "cpu_change", "cpu:u window:u" },
	{ TRC_GEN + 4, "trace_irq", "vector:u count:u tot_cycles:x max_cycles:x" },
};

bool xs_trace_dec_gen(struct xs_trace_ctx *c, struct xs_trace_event *ev)
{
	const struct xs_trace_rec *r = ev->rec;

	/*
	 * Xen writes the report when it next has room, naming the vCPU
	 * current then: what ran meanwhile is unknown, so that vCPU runs on
	 * this CPU from here on (as xenalyze takes it too).
	 */
	if (r->event == TRC_LOST_RECORDS && r->nr >= 2)
		xs_trace_ctx_set_running(c, r->cpu, r->data[1] & 0xffff, r->data[1] >> 16);
	return xs_trace_dec_table(gen, XS_ARRAY_SIZE(gen), ev);
}
