/* SPDX-License-Identifier: MIT */
/*
 * Decoding of struct page_info's count_info and type_info words.
 *
 * The bit layout is a struct xenscope_info: the hypervisor reports it
 * (XENSCOPE_OP_INFO) and snapshots store it.  The Xen 4.17 x86-64 layout is
 * built in, but only used for a hypervisor that says it is 4.17; any other
 * version without a reported layout is refused rather than guessed.
 */
#ifndef XENSCOPE_PAGEINFO_H
#define XENSCOPE_PAGEINFO_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include <xenscope.h>

/* Values of the type field (type_info & pgt_type_mask) >> pgt_type_shift. */
enum xs_pgt_type {
	XS_PGT_NONE,
	XS_PGT_L1,
	XS_PGT_L2,
	XS_PGT_L3,
	XS_PGT_L4,
	XS_PGT_SEG_DESC,
	XS_PGT_SHARED,
	XS_PGT_WRITABLE,
};

/* Fill the layout fields of @out with Xen 4.17 x86-64 (no CONFIG_PV32). */
void xs_layout_default_417(struct xenscope_info *out);

/*
 * Check that @info carries a self-consistent layout (non-zero count masks
 * made of low bits, a 3-bit type field, no overlapping flags).
 */
bool xs_layout_valid(const struct xenscope_info *info);

/*
 * The layout to decode with: @info's own when valid, the built-in 4.17 one
 * when @info has none but names Xen 4.17, otherwise -EPROTO with a message.
 */
int xs_layout_resolve(const struct xenscope_info *info, struct xenscope_info *layout);

struct xs_caf {
	bool allocated, xen_heap, page_table, broken, extra;
	const char *state; /* "inuse", "offlining", "offlined", "free" */
	uint64_t count;
	uint64_t unknown; /* bits no layout field covers */
};

struct xs_taf {
	unsigned int type; /* enum xs_pgt_type */
	bool locked, pinned, validated, pae_xen_l2, partial, non_coherent;
	uint64_t count;
	uint64_t unknown;
};

void xs_caf_decode(const struct xenscope_info *l, uint64_t caf, struct xs_caf *out);
void xs_taf_decode(const struct xenscope_info *l, uint64_t taf, struct xs_taf *out);
/* "none", "l1", ..., "writable". */
const char *xs_pgt_type_name(unsigned int type);

uint64_t xs_caf_count(const struct xenscope_info *l, uint64_t caf);
uint64_t xs_taf_count(const struct xenscope_info *l, uint64_t taf);

/* Enough for every flag name and both counts. */
#define XS_PAGEINFO_STRLEN 192

/*
 * "allocated count=2 | type=writable validated count=0".  The state is shown
 * only when not inuse, unknown bits as unknown=0x...
 */
const char *xs_pageinfo_format(const struct xenscope_info *l, uint64_t caf, uint64_t taf, char *buf,
			       size_t len);
/* Each half of it alone: "allocated count=2", "type=writable validated count=0". */
const char *xs_caf_format(const struct xenscope_info *l, uint64_t caf, char *buf, size_t len);
const char *xs_taf_format(const struct xenscope_info *l, uint64_t taf, char *buf, size_t len);

#endif
