// SPDX-License-Identifier: MIT
/* The bitmap arithmetic of xs-dirty's rounds (lib/logdirty/rounds.c). */
#include <string.h>

#include "../tap.h"
#include "xenscope/logdirty/logdirty.h"

#define PAGES 5000 /* not a multiple of 8 nor of 512 */

static void set_bit(uint8_t *bm, uint64_t g)
{
	bm[g / 8] |= (uint8_t)(1u << (g % 8));
}

int main(void)
{
	static uint8_t bm[PAGES / 8 + 1], set[PAGES / 8 + 1];
	struct xs_dirty_range hot[XS_DIRTY_HOT_MAX];
	unsigned int n;

	tap_plan(14);
	is_u64(xs_dirty_count(bm, PAGES), 0, "an empty bitmap counts 0");
	for (uint64_t g = 0; g < 10; g++)
		set_bit(bm, 1024 + g); /* region 2: 10 */
	for (uint64_t g = 0; g < 3; g++)
		set_bit(bm, 100 + g); /* region 0: 3 */
	set_bit(bm, PAGES - 1);	 /* the last, partial region: 1 */
	is_u64(xs_dirty_count(bm, PAGES), 14, "bits counted, the last partial byte too");
	is_u64(xs_dirty_count(bm, PAGES - 1), 13, "a bit past the end is not counted");

	is_u64(xs_dirty_merge(set, bm, PAGES), 14, "all 14 new to an empty set");
	is_u64(xs_dirty_merge(set, bm, PAGES), 0, "none new the second time");
	set_bit(bm, 2000);
	is_u64(xs_dirty_merge(set, bm, PAGES), 1, "one more is one new");
	is_u64(xs_dirty_count(set, PAGES), 15, "the set holds the union");
	memset(bm, 0xff, sizeof(bm));
	is_u64(xs_dirty_merge(set, bm, PAGES - 3), PAGES - 3 - 15 + 1,
	       "merge stops at the end (bit %u is outside)", PAGES - 3);

	memset(bm, 0, sizeof(bm));
	for (uint64_t g = 0; g < 10; g++)
		set_bit(bm, 1024 + g);
	for (uint64_t g = 0; g < 3; g++)
		set_bit(bm, 100 + g);
	set_bit(bm, PAGES - 1);
	n = xs_dirty_hot(bm, PAGES, 2, hot);
	is_int((int)n, 2, "top 2 regions");
	ok(n == 2 && hot[0].first_gfn == 1024 && hot[0].dirty == 10, "hottest first: 1024 with 10");
	ok(n == 2 && hot[1].first_gfn == 0 && hot[1].dirty == 3, "then 0 with 3");
	n = xs_dirty_hot(bm, PAGES, 8, hot);
	is_int((int)n, 3, "only regions with dirty pages are listed");
	ok(n == 3 && hot[2].first_gfn == 4608 && hot[2].dirty == 1, "the partial last region too");
	is_int((int)xs_dirty_hot(bm, PAGES, 0, hot), 0, "top 0 lists nothing");
	return tap_done();
}
