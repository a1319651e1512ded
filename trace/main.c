// SPDX-License-Identifier: MIT
/*
 * xs-trace: xentrace files decoded, every standard event and xenscope's,
 * filtered, summarised, as text, JSON Lines or xentrace_format's output.
 * A tool of its own rather than a shadowdump mode: it reads a file or a
 * pipe, not a hypervisor or a snapshot, and none of shadowdump's options
 * apply to it (docs/man/xs-trace.1).  Only the command line lives here:
 * the report, its words and its exit code are lib/tracereport/'s.
 */
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "xenscope/core/cli.h"
#include "xenscope/trace/capture.h"
#include "xenscope/tracereport/report.h"

#define DEFAULT_HZ 2.4e9 /* xenalyze's default too */

/* What the report takes, and the live switches that need no trace. */
struct opts {
	struct xs_trace_opts t;
	long enable, disable;
};

static int set_help(void *v, const char *arg);

static int set_str(const char **p, const char *arg)
{
	*p = arg;
	return 0;
}

static int set_format(void *v, const char *a)
{
	return set_str(&((struct opts *)v)->t.format, a);
}

static int set_syms(void *v, const char *a)
{
	return set_str(&((struct opts *)v)->t.syms, a);
}

static int set_filter(void *v, const char *a)
{
	return xs_trace_filter_parse(&((struct opts *)v)->t.f, a);
}

static int set_write(void *v, const char *a)
{
	return set_str(&((struct opts *)v)->t.write, a);
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
	return set_double("--since", a, &((struct opts *)v)->t.since);
}

static int set_until(void *v, const char *a)
{
	return set_double("--until", a, &((struct opts *)v)->t.until);
}

static int set_hz(void *v, const char *a)
{
	int err = set_double("--cpu-hz", a, &((struct opts *)v)->t.cpu_hz);

	if (!err && ((struct opts *)v)->t.cpu_hz < 1e6)
		err = xs_error(-EINVAL, "--cpu-hz: %s is not a CPU frequency in Hz", a);
	return err;
}

static const struct xs_cli_option options[] = {
	{ "dump", 'd', NULL, XS_CLI_FLAG(struct opts, t.dump), "one line per event (default)" },
	{ "summary", 's', NULL, XS_CLI_FLAG(struct opts, t.summary),
	  "per domain and class counts, rates, VMEXITs, shadow faults, references" },
	{ "json", 'j', NULL, XS_CLI_FLAG(struct opts, t.json),
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

int main(int argc, char **argv)
{
	struct opts o = {
		.t.until = -1, .t.cpu_hz = DEFAULT_HZ, .t.f.cls = -1, .enable = -1, .disable = -1
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
	if (o.t.format && (o.t.summary || o.t.json || o.t.dump))
		return xs_error(-EINVAL, "--format prints records its own way: not with --dump, "
					 "--summary or --json"),
		       XS_EXIT_USAGE;
	o.t.path = argv[first];
	o.t.out = stdout;
	o.t.err = stderr;
	fd = strcmp(o.t.path, "-") ? open(o.t.path, O_RDONLY) : STDIN_FILENO;
	if (fd < 0)
		return xs_error(-errno, "cannot open %s: %s", o.t.path, strerror(errno)),
		       XS_EXIT_TARGET;
	setvbuf(stdout, obuf, _IOFBF, sizeof(obuf));
	code = xs_trace_report(&o.t, fd);
	if (fd != STDIN_FILENO)
		close(fd);
	return code;
}
