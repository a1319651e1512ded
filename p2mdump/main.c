// SPDX-License-Identifier: MIT
/*
 * p2mdump: a PV guest's physical-to-machine map, read the way migration
 * reads it and checked against the m2p and page ownership; or one gfn, or
 * one machine frame.  Live or from a snapshot; every word and verdict comes
 * from lib/p2m.
 */
#include <errno.h>
#include <inttypes.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "xenscope/core/cli.h"
#include "xenscope/core/exit.h"
#include "xenscope/core/json.h"
#include "xenscope/p2m/audit.h"
#include "xenscope/p2m/lookup.h"
#include "xenscope/p2m/report.h"
#include "xenscope/p2m/target.h"

static const struct xs_exit_note exit_notes[] = {
	{ XS_EXIT_OK, "every entry consistent" },
	{ XS_EXIT_EXPECTED, "expected entries only: invalid, identity, foreign" },
	{ XS_EXIT_SUSPICIOUS, "real mismatches: m2p, owner, duplicate, range" },
	{ XS_EXIT_USAGE, NULL },
	{ XS_EXIT_TARGET, "also: not a 64-bit PV guest, no p2m, a p2m that kept changing" },
};

struct opts {
	const char *target; /* first, for xs_cli_set_target */
	const char *save;
	unsigned int retries;
	bool json, entries;
};

static int set_save(void *v, const char *arg)
{
	((struct opts *)v)->save = arg;
	return 0;
}

static int set_retries(void *v, const char *arg)
{
	uint64_t n;

	if (xs_parse_u64(arg, &n) < 0 || n > 1000)
		return xs_error(-EINVAL, "--retries takes a number from 0 to 1000, not '%s'", arg);
	((struct opts *)v)->retries = (unsigned int)n;
	return 0;
}

static int set_help(void *v, const char *arg);

static const struct xs_cli_option options[] = {
	XS_CLI_TARGET_OPTIONS,
	{ "save", 0, "FILE", set_save, 0, "save what was read (p2m included) as a snapshot FILE" },
	{ "json", 0, NULL, XS_CLI_FLAG(struct opts, json), "JSON output" },
	{ "entries", 0, NULL, XS_CLI_FLAG(struct opts, entries),
	  "print every entry as xen-mfndump dump-p2m does, no audit" },
	{ "retries", 0, "N", set_retries, 0,
	  "reads of a changing p2m list to try before reporting the race (10)" },
	{ "help", 'h', NULL, set_help, 0, "this text" },
};

static int set_help(void *v, const char *arg)
{
	return xs_cli_help("DOMID|NAME  |  gfn DOMID|NAME GFN  |  mfn MFN", options,
			   XS_ARRAY_SIZE(options), exit_notes, XS_ARRAY_SIZE(exit_notes),
			   "Reads a 64-bit PV guest's p2m (frame tree or linear list, as it\n"
			   "publishes it), or an HVM/PVH domain's from Xen with each entry's p2m\n"
			   "type, and checks every entry against the m2p and page owners.\n");
}

/* DOMID or NAME to a domid: XS_EXIT_OK, or the exit status after one line. */
static int resolve_domain(struct xs_target *t, const char *s, uint32_t *domid)
{
	struct xs_domains doms = { 0 };
	const struct xs_domain *d;

	if (xs_target_domains(t, &doms) < 0)
		return XS_EXIT_TARGET;
	d = xs_cli_find_domain(t, &doms, s);
	if (d)
		*domid = d->domid;
	xs_domains_release(&doms);
	return d ? XS_EXIT_OK : XS_EXIT_USAGE;
}

static int audit_domain(struct xs_target *t, uint32_t domid, const struct opts *o)
{
	struct xs_p2m p;
	struct xs_p2m_audit a;
	uint64_t max_mfn;
	int ret;

	ret = xs_p2m_read_target(t, domid, o->retries, &p, &max_mfn);
	if (ret < 0)
		return XS_EXIT_TARGET;
	if (o->save && xs_p2m_save(t, domid, &p, max_mfn, "p2mdump", o->save) < 0) {
		ret = XS_EXIT_TARGET;
		goto out_release;
	}
	if (o->entries) {
		xs_p2m_print_entries(stdout, &p);
		ret = XS_EXIT_OK;
		goto out_release;
	}
	if (xs_p2m_audit(&p, domid, max_mfn, &a) < 0) {
		ret = XS_EXIT_TARGET;
		goto out_release;
	}
	if (o->json)
		xs_json_print(xs_p2m_audit_json(&p, &a, domid), stdout);
	else
		xs_p2m_audit_print(stdout, &p, &a, domid);
	ret = xs_p2m_audit_verdict(&a);
	xs_p2m_audit_release(&a);
out_release:
	xs_p2m_release(&p);
	return ret;
}

int main(int argc, char **argv)
{
	struct opts o = { .retries = 10 };
	struct xs_target *t;
	uint32_t domid = 0;
	uint64_t num;
	int first, ret;

	xs_set_prog(argv[0]);
	ret = xs_cli_parse(argc, argv, options, XS_ARRAY_SIZE(options), &o, &first);
	if (ret)
		return ret == XS_CLI_DONE ? XS_EXIT_OK : XS_EXIT_USAGE;
	argv += first;
	argc -= first;
	if (argc < 1 || (!strcmp(argv[0], "gfn") && argc != 3) ||
	    (!strcmp(argv[0], "mfn") && argc != 2) ||
	    (strcmp(argv[0], "gfn") && strcmp(argv[0], "mfn") && argc != 1)) {
		xs_error(-EINVAL, "give DOMID, 'gfn DOMID GFN' or 'mfn MFN' (try --help)");
		return XS_EXIT_USAGE;
	}
	num = 0;
	if ((!strcmp(argv[0], "gfn") && xs_parse_u64(argv[2], &num) < 0) ||
	    (!strcmp(argv[0], "mfn") && xs_parse_u64(argv[1], &num) < 0)) {
		xs_error(-EINVAL, "'%s' is not a frame number", argv[argc - 1]);
		return XS_EXIT_USAGE;
	}
	if (xs_target_open(o.target ? o.target : "xen", &t) < 0)
		return XS_EXIT_TARGET;
	if (!strcmp(argv[0], "mfn")) {
		ret = xs_p2m_lookup_mfn(t, num, stdout);
	} else if ((ret = resolve_domain(t, argv[!strcmp(argv[0], "gfn")], &domid))) {
		/* ret says why */
	} else if (!strcmp(argv[0], "gfn")) {
		ret = xs_p2m_lookup_gfn(t, domid, num, stdout);
	} else {
		ret = audit_domain(t, domid, &o);
	}
	if (ret < 0)
		ret = XS_EXIT_TARGET;
	xs_target_close(t);
	return ret;
}
