// SPDX-License-Identifier: MIT
/*
 * count_info / type_info decoding.  The built-in layout is Xen 4.17's
 * xen/arch/x86/include/asm/mm.h with BITS_PER_LONG = 64, where
 * PG_shift(idx) = 64 - idx and PG_mask(x, idx) = x << PG_shift(idx).
 */
#include <errno.h>
#include <stddef.h>
#include <stdio.h>
#include <string.h>

#include "xenscope/core/buf.h"
#include "xenscope/core/common.h"
#include "xenscope/core/pageinfo.h"

#define PG_SHIFT(idx) (64 - (idx))
#define PG_MASK(x, idx) ((uint64_t)(x) << PG_SHIFT(idx))

void xs_layout_default_417(struct xenscope_info *l)
{
	l->pgc_allocated = PG_MASK(1, 1);
	l->pgc_xen_heap = PG_MASK(1, 2);
	l->pgc_page_table = PG_MASK(1, 3);
	l->pgc_broken = PG_MASK(1, 4);
	l->pgc_state_mask = PG_MASK(3, 6);
	l->pgc_state_inuse = PG_MASK(0, 6);
	l->pgc_state_offlining = PG_MASK(1, 6);
	l->pgc_state_offlined = PG_MASK(2, 6);
	l->pgc_state_free = PG_MASK(3, 6);
	l->pgc_extra = PG_MASK(1, 7);
	l->pgc_count_mask = ((uint64_t)1 << PG_SHIFT(7)) - 1;

	l->pgt_type_mask = PG_MASK(7, 3);
	l->pgt_type_shift = PG_SHIFT(3);
	l->pgt_locked = PG_MASK(1, 4);
	l->pgt_pinned = PG_MASK(1, 5);
	l->pgt_validated = PG_MASK(1, 6);
	/* PG_mask(1, 7) only with CONFIG_PV32, which defaults to PV_SHIM (n). */
	l->pgt_pae_xen_l2 = 0;
	l->pgt_partial = PG_MASK(1, 8);
	l->pgt_non_coherent = PG_MASK(1, 9);
	l->pgt_count_mask = ((uint64_t)1 << PG_SHIFT(9)) - 1;
}

static bool is_low_mask(uint64_t m)
{
	return m && !(m & (m + 1));
}

static bool is_bit_or_zero(uint64_t m)
{
	return !(m & (m - 1));
}

/* Add @m to the bits claimed so far; false if it overlaps them. */
static bool claim(uint64_t *used, uint64_t m)
{
	if (*used & m)
		return false;
	*used |= m;
	return true;
}

bool xs_layout_valid(const struct xenscope_info *l)
{
	const uint64_t flags_c[] = { l->pgc_allocated, l->pgc_xen_heap, l->pgc_page_table,
				     l->pgc_broken, l->pgc_extra };
	const uint64_t flags_t[] = { l->pgt_locked,	l->pgt_pinned,	l->pgt_validated,
				     l->pgt_pae_xen_l2, l->pgt_partial, l->pgt_non_coherent };
	const uint64_t states[] = { l->pgc_state_inuse, l->pgc_state_offlining,
				    l->pgc_state_offlined, l->pgc_state_free };
	uint64_t used = 0;

	if (!is_low_mask(l->pgc_count_mask) || !is_low_mask(l->pgt_count_mask) || !l->pgc_allocated)
		return false;
	for (size_t i = 0; i < XS_ARRAY_SIZE(flags_c); i++)
		if (!is_bit_or_zero(flags_c[i]) || !claim(&used, flags_c[i]))
			return false;
	if (!claim(&used, l->pgc_state_mask) || !claim(&used, l->pgc_count_mask))
		return false;
	for (size_t i = 0; i < XS_ARRAY_SIZE(states); i++)
		for (size_t j = 0; j < XS_ARRAY_SIZE(states); j++)
			if ((states[i] & ~l->pgc_state_mask) ||
			    (i != j && states[i] == states[j] && l->pgc_state_mask))
				return false;

	used = 0;
	if (l->pgt_type_shift > 61 || l->pgt_type_mask != (uint64_t)7 << l->pgt_type_shift)
		return false;
	claim(&used, l->pgt_type_mask);
	for (size_t i = 0; i < XS_ARRAY_SIZE(flags_t); i++)
		if (!is_bit_or_zero(flags_t[i]) || !claim(&used, flags_t[i]))
			return false;
	return claim(&used, l->pgt_count_mask);
}

/* True when the hypervisor sent no layout at all (all layout words zero). */
static bool layout_absent(const struct xenscope_info *l)
{
	struct xenscope_info z;

	memcpy(&z, l, sizeof(z));
	memset(&z, 0, offsetof(struct xenscope_info, pgc_allocated));
	for (const unsigned char *p = (const unsigned char *)&z;
	     p < (const unsigned char *)(&z + 1); p++)
		if (*p)
			return false;
	return true;
}

int xs_layout_resolve(const struct xenscope_info *info, struct xenscope_info *layout)
{
	if (xs_layout_valid(info)) {
		*layout = *info;
		return 0;
	}
	if (!layout_absent(info))
		return xs_error(-EPROTO,
				"the page_info layout reported for Xen %u.%u is inconsistent",
				info->xen_major, info->xen_minor);
	if (info->xen_major != 4 || info->xen_minor != 17)
		return xs_error(-EPROTO,
				"no page_info layout for Xen %u.%u: none was reported and only "
				"the Xen 4.17 layout is built in",
				info->xen_major, info->xen_minor);
	*layout = *info;
	xs_layout_default_417(layout);
	return 0;
}

