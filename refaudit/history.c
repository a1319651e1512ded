// SPDX-License-Identifier: MIT
/*
 * --history: for each page of the domain still held, the gets the trace
 * shows were never balanced by a put, with their call sites, newest last.
 * The trace comes from --trace FILE or from the snapshot's .xs.trace.D
 * section; call sites are symbolized with --syms FILE (default
 * $XS_XEN_SYMS), refused if its build id is not the hypervisor's.
 */
#include <errno.h>
#include <inttypes.h>
#include <stdio.h>
#include <stdlib.h>

#include "xenscope/core/pageinfo.h"
#include "xenscope/snap/snap.h"
#include "xenscope/symbolize/symbolize.h"
#include "xenscope/trace/trace.h"

#include "trace.h"

static int open_syms(const struct opts *o, const struct xenscope_info *info, struct xs_syms **out)
{
	const char *path = o->syms ? o->syms : getenv("XS_XEN_SYMS");
	int err;

	*out = NULL;
	if (!path || !*path)
		return 0; /* raw addresses */
	err = xs_syms_open(path, out);
	if (!err && info->build_id_len) {
		err = xs_syms_check_build_id(*out, info->build_id, info->build_id_len);
		if (err) {
			xs_syms_close(*out);
			*out = NULL;
		}
	}
	return err;
}

static void print_stages(const struct xs_trace_history *h)
{
	char name[64];

	if (h->nr_stages)
		printf("destruction stages:\n");
	for (size_t i = 0; i < h->nr_stages; i++) {
		const struct xs_trace_rec *r = &h->stages[i];

		printf("  cpu%-2u tsc %-16" PRIu64 " %-34s pages %u\n", r->cpu, r->tsc,
		       xs_trace_stage_name(r->data[1], name, sizeof(name)), r->data[2]);
	}
}

/*
 * @what[kind]: how a reference of each kind is named.  An assign_pages()
 * record has no call site: it stands for the page's allocation.
 */
static void print_gets(const char *const what[3], const struct xs_trace_get *g, size_t nr,
		       const struct xs_syms *syms)
{
	char where[XS_SYM_STRLEN];

	for (size_t i = 0; i < nr; i++) {
		if (g[i].kind == XS_TRACE_GET_ASSIGN)
			snprintf(where, sizeof(where), "assign_pages (allocated)");
		else if (syms)
			xs_syms_format(syms, g[i].caller, where, sizeof(where));
		else
			snprintf(where, sizeof(where), "%#" PRIx64, g[i].caller);
		printf("    %-8s cpu%-2u tsc %-16" PRIu64 " %s", what[g[i].kind], g[i].cpu,
		       g[i].tsc, where);
		if (g[i].mapper)
			printf("  [foreign map by d%u]", g[i].mapper - 1);
		putchar('\n');
	}
}

static void print_history(const struct xs_domain *d, const struct xs_trace_history *h,
			  const struct xenscope_info *layout, const struct xs_syms *syms)
{
	static const char *const gets[] = { "get", "assign", "share" };
	static const char *const type_gets[] = { "type_get", "assign", "type_shr" };

	char dec[XS_PAGEINFO_STRLEN];

	printf("domain %u (%s): trace of %" PRIu64 " records, %" PRIu64
	       " reference records of this domain, %" PRIu64 " lost\n",
	       d->domid, d->name, h->stats.records, h->nr_records, h->stats.lost);
	print_stages(h);
	if (h->grant_releases)
		printf("grant mappings of its pages released by their dying mapper: %" PRIu64 "\n",
		       h->grant_releases);
	if (!h->nr_pages) {
		printf("no held page has an unbalanced get in the trace\n");
		return;
	}
	printf("held pages with unbalanced gets (newest last):\n");
	for (size_t i = 0; i < h->nr_pages; i++) {
		const struct xs_trace_held *p = &h->pages[i];

		printf("  mfn %#" PRIx64 "  %s\n", p->mfn,
		       xs_pageinfo_format(layout, p->count_info, p->type_info, dec, sizeof(dec)));
		print_gets(gets, p->gets, p->nr_gets, syms);
		print_gets(type_gets, p->type_gets, p->nr_type_gets, syms);
	}
	printf("%zu pages; %" PRIu64 " puts and %" PRIu64 " type puts of references taken "
	       "before the trace started\n",
	       h->nr_pages, h->early_puts, h->early_type_puts);
}

int refaudit_history(struct xs_target *t, const struct xs_domain *d, const struct opts *o)
{
	struct xenscope_info info, layout;
	struct xs_trace_history h;
	struct xs_syms *syms = NULL;
	const void *blob;
	char *buf = NULL;
	size_t len;
	int err, ret = XS_EXIT_TARGET;

	if (xs_target_info(t, &info) || xs_layout_resolve(&info, &layout))
		return XS_EXIT_TARGET;
	if (o->trace) {
		if (refaudit_trace_load(o->trace, &buf, &len))
			return XS_EXIT_TARGET;
		blob = buf;
	} else if ((err = xs_snap_blob(t, XS_SNAP_TRACE, d->domid, &blob, &len))) {
		if (err == -ENOENT)
			xs_error(err,
				 "no trace of domain %u in %s (record one with --arm, or give "
				 "--trace FILE)",
				 d->domid, xs_target_name(t));
		return XS_EXIT_TARGET;
	}
	if (open_syms(o, &info, &syms))
		goto out_free;
	if (xs_trace_history_build(blob, len, d->domid, &layout, &h))
		goto out_syms;
	print_history(d, &h, &layout, syms);
	ret = h.nr_pages ? XS_EXIT_EXPECTED : XS_EXIT_OK;
	xs_trace_history_release(&h);
out_syms:
	xs_syms_close(syms);
out_free:
	free(buf);
	return ret;
}
