/* SPDX-License-Identifier: MIT */
/*
 * What xs-trace makes of a trace (lib/tracereport/): records decoded
 * (lib/trace/), kept or left out by a filter and times, then shown one
 * line each (text, JSON Lines or xentrace_format's output), counted for a
 * summary, or written back as records.  A front end fills the options and
 * runs it over a file or a pipe; the run says how it went as an exit code.
 */
#ifndef XENSCOPE_TRACEREPORT_REPORT_H
#define XENSCOPE_TRACEREPORT_REPORT_H

#include <stdbool.h>
#include <stdint.h>
#include <stdio.h>

/* --filter dom=,vcpu=,class=,event=: what every condition given must match. */
struct xs_trace_filter {
	bool dom_set, vcpu_set;
	uint16_t dom, vcpu;
	int cls;	   /* -1: any */
	uint32_t not_cls;  /* bit per class given as class!=C */
	const char *event; /* name, or NULL */
	uint32_t event_id; /* with event_is_id */
	bool event_is_id;
};

/* "KEY=V,..." added to @f: 0, or -EINVAL with the reason said. */
int xs_trace_filter_parse(struct xs_trace_filter *f, const char *arg);

struct xs_trace_opts {
	const char *path; /* the name in messages; "-" for a pipe */
	bool dump, summary, json;
	const char *format;  /* xentrace_format definitions file: its output alone */
	const char *syms;    /* xen-syms for addresses, or NULL */
	const char *write;   /* records kept written to this file ("-": stdout) */
	double since, until; /* seconds; until < 0: none */
	double cpu_hz;
	struct xs_trace_filter f;
	FILE *out; /* lines and the summary */
	FILE *err; /* where lost records are reported as they come */
};

/*
 * The trace on @fd read to its end and shown as @o asks.  Returns the exit
 * code (xenscope/core/exit.h): XS_EXIT_OK decoded; XS_EXIT_EXPECTED
 * decoded, and Xen reported lost records (a finding it explains itself);
 * XS_EXIT_TARGET an unreadable or damaged trace (what could be decoded is
 * shown), a failed write, or a resource missing (said in one line).
 */
int xs_trace_report(const struct xs_trace_opts *o, int fd);

#endif
