/* SPDX-License-Identifier: MIT */
/* xs-trace: what the front end's files share. */
#ifndef XS_TRACE_TOOL_H
#define XS_TRACE_TOOL_H

#include <stdbool.h>
#include <stdint.h>
#include <stdio.h>

#include "xenscope/core/exit.h"
#include "xenscope/symbolize/symbolize.h"
#include "xenscope/trace/decode.h"
#include "xenscope/trace/stream.h"

/*
 * Exit codes (xenscope/core/exit.h): XS_EXIT_OK decoded; XS_EXIT_EXPECTED
 * decoded, and Xen reported lost records (a finding it explains itself);
 * XS_EXIT_USAGE; XS_EXIT_TARGET unreadable or damaged trace.
 */

struct filter {
	bool dom_set, vcpu_set;
	uint16_t dom, vcpu;
	int cls;	   /* -1: any */
	uint32_t not_cls;  /* bit per class given as class!=C */
	const char *event; /* name, or NULL */
	uint32_t event_id; /* with event_is_id */
	bool event_is_id;
};

struct opts {
	const char *path;
	bool dump, summary, json, fmt_only, timed;
	bool filtered;	    /* a --filter was given */
	const char *format; /* xentrace_format definitions file */
	const char *syms;
	const char *write;    /* --write FILE */
	long enable, disable; /* --enable/--disable DOMID, -1: none */
	double since, until;  /* seconds; until < 0: none */
	double cpu_hz;
	struct filter f;
};

/* The time of a TSC, seconds since the first record. */
struct clock {
	uint64_t first;
	bool started;
	double hz;
};
static inline double clock_sec(const struct clock *c, uint64_t tsc)
{
	return tsc >= c->first ? (double)(tsc - c->first) / c->hz
			       : -(double)(c->first - tsc) / c->hz;
}

/* One run of the tool over a trace. */
struct run {
	struct opts *o;
	struct xs_trace_reader *r;
	struct xs_trace_ctx *ctx;
	struct xs_syms *syms;
	struct format *fmt;
	struct summary *sum;
	struct writer *w;
	struct clock clk;
	uint64_t last_tsc, lost;
	struct outbuf *out;
};
/* One record decoded, filtered and shown or counted: 0 or negative errno. */
int run_one(struct run *u, const struct xs_trace_rec *rec);
/*
 * The whole input counted for a summary with nothing left out (no filter,
 * no times, no dump): as run_one() on every record, but reading most of
 * them in place without decoding them.  0 at the end, negative errno.
 */
int fast_summary(struct run *u);

int filter_parse(struct filter *f, const char *arg);
bool filter_match(const struct filter *f, const struct xs_trace_event *ev);

/* " cpuN dD:vV class " of a line, kept for the next ones alike. */
struct who {
	bool used;
	uint8_t cls, len;
	uint16_t dom, vcpu;
	uint32_t cpu;
	char s[40];
};

/* Text lines are gathered here and written in big blocks. */
struct outbuf {
	FILE *f;
	bool unbuffered; /* flush after every line: another writer shares f */
	bool failed;	 /* a write failed */
	size_t n;
	struct who who[256]; /* by CPU and class */
	char b[1 << 17];
};
void out_flush(struct outbuf *o);
void print_event(struct outbuf *o, const struct xs_trace_event *ev, double t,
		 const struct xs_syms *s, bool json);
void print_lost(FILE *out, const struct xs_trace_event *ev, double t, bool json);

struct summary;
int summary_new(struct summary **out);
int summary_add(struct summary *s, const struct xs_trace_event *ev, double t);
/* The end of the input: what waited for other CPUs is counted. */
int summary_wake_end(struct summary *s);
void summary_print(FILE *out, struct summary *s, const struct xs_trace_read_stats *st,
		   enum xs_trace_vendor v, const struct clock *clk, double seconds, bool json);
void summary_free(struct summary *s);

struct writer;
int writer_open(const char *path, struct writer **out);
void writer_put(struct writer *w, const struct xs_trace_rec *r);
int writer_close(struct writer *w);

struct format;
int format_load(const char *path, struct format **out);
void format_print(FILE *out, struct format *f, const struct xs_trace_rec *r);
void format_free(struct format *f);

#endif
