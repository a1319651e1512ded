// SPDX-License-Identifier: MIT
/*
 * The words for a recognised Xen page message: which page, whose, and its
 * count_info/type_info decoded (xenscope/core/pageinfo.h), so that a line
 * pasted into a bug report says what the hex means.
 */
#include <stdio.h>

#include "xenscope/core/buf.h"
#include "xenscope/core/common.h"
#include "xenscope/core/pageinfo.h"
#include "xenscope/xenlog/xenlog.h"

/* get_gpfn_from_mfn()'s answers that are not gfns (INVALID_M2P_ENTRY, SHARED_M2P_ENTRY). */
#define M2P_INVALID (~(uint64_t)0)
#define M2P_SHARED (~(uint64_t)0 - 1)

static void put_words(struct xs_fixbuf *o, const struct xenscope_info *l,
		      const struct xs_xenlog_line *x)
{
	char c[XS_PAGEINFO_STRLEN], t[XS_PAGEINFO_STRLEN];

	xs_fixbuf_addf(o, "%s | %s", xs_caf_format(l, x->caf, c, sizeof(c)),
		       xs_taf_format(l, x->taf, t, sizeof(t)));
}

static void put_mfn(struct xs_fixbuf *o, const struct xs_xenlog_line *x)
{
	xs_fixbuf_addf(o, "mfn %#llx", (unsigned long long)x->mfn);
	if (!(x->has & XS_XL_PFN))
		return;
	if (x->pfn == M2P_INVALID)
		xs_fixbuf_addf(o, " (no gfn)");
	else if (x->pfn == M2P_SHARED)
		xs_fixbuf_addf(o, " (shared)");
	else
		xs_fixbuf_addf(o, " (gfn %#llx)", (unsigned long long)x->pfn);
}

/* The type field of a type word: "l1", "writable". */
static const char *type_of(const struct xenscope_info *l, uint64_t word)
{
	return xs_pgt_type_name((unsigned int)((word & l->pgt_type_mask) >> l->pgt_type_shift));
}

/* An x86-64 PTE: the frame it maps and its flags. */
static void put_pte(struct xs_fixbuf *o, uint64_t pte)
{
	static const struct {
		uint64_t bit;
		const char *name;
	} flags[] = {
		{ 1ULL << 0, "present" }, { 1ULL << 1, "rw" },	{ 1ULL << 2, "user" },
		{ 1ULL << 3, "pwt" },	  { 1ULL << 4, "pcd" }, { 1ULL << 5, "accessed" },
		{ 1ULL << 6, "dirty" },	  { 1ULL << 7, "pat" }, { 1ULL << 8, "global" },
		{ 1ULL << 63, "nx" },
	};

	xs_fixbuf_addf(o, "pte %#llx maps mfn %#llx", (unsigned long long)pte,
		       (unsigned long long)((pte >> 12) & ((1ULL << 40) - 1)));
	for (size_t i = 0; i < XS_ARRAY_SIZE(flags); i++)
		if (pte & flags[i].bit)
			xs_fixbuf_addf(o, " %s", flags[i].name);
}

const char *xs_xenlog_annotate(const struct xenscope_info *l, const struct xs_xenlog_line *x,
			       uint32_t domain, char *buf, size_t len)
{
	struct xs_fixbuf o;
	char a[16], b[16];
	const char *dom = domain == XS_XL_DOMID_NULL ? "" : xs_xenlog_domain(domain, a, sizeof(a));

	if (!len)
		return buf;
	xs_fixbuf_init(&o, buf, len);
	switch (x->kind) {
	case XS_XENLOG_DOMPAGE:
	case XS_XENLOG_XENPAGE:
	case XS_XENLOG_EXTRAPAGE:
		xs_fixbuf_addf(&o, "%s%s%s page ", dom, *dom ? " " : "",
			       x->kind == XS_XENLOG_DOMPAGE   ? "guest"
			       : x->kind == XS_XENLOG_XENPAGE ? "xenheap"
							      : "extra");
		put_mfn(&o, x);
		xs_fixbuf_addf(&o, ": ");
		put_words(&o, l, x);
		break;
	case XS_XENLOG_GET_PAGE:
		put_mfn(&o, x);
		xs_fixbuf_addf(&o, ": %s cannot take a reference, the page belongs to %s: ",
			       xs_xenlog_domain(x->other, a, sizeof(a)),
			       xs_xenlog_domain(x->owner, b, sizeof(b)));
		put_words(&o, l, x);
		xs_fixbuf_addf(&o, " (count without the reference just dropped)");
		break;
	case XS_XENLOG_VALIDATE:
		put_mfn(&o, x);
		xs_fixbuf_addf(&o, " failed validation as %s: ", type_of(l, x->type));
		put_words(&o, l, x);
		break;
	case XS_XENLOG_BAD_VALIDATE:
		xs_fixbuf_addf(&o, "validate_page() asked for type %s: ", type_of(l, x->type));
		put_words(&o, l, x);
		break;
	case XS_XENLOG_BAD_TYPE: {
		char t[XS_PAGEINFO_STRLEN];

		put_mfn(&o, x);
		xs_fixbuf_addf(&o, " is %s, and %s was asked for",
			       xs_taf_format(l, x->taf, t, sizeof(t)), type_of(l, x->type));
		break;
	}
	case XS_XENLOG_GETTING_MFN:
		xs_fixbuf_addf(&o, "%s's L1 entry (", xs_xenlog_domain(x->other, a, sizeof(a)));
		put_pte(&o, x->pte);
		xs_fixbuf_addf(&o, "): no reference on ");
		put_mfn(&o, x);
		xs_fixbuf_addf(&o, " for page owner %s", xs_xenlog_domain(x->owner, b, sizeof(b)));
		break;
	case XS_XENLOG_STEAL:
		put_mfn(&o, x);
		xs_fixbuf_addf(&o, ": %s could not give the page away (owner %s): ",
			       xs_xenlog_domain(x->other, a, sizeof(a)),
			       xs_xenlog_domain(x->owner, b, sizeof(b)));
		put_words(&o, l, x);
		break;
	case XS_XENLOG_NONE:
	case XS_XENLOG_DOMAIN:
		break;
	}
	return buf;
}

uint32_t xs_xenlog_page_domain(const struct xs_xenlog_line *x, uint32_t domain)
{
	switch (x->kind) {
	case XS_XENLOG_DOMPAGE:
	case XS_XENLOG_XENPAGE:
	case XS_XENLOG_EXTRAPAGE:
		return domain;
	case XS_XENLOG_GET_PAGE:
	case XS_XENLOG_GETTING_MFN:
	case XS_XENLOG_STEAL:
		return x->owner;
	default:
		/* The domain whose hypercall it was, which the page is normally part of. */
		return x->has & XS_XL_VCPU ? x->vcpu_domid : XS_XL_DOMID_NULL;
	}
}
