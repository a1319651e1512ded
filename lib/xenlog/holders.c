// SPDX-License-Identifier: MIT
/* A page's words and holders now, for Xen's page messages (xenlog/holders.h). */
#include <errno.h>
#include <inttypes.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "xenscope/audit/audit.h"
#include "xenscope/core/buf.h"
#include "xenscope/core/json.h"
#include "xenscope/core/pageinfo.h"
#include "xenscope/xenlog/holders.h"

struct page_now {
	uint64_t mfn, caf, taf;
	int64_t unexplained, unexplained_type;
};

struct dom_audit {
	uint32_t domid;
	int err;
	struct xs_audit a;
	struct page_now *pages; /* sorted by mfn */
	size_t nr_pages, pages_alloc;
};

struct xs_xenlog_holders {
	struct xs_target *t;
	struct xs_domains doms;
	struct dom_audit *v;
	size_t nr, alloc;
};

int xs_xenlog_holders_open(struct xs_target *t, struct xs_xenlog_holders **out)
{
	struct xs_xenlog_holders *h = calloc(1, sizeof(*h));
	int err;

	if (!h)
		return xs_error(-ENOMEM, "out of memory");
	h->t = t;
	err = xs_target_domains(t, &h->doms);
	if (err) {
		free(h);
		return err;
	}
	*out = h;
	return 0;
}

void xs_xenlog_holders_close(struct xs_xenlog_holders *h)
{
	if (!h)
		return;
	for (size_t i = 0; i < h->nr; i++) {
		xs_audit_release(&h->v[i].a);
		free(h->v[i].pages);
	}
	free(h->v);
	xs_domains_release(&h->doms);
	free(h);
}

static int keep_page(const struct xs_audit_page *ap, void *arg)
{
	struct dom_audit *d = arg;

	if (xs_array_grow(d->pages, d->pages_alloc, d->nr_pages + 1))
		return xs_error(-ENOMEM, "out of memory");
	d->pages[d->nr_pages++] =
		(struct page_now){ ap->page->mfn, ap->page->count_info, ap->page->type_info,
				   ap->unexplained, ap->unexplained_type };
	return 0;
}

static int by_mfn(const void *a, const void *b)
{
	const struct page_now *x = a, *y = b;

	return x->mfn < y->mfn ? -1 : x->mfn > y->mfn;
}

static struct dom_audit *audit_of(struct xs_xenlog_holders *h, uint32_t domid)
{
	struct dom_audit *d;

	for (size_t i = 0; i < h->nr; i++)
		if (h->v[i].domid == domid)
			return &h->v[i];
	if (xs_array_grow(h->v, h->alloc, h->nr + 1))
		return NULL;
	d = &h->v[h->nr++];
	memset(d, 0, sizeof(*d));
	d->domid = domid;
	d->err = xs_audit_run(h->t, domid, keep_page, d, &d->a);
	if (!d->err && d->nr_pages)
		qsort(d->pages, d->nr_pages, sizeof(*d->pages), by_mfn);
	return d;
}

static bool listed(const struct xs_xenlog_holders *h, uint32_t domid)
{
	for (size_t i = 0; i < h->doms.nr; i++)
		if (h->doms.v[i].domid == domid)
			return true;
	return false;
}

int xs_xenlog_holders_describe(struct xs_xenlog_holders *h, uint32_t domid, uint64_t mfn, char *buf,
			       size_t len)
{
	struct page_now key = { .mfn = mfn }, *p;
	char words[XS_PAGEINFO_STRLEN];
	struct dom_audit *d;
	struct xs_fixbuf o;

	if (!len)
		return 0;
	xs_fixbuf_init(&o, buf, len);
	if (!listed(h, domid)) {
		xs_fixbuf_addf(&o, "now: d%u is gone", domid);
		return 0;
	}
	d = audit_of(h, domid);
	if (!d)
		return xs_error(-ENOMEM, "out of memory");
	if (d->err) {
		xs_fixbuf_addf(&o, "now: d%u could not be audited", domid);
		return d->err;
	}
	p = d->nr_pages ? bsearch(&key, d->pages, d->nr_pages, sizeof(*p), by_mfn) : NULL;
	if (!p) {
		xs_fixbuf_addf(&o, "now: no longer a page of d%u", domid);
		return 0;
	}
	xs_fixbuf_addf(&o, "now %s; held by",
		       xs_pageinfo_format(&d->a.layout, p->caf, p->taf, words, sizeof(words)));
	{
		size_t n = 0;

		for (size_t i = 0; i < d->a.nr_refs; i++) {
			const struct xenscope_ref *r = &d->a.refs[i];
			const char *kind = xs_ref_kind_name(r->kind);

			if (r->mfn != mfn)
				continue;
			xs_fixbuf_addf(&o, "%s d%u %s %u", n++ ? "," : "", r->holder,
				       kind ? kind : "?", r->general);
			if (r->type)
				xs_fixbuf_addf(&o, "+%ut", r->type);
		}
		if (!n)
			xs_fixbuf_addf(&o, " nothing");
	}
	if (p->unexplained || p->unexplained_type) {
		xs_fixbuf_addf(&o, "; unexplained %" PRId64 " general, %" PRId64 " type",
			       p->unexplained, p->unexplained_type);
		return 1;
	}
	return 0;
}
