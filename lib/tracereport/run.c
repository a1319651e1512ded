// SPDX-License-Identifier: MIT
/*
 * One run over a trace: each record decoded, kept or left out by the
 * filter and the times, then shown, counted and written as the options
 * ask; the summary of everything takes its own loop (summary-fast.c).
 */
#include <errno.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "report-int.h"

#define SNIFF_RECORDS 4000000 /* how far a file is read ahead for the vendor */

/*
 * A file is read ahead for a decisive VMEXIT reason; a pipe cannot be.
 * In file order: every VM exit of a trace is of the one vendor that wrote
 * it, so which comes first does not matter.
 */
static int sniff_vendor(int fd, const char *name, struct xs_trace_ctx *ctx)
{
	struct xs_trace_reader *r;

	if (lseek(fd, 0, SEEK_SET) < 0)
		return 0;
	if (xs_trace_reader_open(fd, name, &r))
		return -ENOMEM;
	xs_trace_reader_set_quiet(r, true);
	xs_trace_sniff(r, ctx, SNIFF_RECORDS);
	xs_trace_reader_close(r);
	return lseek(fd, 0, SEEK_SET) < 0 ? xs_error(-errno, "%s: cannot seek back", name) : 0;
}

int xs_trace_run_one(struct xs_trace_run *u, const struct xs_trace_rec *rec)
{
	struct xs_trace_event ev;
	const struct xs_trace_opts *o = u->o;
	bool lost = rec->event == 0x0001f001;
	double t;

	if (!u->clk.started) {
		u->clk.first = rec->tsc;
		u->clk.started = true;
	} else if (rec->tsc < u->clk.first) {
		u->clk.first = rec->tsc; /* in file order, an earlier CPU */
	}
	u->last_tsc = rec->tsc > u->last_tsc ? rec->tsc : u->last_tsc;
	xs_trace_decode(u->ctx, rec, &ev);
	t = u->timed || lost ? xs_trace_clock_sec(&u->clk, rec->tsc) : 0;
	if (!lost && (t < o->since || (o->until >= 0 && t > o->until) ||
		      (u->filtered && !xs_trace_filter_match(&o->f, &ev))))
		return 0;
	if (u->w)
		xs_trace_writer_put(u->w, rec);
	if (u->fmt_only)
		xs_trace_format_print(o->out, u->fmt, rec);
	else if (u->dump)
		xs_trace_print_event(u->out, &ev, t, u->syms, o->json);
	if (lost) {
		xs_trace_print_lost(o->err, &ev, t, false);
		u->lost++;
	}
	return u->sum ? xs_trace_summary_add(u->sum, &ev, t) : 0;
}

int xs_trace_report(const struct xs_trace_opts *o, int fd)
{
	struct xs_trace_run u = { .o = o, .clk.hz = o->cpu_hz };
	struct xs_trace_rec rec;
	const struct xs_trace_read_stats *st;
	int ret, code = XS_EXIT_TARGET;

	/* Lines by default: unless a summary, xentrace_format's lines or
	 * records on their own were asked for. */
	u.fmt_only = o->format != NULL;
	u.dump = o->dump || (!o->summary && !o->format && !(o->write && !o->json));
	u.timed = u.dump || o->since > 0 || o->until >= 0;
	u.filtered = xs_trace_filter_any(&o->f);
	u.out = calloc(1, sizeof(*u.out));
	if (!u.out)
		return xs_error(-ENOMEM, "out of memory"), XS_EXIT_TARGET;
	u.out->f = o->out;
	/* --write - puts records on stdout too: lines go out in between. */
	u.out->unbuffered = o->write && !strcmp(o->write, "-");
	if (xs_trace_ctx_new(&u.ctx) || sniff_vendor(fd, o->path, u.ctx) ||
	    xs_trace_reader_open(fd, o->path, &u.r))
		goto out;
	xs_trace_ctx_names_only(u.ctx, !u.dump);
	/* Only what is printed per event needs the order across CPUs. */
	xs_trace_reader_set_unordered(u.r, !u.timed && !u.fmt_only && !o->write);
	if (o->syms && xs_syms_open(o->syms, &u.syms))
		goto out;
	if (o->format && xs_trace_format_load(o->format, &u.fmt))
		goto out;
	if (o->summary && xs_trace_summary_new(&u.sum))
		goto out;
	if (o->write && xs_trace_writer_open(o->write, &u.w))
		goto out;
	/* A summary of everything needs no decoding of most records. */
	if (o->summary && !u.dump && !u.timed && !u.fmt_only && !o->write && !u.filtered)
		ret = xs_trace_summary_fast(&u);
	else
		while ((ret = xs_trace_reader_next(u.r, &rec)) > 0)
			if (xs_trace_run_one(&u, &rec))
				goto out;
	if (ret < 0)
		goto out;
	xs_trace_out_flush(u.out);
	st = xs_trace_reader_stats(u.r);
	ret = xs_trace_writer_close(u.w);
	u.w = NULL;
	if (ret || (u.sum && xs_trace_summary_wake_end(u.sum)))
		goto out;
	if (u.sum)
		xs_trace_summary_print(o->out, u.sum, st, xs_trace_ctx_vendor(u.ctx), &u.clk,
				       u.clk.started ? xs_trace_clock_sec(&u.clk, u.last_tsc) : 0,
				       o->json);
	code = st->garbage || st->cut ? XS_EXIT_TARGET : XS_EXIT_OK;
	if (code == XS_EXIT_OK && u.lost)
		code = XS_EXIT_EXPECTED;
out:
	xs_trace_out_flush(u.out);
	if (u.out->failed)
		code = XS_EXIT_TARGET;
	free(u.out);
	if (fflush(o->out))
		code = XS_EXIT_TARGET;
	xs_trace_writer_close(u.w);
	xs_trace_summary_free(u.sum);
	xs_trace_format_free(u.fmt);
	xs_syms_close(u.syms);
	xs_trace_reader_close(u.r);
	xs_trace_ctx_free(u.ctx);
	return code;
}
