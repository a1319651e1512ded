/* SPDX-License-Identifier: MIT */
/* lib/tracereport/: what its files share (xenscope/tracereport/report.h is the way in). */
#ifndef XS_TRACEREPORT_INT_H
#define XS_TRACEREPORT_INT_H

#include <stdbool.h>
#include <stdint.h>
#include <stdio.h>

#include "xenscope/core/exit.h"
#include "xenscope/symbolize/symbolize.h"
#include "xenscope/trace/decode.h"
#include "xenscope/trace/stream.h"
#include "xenscope/tracereport/report.h"

/* The time of a TSC, seconds since the first record. */
struct xs_trace_clock {
	uint64_t first;
	bool started;
	double hz;
};
static inline double xs_trace_clock_sec(const struct xs_trace_clock *c, uint64_t tsc)
{
	return tsc >= c->first ? (double)(tsc - c->first) / c->hz
			       : -(double)(c->first - tsc) / c->hz;
}

/* One run of the tool over a trace. */
struct xs_trace_run {
	const struct xs_trace_opts *o;
	bool dump;     /* one line per event: asked for, or nothing else shown */
	bool fmt_only; /* xentrace_format's lines instead */
	bool timed;    /* each record's time is needed */
	bool filtered; /* a filter to apply */
	struct xs_trace_reader *r;
	struct xs_trace_ctx *ctx;
	struct xs_syms *syms;
	struct xs_trace_format *fmt;
	struct xs_trace_summary *sum;
	struct xs_trace_writer *w;
	struct xs_trace_clock clk;
	uint64_t last_tsc, lost;
	struct xs_trace_out *out;
};
/* One record decoded, filtered and shown or counted: 0 or negative errno. */
int xs_trace_run_one(struct xs_trace_run *u, const struct xs_trace_rec *rec);
/*
 * The whole input counted for a summary with nothing left out (no filter,
 * no times, no dump): as xs_trace_run_one() on every record, but reading most of
 * them in place without decoding them.  0 at the end, negative errno.
 */
int xs_trace_summary_fast(struct xs_trace_run *u);

/* Any condition at all: without one, nothing is matched. */
bool xs_trace_filter_any(const struct xs_trace_filter *f);
bool xs_trace_filter_match(const struct xs_trace_filter *f, const struct xs_trace_event *ev);

/* " cpuN dD:vV class " of a line, kept for the next ones alike. */
struct who {
	bool used;
	uint8_t cls, len;
	uint16_t dom, vcpu;
	uint32_t cpu;
	char s[40];
};

/* Text lines are gathered here and written in big blocks. */
struct xs_trace_out {
	FILE *f;
	bool unbuffered; /* flush after every line: another writer shares f */
	bool failed;	 /* a write failed */
	size_t n;
	struct who who[256]; /* by CPU and class */
	char b[1 << 17];
};
void xs_trace_out_flush(struct xs_trace_out *o);
void xs_trace_print_event(struct xs_trace_out *o, const struct xs_trace_event *ev, double t,
			  const struct xs_syms *s, bool json);
void xs_trace_print_lost(FILE *out, const struct xs_trace_event *ev, double t, bool json);

struct xs_trace_summary;
int xs_trace_summary_new(struct xs_trace_summary **out);
int xs_trace_summary_add(struct xs_trace_summary *s, const struct xs_trace_event *ev, double t);
/* The end of the input: what waited for other CPUs is counted. */
int xs_trace_summary_wake_end(struct xs_trace_summary *s);
void xs_trace_summary_print(FILE *out, struct xs_trace_summary *s,
			    const struct xs_trace_read_stats *st, enum xs_trace_vendor v,
			    const struct xs_trace_clock *clk, double seconds, bool json);
void xs_trace_summary_free(struct xs_trace_summary *s);

struct xs_trace_writer;
int xs_trace_writer_open(const char *path, struct xs_trace_writer **out);
void xs_trace_writer_put(struct xs_trace_writer *w, const struct xs_trace_rec *r);
int xs_trace_writer_close(struct xs_trace_writer *w);

struct xs_trace_format;
int xs_trace_format_load(const char *path, struct xs_trace_format **out);
void xs_trace_format_print(FILE *out, struct xs_trace_format *f, const struct xs_trace_rec *r);
void xs_trace_format_free(struct xs_trace_format *f);

#endif
