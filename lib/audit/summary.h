/* SPDX-License-Identifier: MIT */
/* The summary's state, shared by its passes (summary.c, summary-count.c). */
#ifndef XENSCOPE_AUDIT_SUMMARY_H
#define XENSCOPE_AUDIT_SUMMARY_H

#include <stdbool.h>
#include <stdint.h>

#include "xenscope/audit/explain.h"

/* Classes (kind, holder, and a grant flag for PV L1) a page's set can name. */
#define MAX_CLASSES 30
/* Domains grant-mapping pages of the domain, marked per mfn. */
#define MAX_GRANTERS 16
/* Distinct sets of classes over the pages (a power of 2). */
#define MASK_SLOTS 4096

/* The directory: a bit per mfn of the span, and the pages before the word. */
struct dir_word {
	uint64_t bits;
	uint64_t rank;
};

/*
 * Per page: counts minus the references met so far, and their classes;
 * 8 bytes, so that the random reads of a big domain miss less.  Counts
 * beyond 16 bits are the general path's.
 */
struct page_state {
	int16_t general, type;
	uint32_t classes; /* bit c: a reference of class c; HELD, PAGE */
};

#define HELD ((uint32_t)1 << 31) /* count or type count non-zero */
#define PAGE ((uint32_t)1 << 30) /* a page (not a gap between pages, when dense) */

struct ref_class {
	uint16_t kind, holder;
	bool gnttab;	/* PV L1 flagged as a grant mapping */
	bool ambiguous; /* a grant by its holder on the page changes its cause */
	enum xs_cause cause, granted_cause;
	int group, granted_group; /* into e->groups; -1 until used */
	unsigned int key;	  /* its holder */
	int granter;		  /* ambiguous: its holder's grant marks, -1 none */
};

/* A holder as the audit lists it: kind and domain. */
struct holder_key {
	uint16_t kind, holder;
	uint64_t refs, general, type, pages;
	uint64_t first; /* lowest page index with one */
};

struct mask_slot {
	bool used;
	uint32_t mask;
	uint64_t pages;
};

struct sum {
	struct xs_target *t;
	struct xs_explain *e;
	uint32_t domid;
	const struct xenscope_page *pages;
	const struct xenscope_ref *refs;
	size_t nr_pages, nr_refs;
	uint64_t lo, span; /* mfns lo .. lo + span - 1 */
	bool dense;	   /* state per mfn of the span, no directory */
	struct dir_word *dir;
	struct page_state *ps;
	size_t nr_state;
	struct ref_class cls[MAX_CLASSES];
	struct holder_key keys[MAX_CLASSES];
	unsigned int nr_cls, nr_keys;
	bool scanned; /* the grant marks are made */
	uint16_t granter[MAX_GRANTERS];
	uint64_t *granted[MAX_GRANTERS];
	unsigned int nr_granters;
	uint64_t held, unexplained, orphans;
	int unexplained_group;
	struct mask_slot *masks;
};

/* Per page: unexplained or not, and the pages of each set of classes. */
int xs_summary_read_state(struct sum *s);
/* Distinct pages of each holder and group, from the pages' sets of classes. */
int xs_summary_count_sets(struct sum *s);
/* The audit's totals and holders, in the order the general path lists them. */
int xs_summary_fill_audit(struct sum *s);

#endif
