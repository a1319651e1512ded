// SPDX-License-Identifier: MIT
/*
 * The summary of a snapshot's domain (refaudit without --pages) in a few
 * sequential passes, without sorting the references.  The general path
 * (audit.c) sorts every reference by mfn so that each page finds its own;
 * a 64 GiB zombie's 20 M references in the hypervisor's order cost most of
 * its time there, and a gigabyte copy.  What the summary shows needs less:
 * per page only the balance of its counts against its references and
 * which classes of holder it has, per group sums over references.  So:
 *
 *   pages   (one pass, here)  8 bytes of state per page, its counts to be
 *           paid off by its references; found by mfn directly when the
 *           pages fill at least half their span of mfns, else through a
 *           directory (a bit per mfn, the pages before each word of 64);
 *   refs    (one pass, here)  each reference finds its page, pays off its
 *           counts, marks its class (kind, holder) on the page and counts
 *           in its group where it lies;
 *   state   (one pass, summary-count.c)  per page: held, unexplained; the
 *           distinct pages of holders and groups counted by each page's
 *           set of classes.
 *
 * A PV L1 entry of another domain counts with grants when that domain also
 * grant-maps the page: for those the grants are first marked per mfn (one
 * more pass over the references, only when such entries exist).
 *
 * Results are the general path's, field for field; holders come in the
 * order it meets them (lowest page, then kind, then holder).  Anything
 * this path does not cover hands over to the general one.
 */
#include <errno.h>
#include <stdalign.h>
#include <stdlib.h>
#include <string.h>

#include "xenscope/core/pageinfo.h"
#include "xenscope/snap/snap.h"

#include "explain-int.h"
#include "summary.h"

/*
 * Records read are let go of a batch at a time (a private file mapping
 * reads them back the same), so that memory is the state, not the file.
 */
#define FORGET_BATCH ((size_t)1 << 17)

static void forget(const struct sum *s, const void *recs, size_t size, size_t i, bool last)
{
	const unsigned char *p = recs;

	if (last)
		xs_snap_blob_forget(s->t, p + (i - i % FORGET_BATCH) * size,
				    i % FORGET_BATCH * size);
	else if (i && !(i % FORGET_BATCH))
		xs_snap_blob_forget(s->t, p + (i - FORGET_BATCH) * size, FORGET_BATCH * size);
}

/* The records where they lie in the snapshot's mapping, if aligned. */
static const void *section(struct xs_target *t, enum xs_snap_kind kind, uint32_t domid,
			   size_t recsize, size_t align, size_t *nr)
{
	const void *data;
	size_t len;

	if (xs_snap_blob(t, kind, domid, &data, &len) || (uintptr_t)data % align)
		return NULL;
	*nr = len / recsize;
	return data;
}

/*
 * The pages' state, and how a reference finds its page: when the pages
 * fill at least half of their span of mfns, state is kept per mfn and the
 * mfn is the index (one random read per reference, not two); else
 * through the directory.  1 if pages are not in strict mfn order.
 */
static int read_pages(struct sum *s)
{
	const struct xenscope_info *l = &s->e->audit.layout;
	size_t words, next = 0;

	s->lo = s->pages[0].mfn;
	if (s->pages[s->nr_pages - 1].mfn < s->lo || s->nr_pages > UINT32_MAX)
		return 1;
	s->span = s->pages[s->nr_pages - 1].mfn - s->lo + 1;
	words = (size_t)((s->span - 1) / 64 + 1);
	s->dense = s->span / 2 <= s->nr_pages;
	s->nr_state = s->dense ? (size_t)s->span : s->nr_pages;
	/* A sparse domain would make the directory big: not this path's case. */
	if (words > s->nr_pages + ((size_t)1 << 20))
		return 1;
	if (!s->dense)
		s->dir = calloc(words, sizeof(*s->dir));
	s->ps = malloc(s->nr_state * sizeof(*s->ps));
	if ((!s->dense && !s->dir) || !s->ps)
		return 1;
	for (size_t i = 0; i < s->nr_pages; i++) {
		const struct xenscope_page *p = &s->pages[i];
		uint64_t off = p->mfn - s->lo, count, type;

		if (i + 256 < s->nr_pages)
			__builtin_prefetch(&s->pages[i + 256]);
		forget(s, s->pages, sizeof(*p), i, false);
		if (i && p->mfn <= p[-1].mfn)
			return 1;
		if (s->dense) {
			for (; next < off; next++)
				s->ps[next] = (struct page_state){ 0 };
			next = off + 1;
		} else {
			for (; next <= off / 64; next++)
				s->dir[next].rank = i;
			s->dir[off / 64].bits |= (uint64_t)1 << (off % 64);
		}
		count = xs_caf_count(l, p->count_info);
		type = xs_taf_count(l, p->type_info);
		if (count > INT16_MAX || type > INT16_MAX)
			return 1;
		s->ps[s->dense ? off : i] = (struct page_state){
			.general = (int16_t)count,
			.type = (int16_t)type,
			.classes = PAGE | (count || type ? HELD : 0),
		};
	}
	forget(s, s->pages, sizeof(*s->pages), s->nr_pages, true);
	return 0;
}

