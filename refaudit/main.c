// SPDX-License-Identifier: MIT
/*
 * refaudit: why will a domain's pages not free?  This file parses the
 * options (one table: adding an option is adding a row) and dispatches to
 * the views; the analysis is lib/audit/explain.c and lib/audit/attribute.c.
 */
#include <errno.h>
#include <math.h>
#include <stddef.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "xenscope/core/cli.h"
#include "xenscope/snap/snap.h"

#include "refaudit.h"
#include "trace.h"

static int set_save(void *v, const char *arg)
{
	struct opts *o = v;

	o->save = arg;
	return 0;
}

static int parse_seconds(const char *arg, const char *what, double *out)
{
	char *end;
	double v = strtod(arg, &end);

	if (end == arg || *end || !isfinite(v) || v <= 0 || v > 1e6)
		return xs_error(-EINVAL, "%s wants seconds, not '%s'", what, arg);
	*out = v;
	return 0;
}

static int set_timeout(void *v, const char *arg)
{
	return parse_seconds(arg, "--timeout", &((struct opts *)v)->timeout);
}

static int set_interval(void *v, const char *arg)
{
	return parse_seconds(arg, "--interval", &((struct opts *)v)->interval);
}

static int set_trace(void *v, const char *arg)
{
	((struct opts *)v)->trace = arg;
	return 0;
}

static int set_syms(void *v, const char *arg)
{
	((struct opts *)v)->syms = arg;
	return 0;
}

static int set_for(void *v, const char *arg)
{
	return parse_seconds(arg, "--for", &((struct opts *)v)->trace_for);
}

static int set_help(void *v, const char *arg);

/* Every option, once: getopt's tables and --help are made from it. */
static const struct xs_cli_option options[] = {
#define FLAG(f) XS_CLI_FLAG(struct opts, f)
	XS_CLI_TARGET_OPTIONS,
	{ "save", 0, "FILE", set_save, 0, "save what was read as a snapshot FILE" },
	{ "pages", 'p', NULL, FLAG(pages), "also list every held page with its references" },
	{ "json", 0, NULL, FLAG(json), "JSON output (docs/refaudit-json.md)" },
	{ "dot", 0, NULL, FLAG(dot), "a Graphviz graph: domain, pages, holders, processes" },
	{ "cow", 0, NULL, FLAG(cow), "dom_cow's pages: every shared page with its sharers" },
	{ "watch", 'w', NULL, FLAG(watch), "wait until the domain is gone, printing changes" },
	{ "timeout", 0, "S", set_timeout, 0, "--watch gives up after S seconds (exit 1 or 2)" },
	{ "interval", 0, "S", set_interval, 0, "--watch polls every S seconds (default 1)" },
	{ "arm", 0, NULL, FLAG(arm), "trace the domain's page references into --trace FILE" },
	{ "for", 0, "S", set_for, 0, "--arm stops after S seconds (default: at SIGINT)" },
	{ "history", 0, NULL, FLAG(history), "unbalanced gets of held pages, from the trace" },
	{ "trace", 0, "FILE", set_trace, 0, "the trace --arm records and --history reads" },
	{ "syms", 0, "FILE", set_syms, 0, "xen-syms to symbolize with (default $XS_XEN_SYMS)" },
	{ "help", 'h', NULL, set_help, 0, "this text" },
#undef FLAG
};

/* What each exit code means here (refaudit(1) says the same). */
static const struct xs_exit_note exit_notes[] = {
	{ XS_EXIT_OK, "nothing held; with --watch, the domain was freed" },
	{ XS_EXIT_EXPECTED, "pages held, every reference explained" },
	{ XS_EXIT_SUSPICIOUS, "unexplained references, or a shared page breaking a rule of "
			      "Xen's sharing code" },
	{ XS_EXIT_USAGE, NULL },
	{ XS_EXIT_TARGET, NULL },
};

static int set_help(void *v, const char *arg)
{
	return xs_cli_help("[DOMID|NAME]", options, XS_ARRAY_SIZE(options), exit_notes,
			   XS_ARRAY_SIZE(exit_notes),
			   "no domain: list dying domains that still hold pages\n");
}

