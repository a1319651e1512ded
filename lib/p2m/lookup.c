// SPDX-License-Identifier: MIT
/*
 * One frame or one guest frame, looked up from both sides: the guest's p2m
 * and the hypervisor's page record (owner, the gfn Xen's m2p gives, counts
 * and type).  Each answer says which side said what, so a disagreement is
 * visible in the line itself.
 */
#include <errno.h>
#include <inttypes.h>
#include <stdio.h>
#include <string.h>

#include "xenscope/core/common.h"
#include "xenscope/core/exit.h"
#include "xenscope/core/pageinfo.h"
#include "xenscope/p2m/audit.h"
#include "xenscope/p2m/hvm.h"
#include "xenscope/p2m/lookup.h"
#include "xenscope/p2m/target.h"

struct find_page {
	uint64_t mfn;
	struct xenscope_page page;
	bool found;
};

static int find_page_fn(const struct xenscope_page *pages, size_t nr, void *arg)
{
	struct find_page *f = arg;

	for (size_t i = 0; i < nr; i++)
		if (pages[i].mfn == f->mfn) {
			f->page = pages[i];
			f->found = true;
			return 1; /* stop the walk */
		}
	return 0;
}

/* The page record of @mfn from any domain @t can list; false if none. */
static bool page_of(struct xs_target *t, uint64_t mfn, struct xenscope_page *out)
{
	struct xs_domains doms = { 0 };
	struct find_page f = { .mfn = mfn };

	if (xs_target_domains(t, &doms) < 0)
		return false;
	for (size_t i = 0; i < doms.nr && !f.found; i++)
		if (xs_target_has(t, XS_OP_PAGES, doms.v[i].domid))
			xs_target_pages(t, doms.v[i].domid, find_page_fn, &f);
	xs_domains_release(&doms);
	if (f.found)
		*out = f.page;
	return f.found;
}

static void print_page(FILE *f, struct xs_target *t, const struct xenscope_page *pg)
{
	struct xenscope_info info, layout;
	char buf[XS_PAGEINFO_STRLEN];

	fprintf(f, "  hypervisor: mfn %#" PRIx64 " owned by d%u", pg->mfn, pg->owner);
	if (pg->flags & XENSCOPE_PAGE_GFN_VALID)
		fprintf(f, ", gfn %#" PRIx64 " by Xen's m2p", pg->gfn);
	if (xs_target_info(t, &info) == 0 && xs_layout_resolve(&info, &layout) == 0)
		fprintf(f, "\n  page: %s",
			xs_pageinfo_format(&layout, pg->count_info, pg->type_info, buf, sizeof(buf)));
	fputc('\n', f);
}

int xs_p2m_lookup_gfn(struct xs_target *t, uint32_t domid, uint64_t gfn, FILE *f)
{
	struct xs_p2m p;
	struct xs_p2m_audit a;
	struct xenscope_page pg;
	uint64_t max_mfn, mfn;
	int ret, cls = XS_P2M_CONSISTENT;

	ret = xs_p2m_read_target(t, domid, 10, &p, &max_mfn);
	if (ret < 0)
		return ret;
	if (gfn >= p.nr) {
		ret = xs_error(-ERANGE, "gfn %#" PRIx64 " is past the end of domain %" PRIu32
					"'s p2m (%" PRIu64 " entries)",
			       gfn, domid, p.nr);
		goto out_release;
	}
	ret = xs_p2m_audit(&p, domid, max_mfn, &a);
	if (ret < 0)
		goto out_release;
	for (size_t i = 0; i < a.nr; i++)
		if (a.v[i].pfn == gfn)
			cls = (int)a.v[i].cls;
	/* hvm: a hole or MMIO is no frame of the domain's memory. */
	if (p.type && !xs_p2m_type_audited(p.type[gfn]))
		cls = XS_P2M_INVALID;
	mfn = xs_p2m_entry_mfn(p.entry[gfn]);
	fprintf(f, "domain %" PRIu32 " gfn %#" PRIx64 ": p2m entry %#" PRIx64 ", %s\n", domid, gfn,
		p.entry[gfn], xs_p2m_class_name(cls));
	if (p.type)
		fprintf(f, "  p2m type %s (Xen's p2m)\n", xs_p2m_type_name(p.type[gfn]));
	if (p.m2p)
		fprintf(f, "  m2p: mfn %#" PRIx64 " -> pfn %#" PRIx64 "\n", mfn, p.m2p[gfn]);
	if (cls != XS_P2M_INVALID && page_of(t, mfn, &pg))
		print_page(f, t, &pg);
	ret = xs_p2m_class_is_bug(cls)	       ? XS_EXIT_SUSPICIOUS
	      : cls == XS_P2M_CONSISTENT ? XS_EXIT_OK
					 : XS_EXIT_EXPECTED;
	xs_p2m_audit_release(&a);
out_release:
	xs_p2m_release(&p);
	return ret;
}