static int find_granter(const struct sum *s, uint16_t holder)
{
	for (unsigned int i = 0; i < s->nr_granters; i++)
		if (s->granter[i] == holder)
			return (int)i;
	return -1;
}

/* Mark, per mfn and granting domain, the pages with a GRANT reference. */
static int scan_grants(struct sum *s)
{
	size_t words = (size_t)((s->span - 1) / 64 + 1);
	int last = -1;

	s->scanned = true;
	for (size_t i = 0; i < s->nr_refs; i++) {
		const struct xenscope_ref *r = &s->refs[i];
		uint64_t off = r->mfn - s->lo;

		if (i + 256 < s->nr_refs)
			__builtin_prefetch(&s->refs[i + 256]);
		forget(s, s->refs, sizeof(*r), i, false);
		if (r->kind != XENSCOPE_REF_GRANT || off >= s->span)
			continue;
		if (last < 0 || s->granter[last] != r->holder)
			last = find_granter(s, r->holder);
		if (last < 0) {
			if (s->nr_granters == MAX_GRANTERS)
				return 1;
			s->granted[s->nr_granters] = calloc(words, sizeof(uint64_t));
			if (!s->granted[s->nr_granters])
				return 1;
			s->granter[s->nr_granters] = r->holder;
			last = (int)s->nr_granters++;
		}
		s->granted[last][off / 64] |= (uint64_t)1 << (off % 64);
	}
	forget(s, s->refs, sizeof(*s->refs), s->nr_refs, true);
	for (unsigned int c = 0; c < s->nr_cls; c++)
		s->cls[c].granter = find_granter(s, s->cls[c].holder);
	return 0;
}

/* The class of @r, added if new; -1 past MAX_CLASSES. */
static int add_class(struct sum *s, const struct xenscope_ref *r, bool gnttab)
{
	struct xenscope_ref pair[2] = { *r, { .kind = XENSCOPE_REF_GRANT, .holder = r->holder } };
	struct ref_class *c;
	unsigned int k;

	if (s->nr_cls == MAX_CLASSES)
		return -1;
	for (k = 0; k < s->nr_keys; k++)
		if (s->keys[k].kind == r->kind && s->keys[k].holder == r->holder)
			break;
	if (k == s->nr_keys)
		s->keys[s->nr_keys++] = (struct holder_key){ .kind = r->kind,
							     .holder = r->holder,
							     .first = UINT64_MAX };
	c = &s->cls[s->nr_cls];
	*c = (struct ref_class){ .kind = r->kind,
				 .holder = r->holder,
				 .gnttab = gnttab,
				 .cause = xs_classify_ref(pair, 1, r, s->domid),
				 .granted_cause = xs_classify_ref(pair, 2, r, s->domid),
				 .group = -1,
				 .granted_group = -1,
				 .key = k,
				 .granter = s->scanned ? find_granter(s, r->holder) : -1 };
	c->ambiguous = c->cause != c->granted_cause;
	return (int)s->nr_cls++;
}

/* The group @r of class @c at directory offset @off counts in; -1 out of memory. */
static int ref_group(struct sum *s, struct ref_class *c, uint64_t off)
{
	bool granted = false;
	int *g;

	if (c->ambiguous) {
		if (!s->scanned && scan_grants(s))
			return -1;
		granted = c->granter >= 0 && (s->granted[c->granter][off / 64] >> (off % 64) & 1);
	}
	g = granted ? &c->granted_group : &c->group;
	if (*g < 0)
		*g = xs_group_index(s->e, granted ? c->granted_cause : c->cause, c->holder);
	return *g;
}

/* Bits set in @x, inline (a baseline x86-64 build calls out for popcount). */
static inline uint64_t bits_set(uint64_t x)
{
	x -= (x >> 1) & 0x5555555555555555ULL;
	x = (x & 0x3333333333333333ULL) + ((x >> 2) & 0x3333333333333333ULL);
	x = (x + (x >> 4)) & 0x0f0f0f0f0f0f0f0fULL;
	return (x * 0x0101010101010101ULL) >> 56;
}

/*
 * The state index of @mfn, or UINT64_MAX if no page has it (dense: if
 * no page can, the state says whether one does).
 */
static uint64_t page_index(const struct sum *s, uint64_t mfn)
{
	uint64_t off = mfn - s->lo, bit;
	const struct dir_word *w;

	if (off >= s->span || s->dense)
		return off >= s->span ? UINT64_MAX : off;
	w = &s->dir[off / 64];
	bit = (uint64_t)1 << (off % 64);
	if (!(w->bits & bit))
		return UINT64_MAX;
	return w->rank + bits_set(w->bits & (bit - 1));
}

/*
 * References come in no order of their pages: each one's directory word
 * and page state are cache (and TLB) misses.  The word is fetched 2 AHEAD
 * references early, the index found and the state fetched AHEAD early, so
 * that many misses are under way at once.
 */
#define AHEAD 32

