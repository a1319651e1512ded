// SPDX-License-Identifier: MIT
/*
 * XENSCOPE_OP_COW records grouped into pages, from the live hypervisor or
 * a snapshot's .xs.cow.D section.  The stream is checked before it is
 * trusted: snapshot files come from bug reports.
 */
#include <errno.h>
#include <inttypes.h>
#include <stdlib.h>
#include <string.h>

#include "xenscope/core/common.h"
#include "xenscope/core/pageinfo.h"
#include "xenscope/sharing/sharing.h"
#include "xenscope/target/target.h"

static int add_page(struct xs_sharing *s, const struct xenscope_cow *r)
{
	if (r->flags & ~(XENSCOPE_COWF_UNLOCKED | XENSCOPE_COWF_NO_INFO | XENSCOPE_COWF_IN_RMAP |
			 XENSCOPE_COWF_MORE | XENSCOPE_COWF_M2P_SHARED))
		return xs_error(-EPROTO, "shared page %#" PRIx64 ": unknown flags %#x", r->mfn,
				r->flags);
	if (xs_array_grow(s->v, s->alloc, s->nr + 1))
		return xs_error(-ENOMEM, "out of memory");
	s->v[s->nr++] = (struct xs_shared_page){ .page = *r };
	return 0;
}

static int add_sharer(struct xs_sharing *s, const struct xenscope_cow *r)
{
	struct xs_shared_page *p = s->nr ? &s->v[s->nr - 1] : NULL;
	struct xenscope_cow *v;

	if (!p || p->page.mfn != r->mfn)
		return xs_error(-EPROTO, "sharer of page %#" PRIx64 " without its page record",
				r->mfn);
	if (r->idx != p->nr_listed || p->nr_listed >= p->page.nr_sharers ||
	    p->nr_listed >= XENSCOPE_COW_SHARERS_MAX)
		return xs_error(-EPROTO, "page %#" PRIx64 ": sharer %u out of order (of %u)",
				r->mfn, r->idx, p->page.nr_sharers);
	v = realloc(p->sharers, (p->nr_listed + 1) * sizeof(*v));
	if (!v)
		return xs_error(-ENOMEM, "out of memory");
	v[p->nr_listed++] = *r;
	p->sharers = v;
	return 0;
}

int xs_sharing_add_records(struct xs_sharing *out, const struct xenscope_cow *recs, size_t nr)
{
	int err = 0;

	for (size_t i = 0; i < nr && !err; i++) {
		if (recs[i].kind == XENSCOPE_COWR_PAGE)
			err = add_page(out, &recs[i]);
		else if (recs[i].kind == XENSCOPE_COWR_SHARER)
			err = add_sharer(out, &recs[i]);
		else
			err = xs_error(-EPROTO, "shared-page record of unknown kind %u",
				       recs[i].kind);
	}
	return err;
}

static int on_records(const struct xenscope_cow *recs, size_t nr, void *arg)
{
	return xs_sharing_add_records(arg, recs, nr);
}

bool xs_sharing_reportable(struct xs_target *t, uint32_t domid, const struct xenscope_info *info)
{
	struct xs_domains doms = { 0 };
	bool yes = false;

	if (!xs_target_has(t, XS_OP_COW, domid))
		return false;
	if (xs_target_kind(t) == XS_TARGET_SNAP)
		return true; /* the section is there */
	if (!(info->features & XENSCOPE_INFO_FEAT_COW))
		return false;
	if (domid == XENSCOPE_DOMID_COW)
		return true;
	if (xs_target_domains(t, &doms))
		return false;
	/*
	 * Xen counts each domain's (domain, gfn) pairs (shr_pages): without
	 * one, the walk of its whole p2m (seconds for a PVH guest under the
	 * software CPU) would find nothing.
	 */
	for (size_t i = 0; i < doms.nr; i++)
		if (doms.v[i].domid == domid)
			yes = (doms.v[i].flags & (XS_DOM_HAP | XS_DOM_DYING)) == XS_DOM_HAP &&
			      doms.v[i].shr_pages;
	xs_domains_release(&doms);
	return yes;
}

int xs_sharing_read(struct xs_target *t, uint32_t domid, struct xs_sharing *out)
{
	struct xenscope_info info;
	int err;

	out->domid = domid;
	err = xs_target_info(t, &info);
	if (err)
		return err;
	if (!xs_sharing_reportable(t, domid, &info))
		return 0;
	err = xs_layout_resolve(&info, &out->layout);
	if (err)
		return err;
	out->available = true;
	err = xs_target_cow(t, domid, on_records, out);
	if (err == -EBUSY) {
		/* Dying since the domain list was read: nothing to report (quietly). */
		xs_sharing_release(out);
		out->domid = domid;
		return 0;
	}
	if (!err)
		xs_sharing_check_all(&out->layout, out);
	return err;
}

void xs_sharing_release(struct xs_sharing *s)
{
	for (size_t i = 0; i < s->nr; i++)
		free(s->v[i].sharers);
	free(s->v);
	memset(s, 0, sizeof(*s));
}
