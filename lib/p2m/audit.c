// SPDX-License-Identifier: MIT
/*
 * Classifying p2m entries.  The order of the tests is the order in which
 * one explanation excludes the next: no frame at all, Linux's own marks,
 * the host's range, ownership, then the m2p, then sharing of one frame by
 * two pfns.
 */
#include <errno.h>
#include <stdlib.h>
#include <string.h>

#include "xenscope/core/common.h"
#include "xenscope/core/exit.h"
#include "xenscope/p2m/audit.h"
#include "xenscope/p2m/hvm.h"

static const struct {
	const char *name, *meaning;
	bool bug;
} classes[XS_P2M_CLASS_NR] = {
	[XS_P2M_CONSISTENT] = { "consistent", "m2p[mfn] == pfn and the domain owns the frame",
				false },
	[XS_P2M_INVALID] = { "invalid entry",
			     "no frame (INVALID_P2M_ENTRY): ballooned out or never populated",
			     false },
	[XS_P2M_IDENTITY] = { "identity", "Linux's 1:1 mark (IDENTITY_FRAME_BIT) over non-RAM",
			      false },
	[XS_P2M_FOREIGN] = { "foreign frame",
			     "another domain's frame, marked foreign (a grant mapped into the p2m); "
			     "such a guest cannot migrate while it is there",
			     false },
	[XS_P2M_M2P_MISMATCH] = { "m2p mismatch",
				  "the m2p says the frame is another pfn of the domain", true },
	[XS_P2M_NOT_OWNED] = { "not owned",
			       "the frame is not the domain's and the entry does not mark it "
			       "foreign",
			       true },
	[XS_P2M_DUPLICATE] = { "duplicate mfn", "two pfns name the same frame", true },
	[XS_P2M_OUT_OF_RANGE] = { "out of range", "the frame is past the host's last frame",
				  true },
};

const char *xs_p2m_class_name(enum xs_p2m_class c)
{
	return c < XS_P2M_CLASS_NR ? classes[c].name : "?";
}

const char *xs_p2m_class_meaning(enum xs_p2m_class c)
{
	return c < XS_P2M_CLASS_NR ? classes[c].meaning : "?";
}

bool xs_p2m_class_is_bug(enum xs_p2m_class c)
{
	return c < XS_P2M_CLASS_NR && classes[c].bug;
}

void xs_p2m_audit_release(struct xs_p2m_audit *a)
{
	free(a->v);
	memset(a, 0, sizeof(*a));
}

static enum xs_p2m_class classify(const struct xs_p2m *p, uint64_t pfn, uint32_t domid,
				  uint64_t max_mfn)
{
	uint64_t e = p->entry[pfn], mfn = xs_p2m_entry_mfn(e);
	uint32_t owner = p->owner ? p->owner[pfn] : XS_P2M_OWNER_UNKNOWN;

	if (e == XS_P2M_ENTRY_INVALID || mfn == xs_p2m_entry_mfn(XS_P2M_ENTRY_INVALID))
		return XS_P2M_INVALID;
	if (e & XS_P2M_IDENTITY_BIT)
		return XS_P2M_IDENTITY;
	if (mfn > max_mfn)
		return XS_P2M_OUT_OF_RANGE;
	if (owner == XS_P2M_OWNER_NONE)
		return XS_P2M_NOT_OWNED;
	if (owner != XS_P2M_OWNER_UNKNOWN && owner != domid)
		return (e & XS_P2M_FOREIGN_BIT) || (p->type && xs_p2m_type_foreign(p->type[pfn]))
			       ? XS_P2M_FOREIGN
			       : XS_P2M_NOT_OWNED;
	if (p->m2p && p->m2p[pfn] != pfn)
		return XS_P2M_M2P_MISMATCH;
	return XS_P2M_CONSISTENT;
}

struct mfn_pfn {
	uint64_t mfn, pfn;
};

static int cmp_mfn_pfn(const void *a, const void *b)
{
	const struct mfn_pfn *x = a, *y = b;

	if (x->mfn != y->mfn)
		return x->mfn < y->mfn ? -1 : 1;
	return x->pfn < y->pfn ? -1 : x->pfn > y->pfn;
}

static int cmp_finding(const void *a, const void *b)
{
	const struct xs_p2m_finding *x = a, *y = b;

	return x->pfn < y->pfn ? -1 : x->pfn > y->pfn;
}

