// SPDX-License-Identifier: MIT
/*
 * Who owns each frame a p2m names, from the xenscope interface's page
 * records of every domain: the hypervisor's own page_get_owner(), not a
 * guess from the m2p.  Without the interface the owners stay unknown and
 * the audit says ownership was not checked.
 */
#include <errno.h>
#include <stdlib.h>

#include "xenscope/core/common.h"
#include "xenscope/p2m/owners.h"

struct owned {
	uint64_t mfn;
	uint32_t owner;
};

struct collect {
	struct owned *v;
	size_t nr, alloc;
};

static int collect_pages(const struct xenscope_page *pages, size_t nr, void *arg)
{
	struct collect *c = arg;

	if (xs_array_grow(c->v, c->alloc, c->nr + nr) < 0)
		return xs_error(-ENOMEM, "out of memory");
	for (size_t i = 0; i < nr; i++)
		c->v[c->nr++] = (struct owned){ pages[i].mfn, pages[i].owner };
	return 0;
}

static int cmp_owned(const void *a, const void *b)
{
	const struct owned *x = a, *y = b;

	return x->mfn < y->mfn ? -1 : x->mfn > y->mfn;
}

/* Look up every pfn whose owner is still @want (NONE: not found yet); how many stay so. */
static uint64_t fill(struct xs_p2m *p, const struct collect *c, uint32_t want)
{
	uint64_t left = 0;

	for (uint64_t pfn = 0; pfn < p->nr; pfn++) {
		struct owned key = { .mfn = xs_p2m_entry_mfn(p->entry[pfn]) }, *hit;

		if (p->owner[pfn] != want)
			continue;
		hit = c->nr ? bsearch(&key, c->v, c->nr, sizeof(*c->v), cmp_owned) : NULL;
		p->owner[pfn] = hit ? hit->owner : XS_P2M_OWNER_NONE;
		/* An entry naming no frame has no owner to find. */
		left += !hit && p->entry[pfn] != XS_P2M_ENTRY_INVALID;
	}
	return left;
}

/*
 * Each domain's page records are a walk of the whole frame table, so the
 * audited domain's come first: a healthy p2m names its own frames only, and
 * the other domains are read only when some frame is not the domain's (a
 * foreign frame is then named with its owner).
 */
int xs_p2m_fill_owners(struct xs_target *t, uint32_t domid, struct xs_p2m *p)
{
	struct xs_domains doms = { 0 };
	struct collect c = { 0 };
	int ret;

	if (!xs_target_has(t, XS_OP_PAGES, domid))
		return 0;
	ret = xs_target_pages(t, domid, collect_pages, &c);
	if (ret < 0)
		goto out_free;
	p->owner = malloc(p->nr * sizeof(*p->owner) + 1);
	if (!p->owner) {
		ret = xs_error(-ENOMEM, "out of memory");
		goto out_free;
	}
	for (uint64_t pfn = 0; pfn < p->nr; pfn++)
		p->owner[pfn] = XS_P2M_OWNER_UNKNOWN;
	if (c.nr > 1)
		qsort(c.v, c.nr, sizeof(*c.v), cmp_owned);
	if (!fill(p, &c, XS_P2M_OWNER_UNKNOWN))
		goto out_free;
	c.nr = 0;
	ret = xs_target_domains(t, &doms);
	for (size_t i = 0; i < doms.nr && !ret; i++)
		if (doms.v[i].domid != domid && xs_target_has(t, XS_OP_PAGES, doms.v[i].domid))
			ret = xs_target_pages(t, doms.v[i].domid, collect_pages, &c);
	xs_domains_release(&doms);
	if (ret < 0)
		goto out_free;
	if (c.nr > 1)
		qsort(c.v, c.nr, sizeof(*c.v), cmp_owned);
	fill(p, &c, XS_P2M_OWNER_NONE);
out_free:
	free(c.v);
	return ret;
}