int xs_p2m_lookup_mfn(struct xs_target *t, uint64_t mfn, FILE *f)
{
	struct xenscope_page pg;
	struct xs_p2m p;
	uint64_t max_mfn;
	int ret;

	if (!page_of(t, mfn, &pg)) {
		fprintf(f, "mfn %#" PRIx64 ": on no domain's page list that %s can read\n", mfn,
			xs_target_name(t));
		return XS_EXIT_EXPECTED;
	}
	fprintf(f, "mfn %#" PRIx64 ":\n", mfn);
	print_page(f, t, &pg);
	if (!(pg.flags & XENSCOPE_PAGE_GFN_VALID))
		return XS_EXIT_OK;
	/* Confirm from the guest's side where the guest publishes its p2m. */
	ret = xs_p2m_read_target(t, pg.owner, 10, &p, &max_mfn);
	if (ret < 0) {
		fprintf(f, "  p2m: not read (see above), so the gfn is not confirmed\n");
		return XS_EXIT_OK;
	}
	if (pg.gfn < p.nr && xs_p2m_entry_mfn(p.entry[pg.gfn]) == mfn) {
		fprintf(f, "  p2m: d%u's p2m[%#" PRIx64 "] is %#" PRIx64 ": confirmed\n", pg.owner,
			pg.gfn, p.entry[pg.gfn]);
		ret = XS_EXIT_OK;
	} else {
		fprintf(f, "  p2m: d%u's p2m[%#" PRIx64 "] is %#" PRIx64 ", not this frame: "
			   "m2p mismatch\n",
			pg.owner, pg.gfn, pg.gfn < p.nr ? p.entry[pg.gfn] : XS_P2M_ENTRY_INVALID);
		ret = XS_EXIT_SUSPICIOUS;
	}
	xs_p2m_release(&p);
	return ret;
}

void xs_p2m_print_entries(FILE *f, const struct xs_p2m *p)
{
	/* hvm: Xen's entries, a superpage as one line. */
	for (size_t i = 0; i < p->nr_rec; i++) {
		const struct xenscope_p2m *r = &p->rec[i];

		fprintf(f, "gfn=0x%" PRIx64 "-0x%" PRIx64 " ==> ", r->gfn, r->gfn + r->nr - 1);
		if (r->mfn == XENSCOPE_P2M_NO_MFN)
			fputs("mfn=none", f);
		else
			fprintf(f, "mfn=0x%" PRIx64, r->mfn);
		fprintf(f, " type=%s access=%s order=%u%s\n", xs_p2m_type_name(r->type),
			xs_p2m_access_name(r->access), r->order,
			r->order == 18	? " (1G superpage)"
			: r->order == 9 ? " (2M superpage)"
					: "");
	}
	if (p->format == XS_P2M_FORMAT_HVM)
		return;
	for (uint64_t pfn = 0; pfn < p->nr; pfn++)
		fprintf(f, "pfn=0x%" PRIx64 " ==> mfn=0x%" PRIx64 "\n", pfn, p->entry[pfn]);
}
