/* SPDX-License-Identifier: MIT */
/*
 * Xen's own log lines about pages, as `xl dmesg` or a serial log shows them,
 * recognised and decoded.  The formats are Xen 4.17's printk()s:
 *
 *   debug key 'q' (arch/x86/domain.c, dump_pageframe_info()):
 *     "Memory pages belonging to domain %u:"
 *     "    DomPage %p: caf=%08lx, taf=%016lx"   (also XenPage, ExtraPage)
 *   arch/x86/mm.c:
 *     get_page():      "Error mfn %05lx: rd=%pd od=%pd caf=%08lx taf=%016lx"
 *     validate_page(): "Error while validating mfn M (pfn P) for type T: caf= taf="
 *                      "Bad type in validate_page T t=TAF c=CAF"
 *     get_page_type(): "Bad type (saw TAF != exp TYPE) for mfn M (pfn P)"
 *     get_page_from_l1e(): "Error getting mfn M (pfn P) from L1 entry PTE
 *                      for l1e_owner dA, pg_owner dB"
 *     steal_page():    "Bad steal mfn M from dA (owner dB) caf= taf="
 *
 * Whatever comes before the message ("(XEN) ", a "[  12.3]" timestamp,
 * gdprintk()'s "mm.c:2941:d1v0 ") is skipped; the vCPU a gprintk() names is
 * kept, since some messages name no domain of their own.
 */
#ifndef XENSCOPE_XENLOG_H
#define XENSCOPE_XENLOG_H

#include <stddef.h>
#include <stdint.h>

#include <xenscope.h>

enum xs_xenlog_kind {
	XS_XENLOG_NONE,		/* no line about pages */
	XS_XENLOG_DOMAIN,	/* "Memory pages belonging to domain N:" */
	XS_XENLOG_DOMPAGE,	/* 'q': a page of d->page_list */
	XS_XENLOG_XENPAGE,	/* 'q': a page of d->xenpage_list */
	XS_XENLOG_EXTRAPAGE,	/* 'q': a page of d->extra_page_list */
	XS_XENLOG_GET_PAGE,	/* get_page() refused: page not the domain's */
	XS_XENLOG_VALIDATE,	/* validate_page() failed */
	XS_XENLOG_BAD_VALIDATE, /* validate_page() asked for an unknown type */
	XS_XENLOG_BAD_TYPE,	/* get_page_type(): page already has another type */
	XS_XENLOG_GETTING_MFN,	/* get_page_from_l1e(): no reference on an L1e's page */
	XS_XENLOG_STEAL,	/* steal_page() failed */
};

/* struct xs_xenlog_line.has */
#define XS_XL_MFN (1U << 0)
#define XS_XL_PFN (1U << 1)
#define XS_XL_CAF (1U << 2)
#define XS_XL_TAF (1U << 3)
#define XS_XL_TYPE (1U << 4)  /* a requested type word */
#define XS_XL_OWNER (1U << 5) /* the page's owner (or the domain the line is about) */
#define XS_XL_OTHER (1U << 6) /* the other domain: rd, l1e_owner, steal's d */
#define XS_XL_PTE (1U << 7)
#define XS_XL_VCPU (1U << 8) /* gprintk()'s "dNvM" */

/* A %pd with no domain ("NULL") or Xen's own ("d[XEN]", ...): as DOMID_* */
#define XS_XL_DOMID_NULL 0xffffffffU

struct xs_xenlog_line {
	enum xs_xenlog_kind kind;
	unsigned int has; /* XS_XL_* */
	uint64_t mfn, pfn, caf, taf, type, pte;
	uint32_t owner, other, vcpu_domid;
};

/* Recognise @line (without its newline); NONE when it is not about pages. */
enum xs_xenlog_kind xs_xenlog_parse(const char *line, struct xs_xenlog_line *out);

/* "d5", "d[XEN]", "no domain": how Xen names @domid, in @buf (12 bytes). */
const char *xs_xenlog_domain(uint32_t domid, char *buf, size_t len);

/* Enough for any annotation, holders included. */
#define XS_XENLOG_STRLEN 512

/*
 * What @l says, decoded with @layout: "d5 page mfn 0x1234: count=1 | type=
 * writable validated count=1".  @domain is the domain of the last DOMAIN
 * line ('q' page lines name none), or XS_XL_DOMID_NULL.  Returns @buf.
 */
const char *xs_xenlog_annotate(const struct xenscope_info *layout, const struct xs_xenlog_line *l,
			       uint32_t domain, char *buf, size_t len);

/*
 * The domain whose pages @l is about (for looking its holders up), or
 * XS_XL_DOMID_NULL when the line does not say.
 */
uint32_t xs_xenlog_page_domain(const struct xs_xenlog_line *l, uint32_t domain);

#endif
