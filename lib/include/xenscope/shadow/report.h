/* SPDX-License-Identifier: MIT */
/*
 * A domain's shadow tables read from a target and audited: counts per
 * verdict, and every suspicious entry with its path from the top-level
 * shadow (L4 index -> ... -> L1 index), confirmed by a re-read of its shadow
 * before it is reported.  Also the tree and one-address walks that
 * `shadowdump tables` and `shadowdump va` print.
 */
#ifndef XENSCOPE_SHADOW_REPORT_H
#define XENSCOPE_SHADOW_REPORT_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "xenscope/shadow/records.h"
#include "xenscope/shadow/verdict.h"
#include "xenscope/target/target.h"

/* What one read of a domain's shadows gave: the bytes and their decoding. */
struct xs_sh_read {
	uint8_t *raw; /* the record stream as read (what --save stores) */
	size_t len, alloc;
	struct xs_sh_set set;
};

/* Read all shadow records of @domid.  @out zeroed. */
int xs_sh_read_all(struct xs_target *t, uint32_t domid, struct xs_sh_read *out);
void xs_sh_read_release(struct xs_sh_read *r);

/* Where an entry sits: the shadows from the top down to it. */
struct xs_sh_path {
	struct {
		uint32_t level; /* level word of the shadow */
		uint64_t smfn;
		uint16_t idx; /* entry index in it */
	} step[5];
	unsigned int nr;
	bool from_top; /* step[0] is a vCPU's top-level shadow */
	bool va_known; /* from_top at L4: va is the address the entry maps */
	uint64_t va;
};

void xs_sh_path_of(const struct xs_sh_set *s, const struct xs_sh_node *n, unsigned int idx,
		   struct xs_sh_path *out);
/* "L4[0x1ff] -> L3[0x1fe] -> L2[0x0] -> L1[0x12]", into @buf. */
const char *xs_sh_path_str(const struct xs_sh_path *p, char *buf, size_t len);

struct xs_sh_finding {
	enum xs_shv verdict;
	uint64_t smfn, back, gfn; /* the shadow, the guest page, its gfn */
	uint32_t level;
	struct xenscope_sh_entry e; /* as re-read (idx valid; zeroed for S_BACK) */
	bool whole_shadow;	    /* a verdict on the shadow itself */
	struct xs_sh_path path;
	char why[192];
};

struct xs_sh_report {
	uint64_t count[XS_SHV_NR];
	uint64_t shadows, entries, rereads;
	struct xs_sh_finding *bad; /* suspicious, confirmed on re-read */
	size_t nr_bad, bad_alloc;
};

/*
 * Audit @r (read from @t): every entry judged; each suspicious one judged
 * again on a fresh read of its shadow and reported only if it still is
 * (else counted as XS_SHV_CHANGED).  @out zeroed.
 */
int xs_sh_audit(struct xs_target *t, uint32_t domid, const struct xs_sh_read *r,
		struct xs_sh_report *out);
void xs_sh_report_release(struct xs_sh_report *rep);
uint64_t xs_sh_report_expected(const struct xs_sh_report *rep); /* not same, not suspicious */

/* One translation, guest side and shadow side, level by level. */
struct xs_sh_va_step {
	unsigned int level;
	uint16_t idx;
	bool have_guest, have_shadow; /* was that side's table at hand */
	uint64_t gtable, stable;      /* guest table mfn, shadow mfn */
	uint64_t gl, sl;	      /* the entries (0 when absent) */
	enum xs_shv verdict;
	char why[192];
};

struct xs_sh_va {
	struct xs_sh_va_step step[4];
	unsigned int nr;
	bool guest_ok, shadow_ok; /* each walk reached a frame */
	uint64_t guest_gfn;	  /* the guest's translation: gfn (PV: mfn) */
	uint64_t guest_mfn;	  /* what the p2m gives for it */
	uint64_t shadow_mfn;	  /* what the shadow maps */
	const char *stop;	  /* why a walk stopped early, or NULL */
};

/* Walk @va from vCPU @vcpu's top-level shadow.  -ENOENT: no such vCPU. */
int xs_sh_va_walk(const struct xs_sh_set *s, unsigned int vcpu, uint64_t va, struct xs_sh_va *out);

#endif