void xs_caf_decode(const struct xenscope_info *l, uint64_t caf, struct xs_caf *out)
{
	uint64_t state = caf & l->pgc_state_mask;
	uint64_t known = l->pgc_allocated | l->pgc_xen_heap | l->pgc_page_table | l->pgc_broken |
			 l->pgc_extra | l->pgc_state_mask | l->pgc_count_mask;

	out->allocated = caf & l->pgc_allocated;
	out->xen_heap = l->pgc_xen_heap && (caf & l->pgc_xen_heap);
	out->page_table = l->pgc_page_table && (caf & l->pgc_page_table);
	out->broken = l->pgc_broken && (caf & l->pgc_broken);
	out->extra = l->pgc_extra && (caf & l->pgc_extra);
	if (state == l->pgc_state_inuse)
		out->state = "inuse";
	else if (state == l->pgc_state_offlining)
		out->state = "offlining";
	else if (state == l->pgc_state_offlined)
		out->state = "offlined";
	else
		out->state = "free";
	out->count = caf & l->pgc_count_mask;
	out->unknown = caf & ~known;
}

void xs_taf_decode(const struct xenscope_info *l, uint64_t taf, struct xs_taf *out)
{
	uint64_t known = l->pgt_type_mask | l->pgt_locked | l->pgt_pinned | l->pgt_validated |
			 l->pgt_pae_xen_l2 | l->pgt_partial | l->pgt_non_coherent |
			 l->pgt_count_mask;

	out->type = (unsigned int)((taf & l->pgt_type_mask) >> l->pgt_type_shift);
	out->locked = l->pgt_locked && (taf & l->pgt_locked);
	out->pinned = l->pgt_pinned && (taf & l->pgt_pinned);
	out->validated = l->pgt_validated && (taf & l->pgt_validated);
	out->pae_xen_l2 = l->pgt_pae_xen_l2 && (taf & l->pgt_pae_xen_l2);
	out->partial = l->pgt_partial && (taf & l->pgt_partial);
	out->non_coherent = l->pgt_non_coherent && (taf & l->pgt_non_coherent);
	out->count = taf & l->pgt_count_mask;
	out->unknown = taf & ~known;
}

uint64_t xs_caf_count(const struct xenscope_info *l, uint64_t caf)
{
	return caf & l->pgc_count_mask;
}

uint64_t xs_taf_count(const struct xenscope_info *l, uint64_t taf)
{
	return taf & l->pgt_count_mask;
}

const char *xs_pgt_type_name(unsigned int type)
{
	static const char *const names[] = {
		[XS_PGT_NONE] = "none",	    [XS_PGT_L1] = "l1",
		[XS_PGT_L2] = "l2",	    [XS_PGT_L3] = "l3",
		[XS_PGT_L4] = "l4",	    [XS_PGT_SEG_DESC] = "seg_desc",
		[XS_PGT_SHARED] = "shared", [XS_PGT_WRITABLE] = "writable",
	};

	return type < XS_ARRAY_SIZE(names) ? names[type] : "?";
}

static void put_flag(struct xs_fixbuf *o, bool set, const char *name)
{
	if (set)
		xs_fixbuf_addf(o, "%s ", name);
}

/* The count_info part: "allocated count=2". */
static void put_caf(struct xs_fixbuf *o, const struct xenscope_info *l, uint64_t caf)
{
	struct xs_caf c;

	xs_caf_decode(l, caf, &c);
	put_flag(o, c.allocated, "allocated");
	put_flag(o, c.xen_heap, "xen_heap");
	put_flag(o, c.page_table, "page_table");
	put_flag(o, c.broken, "broken");
	if (strcmp(c.state, "inuse"))
		xs_fixbuf_addf(o, "state=%s ", c.state);
	put_flag(o, c.extra, "extra");
	xs_fixbuf_addf(o, "count=%llu", (unsigned long long)c.count);
	if (c.unknown)
		xs_fixbuf_addf(o, " unknown=%#llx", (unsigned long long)c.unknown);
}

/* The type_info part: "type=writable validated count=0". */
static void put_taf(struct xs_fixbuf *o, const struct xenscope_info *l, uint64_t taf)
{
	struct xs_taf t;

	xs_taf_decode(l, taf, &t);
	xs_fixbuf_addf(o, "type=%s ", xs_pgt_type_name(t.type));
	put_flag(o, t.locked, "locked");
	put_flag(o, t.pinned, "pinned");
	put_flag(o, t.validated, "validated");
	put_flag(o, t.pae_xen_l2, "pae_xen_l2");
	put_flag(o, t.partial, "partial");
	put_flag(o, t.non_coherent, "non_coherent");
	xs_fixbuf_addf(o, "count=%llu", (unsigned long long)t.count);
	if (t.unknown)
		xs_fixbuf_addf(o, " unknown=%#llx", (unsigned long long)t.unknown);
}

const char *xs_caf_format(const struct xenscope_info *l, uint64_t caf, char *buf, size_t len)
{
	struct xs_fixbuf o;

	xs_fixbuf_init(&o, buf, len);
	put_caf(&o, l, caf);
	return buf;
}

const char *xs_taf_format(const struct xenscope_info *l, uint64_t taf, char *buf, size_t len)
{
	struct xs_fixbuf o;

	xs_fixbuf_init(&o, buf, len);
	put_taf(&o, l, taf);
	return buf;
}

const char *xs_pageinfo_format(const struct xenscope_info *l, uint64_t caf, uint64_t taf, char *buf,
			       size_t len)
{
	struct xs_fixbuf o;

	xs_fixbuf_init(&o, buf, len);
	put_caf(&o, l, caf);
	xs_fixbuf_addf(&o, " | ");
	put_taf(&o, l, taf);
	return buf;
}
