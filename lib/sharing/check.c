// SPDX-License-Identifier: MIT
/*
 * The invariants of a shared page, as Xen 4.17's sharing code keeps them
 * (xen/arch/x86/mm/mem_sharing.c): what nominate_page(), share_pages(),
 * add_to_physmap() and __mem_sharing_unshare_page() leave behind, and
 * what its own audit() checks.  A rule is only checked from facts the
 * record has: a page read without its sharing lock has no rmap to count.
 */
#include "xenscope/core/pageinfo.h"
#include "xenscope/sharing/sharing.h"

uint32_t xs_sharing_check(const struct xenscope_info *layout, const struct xs_shared_page *p,
			  bool domain_walk)
{
	const struct xenscope_cow *r = &p->page;
	uint32_t broken = 0;
	struct xs_caf caf;
	struct xs_taf taf;

	xs_caf_decode(layout, r->count_info, &caf);
	xs_taf_decode(layout, r->type_info, &taf);
	/* page_make_sharable(): page_set_owner(page, dom_cow). */
	if (r->domid != XENSCOPE_DOMID_COW)
		broken |= XS_SHR_OWNER;
	/* get_page_and_type(page, d, PGT_shared_page). */
	if (taf.type != XS_PGT_SHARED)
		broken |= XS_SHR_TYPE;
	if (!caf.allocated)
		broken |= XS_SHR_ALLOCATED;
	if (r->flags & XENSCOPE_COWF_UNLOCKED) {
		/* mem_sharing_page_lock() fails: not validated, or no type count. */
		return broken | XS_SHR_UNLOCKED;
	}
	/* nominate_page(): set_gpfn_from_mfn(mfn, SHARED_M2P_ENTRY). */
	if (!(r->flags & XENSCOPE_COWF_M2P_SHARED))
		broken |= XS_SHR_M2P;
	/* A missing page_sharing_info is only news when owner and type are right. */
	if (r->flags & XENSCOPE_COWF_NO_INFO)
		return broken | ((broken & (XS_SHR_OWNER | XS_SHR_TYPE)) ? 0 : XS_SHR_NO_INFO);
	if (!r->nr_sharers)
		broken |= XS_SHR_EMPTY;
	if (!(r->flags & XENSCOPE_COWF_MORE)) {
		/* One type reference per rmap pair: audit()'s "Mismatched counts". */
		if (taf.count != r->nr_sharers)
			broken |= XS_SHR_TYPE_COUNT;
		/* PGC_allocated's reference and one general reference per pair. */
		if (caf.count != (uint64_t)r->nr_sharers + (caf.allocated ? 1 : 0))
			broken |= XS_SHR_COUNT;
	}
	if (domain_walk && !(r->flags & XENSCOPE_COWF_IN_RMAP))
		broken |= XS_SHR_NOT_IN_RMAP;
	return broken;
}

void xs_sharing_check_all(const struct xenscope_info *layout, struct xs_sharing *s)
{
	bool domain_walk = s->domid != XENSCOPE_DOMID_COW;

	s->nr_broken = 0;
	for (size_t i = 0; i < s->nr; i++) {
		s->v[i].broken = xs_sharing_check(layout, &s->v[i], domain_walk);
		s->nr_broken += s->v[i].broken != 0;
	}
}

bool xs_sharing_leftover(const struct xenscope_info *layout, const struct xenscope_page *p,
			 uint16_t owner)
{
	struct xs_taf taf;

	xs_taf_decode(layout, p->type_info, &taf);
	return taf.type == XS_PGT_SHARED && taf.count && p->owner == owner &&
	       owner != XENSCOPE_DOMID_COW;
}
