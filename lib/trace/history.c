// SPDX-License-Identifier: MIT
/*
 * Reference history of one domain from a trace: which gets on its pages
 * were never balanced by a put.  References are interchangeable, so the
 * pairing is a rule, documented in xenscope/trace.h: newest get first, and
 * the put that drops PGC_allocated belongs to the allocation.
 */
#include <errno.h>
#include <stdlib.h>
#include <string.h>

#include "xenscope/trace/trace.h"

struct collect {
	uint32_t domid;
	struct xs_trace_rec *recs;
	size_t nr, alloc;
	struct xs_trace_history *h;
};

static bool is_ref(uint32_t e)
{
	return e == XENSCOPE_TRC_GET || e == XENSCOPE_TRC_PUT || e == XENSCOPE_TRC_TYPE_GET ||
	       e == XENSCOPE_TRC_TYPE_PUT;
}

static int collect(const struct xs_trace_rec *r, void *arg)
{
	struct collect *c = arg;
	bool stage = r->event == XENSCOPE_TRC_STAGE && r->nr >= 4 && r->data[0] == c->domid;

	/* Mapping records name the page's owner second. */
	bool foreign =
		(r->event == XENSCOPE_TRC_FOREIGN_MAP || r->event == XENSCOPE_TRC_FOREIGN_UNMAP ||
		 r->event == XENSCOPE_TRC_GRANT_RELEASE) &&
		r->nr >= 4 && r->data[1] == c->domid;
	bool assign = r->event == XENSCOPE_TRC_ASSIGN && r->nr >= 5 && r->data[3] == c->domid;
	bool ref = (is_ref(r->event) || r->event == XENSCOPE_TRC_SHARE) && r->nr >= 7 &&
		   r->data[6] == c->domid;

	if (!stage && !foreign && !assign && !ref)
		return 0;
	if (xs_array_grow(c->recs, c->alloc, c->nr + 1))
		return xs_error(-ENOMEM, "out of memory");
	c->recs[c->nr++] = *r;
	return 0;
}

/* TSC order; records without a TSC and ties keep their file order. */
static int cmp_time(const void *a, const void *b)
{
	const struct xs_trace_rec *x = a, *y = b;

	if (x->has_tsc && y->has_tsc && x->tsc != y->tsc)
		return x->tsc < y->tsc ? -1 : 1;
	return x->seq < y->seq ? -1 : x->seq > y->seq;
}

static int cmp_mfn(const void *a, const void *b)
{
	const struct xs_trace_held *x = a, *y = b;

	return x->mfn < y->mfn ? -1 : x->mfn > y->mfn;
}

/* Per page while pairing: its pending gets and what is known of it. */
struct page_state {
	struct xs_trace_held held;
	size_t alloc_gets, alloc_type_gets;
	bool seen_caf, seen_taf;
	uint32_t unmap_cpu, unmap_tag; /* puts to come for a foreign unmap */
};

/*
 * The newest pending get with @tag (of an allocation, assign or share, if
 * @alloc; else of any kind), moved out; false if none.
 */
static bool pop_get(struct xs_trace_get *v, size_t *nr, uint32_t tag, bool alloc)
{
	for (size_t i = *nr; i-- > 0;) {
		if (v[i].mapper != tag || (alloc && v[i].kind == XS_TRACE_GET_REF))
			continue;
		memmove(&v[i], &v[i + 1], (*nr - i - 1) * sizeof(*v));
		(*nr)--;
		return true;
	}
	return false;
}

/* A foreign map names the mapper of the gets just taken on its CPU. */
static void tag_gets(struct page_state *p, const struct xs_trace_rec *r)
{
	struct xs_trace_held *hp = &p->held;
	uint32_t tag = r->data[0] + 1;

	if (r->event == XENSCOPE_TRC_FOREIGN_UNMAP) {
		p->unmap_cpu = r->cpu;
		p->unmap_tag = tag;
		return;
	}
	if (hp->nr_gets && hp->gets[hp->nr_gets - 1].cpu == r->cpu &&
	    !hp->gets[hp->nr_gets - 1].mapper)
		hp->gets[hp->nr_gets - 1].mapper = tag;
	if (hp->nr_type_gets && hp->type_gets[hp->nr_type_gets - 1].cpu == r->cpu &&
	    !hp->type_gets[hp->nr_type_gets - 1].mapper)
		hp->type_gets[hp->nr_type_gets - 1].mapper = tag;
}

/*
 * The pages seen, found by mfn through an open-addressing index (slot:
 * page index + 1, 0 empty): a trace of a big domain names tens of
 * thousands of pages, too many for a scan per record.
 */
struct page_index {
	struct page_state *pages;
	size_t nr, alloc;
	uint32_t *slot;
	size_t nr_slots; /* a power of two, at least twice nr */
};

