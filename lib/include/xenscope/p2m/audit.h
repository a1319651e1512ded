/* SPDX-License-Identifier: MIT */
/*
 * Every p2m entry checked against the m2p and page ownership, with the rule
 * of migration's mfn_in_pseudophysmap() (mfn <= max_mfn, owned by the
 * domain, m2p[mfn] == pfn), one class per entry.
 */
#ifndef XENSCOPE_P2M_AUDIT_H
#define XENSCOPE_P2M_AUDIT_H

#include <stdio.h>

#include "xenscope/p2m/p2m.h"

enum xs_p2m_class {
	XS_P2M_CONSISTENT,   /* m2p agrees, the domain owns the frame */
	XS_P2M_INVALID,	     /* no frame: ballooned out or never populated */
	XS_P2M_IDENTITY,     /* Linux's 1:1 mark over a non-RAM range */
	XS_P2M_FOREIGN,	     /* another domain's frame (a grant mapped in) */
	XS_P2M_M2P_MISMATCH, /* m2p[mfn] is another pfn */
	XS_P2M_NOT_OWNED,    /* the frame is not the domain's, and nothing marks it foreign */
	XS_P2M_DUPLICATE,    /* a second pfn naming the same frame */
	XS_P2M_OUT_OF_RANGE, /* past the host's last frame */
	XS_P2M_CLASS_NR
};

/* "consistent", "invalid entry", ... and a sentence saying what it means. */
const char *xs_p2m_class_name(enum xs_p2m_class c);
const char *xs_p2m_class_meaning(enum xs_p2m_class c);
/* Whether a class is a real mismatch (exit 2) rather than expected (exit 1). */
bool xs_p2m_class_is_bug(enum xs_p2m_class c);

struct xs_p2m_finding {
	uint64_t pfn;
	uint64_t entry; /* raw */
	uint64_t m2p;	/* XS_P2M_ENTRY_INVALID: not known */
	uint64_t other_pfn; /* XS_P2M_DUPLICATE: the first pfn naming the frame */
	uint32_t owner;	    /* XS_P2M_OWNER_UNKNOWN: not known */
	uint32_t cls;	    /* enum xs_p2m_class */
};

struct xs_p2m_audit {
	uint64_t count[XS_P2M_CLASS_NR];
	struct xs_p2m_finding *v; /* every entry that is not consistent, pfn order */
	size_t nr, alloc;
	bool m2p_known, owners_known;
};

/* Audit @p (with its m2p/owner facts, if any) of domain @domid. */
int xs_p2m_audit(const struct xs_p2m *p, uint32_t domid, uint64_t max_mfn,
		 struct xs_p2m_audit *out);
void xs_p2m_audit_release(struct xs_p2m_audit *a);
/* XS_EXIT_OK, XS_EXIT_EXPECTED or XS_EXIT_SUSPICIOUS. */
int xs_p2m_audit_verdict(const struct xs_p2m_audit *a);
/* One sentence for the verdict: "p2m consistent with the m2p: 3 expected ...". */
const char *xs_p2m_verdict_text(int verdict);

/* The report: summary counts, then every finding; runs of invalid or
 * identity entries are folded into ranges. */
void xs_p2m_audit_print(FILE *f, const struct xs_p2m *p, const struct xs_p2m_audit *a,
			uint32_t domid);

#endif
