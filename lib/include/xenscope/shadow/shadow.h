/* SPDX-License-Identifier: MIT */
/*
 * A domain's shadow page tables, as the page-reference audit sees them.
 *
 * The hypervisor does not export shadows as such: it reports the references
 * they hold.  Every shadow but an FL1 one holds a general reference on the
 * guest page table it shadows (a SHADOW ref with XENSCOPE_REFF_BACKPTR: mfn
 * the guest table, via the shadow, aux its level); every present entry of
 * an L1 or FL1 shadow holds one on the page it maps (a SHADOW ref without
 * the flag: via the shadow, slot the entry).  This file joins the two into
 * one record per shadow page.
 */
#ifndef XENSCOPE_SHADOW_H
#define XENSCOPE_SHADOW_H

#include <stdint.h>

#include "xenscope/target/target.h"

#define XS_SHADOW_NO_MFN UINT64_MAX

/* Rows of struct xs_shadows.by_level. */
enum xs_shadow_class {
	XS_SHADOW_L1,
	XS_SHADOW_L2,
	XS_SHADOW_L3,
	XS_SHADOW_L4,
	/*
	 * Maps pages but shadows no guest table: an FL1 shadow (the L1 the
	 * shadow code makes for a guest superpage), or a further page of a
	 * multi-page L1 shadow of a 32-bit guest.
	 */
	XS_SHADOW_FL1,
	XS_SHADOW_UNKNOWN, /* a level this tool does not know */
	XS_SHADOW_NR_CLASSES,
};

struct xs_shadow {
	uint64_t smfn;	  /* the shadow page */
	uint64_t gmfn;	  /* guest page table it shadows, or XS_SHADOW_NO_MFN */
	uint64_t gfn;	  /* its gfn, or XS_SHADOW_NO_MFN */
	uint32_t level;	  /* XENSCOPE_SH_* encoding, 0 without a back pointer */
	uint32_t entries; /* present entries referencing the domain's pages */
	enum xs_shadow_class cls;
};

struct xs_shadows {
	struct xs_shadow *v; /* sorted by smfn */
	size_t nr, alloc;
	uint64_t by_level[XS_SHADOW_NR_CLASSES];
	uint64_t entries; /* over all shadows */
};

/* Collect the shadows of @domid from @t's audit records.  @out zeroed. */
int xs_shadows_collect(struct xs_target *t, uint32_t domid, struct xs_shadows *out);
void xs_shadows_release(struct xs_shadows *s);

/*
 * In a few words, appended to @out: "7 shadow pages, 4 L1 entries", or
 * for none what that means ("no shadows: not shadow-paged, or none yet").
 */
struct xs_buf;
int xs_shadows_summary(const struct xs_shadows *s, struct xs_buf *out);

/* "l1".."l4", "fl1", "unknown". */
const char *xs_shadow_class_name(enum xs_shadow_class c);

#endif