static size_t slot_of(const struct page_index *x, uint64_t mfn)
{
	size_t i = (size_t)((mfn * 0x9e3779b97f4a7c15ULL) >> 32) & (x->nr_slots - 1);

	while (x->slot[i] && x->pages[x->slot[i] - 1].held.mfn != mfn)
		i = (i + 1) & (x->nr_slots - 1);
	return i;
}

static int index_grow(struct page_index *x)
{
	size_t n = x->nr_slots ? x->nr_slots * 2 : 1024;
	uint32_t *old = x->slot;
	size_t old_n = x->nr_slots;

	if (n > UINT32_MAX)
		return -ENOMEM;
	x->slot = calloc(n, sizeof(*x->slot));
	if (!x->slot) {
		x->slot = old;
		return -ENOMEM;
	}
	x->nr_slots = n;
	for (size_t i = 0; i < old_n; i++)
		if (old[i])
			x->slot[slot_of(x, x->pages[old[i] - 1].held.mfn)] = old[i];
	free(old);
	return 0;
}

static struct page_state *page_find(struct page_index *x, uint64_t mfn)
{
	size_t i;

	if ((x->nr + 1) * 2 > x->nr_slots && index_grow(x))
		return NULL;
	i = slot_of(x, mfn);
	if (x->slot[i])
		return &x->pages[x->slot[i] - 1];
	if (xs_array_grow(x->pages, x->alloc, x->nr + 1))
		return NULL;
	x->pages[x->nr] = (struct page_state){ .held.mfn = mfn };
	x->slot[i] = (uint32_t)++x->nr;
	return &x->pages[x->nr - 1];
}

static int push(struct xs_trace_get **v, size_t *nr, size_t *alloc, const struct xs_trace_rec *r,
		enum xs_trace_get_kind kind)
{
	bool assign = kind == XS_TRACE_GET_ASSIGN; /* no caller, no value */

	if (xs_array_grow(*v, *alloc, *nr + 1))
		return xs_error(-ENOMEM, "out of memory");
	(*v)[(*nr)++] = (struct xs_trace_get){
		.tsc = r->tsc,
		.seq = r->seq,
		.caller = assign ? 0 : xs_trace_u64(&r->data[4]),
		.val = assign ? 0 : xs_trace_u64(&r->data[2]),
		.cpu = r->cpu,
		.kind = kind,
	};
	return 0;
}

/* assign_pages(): every page of the run gets its allocation reference. */
static int assign(struct page_index *x, const struct xs_trace_rec *r, const struct xenscope_info *l)
{
	uint64_t mfn = xs_trace_u64(&r->data[0]);

	for (uint32_t i = 0; i < r->data[2]; i++) {
		struct page_state *p = page_find(x, mfn + i);

		if (!p)
			return xs_error(-ENOMEM, "out of memory");
		if (push(&p->held.gets, &p->held.nr_gets, &p->alloc_gets, r, XS_TRACE_GET_ASSIGN))
			return -ENOMEM;
		p->held.count_info = l->pgc_allocated | 1;
		p->seen_caf = true;
	}
	return 0;
}

/*
 * share_xen_page_with_guest(): a general reference with PGC_allocated
 * (none if the domain was dying) and a type reference no put gives back.
 */
static int share(struct page_state *p, const struct xs_trace_rec *r, const struct xenscope_info *l)
{
	struct xs_trace_held *hp = &p->held;
	uint64_t val = xs_trace_u64(&r->data[2]);

	if ((val & l->pgc_allocated) &&
	    push(&hp->gets, &hp->nr_gets, &p->alloc_gets, r, XS_TRACE_GET_SHARE))
		return -ENOMEM;
	hp->count_info = val;
	p->seen_caf = true;
	return push(&hp->type_gets, &hp->nr_type_gets, &p->alloc_type_gets, r, XS_TRACE_GET_SHARE);
}

static int pair(struct page_state *p, const struct xs_trace_rec *r, const struct xenscope_info *l,
		struct xs_trace_history *h)
{
	uint64_t val = xs_trace_u64(&r->data[2]);
	struct xs_trace_held *hp = &p->held;
	uint32_t tag = p->unmap_tag && p->unmap_cpu == r->cpu ? p->unmap_tag : 0;
	int err = 0;

	switch (r->event) {
	case XENSCOPE_TRC_SHARE:
		return share(p, r, l);
	case XENSCOPE_TRC_GET:
		err = push(&hp->gets, &hp->nr_gets, &p->alloc_gets, r, XS_TRACE_GET_REF);
		break;
	case XENSCOPE_TRC_PUT:
		if (p->seen_caf && (hp->count_info & l->pgc_allocated) &&
		    !(val & l->pgc_allocated)) {
			/* the allocation's reference: its get, if traced */
			pop_get(hp->gets, &hp->nr_gets, 0, true);
			break;
		}
		p->unmap_tag = 0; /* the general put comes last */
		if (!pop_get(hp->gets, &hp->nr_gets, tag, false))
			h->early_puts++;
		break;
	case XENSCOPE_TRC_TYPE_GET:
		err = push(&hp->type_gets, &hp->nr_type_gets, &p->alloc_type_gets, r,
			   XS_TRACE_GET_REF);
		break;
	case XENSCOPE_TRC_TYPE_PUT:
		if (p->seen_taf && (val & l->pgt_count_mask) == (hp->type_info & l->pgt_count_mask))
			break; /* partial (de)validation only: no count change */
		if (!pop_get(hp->type_gets, &hp->nr_type_gets, tag, false))
			h->early_type_puts++;
		break;
	}
	if (r->event == XENSCOPE_TRC_GET || r->event == XENSCOPE_TRC_PUT) {
		hp->count_info = val;
		p->seen_caf = true;
	} else {
		hp->type_info = val;
		p->seen_taf = true;
	}
	return err;
}

