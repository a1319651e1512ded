// SPDX-License-Identifier: MIT
/*
 * xs-trace: xentrace files decoded, every standard event and xenscope's,
 * filtered, summarised, as text, JSON Lines or xentrace_format's output.
 * A tool of its own rather than a shadowdump mode: it reads a file or a
 * pipe, not a hypervisor or a snapshot, and none of shadowdump's options
 * apply to it (docs/man/xs-trace.1).
 */
#include <errno.h>
#include <fcntl.h>
#include <inttypes.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "xenscope/core/cli.h"
#include "xenscope/trace/capture.h"

#include "xs-trace.h"

#define DEFAULT_HZ 2.4e9      /* xenalyze's default too */
#define SNIFF_RECORDS 4000000 /* how far a file is read ahead for the vendor */

static int set_help(void *v, const char *arg);

static int set_str(const char **p, const char *arg)
{
	*p = arg;
	return 0;
}

static int set_format(void *v, const char *a)
{
	return set_str(&((struct opts *)v)->format, a);
}

static int set_syms(void *v, const char *a)
{
	return set_str(&((struct opts *)v)->syms, a);
}

static int set_filter(void *v, const char *a)
{
	return filter_parse(&((struct opts *)v)->f, a);
}

static int set_write(void *v, const char *a)
{
	return set_str(&((struct opts *)v)->write, a);
}

static int set_dom(const char *name, const char *a, long *out)
{
	uint64_t d;

	if (xs_parse_u64(a, &d) || d >= 0x7ff0)
		return xs_error(-EINVAL, "%s: bad domain id '%s'", name, a);
	*out = (long)d;
	return 0;
}

static int set_enable(void *v, const char *a)
{
	return set_dom("--enable", a, &((struct opts *)v)->enable);
}

static int set_disable(void *v, const char *a)
{
	return set_dom("--disable", a, &((struct opts *)v)->disable);
}

static int set_double(const char *name, const char *a, double *out)
{
	char *end;

	*out = strtod(a, &end);
	if (end == a || *end || *out < 0)
		return xs_error(-EINVAL, "%s: bad number '%s'", name, a);
	return 0;
}

static int set_since(void *v, const char *a)
{
	return set_double("--since", a, &((struct opts *)v)->since);
}

static int set_until(void *v, const char *a)
{
	return set_double("--until", a, &((struct opts *)v)->until);
}

static int set_hz(void *v, const char *a)
{
	int err = set_double("--cpu-hz", a, &((struct opts *)v)->cpu_hz);

	if (!err && ((struct opts *)v)->cpu_hz < 1e6)
		err = xs_error(-EINVAL, "--cpu-hz: %s is not a CPU frequency in Hz", a);
	return err;
}

static const struct xs_cli_option options[] = {
	{ "dump", 'd', NULL, XS_CLI_FLAG(struct opts, dump), "one line per event (default)" },
	{ "summary", 's', NULL, XS_CLI_FLAG(struct opts, summary),
	  "per domain and class counts, rates, VMEXITs, shadow faults, references" },
	{ "json", 'j', NULL, XS_CLI_FLAG(struct opts, json),
	  "JSON: one event per line (with --summary, one document)" },
	{ "filter", 'F', "KEY=V,...", set_filter, 0, "only events of dom=, vcpu=, class=, event=" },
	{ "since", 0, "SEC", set_since, 0, "only events from SEC seconds into the trace" },
	{ "until", 0, "SEC", set_until, 0, "only events up to SEC seconds into the trace" },
	{ "cpu-hz", 0, "HZ", set_hz, 0, "TSC frequency for times (default 2.4e9)" },
	{ "syms", 0, "XEN-SYMS", set_syms, 0, "name hypervisor addresses from this xen-syms" },
	{ "format", 0, "DEFS", set_format, 0, "xentrace_format output by its definitions file" },
	{ "write", 'w', "FILE", set_write, 0, "write the records kept, in xentrace's format" },
	{ "enable", 0, "DOMID", set_enable, 0,
	  "turn xenscope reference tracing on for DOMID (then run xentrace)" },
	{ "disable", 0, "DOMID", set_disable, 0, "turn it off again" },
	{ "help", 'h', NULL, set_help, 0, "this text" },
};

static const struct xs_exit_note exit_notes[] = {
	{ XS_EXIT_OK, "decoded" },
	{ XS_EXIT_EXPECTED, "decoded, and Xen reported lost records" },
	{ XS_EXIT_USAGE, NULL },
	{ XS_EXIT_TARGET, "also: a damaged trace; what could be decoded is printed" },
};

static int set_help(void *v, const char *arg)
{
	return xs_cli_help("FILE|-", options, XS_ARRAY_SIZE(options), exit_notes,
			   XS_ARRAY_SIZE(exit_notes), "");
}

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

int run_one(struct run *u, const struct xs_trace_rec *rec)
{
	struct xs_trace_event ev;
	const struct opts *o = u->o;
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
	t = o->timed || lost ? clock_sec(&u->clk, rec->tsc) : 0;
	if (!lost && (t < o->since || (o->until >= 0 && t > o->until) ||
		      (o->filtered && !filter_match(&o->f, &ev))))
		return 0;
	if (u->w)
		writer_put(u->w, rec);
	if (o->fmt_only)
		format_print(stdout, u->fmt, rec);
	else if (o->dump)
		print_event(u->out, &ev, t, u->syms, o->json);
	if (lost) {
		print_lost(stderr, &ev, t, false);
		u->lost++;
	}
	return u->sum ? summary_add(u->sum, &ev, t) : 0;
}

