// SPDX-License-Identifier: MIT
/* What a round's bitmap says: how many, how many new, and where. */
#include <inttypes.h>
#include <stdlib.h>
#include <string.h>

#include "xenscope/logdirty/logdirty.h"

uint64_t xs_dirty_count(const uint8_t *bm, uint64_t pages)
{
	uint64_t n = 0, bytes = pages / 8;

	for (uint64_t i = 0; i < bytes; i++)
		n += (uint64_t)__builtin_popcount(bm[i]);
	for (uint64_t g = bytes * 8; g < pages; g++)
		n += (bm[g / 8] >> (g % 8)) & 1;
	return n;
}

uint64_t xs_dirty_merge(uint8_t *set, const uint8_t *bm, uint64_t pages)
{
	uint64_t added = 0, bytes = (pages + 7) / 8;

	for (uint64_t i = 0; i < bytes; i++) {
		uint8_t m = bm[i];

		if (i == bytes - 1 && pages % 8)
			m &= (uint8_t)((1u << (pages % 8)) - 1);
		added += (uint64_t)__builtin_popcount(m & ~set[i]);
		set[i] |= m;
	}
	return added;
}

static int cmp_range(const void *a, const void *b)
{
	const struct xs_dirty_range *x = a, *y = b;

	if (x->dirty != y->dirty)
		return x->dirty > y->dirty ? -1 : 1;
	return x->first_gfn < y->first_gfn ? -1 : x->first_gfn > y->first_gfn;
}

unsigned int xs_dirty_hot(const uint8_t *bm, uint64_t pages, unsigned int top,
			  struct xs_dirty_range *out)
{
	struct xs_dirty_range best[XS_DIRTY_HOT_MAX + 1];
	unsigned int n = 0;

	if (top > XS_DIRTY_HOT_MAX)
		top = XS_DIRTY_HOT_MAX;
	for (uint64_t first = 0; first < pages && top; first += XS_DIRTY_REGION_PAGES) {
		uint64_t len = pages - first < XS_DIRTY_REGION_PAGES ? pages - first
								     : XS_DIRTY_REGION_PAGES;
		struct xs_dirty_range r = { first, xs_dirty_count(bm + first / 8, len) };

		if (!r.dirty)
			continue;
		/* Keep the best @top seen so far: insert, sort, drop the last. */
		best[n++] = r;
		qsort(best, n, sizeof(best[0]), cmp_range);
		if (n > top)
			n = top;
	}
	memcpy(out, best, n * sizeof(best[0]));
	return n;
}
