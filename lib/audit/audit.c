// SPDX-License-Identifier: MIT
/*
 * Join page records with reference records.  Refs are loaded and sorted by
 * (mfn, kind, holder, via, slot) (sort.c); pages are streamed and each
 * finds its refs just after the previous page's, so memory follows the
 * number of references.
 */
#include <errno.h>
#include <stdalign.h>
#include <stdlib.h>
#include <string.h>

#include "xenscope/audit/audit.h"
#include "xenscope/core/pageinfo.h"
#include "xenscope/snap/snap.h"

#include "explain-int.h"
#include "sort.h"

struct audit_ctx {
	struct xs_audit *a;
	xs_audit_page_fn fn;
	void *arg;
	unsigned char *seen; /* per ref: matched by a page */
	size_t next;	     /* first ref after the previous page's: pages usually come by mfn */
	size_t last;	     /* holder of the last ref */
};

static int load_refs(const struct xenscope_ref *r, size_t nr, void *arg)
{
	struct xs_audit *a = arg;

	if (xs_array_grow(a->refs, a->refs_alloc, a->nr_refs + nr))
		return xs_error(-ENOMEM, "out of memory for %zu references", a->nr_refs + nr);
	memcpy(a->refs + a->nr_refs, r, nr * sizeof(*r));
	a->nr_refs += nr;
	return 0;
}

/*
 * A snapshot's refs are sorted from where they lie in its mapping; other
 * targets hand batches that live only during the call, so those are copied
 * first.  Either way out->refs ends up sorted and owned.
 */
static int load_sorted(struct xs_target *t, uint32_t domid, struct xs_audit *out)
{
	const struct xenscope_ref *in;
	struct xenscope_ref *sorted;
	const void *data;
	size_t len, nr;
	int err;

	if (!xs_snap_blob(t, XS_SNAP_REFS, domid, &data, &len) &&
	    !((uintptr_t)data % alignof(struct xenscope_ref))) {
		in = data;
		nr = len / sizeof(*in);
	} else {
		err = xs_target_refs(t, domid, load_refs, out);
		if (err)
			return err;
		in = out->refs;
		nr = out->nr_refs;
	}
	err = xs_audit_sort_refs(in, nr, &sorted);
	if (err)
		return xs_error(err, "cannot sort %zu references: %s", nr,
				err == -ENOMEM ? "out of memory" : "too many");
	free(out->refs);
	out->refs = sorted;
	out->nr_refs = out->refs_alloc = nr;
	return 0;
}

/* First ref with mfn >= @mfn. */
static size_t lower_bound(const struct xs_audit *a, uint64_t mfn)
{
	size_t lo = 0, hi = a->nr_refs;

	while (lo < hi) {
		size_t mid = lo + (hi - lo) / 2;

		if (a->refs[mid].mfn < mfn)
			lo = mid + 1;
		else
			hi = mid;
	}
	return lo;
}

static int add_holder(struct audit_ctx *c, const struct xenscope_ref *r, bool new_page)
{
	struct xs_audit *a = c->a;
	struct xs_audit_holder *h = NULL;

	/* Runs of one holder are the rule: try the last one first. */
	if (c->last < a->nr_holders && a->holders[c->last].kind == r->kind &&
	    a->holders[c->last].holder == r->holder)
		h = &a->holders[c->last];
	for (size_t i = 0; !h && i < a->nr_holders; i++)
		if (a->holders[i].kind == r->kind && a->holders[i].holder == r->holder) {
			h = &a->holders[i];
			c->last = i;
		}
	if (!h) {
		if (xs_array_grow(a->holders, a->holders_alloc, a->nr_holders + 1))
			return xs_error(-ENOMEM, "out of memory");
		c->last = a->nr_holders;
		h = &a->holders[a->nr_holders++];
		*h = (struct xs_audit_holder){ .kind = r->kind, .holder = r->holder };
	}
	h->pages += new_page;
	h->refs++;
	h->general += r->general;
	h->type += r->type;
	return 0;
}

/*
 * First ref with mfn >= @mfn.  Both backends return pages in mfn order, so
 * the answer is almost always at or just after the previous one: a short
 * forward scan from there beats a binary search per page on big domains.
 */
static size_t find_first(struct audit_ctx *c, uint64_t mfn)
{
	const struct xs_audit *a = c->a;
	size_t i = c->next;

	if (i > 0 && a->refs[i - 1].mfn >= mfn)
		return lower_bound(a, mfn); /* out of order */
	for (unsigned int step = 0; i < a->nr_refs && a->refs[i].mfn < mfn; i++, step++)
		if (step == 16)
			return lower_bound(a, mfn);
	return i;
}

static int audit_one(struct audit_ctx *c, const struct xenscope_page *p)
{
	struct xs_audit *a = c->a;
	size_t first = find_first(c, p->mfn), end = first;
	struct xs_audit_page ap = { .layout = &a->layout, .page = p };
	int err;

	while (end < a->nr_refs && a->refs[end].mfn == p->mfn)
		end++;
	c->next = end;
	ap.refs = a->nr_refs ? a->refs + first : NULL;
	ap.nr_refs = end - first;
	ap.count = xs_caf_count(&a->layout, p->count_info);
	ap.type_count = xs_taf_count(&a->layout, p->type_info);
	for (size_t i = first; i < end; i++) {
		const struct xenscope_ref *r = &a->refs[i];
		/* Refs are sorted by holder within a page: a change is a new holder. */
		bool new_page = i == first || r->kind != r[-1].kind || r->holder != r[-1].holder;

		ap.general_sum += r->general;
		ap.type_sum += r->type;
		c->seen[i] = 1;
		err = add_holder(c, r, new_page);
		if (err)
			return err;
	}
	ap.unexplained = (int64_t)ap.count - (int64_t)ap.general_sum;
	ap.unexplained_type = (int64_t)ap.type_count - (int64_t)ap.type_sum;
	a->nr_pages++;
	a->held_pages += ap.count || ap.type_count;
	a->unexplained_pages += ap.unexplained || ap.unexplained_type;
	return c->fn ? c->fn(&ap, c->arg) : 0;
}

static int audit_pages(const struct xenscope_page *p, size_t nr, void *arg)
{
	for (size_t i = 0; i < nr; i++) {
		int err = audit_one(arg, &p[i]);

		if (err)
			return err;
	}
	return 0;
}

int xs_audit_layout(struct xs_target *t, uint32_t domid, struct xs_audit *out)
{
	struct xenscope_info info;
	int err = xs_target_info(t, &info);

	out->domid = domid;
	return err ? err : xs_layout_resolve(&info, &out->layout);
}

int xs_audit_run(struct xs_target *t, uint32_t domid, xs_audit_page_fn fn, void *arg,
		 struct xs_audit *out)
{
	struct audit_ctx c = { .a = out, .fn = fn, .arg = arg };
	int err = xs_audit_layout(t, domid, out);

	if (!err)
		err = load_sorted(t, domid, out);
	if (err)
		return err;
	c.seen = calloc(out->nr_refs ? out->nr_refs : 1, 1);
	if (!c.seen)
		return xs_error(-ENOMEM, "out of memory");
	err = xs_target_pages(t, domid, audit_pages, &c);
	for (size_t i = 0; i < out->nr_refs; i++)
		out->orphan_refs += !c.seen[i];
	free(c.seen);
	return err;
}

void xs_audit_release(struct xs_audit *a)
{
	free(a->refs);
	free(a->holders);
	memset(a, 0, sizeof(*a));
}
