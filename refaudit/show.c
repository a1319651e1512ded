// SPDX-License-Identifier: MIT
/* One domain as text: the summary by holder first, then (--pages) each page. */
#include <inttypes.h>
#include <stdio.h>

#include "xenscope/core/buf.h"
#include "xenscope/core/json.h"
#include "xenscope/core/output.h"
#include "xenscope/core/pageinfo.h"

#include "refaudit.h"

/* Suspects listed per group before "and N more". */
#define MAX_SUSPECTS_SHOWN 5

static void print_group(const struct xs_explain *e, const struct xs_cause_group *g)
{
	struct xs_buf b = XS_BUF_INIT;
	bool bad = g->cause == XS_CAUSE_UNEXPLAINED;

	if (!xs_group_summary(e, g, &b))
		printf("%s* %s%s\n", xs_color(stdout, bad ? XS_COLOR_RED : XS_COLOR_BOLD), b.buf,
		       xs_color(stdout, XS_COLOR_NONE));
	for (size_t i = 0; i < g->nr_suspects && i < MAX_SUSPECTS_SHOWN; i++) {
		const struct xs_suspect *s = &g->suspects[i];

		xs_buf_reset(&b);
		if (!xs_suspect_name(e, s, &b))
			printf("    %-9s  %s: %s\n", xs_certainty_name(s->certainty), b.buf,
			       s->why);
	}
	if (g->nr_suspects > MAX_SUSPECTS_SHOWN)
		printf("    and %zu more (--json lists all)\n",
		       g->nr_suspects - MAX_SUSPECTS_SHOWN);
	xs_buf_reset(&b);
	if (!xs_group_remedy(e, g, &b))
		printf("    remedy: %s\n", b.buf);
	xs_buf_release(&b);
}

static void print_ref(const struct xenscope_ref *r, enum xs_cause cause)
{
	const char *kind = xs_ref_kind_name(r->kind);

	printf("    %-12s d%-5u general %-3" PRIu32 " type %-3" PRIu32, kind ? kind : "?",
	       r->holder, r->general, r->type);
	if (r->kind == XENSCOPE_REF_GRANT)
		printf(" gref %" PRIu32 " handle %" PRIu32, r->grant_ref, r->handle);
	if (r->via)
		printf(" via %#" PRIx64 " slot %u", r->via, r->slot);
	if (r->kind == XENSCOPE_REF_VCPU_CR3 || r->kind == XENSCOPE_REF_SEG_DESC ||
	    r->kind == XENSCOPE_REF_XEN || r->kind == XENSCOPE_REF_INJECTED)
		printf(" aux %" PRIu32, r->aux);
	printf("  [%s]\n", xs_cause_name(cause));
}

static void print_page(const struct xs_explain *e, const struct xs_held_page *h)
{
	const struct xenscope_page *p = &h->page;
	const struct xenscope_ref *refs = e->audit.refs + h->first_ref;
	char dec[XS_PAGEINFO_STRLEN];
	char gfn[24] = "-";

	if (p->flags & XENSCOPE_PAGE_GFN_VALID)
		snprintf(gfn, sizeof(gfn), "%#" PRIx64, p->gfn);
	printf("mfn %#" PRIx64 "  gfn %s  %s\n", p->mfn, gfn,
	       xs_pageinfo_format(&e->audit.layout, p->count_info, p->type_info, dec, sizeof(dec)));
	for (size_t i = 0; i < h->nr_refs; i++)
		print_ref(&refs[i], xs_explain_ref_cause(e, h, &refs[i]));
	if (h->unexplained || h->unexplained_type)
		printf("    %sunexplained: general %+" PRId64 ", type %+" PRId64 "%s\n",
		       xs_color(stdout, XS_COLOR_RED), h->unexplained, h->unexplained_type,
		       xs_color(stdout, XS_COLOR_NONE));
}

/* What the hypervisor says beyond the page counts, when it says it. */
static void print_since(const struct xs_domain *d)
{
	char since[32];

	if (d->known & XS_DOMX_DYING)
		printf("dying for %s", xs_dying_for(d, since, sizeof(since)));
	if (d->known & XS_DOMX_REFCNT)
		printf("%s%u reference%s on struct domain", d->known & XS_DOMX_DYING ? "; " : "",
		       d->refcnt, d->refcnt == 1 ? "" : "s");
	if (d->known & (XS_DOMX_DYING | XS_DOMX_REFCNT))
		putchar('\n');
}

/* Shared pages and the leftovers of failed nominations. */
static void print_sharing(const struct xs_explain *e, const struct opts *o)
{
	struct xs_buf b = XS_BUF_INIT;

	refaudit_show_shared(&e->sharing, o->pages);
	for (uint64_t i = 0; i < e->nr_leftovers && i < XS_LEFTOVERS_KEPT; i++) {
		xs_buf_reset(&b);
		if (!xs_leftover_words(&e->audit.layout, &e->leftovers[i], &b))
			printf("%s* mfn %#" PRIx64 ": %s%s\n", xs_color(stdout, XS_COLOR_RED),
			       e->leftovers[i].mfn, b.buf, xs_color(stdout, XS_COLOR_NONE));
	}
	xs_buf_release(&b);
}

void refaudit_show_text(const struct xs_explain *e, const struct opts *o)
{
	const struct xs_audit *a = &e->audit;
	const struct xs_domain *d = &e->domain;
	struct xs_buf v = XS_BUF_INIT;
	char state[64];

	if (!xs_audit_counts(a, &v))
		printf("domain %u (%s): %s, %s\n", d->domid, d->name,
		       xs_domain_state(d->flags, state, sizeof(state)), v.buf);
	print_since(d);
	xs_buf_reset(&v);
	if (!xs_explain_verdict(e, &v))
		printf("verdict: %s\n", v.buf);
	for (size_t i = 0; i < e->nr_groups; i++)
		print_group(e, &e->groups[i]);
	xs_buf_reset(&v);
	if (a->orphan_refs && !xs_audit_orphans(a, &v))
		printf("%s* %s%s\n", xs_color(stdout, XS_COLOR_RED), v.buf,
		       xs_color(stdout, XS_COLOR_NONE));
	xs_buf_release(&v);
	print_sharing(e, o);
	if (!o->pages) {
		if (a->held_pages || a->unexplained_pages)
			printf("(--pages lists the pages and their references)\n");
		return;
	}
	printf("\npages:\n");
	for (size_t i = 0; i < e->nr_held; i++)
		print_page(e, &e->held[i]);
}
