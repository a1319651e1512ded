// SPDX-License-Identifier: MIT
/*
 * xs-dirty audit: log-dirty held against what a guest really wrote.  The
 * guest keeps a write ledger (xenscope/logdirty/ledger.h: the rig's test
 * kernel does, with its dirty-audit workload); each round reads it, then
 * reads and clears the bitmap, and the library says which writes Xen did
 * not log.  The mode is turned off again at the end, on error and on a
 * signal, as for the watch.
 */
#include <errno.h>
#include <inttypes.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "xenscope/core/cli.h"
#include "xenscope/core/exit.h"
#include "xenscope/logdirty/audit.h"
#include "xenscope/logdirty/logdirty.h"

#include "xs-dirty.h"

static const struct xs_exit_note exit_notes[] = {
	{ XS_EXIT_OK, "no dirty page lost; log-dirty mode off" },
	{ XS_EXIT_SUSPICIOUS, "pages written but not logged: the hypervisor lost dirty marks" },
	{ XS_EXIT_USAGE, NULL },
	{ XS_EXIT_TARGET, "also: no ledger at FRAME, or already in log-dirty mode" },
	{ XS_EXIT_INTERRUPTED, "log-dirty mode turned off" },
};

struct audit_opts {
	double interval;
	unsigned int rounds;
	uint64_t frame;
	bool have_frame;
};

static int set_interval(void *v, const char *arg)
{
	return dirty_set_interval(arg, &((struct audit_opts *)v)->interval);
}

static int set_rounds(void *v, const char *arg)
{
	return dirty_set_uint(arg, "--rounds", 1000000, &((struct audit_opts *)v)->rounds);
}

static int set_ledger(void *v, const char *arg)
{
	struct audit_opts *o = v;

	if (xs_parse_u64(arg, &o->frame) < 0)
		return xs_error(-EINVAL, "--ledger takes a frame number, not '%s'", arg);
	o->have_frame = true;
	return 0;
}

static int set_help(void *v, const char *arg);

static const struct xs_cli_option options[] = {
	{ "ledger", 'l', "FRAME", set_ledger, 0,
	  "the guest's ledger page (PV: its machine frame; PVH/HVM: its gfn)" },
	{ "interval", 'i', "S", set_interval, 0, "seconds per round (1)" },
	{ "rounds", 'n', "N", set_rounds, 0, "rounds to audit (0: until interrupted; 20)" },
	{ "help", 'h', NULL, set_help, 0, "this text" },
};

static int set_help(void *v, const char *arg)
{
	return xs_cli_help("--ledger FRAME DOMID|NAME", options, XS_ARRAY_SIZE(options), exit_notes,
			   XS_ARRAY_SIZE(exit_notes),
			   "Turns log-dirty mode on and, each round, holds the pages the guest's\n"
			   "write ledger says it wrote against the pages Xen logged.\n");
}

static void add(struct xs_audit_round *t, const struct xs_audit_round *r)
{
	t->writes += r->writes;
	t->checked += r->checked;
	t->unchecked += r->unchecked;
	t->lost += r->lost;
}

static int audit(struct xs_dirty_session *s, const struct xs_ledger *l, uint32_t domid,
		 const struct audit_opts *o, struct xs_audit_round *total, unsigned int *rounds)
{
	struct xs_dirty_audit *a;
	struct xs_ledger_read *read = malloc(sizeof(*read));
	struct xs_audit_round r;
	const uint8_t *bm;
	uint32_t faults, dirty;
	int ret;

	if (!read)
		return xs_error(-ENOMEM, "out of memory");
	ret = xs_dirty_audit_new(xs_dirty_pages(s), &a);
	if (ret)
		goto free_read;
	for (unsigned int i = 0; !o->rounds || i <= o->rounds; i++) {
		if (i && !dirty_wait(o->interval))
			break;
		/* The ledger first, then the bitmap: the order the rules assume. */
		xs_ledger_read(l, read);
		ret = xs_dirty_clean(s, &bm, &faults, &dirty);
		if (!ret)
			ret = xs_dirty_audit_round(a, read, bm, &r);
		if (ret)
			break;
		if (!i)
			continue;
		xs_audit_round_print(stdout, &r);
		fflush(stdout);
		add(total, &r);
		*rounds = i;
	}
	if (!ret)
		xs_audit_summary_print(stdout, domid, total, *rounds);
	xs_dirty_audit_free(a);
free_read:
	free(read);
	return ret;
}

int dirty_audit_main(int argc, char **argv)
{
	struct audit_opts o = { .interval = 1, .rounds = 20 };
	struct xs_audit_round total = { 0 };
	struct xs_dirty_session *s;
	struct xs_ledger *l;
	unsigned int rounds = 0;
	uint32_t domid = 0;
	bool recovered;
	int first, ret, closed;

	xs_set_prog("xs-dirty audit");
	ret = xs_cli_parse(argc, argv, options, XS_ARRAY_SIZE(options), &o, &first);
	if (ret)
		return ret == XS_CLI_DONE ? XS_EXIT_OK : XS_EXIT_USAGE;
	if (argc - first != 1 || !o.have_frame) {
		xs_error(-EINVAL, "give --ledger FRAME and one domain (try --help)");
		return XS_EXIT_USAGE;
	}
	dirty_catch_signals();
	ret = dirty_resolve(argv[first], &domid);
	if (ret)
		return ret;
	if (xs_ledger_open(domid, o.frame, &l) < 0)
		return XS_EXIT_TARGET;
	if (xs_dirty_open(domid, &s, &recovered) < 0) {
		xs_ledger_close(l);
		return XS_EXIT_TARGET;
	}
	ret = audit(s, l, domid, &o, &total, &rounds);
	closed = xs_dirty_close(s);
	xs_ledger_close(l);
	return dirty_exit_status(ret, closed, domid, total.lost ? XS_EXIT_SUSPICIOUS : XS_EXIT_OK);
}