/* Combinations getopt cannot check. */
static int check_opts(const struct opts *o)
{
	if (o->json && o->dot)
		return xs_error(-EINVAL, "--json and --dot are two outputs: pick one");
	if (o->cow && (o->domain || o->watch || o->dot || o->arm || o->history))
		return xs_error(-EINVAL, "--cow shows dom_cow's pages: no domain, --watch, --dot, "
					 "--arm or --history");
	if (o->watch && !o->domain)
		return xs_error(-EINVAL, "--watch needs a domain");
	if (o->watch && (o->json || o->dot))
		return xs_error(-EINVAL, "--watch prints text only");
	if ((o->timeout || o->interval) && !o->watch)
		return xs_error(-EINVAL, "--timeout and --interval go with --watch");
	if ((o->arm || o->history) && !o->domain)
		return xs_error(-EINVAL, "--arm and --history need a domain");
	if (o->arm && !o->trace)
		return xs_error(-EINVAL, "--arm needs --trace FILE to record into");
	if (o->arm && (o->history || o->watch))
		return xs_error(-EINVAL, "--arm records: run --history afterwards");
	if (o->trace_for && !o->arm)
		return xs_error(-EINVAL, "--for goes with --arm");
	return 0;
}

static int parse_args(int argc, char **argv, struct opts *o)
{
	int first, err;

	err = xs_cli_parse(argc, argv, options, XS_ARRAY_SIZE(options), o, &first);
	if (err) /* XS_CLI_DONE too: --help was printed */
		return err;
	if (argc - first > 1)
		return xs_error(-EINVAL, "one domain at a time (try --help)");
	o->domain = first < argc ? argv[first] : NULL;
	if (!o->target)
		o->target = "xen";
	return check_opts(o);
}

int refaudit_explain(struct xs_target *t, const struct xs_domain *d, const struct opts *o,
		     struct xs_explain *e)
{
	/*
	 * Keep only what the output shows: the summary needs no pages, which
	 * is what makes it fast on big domains.
	 */
	struct xs_explain_opts eo = { .keep_pages = o->pages ? SIZE_MAX
						    : o->dot ? DOT_MAX_PAGE_NODES
							     : 0 };

	if (xs_explain_run(t, d, &eo, e))
		return XS_EXIT_TARGET;
	return xs_explain_status(e);
}

static int explain_domain(struct xs_target *t, const struct xs_domain *d, const struct opts *o)
{
	struct xs_explain e = { 0 };
	int ret;

	if (o->save && xs_snap_save(t, &d->domid, 1, xs_prog(), o->save))
		return XS_EXIT_TARGET;
	ret = refaudit_explain(t, d, o, &e);
	if (ret == XS_EXIT_TARGET)
		goto out_release;
	if (o->json && refaudit_show_json(t, &e, o))
		ret = XS_EXIT_TARGET;
	else if (o->dot && xs_explain_dot(&e, DOT_MAX_PAGE_NODES, stdout))
		ret = XS_EXIT_TARGET;
	else if (!o->json && !o->dot)
		refaudit_show_text(&e, o);
out_release:
	xs_explain_release(&e);
	return ret;
}

int main(int argc, char **argv)
{
	struct xs_domains doms = { 0 };
	struct opts o = { 0 };
	struct xs_target *t;
	const struct xs_domain *d;
	int ret;

	xs_set_prog(argv[0]);
	ret = parse_args(argc, argv, &o);
	if (ret)
		return ret == XS_CLI_DONE ? XS_EXIT_OK : XS_EXIT_USAGE;
	if (o.watch && strcmp(o.target, "xen")) {
		xs_error(-EINVAL, "--watch needs the live hypervisor: a snapshot never changes");
		return XS_EXIT_USAGE;
	}
	/* Tracepoints are the running hypervisor's: never arm them for a file. */
	if (o.arm && strcmp(o.target, "xen")) {
		xs_error(-EINVAL, "--arm needs the live hypervisor: a snapshot cannot record");
		return XS_EXIT_USAGE;
	}
	if (xs_target_open(o.target, &t))
		return XS_EXIT_TARGET;
	if (xs_target_domains(t, &doms)) {
		ret = XS_EXIT_TARGET;
		goto out_close;
	}
	if (o.cow) {
		ret = refaudit_cow(t, &o);
		goto out_release;
	}
	if (!o.domain) {
		ret = refaudit_list(t, &doms, &o);
		goto out_release;
	}
	d = xs_cli_find_domain(t, &doms, o.domain);
	if (!d) {
		ret = XS_EXIT_USAGE;
		goto out_release;
	}
	if (o.arm)
		ret = refaudit_arm(t, d, &o);
	else if (o.history)
		ret = refaudit_history(t, d, &o);
	else
		ret = o.watch ? refaudit_watch(t, d, &o) : explain_domain(t, d, &o);

out_release:
	xs_domains_release(&doms);
out_close:
	xs_target_close(t);
	return ret;
}
