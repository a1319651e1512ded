// SPDX-License-Identifier: MIT
/*
 * explain SNAP DOMID summary|pages: every count of xs_explain_run() on a
 * snapshot, one line per total, holder and group, in their order.  With
 * "summary" no pages are kept (the summary's own pass, lib/audit/summary.c),
 * with "pages" all are (the sorted join of lib/audit/audit.c): the two
 * must print the same, but for their first line, "path summary" or
 * "path sorted".
 */
#include <errno.h>
#include <inttypes.h>
#include <stdint.h>
#include <stdio.h>
#include <string.h>

#include "xenscope/audit/explain.h"
#include "xenscope/target/target.h"

#include "explain-dump.h"

static void print(const struct xs_explain *e)
{
	const struct xs_audit *a = &e->audit;

	/* Which path ran: the summary's keeps no references. */
	printf("path %s\n", a->refs ? "sorted" : a->nr_holders ? "summary" : "none");
	printf("pages %" PRIu64 " held %" PRIu64 " unexplained %" PRIu64 " orphans %" PRIu64
	       " status %d\n",
	       a->nr_pages, a->held_pages, a->unexplained_pages, a->orphan_refs,
	       (int)xs_explain_status(e));
	for (size_t i = 0; i < a->nr_holders; i++) {
		const struct xs_audit_holder *h = &a->holders[i];

		printf("holder kind %u d%u pages %" PRIu64 " refs %" PRIu64 " general %" PRIu64
		       " type %" PRIu64 "\n",
		       h->kind, h->holder, h->pages, h->refs, h->general, h->type);
	}
	for (size_t i = 0; i < e->nr_groups; i++) {
		const struct xs_cause_group *g = &e->groups[i];

		printf("group %s d%u pages %" PRIu64 " refs %" PRIu64 " general %" PRIu64
		       " type %" PRIu64 " tables %" PRIu64 " vcpus %#" PRIx64 " xen %#x"
		       " unexplained %" PRId64 "/%" PRId64 " injected %" PRIu64 " over %" PRIu64
		       " suspects %zu\n  kinds",
		       xs_cause_name(g->cause), g->holder, g->pages, g->refs, g->general, g->type,
		       g->tables, g->vcpus, g->xen_aux, g->unexplained, g->unexplained_type,
		       g->injected, g->over, g->nr_suspects);
		for (size_t k = 0; k < XS_ARRAY_SIZE(g->kinds); k++)
			printf(" %" PRIu64, g->kinds[k]);
		printf("\n  grant refs %zu:", g->nr_grant_refs);
		for (size_t k = 0; k < g->nr_grant_refs; k++)
			printf(" %" PRIu32, g->grant_refs[k]);
		putchar('\n');
	}
}

int cmd_explain(int argc, char **argv)
{
	struct xs_domains doms = { 0 };
	struct xs_explain e = { 0 };
	const struct xs_domain *d;
	struct xs_explain_opts eo = { 0 };
	struct xs_target *t;
	char spec[4096];
	int err;

	if (argc != 4 || (strcmp(argv[3], "summary") && strcmp(argv[3], "pages")))
		return xs_error(-EINVAL, "usage: explain SNAP DOMID summary|pages");
	eo.keep_pages = strcmp(argv[3], "pages") ? 0 : SIZE_MAX;
	snprintf(spec, sizeof(spec), "snap:%s", argv[1]);
	err = xs_target_open(spec, &t);
	if (err)
		return err;
	err = xs_target_domains(t, &doms);
	d = err ? NULL : xs_domains_find(&doms, argv[2]);
	if (!err && !d)
		err = xs_error(-ENOENT, "no domain %s", argv[2]);
	if (!err)
		err = xs_explain_run(t, d, &eo, &e);
	if (!err)
		print(&e);
	xs_explain_release(&e);
	xs_domains_release(&doms);
	xs_target_close(t);
	return err;
}
