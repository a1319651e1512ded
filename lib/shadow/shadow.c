// SPDX-License-Identifier: MIT
/*
 * Shadows of a domain from its audit records (see xenscope/shadow.h): one
 * item per SHADOW reference while the pages stream by, then sorted by
 * shadow mfn and merged, so memory stays proportional to the references.
 */
#include <errno.h>
#include <inttypes.h>
#include <stdlib.h>

#include "xenscope/audit/audit.h"
#include "xenscope/core/buf.h"
#include "xenscope/shadow/shadow.h"

struct collect {
	uint32_t domid;
	struct xs_shadows *s;
};

static int add(struct xs_shadows *s, const struct xs_shadow *sh)
{
	if (xs_array_grow(s->v, s->alloc, s->nr + 1))
		return xs_error(-ENOMEM, "out of memory");
	s->v[s->nr++] = *sh;
	return 0;
}

static int collect_page(const struct xs_audit_page *ap, void *arg)
{
	const struct collect *c = arg;
	const struct xenscope_page *pg = ap->page;
	uint64_t gfn = pg->flags & XENSCOPE_PAGE_GFN_VALID ? pg->gfn : XS_SHADOW_NO_MFN;

	for (size_t i = 0; i < ap->nr_refs; i++) {
		const struct xenscope_ref *r = &ap->refs[i];
		bool back = r->flags & XENSCOPE_REFF_BACKPTR;
		int err;

		/* Another domain's shadows mapping this page are its business. */
		if (r->kind != XENSCOPE_REF_SHADOW || r->holder != c->domid)
			continue;
		err = add(c->s, &(struct xs_shadow){
					.smfn = r->via,
					.gmfn = back ? r->mfn : XS_SHADOW_NO_MFN,
					.gfn = back ? gfn : XS_SHADOW_NO_MFN,
					.level = back ? r->aux : 0,
					.entries = !back,
				});
		if (err)
			return err;
	}
	return 0;
}

static int cmp_smfn(const void *a, const void *b)
{
	const struct xs_shadow *x = a, *y = b;

	return x->smfn < y->smfn ? -1 : x->smfn > y->smfn;
}

static enum xs_shadow_class classify(const struct xs_shadow *sh)
{
	unsigned int level = sh->level & XENSCOPE_SH_LEVEL_MASK;

	if (sh->gmfn == XS_SHADOW_NO_MFN)
		return XS_SHADOW_FL1;
	if (sh->level & XENSCOPE_SH_FL1)
		return XS_SHADOW_FL1;
	if (level >= 1 && level <= 4)
		return XS_SHADOW_L1 + (level - 1);
	return XS_SHADOW_UNKNOWN;
}

/* Fold the items of one shadow (its back pointer, its entries) into one. */
static void merge(struct xs_shadows *s)
{
	size_t out = 0;

	for (size_t i = 0; i < s->nr; i++) {
		struct xs_shadow *cur = out ? &s->v[out - 1] : NULL;
		const struct xs_shadow *it = &s->v[i];

		if (!cur || cur->smfn != it->smfn) {
			s->v[out++] = *it;
			continue;
		}
		cur->entries += it->entries;
		if (it->gmfn != XS_SHADOW_NO_MFN) {
			cur->gmfn = it->gmfn;
			cur->gfn = it->gfn;
			cur->level = it->level;
		}
	}
	s->nr = out;
	for (size_t i = 0; i < s->nr; i++) {
		s->v[i].cls = classify(&s->v[i]);
		s->by_level[s->v[i].cls]++;
		s->entries += s->v[i].entries;
	}
}

int xs_shadows_collect(struct xs_target *t, uint32_t domid, struct xs_shadows *out)
{
	struct collect c = { .domid = domid, .s = out };
	struct xs_audit a = { 0 };
	int err;

	err = xs_audit_run(t, domid, collect_page, &c, &a);
	xs_audit_release(&a);
	if (err)
		return err;
	if (out->nr)
		qsort(out->v, out->nr, sizeof(*out->v), cmp_smfn);
	merge(out);
	return 0;
}

void xs_shadows_release(struct xs_shadows *s)
{
	free(s->v);
	*s = (struct xs_shadows){ 0 };
}

const char *xs_shadow_class_name(enum xs_shadow_class c)
{
	static const char *const names[] = {
		[XS_SHADOW_L1] = "l1", [XS_SHADOW_L2] = "l2",	[XS_SHADOW_L3] = "l3",
		[XS_SHADOW_L4] = "l4", [XS_SHADOW_FL1] = "fl1", [XS_SHADOW_UNKNOWN] = "unknown",
	};

	return (unsigned int)c < XS_ARRAY_SIZE(names) ? names[c] : "unknown";
}

int xs_shadows_summary(const struct xs_shadows *s, struct xs_buf *out)
{
	if (!s->nr)
		return xs_buf_addstr(out, "no shadows: not shadow-paged, or none yet");
	return xs_buf_addf(out, "%zu shadow page%s, %" PRIu64 " L1 entr%s", s->nr,
			   s->nr == 1 ? "" : "s", s->entries, s->entries == 1 ? "y" : "ies");
}
