/* SPDX-License-Identifier: MIT */
/*
 * Shared pages (memory sharing): what XENSCOPE_OP_COW reports of them, the
 * invariants Xen's sharing code keeps on each, and the words for both.
 *
 * A shared page belongs to dom_cow, not to any domain that maps it; its
 * reverse map (rmap) lists the (domain, gfn) pairs that do.  Each pair
 * holds one general and one type reference (get_page_and_type() with
 * PGT_shared_page in nominate_page(), share_pages(), add_to_physmap()),
 * PGC_allocated one more general reference.  A page whose counts, owner,
 * type or rmap say otherwise breaks a rule; each rule is worded after the
 * code in xen/arch/x86/mm/mem_sharing.c that keeps it.
 */
#ifndef XENSCOPE_SHARING_H
#define XENSCOPE_SHARING_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include <xenscope.h>

#include "xenscope/core/exit.h"

struct xs_target;
struct xs_buf;

/* The rules a shared page can break (bits of xs_shared_page.broken). */
enum xs_shr_rule {
	XS_SHR_OWNER = 1U << 0,	      /* owner is not dom_cow */
	XS_SHR_TYPE = 1U << 1,	      /* type is not PGT_shared_page */
	XS_SHR_TYPE_COUNT = 1U << 2,  /* type count != rmap pairs */
	XS_SHR_COUNT = 1U << 3,	      /* general count != 1 + rmap pairs */
	XS_SHR_ALLOCATED = 1U << 4,   /* PGC_allocated clear */
	XS_SHR_M2P = 1U << 5,	      /* m2p entry is not SHARED_M2P_ENTRY */
	XS_SHR_UNLOCKED = 1U << 6,    /* the sharing lock cannot be taken */
	XS_SHR_NO_INFO = 1U << 7,     /* no page_sharing_info */
	XS_SHR_EMPTY = 1U << 8,	      /* the rmap is empty */
	XS_SHR_NOT_IN_RMAP = 1U << 9, /* the walked domain's gfn is not in it */
};
#define XS_SHR_RULES 10

/* One shared page: its PAGE record and the SHARER records that followed. */
struct xs_shared_page {
	struct xenscope_cow page;
	struct xenscope_cow *sharers;
	size_t nr_listed;
	uint32_t broken; /* enum xs_shr_rule bits, from xs_sharing_check() */
};

/* The shared pages of one walk: a domain's shared gfns, or dom_cow's pages. */
struct xs_sharing {
	uint32_t domid; /* the walked domain, or XENSCOPE_DOMID_COW */
	bool available; /* false: the target cannot report shared pages */
	struct xenscope_info layout; /* with available: to decode the page words */
	struct xs_shared_page *v;
	size_t nr, alloc;
	size_t nr_broken; /* pages breaking a rule */
};

/*
 * Group a record stream into pages: every SHARER record must follow its
 * PAGE (same mfn), in order, no more than the page counted.  -EPROTO with
 * a message otherwise.  Appends to @out.
 */
int xs_sharing_add_records(struct xs_sharing *out, const struct xenscope_cow *recs, size_t nr);

/*
 * Read and check the shared pages of @domid (a domain, or XENSCOPE_DOMID_COW)
 * from @t, live or from a snapshot.  A target that cannot report them (a
 * hypervisor without XENSCOPE_INFO_FEAT_COW, a PV or dying domain, a
 * snapshot without the section) leaves @out empty with available false and
 * returns 0 without a message.  Release @out after use, also on failure.
 */
int xs_sharing_read(struct xs_target *t, uint32_t domid, struct xs_sharing *out);
/*
 * Can @t (whose info is @info) report @domid's shared pages: a snapshot
 * with the section, or a hypervisor with XENSCOPE_OP_COW and a domain under
 * HAP, not dying, with gfns in some page's rmap (shr_pages), or
 * XENSCOPE_DOMID_COW?  No message either way.
 */
bool xs_sharing_reportable(struct xs_target *t, uint32_t domid, const struct xenscope_info *info);
void xs_sharing_release(struct xs_sharing *s);

/*
 * The rules @p breaks, given the page_info layout @layout; @domain_walk
 * when the records came from a domain's p2m (the domain's own gfn must be
 * in the rmap).
 */
uint32_t xs_sharing_check(const struct xenscope_info *layout, const struct xs_shared_page *p,
			  bool domain_walk);
/* Set every page's broken bits and the count of pages breaking a rule. */
void xs_sharing_check_all(const struct xenscope_info *layout, struct xs_sharing *s);

/*
 * A page of a domain's own list whose type is shared: a nomination that
 * failed after get_page_and_type(PGT_shared_page) and did not put the type
 * back (page_make_sharable()), since a page that was shared belongs to
 * dom_cow.  @owner is the audited domain.
 */
bool xs_sharing_leftover(const struct xenscope_info *layout, const struct xenscope_page *p,
			 uint16_t owner);

/* XS_EXIT_OK no shared page, _EXPECTED shared pages, _SUSPICIOUS one breaks a rule. */
enum xs_exit xs_sharing_status(const struct xs_sharing *s);
/* Why a target has no shared pages to report, for the error line. */
const char *xs_sharing_unavailable(void);

/* Words (report.c), appended to @out. */
/* "shared by domains 3 (gfn 0x1200) and 5 (gfn 0x88), handle 17". */
int xs_shared_page_words(const struct xs_shared_page *p, struct xs_buf *out);
/* Rule @rule broken by @p, in the words of Xen's sharing code. */
int xs_shared_rule_words(const struct xenscope_info *layout, const struct xs_shared_page *p,
			 enum xs_shr_rule rule, struct xs_buf *out);
/* "256 gfns map 256 shared pages of dom_cow, none breaking a rule". */
int xs_sharing_summary(const struct xs_sharing *s, struct xs_buf *out);
/* The seed's leftover: "type reference left by a failed nomination ...". */
int xs_leftover_words(const struct xenscope_info *layout, const struct xenscope_page *p,
		      struct xs_buf *out);
/* JSON name of a rule ("type_count"). */
const char *xs_shr_rule_name(enum xs_shr_rule rule);

#endif