static void fetch_word(const struct sum *s, uint64_t mfn)
{
	uint64_t off = mfn - s->lo;

	if (off < s->span && !s->dense)
		__builtin_prefetch(&s->dir[off / 64]);
}

static int read_refs(struct sum *s)
{
	struct page_state *ps = s->ps;
	uint64_t ahead[AHEAD];
	uint16_t kind = 0, holder = 0;
	bool gnttab = false;
	int c = -1;

	for (size_t i = 0; i < 2 * AHEAD && i < s->nr_refs; i++)
		fetch_word(s, s->refs[i].mfn);
	for (size_t i = 0; i < AHEAD && i < s->nr_refs; i++) {
		ahead[i] = page_index(s, s->refs[i].mfn);
		if (ahead[i] != UINT64_MAX)
			__builtin_prefetch(&ps[ahead[i]], 1);
	}
	for (size_t i = 0; i < s->nr_refs; i++) {
		const struct xenscope_ref *r = &s->refs[i];
		uint64_t off = r->mfn - s->lo, idx = ahead[i % AHEAD];
		struct holder_key *k;
		struct page_state *p;
		int64_t general, type;
		bool gt = r->kind == XENSCOPE_REF_PV_L1 && (r->flags & XENSCOPE_REFF_GNTTAB);
		int g;

		if (i + 8 * AHEAD < s->nr_refs)
			__builtin_prefetch(&s->refs[i + 8 * AHEAD]);
		forget(s, s->refs, sizeof(*r), i, false);
		if (i + 2 * AHEAD < s->nr_refs)
			fetch_word(s, s->refs[i + 2 * AHEAD].mfn);
		if (i + AHEAD < s->nr_refs) {
			uint64_t next = page_index(s, s->refs[i + AHEAD].mfn);

			ahead[i % AHEAD] = next;
			if (next != UINT64_MAX)
				__builtin_prefetch(&ps[next], 1);
		}
		if (idx == UINT64_MAX || !(ps[idx].classes & PAGE)) {
			s->orphans++;
			continue;
		}
		if (c < 0 || r->kind != kind || r->holder != holder || gt != gnttab) {
			for (c = 0; c < (int)s->nr_cls; c++)
				if (s->cls[c].kind == r->kind && s->cls[c].holder == r->holder &&
				    s->cls[c].gnttab == gt)
					break;
			if (c == (int)s->nr_cls && (c = add_class(s, r, gt)) < 0)
				return 1;
			kind = r->kind, holder = r->holder, gnttab = gt;
		}
		p = &ps[idx];
		general = (int64_t)p->general - r->general;
		type = (int64_t)p->type - r->type;
		if (general < INT16_MIN || type < INT16_MIN)
			return 1;
		p->general = (int16_t)general;
		p->type = (int16_t)type;
		p->classes |= (uint32_t)1 << c;
		k = &s->keys[s->cls[c].key];
		k->refs++;
		k->general += r->general;
		k->type += r->type;
		k->first = idx < k->first ? idx : k->first;
		if (r->kind == XENSCOPE_REF_INJECTED)
			continue; /* counted with the page's unexplained references */
		g = ref_group(s, &s->cls[c], off);
		if (g < 0)
			return 1;
		g = xs_group_add_ref(&s->e->groups[g], r);
		if (g)
			return g; /* out of memory, reported */
	}
	forget(s, s->refs, sizeof(*s->refs), s->nr_refs, true);
	return 0;
}

/* Back to how @e was before: no groups, no holders. */
static void undo(struct xs_explain *e)
{
	for (size_t i = 0; i < e->nr_groups; i++) {
		free(e->groups[i].grant_refs);
		free(e->groups[i].vias);
	}
	free(e->groups);
	free(e->audit.holders);
	e->groups = NULL;
	e->nr_groups = e->groups_alloc = 0;
	e->audit.holders = NULL;
	e->audit.nr_holders = e->audit.holders_alloc = 0;
}

int xs_explain_summary(struct xs_target *t, uint32_t domid, struct xs_explain *e)
{
	struct sum s = { .t = t, .e = e, .domid = domid, .unexplained_group = -1 };
	int ret;

	if (e->nr_groups || e->audit.nr_holders)
		return 1;
	s.pages = section(t, XS_SNAP_PAGES, domid, sizeof(*s.pages), alignof(struct xenscope_page),
			  &s.nr_pages);
	s.refs = section(t, XS_SNAP_REFS, domid, sizeof(*s.refs), alignof(struct xenscope_ref),
			 &s.nr_refs);
	if (!s.pages || !s.refs || !s.nr_pages)
		return 1;
	ret = xs_audit_layout(t, domid, &e->audit);
	if (ret)
		return ret;
	ret = read_pages(&s);
	if (!ret)
		ret = read_refs(&s);
	if (!ret)
		ret = xs_summary_read_state(&s);
	if (!ret)
		ret = xs_summary_count_sets(&s);
	if (!ret)
		ret = xs_summary_fill_audit(&s);
	if (ret)
		undo(e);
	for (unsigned int i = 0; i < s.nr_granters; i++)
		free(s.granted[i]);
	free(s.masks);
	free(s.ps);
	free(s.dir);
	return ret;
}