/* Keep pages still holding references that the trace saw taken. */
static int keep_held(struct page_state *pages, size_t nr, const struct xenscope_info *l,
		     struct xs_trace_history *h)
{
	h->pages = calloc(nr ? nr : 1, sizeof(*h->pages));
	if (!h->pages)
		return xs_error(-ENOMEM, "out of memory");
	for (size_t i = 0; i < nr; i++) {
		struct xs_trace_held *p = &pages[i].held;

		if (pages[i].seen_caf && !(p->count_info & l->pgc_count_mask)) {
			/*
			 * Freed: all balanced, but for the type reference of a
			 * Xen heap share, which stays until Xen frees the page.
			 */
			size_t k = 0;

			for (size_t j = 0; j < p->nr_type_gets; j++)
				if (p->type_gets[j].kind == XS_TRACE_GET_SHARE)
					p->type_gets[k++] = p->type_gets[j];
			p->nr_gets = 0;
			p->nr_type_gets = k;
		}
		if (pages[i].seen_taf && !(p->type_info & l->pgt_count_mask))
			p->nr_type_gets = 0;
		if (p->nr_gets || p->nr_type_gets) {
			h->pages[h->nr_pages++] = *p;
		} else {
			free(p->gets);
			free(p->type_gets);
		}
	}
	qsort(h->pages, h->nr_pages, sizeof(*h->pages), cmp_mfn);
	return 0;
}

int xs_trace_history_build(const void *buf, size_t len, uint32_t domid,
			   const struct xenscope_info *layout, struct xs_trace_history *out)
{
	struct collect c = { .domid = domid, .h = out };
	struct page_index x = { 0 };
	size_t alloc_stages = 0;
	int err;

	*out = (struct xs_trace_history){ .domid = domid };
	err = xs_trace_stats(buf, len, &out->stats);
	if (!err)
		err = xs_trace_walk(buf, len, collect, &c);
	if (err)
		goto out_free;
	if (c.nr)
		qsort(c.recs, c.nr, sizeof(*c.recs), cmp_time);
	for (size_t i = 0; !err && i < c.nr; i++) {
		const struct xs_trace_rec *r = &c.recs[i];
		struct page_state *p;

		if (r->event == XENSCOPE_TRC_STAGE) {
			bool seen = false;

			for (size_t j = 0; j < out->nr_stages; j++)
				seen |= out->stages[j].data[1] == r->data[1];
			if (seen)
				continue;
			if (xs_array_grow(out->stages, alloc_stages, out->nr_stages + 1)) {
				err = xs_error(-ENOMEM, "out of memory");
				break;
			}
			out->stages[out->nr_stages++] = *r;
			continue;
		}
		if (r->event == XENSCOPE_TRC_GRANT_RELEASE) {
			out->grant_releases++;
			continue;
		}
		if (r->event == XENSCOPE_TRC_ASSIGN) {
			out->nr_records++;
			err = assign(&x, r, layout);
			continue;
		}
		if (!is_ref(r->event) && r->event != XENSCOPE_TRC_SHARE) {
			p = page_find(&x, xs_trace_u64(&r->data[2]));
			if (!p)
				err = xs_error(-ENOMEM, "out of memory");
			else
				tag_gets(p, r);
			continue;
		}
		out->nr_records++;
		p = page_find(&x, xs_trace_u64(&r->data[0]));
		err = p ? pair(p, r, layout, out) : xs_error(-ENOMEM, "out of memory");
	}
	if (!err)
		err = keep_held(x.pages, x.nr, layout, out);
	else
		for (size_t i = 0; i < x.nr; i++) {
			free(x.pages[i].held.gets);
			free(x.pages[i].held.type_gets);
		}
out_free:
	free(x.slot);
	free(x.pages);
	free(c.recs);
	if (err)
		xs_trace_history_release(out);
	return err;
}

void xs_trace_history_release(struct xs_trace_history *h)
{
	for (size_t i = 0; i < h->nr_pages; i++) {
		free(h->pages[i].gets);
		free(h->pages[i].type_gets);
	}
	free(h->pages);
	free(h->stages);
	*h = (struct xs_trace_history){ 0 };
}
