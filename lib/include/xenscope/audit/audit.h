/* SPDX-License-Identifier: MIT */
/*
 * Reference audit: join a domain's page records with the reference records
 * that explain them.  For every page, unexplained = count - sum(general) and
 * unexplained_type = type count - sum(type); non-zero means references no
 * walker accounted for (or accounted twice).
 *
 * Pages are streamed: only the refs are kept in memory, so the cost is
 * proportional to the references, not to the size of the domain.
 */
#ifndef XENSCOPE_AUDIT_H
#define XENSCOPE_AUDIT_H

#include <stdint.h>

#include <xenscope.h>

#include "xenscope/target/target.h"

struct xs_audit_page {
	const struct xenscope_info *layout; /* to decode the page words */
	const struct xenscope_page *page;
	const struct xenscope_ref *refs; /* this page's refs, in walk order */
	size_t nr_refs;
	uint64_t count, type_count;	/* decoded from the page words */
	uint64_t general_sum, type_sum; /* over refs */
	int64_t unexplained, unexplained_type;
};

/* References of one kind held by one domain, over the whole audit. */
struct xs_audit_holder {
	uint16_t kind;	 /* XENSCOPE_REF_* */
	uint16_t holder; /* domid */
	uint64_t pages;	 /* distinct pages */
	uint64_t refs;	 /* records */
	uint64_t general, type;
};

struct xs_audit {
	uint32_t domid;
	struct xenscope_info layout;
	/* Sorted by mfn (stable); none (NULL, 0) after xs_explain_run() made
	 * a summary of a snapshot, keeping no pages (lib/audit/summary.c). */
	struct xenscope_ref *refs;
	size_t nr_refs, refs_alloc;
	struct xs_audit_holder *holders;
	size_t nr_holders, holders_alloc;
	uint64_t nr_pages;
	uint64_t held_pages;	    /* count or type count non-zero */
	uint64_t unexplained_pages; /* either difference non-zero */
	uint64_t orphan_refs;	    /* refs naming an mfn not among the pages */
};

typedef int (*xs_audit_page_fn)(const struct xs_audit_page *ap, void *arg);

/*
 * Audit @domid of @t, calling @fn (may be NULL) for every page in the order
 * the target returns them.  @out must be zeroed; release it after use.
 */
int xs_audit_run(struct xs_target *t, uint32_t domid, xs_audit_page_fn fn, void *arg,
		 struct xs_audit *out);
void xs_audit_release(struct xs_audit *a);

#endif