static int add_finding(struct xs_p2m_audit *a, const struct xs_p2m *p, uint64_t pfn,
		       enum xs_p2m_class c, uint64_t other)
{
	if (xs_array_grow(a->v, a->alloc, a->nr + 1) < 0)
		return xs_error(-ENOMEM, "out of memory");
	a->v[a->nr++] = (struct xs_p2m_finding){
		.pfn = pfn,
		.entry = p->entry[pfn],
		.m2p = p->m2p ? p->m2p[pfn] : XS_P2M_ENTRY_INVALID,
		.other_pfn = other,
		.owner = p->owner ? p->owner[pfn] : XS_P2M_OWNER_UNKNOWN,
		.cls = c,
	};
	return 0;
}

/*
 * Frames named twice.  Only entries that passed every other test take part:
 * a frame the domain does not own is wrong already, whoever else names it.
 */
static int find_duplicates(const struct xs_p2m *p, struct xs_p2m_audit *a, const uint8_t *cls)
{
	struct mfn_pfn *v;
	size_t n = 0;
	int ret = 0;

	v = malloc((size_t)a->count[XS_P2M_CONSISTENT] * sizeof(*v) + 1);
	if (!v)
		return xs_error(-ENOMEM, "out of memory");
	for (uint64_t pfn = 0; pfn < p->nr; pfn++)
		if (cls[pfn] == XS_P2M_CONSISTENT)
			v[n++] = (struct mfn_pfn){ xs_p2m_entry_mfn(p->entry[pfn]), pfn };
	if (n > 1)
		qsort(v, n, sizeof(*v), cmp_mfn_pfn);
	for (size_t i = 1; i < n && !ret; i++)
		if (v[i].mfn == v[i - 1].mfn) {
			size_t first = i - 1;

			while (first > 0 && v[first - 1].mfn == v[i].mfn)
				first--;
			a->count[XS_P2M_CONSISTENT]--;
			a->count[XS_P2M_DUPLICATE]++;
			ret = add_finding(a, p, v[i].pfn, XS_P2M_DUPLICATE, v[first].pfn);
		}
	free(v);
	return ret;
}

int xs_p2m_audit(const struct xs_p2m *p, uint32_t domid, uint64_t max_mfn,
		 struct xs_p2m_audit *out)
{
	uint8_t *cls;
	int ret = 0;

	memset(out, 0, sizeof(*out));
	out->m2p_known = p->m2p != NULL;
	out->owners_known = p->owner != NULL;
	cls = malloc(p->nr + 1);
	if (!cls)
		return xs_error(-ENOMEM, "out of memory");
	for (uint64_t pfn = 0; pfn < p->nr && !ret; pfn++) {
		enum xs_p2m_class c;

		/* hvm: holes and MMIO are not the domain's memory. */
		cls[pfn] = XS_P2M_CLASS_NR;
		if (p->type && !xs_p2m_type_audited(p->type[pfn]))
			continue;
		c = classify(p, pfn, domid, max_mfn);
		cls[pfn] = (uint8_t)c;
		out->count[c]++;
		if (c != XS_P2M_CONSISTENT)
			ret = add_finding(out, p, pfn, c, 0);
	}
	if (!ret)
		ret = find_duplicates(p, out, cls);
	free(cls);
	if (ret < 0) {
		xs_p2m_audit_release(out);
		return ret;
	}
	if (out->nr > 1)
		qsort(out->v, out->nr, sizeof(*out->v), cmp_finding);
	return 0;
}

int xs_p2m_audit_verdict(const struct xs_p2m_audit *a)
{
	int verdict = XS_EXIT_OK;

	for (int c = 0; c < XS_P2M_CLASS_NR; c++) {
		if (c == XS_P2M_CONSISTENT || !a->count[c])
			continue;
		if (classes[c].bug)
			return XS_EXIT_SUSPICIOUS;
		verdict = XS_EXIT_EXPECTED;
	}
	return verdict;
}

const char *xs_p2m_verdict_text(int verdict)
{
	switch (verdict) {
	case XS_EXIT_OK:
		return "every entry consistent with the m2p";
	case XS_EXIT_EXPECTED:
		return "consistent but for expected entries (invalid, identity, foreign)";
	default:
		return "real mismatches: the p2m and the m2p or the owners disagree";
	}
}