static int run(struct opts *o, int fd)
{
	struct run u = { .o = o, .clk.hz = o->cpu_hz };
	struct xs_trace_rec rec;
	const struct xs_trace_read_stats *st;
	int ret, code = XS_EXIT_TARGET;

	u.out = malloc(sizeof(*u.out));
	if (!u.out)
		return xs_error(-ENOMEM, "out of memory"), XS_EXIT_TARGET;
	u.out->f = stdout;
	u.out->n = 0;
	u.out->failed = false;
	memset(u.out->who, 0, sizeof(u.out->who));
	/* --write - puts records on stdout too: lines go out in between. */
	u.out->unbuffered = o->write && !strcmp(o->write, "-");
	if (xs_trace_ctx_new(&u.ctx) || sniff_vendor(fd, o->path, u.ctx) ||
	    xs_trace_reader_open(fd, o->path, &u.r))
		goto out;
	xs_trace_ctx_names_only(u.ctx, !o->dump);
	/* Only what is printed per event needs the order across CPUs. */
	xs_trace_reader_set_unordered(u.r, !o->timed && !o->fmt_only && !o->write);
	if (o->syms && xs_syms_open(o->syms, &u.syms))
		goto out;
	if (o->format && format_load(o->format, &u.fmt))
		goto out;
	if (o->summary && summary_new(&u.sum))
		goto out;
	if (o->write && writer_open(o->write, &u.w))
		goto out;
	/* A summary of everything needs no decoding of most records. */
	if (o->summary && !o->dump && !o->timed && !o->fmt_only && !o->write && !o->filtered)
		ret = fast_summary(&u);
	else
		while ((ret = xs_trace_reader_next(u.r, &rec)) > 0)
			if (run_one(&u, &rec))
				goto out;
	if (ret < 0)
		goto out;
	out_flush(u.out);
	st = xs_trace_reader_stats(u.r);
	ret = writer_close(u.w);
	u.w = NULL;
	if (ret || (u.sum && summary_wake_end(u.sum)))
		goto out;
	if (u.sum)
		summary_print(stdout, u.sum, st, xs_trace_ctx_vendor(u.ctx), &u.clk,
			      u.clk.started ? clock_sec(&u.clk, u.last_tsc) : 0, o->json);
	code = st->garbage || st->cut ? XS_EXIT_TARGET : XS_EXIT_OK;
	if (code == XS_EXIT_OK && u.lost)
		code = XS_EXIT_EXPECTED;
out:
	out_flush(u.out);
	if (u.out->failed)
		code = XS_EXIT_TARGET;
	free(u.out);
	if (fflush(stdout))
		code = XS_EXIT_TARGET;
	writer_close(u.w);
	summary_free(u.sum);
	format_free(u.fmt);
	xs_syms_close(u.syms);
	xs_trace_reader_close(u.r);
	xs_trace_ctx_free(u.ctx);
	return code;
}

int main(int argc, char **argv)
{
	struct opts o = {
		.until = -1, .cpu_hz = DEFAULT_HZ, .f.cls = -1, .enable = -1, .disable = -1
	};
	static char obuf[1 << 16];
	int first, fd, code;

	xs_set_prog(argv[0]);
	code = xs_cli_parse(argc, argv, options, XS_ARRAY_SIZE(options), &o, &first);
	if (code)
		return code == XS_CLI_DONE ? XS_EXIT_OK : XS_EXIT_USAGE;
	if (o.enable >= 0 || o.disable >= 0) {
		if (argc != first)
			return xs_error(-EINVAL, "--enable/--disable take no trace file"),
			       XS_EXIT_USAGE;
		if (o.enable >= 0 && xs_trace_live_set((uint32_t)o.enable, true))
			return XS_EXIT_TARGET;
		if (o.disable >= 0 && xs_trace_live_set((uint32_t)o.disable, false))
			return XS_EXIT_TARGET;
		return XS_EXIT_OK;
	}
	if (argc - first != 1)
		return xs_error(-EINVAL, "give one trace file, or - for standard input (try "
					 "--help)"),
		       XS_EXIT_USAGE;
	if (o.format && (o.summary || o.json || o.dump))
		return xs_error(-EINVAL, "--format prints records its own way: not with --dump, "
					 "--summary or --json"),
		       XS_EXIT_USAGE;
	o.fmt_only = o.format != NULL;
	if (!o.summary && !o.format && !(o.write && !o.json))
		o.dump = true;
	o.timed = o.dump || o.since > 0 || o.until >= 0;
	o.filtered = o.f.dom_set || o.f.vcpu_set || o.f.cls >= 0 || o.f.not_cls || o.f.event ||
		     o.f.event_is_id;
	o.path = argv[first];
	fd = strcmp(o.path, "-") ? open(o.path, O_RDONLY) : STDIN_FILENO;
	if (fd < 0)
		return xs_error(-errno, "cannot open %s: %s", o.path, strerror(errno)),
		       XS_EXIT_TARGET;
	setvbuf(stdout, obuf, _IOFBF, sizeof(obuf));
	code = run(&o, fd);
	if (fd != STDIN_FILENO)
		close(fd);
	return code;
}
