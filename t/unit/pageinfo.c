// SPDX-License-Identifier: MIT
/*
 * count_info/type_info decoding against values as Xen prints them
 * ("caf=... taf=..." from the 'q' debug key and from mm.c's warnings).
 * Expected strings are worked out by hand from Xen 4.17's asm/mm.h.
 */
#include <string.h>

#include "xenscope/core/pageinfo.h"

#include "../tap.h"

static struct xenscope_info layout;

static const char *dec(uint64_t caf, uint64_t taf)
{
	static char buf[XS_PAGEINFO_STRLEN];

	return xs_pageinfo_format(&layout, caf, taf, buf, sizeof(buf));
}

static void test_constants(void)
{
	/* asm/mm.h with BITS_PER_LONG 64: PG_shift(idx) = 64 - idx. */
	is_u64(layout.pgc_allocated, 0x8000000000000000ULL, "PGC_allocated is bit 63");
	is_u64(layout.pgc_xen_heap, 0x4000000000000000ULL, "PGC_xen_heap is bit 62");
	is_u64(layout.pgc_page_table, 0x2000000000000000ULL, "PGC_page_table is bit 61");
	is_u64(layout.pgc_broken, 0x1000000000000000ULL, "PGC_broken is bit 60");
	is_u64(layout.pgc_state_mask, 0x0c00000000000000ULL, "PGC_state is bits 58-59");
	is_u64(layout.pgc_state_free, 0x0c00000000000000ULL, "PGC_state_free = 3 << 58");
	is_u64(layout.pgc_state_offlining, 0x0400000000000000ULL, "offlining = 1 << 58");
	is_u64(layout.pgc_extra, 0x0200000000000000ULL, "PGC_extra is bit 57");
	is_u64(layout.pgc_count_mask, 0x01ffffffffffffffULL, "PGC_count_mask is bits 0-56");
	is_u64(layout.pgt_type_mask, 0xe000000000000000ULL, "PGT_type_mask is bits 61-63");
	is_int(layout.pgt_type_shift, 61, "type field shift 61");
	is_u64(layout.pgt_locked, 0x1000000000000000ULL, "PGT_locked is bit 60");
	is_u64(layout.pgt_pinned, 0x0800000000000000ULL, "PGT_pinned is bit 59");
	is_u64(layout.pgt_validated, 0x0400000000000000ULL, "PGT_validated is bit 58");
	is_u64(layout.pgt_pae_xen_l2, 0, "PGT_pae_xen_l2 is 0 without CONFIG_PV32");
	is_u64(layout.pgt_partial, 0x0100000000000000ULL, "PGT_partial is bit 56");
	is_u64(layout.pgt_non_coherent, 0x0080000000000000ULL, "PGT_non_coherent is bit 55");
	is_u64(layout.pgt_count_mask, 0x007fffffffffffffULL, "PGT_count_mask is bits 0-54");
	ok(xs_layout_valid(&layout), "the 4.17 layout passes its own checks");
}

static void test_real_values(void)
{
	/* A page still held by a foreign mapping after destroy: caf=00000001,
	 * taf=e400000000000000: one reference, no PGC_allocated, writable type
	 * validated with no type references left. */
	is_str(dec(0x1, 0xe400000000000000ULL), "count=1 | type=writable validated count=0",
	       "zombie page held by a foreign mapping");
	/* c000000000000002 = allocated|xen_heap, 2 refs; 74.. = type 3 (l3),
	 * locked (bit 60), validated (bit 58), 1 type ref. */
	is_str(dec(0xc000000000000002ULL, 0x7400000000000001ULL),
	       "allocated xen_heap count=2 | type=l3 locked validated count=1",
	       "caf=c000000000000002 taf=7400000000000001");
	/* An ordinary mapped guest page: allocated + one mapping, writable
	 * validated with one writable mapping. */
	is_str(dec(0x8000000000000002ULL, 0xe400000000000001ULL),
	       "allocated count=2 | type=writable validated count=1", "live writable guest page");
	/* A pinned L4 of a PV guest: type 4 = 0x8.., pinned|validated = 0x0c.. */
	is_str(dec(0x8000000000000003ULL, 0x8c00000000000001ULL),
	       "allocated count=3 | type=l4 pinned validated count=1", "pinned PV L4");
	is_str(dec(0, 0), "count=0 | type=none count=0", "all zero");
	/* A free page awaiting scrub: state free, need_scrub aliases allocated. */
	is_str(dec(0x8c00000000000000ULL, 0), "allocated state=free count=0 | type=none count=0",
	       "free page");
	is_str(dec(0x0200000000000001ULL, 0x4100000000000000ULL),
	       "extra count=1 | type=l2 partial count=0", "extra page, partially validated l2");
	/* Bit 57 of type_info has no meaning without CONFIG_PV32: shown raw. */
	is_str(dec(0, 0x0200000000000000ULL),
	       "count=0 | type=none count=0 unknown=0x200000000000000", "unknown type bit");
}

static void test_decode_fields(void)
{
	struct xs_caf c;
	struct xs_taf t;

	xs_caf_decode(&layout, 0x1000000000000005ULL, &c);
	ok(c.broken && !c.allocated && c.count == 5, "broken page, count 5");
	xs_taf_decode(&layout, 0xa080000000000007ULL, &t);
	is_str(xs_pgt_type_name(t.type), "seg_desc", "type 5 is seg_desc");
	ok(t.non_coherent && t.count == 7, "non_coherent, type count 7");
	is_u64(xs_caf_count(&layout, 0xffffffffffffffffULL), 0x01ffffffffffffffULL,
	       "count masks high bits");
}

static void test_resolve(void)
{
	struct xenscope_info info = { .xen_major = 4, .xen_minor = 17 }, out;

	is_int(xs_layout_resolve(&info, &out), 0, "4.17 without a layout uses the built-in one");
	is_u64(out.pgc_count_mask, layout.pgc_count_mask, "... and it is the 4.17 layout");
	info.xen_minor = 18;
	diag("an error line is expected next");
	ok(xs_layout_resolve(&info, &out) < 0, "4.18 without a layout is refused");
	info = layout;
	info.xen_minor = 18;
	is_int(xs_layout_resolve(&info, &out), 0, "a reported layout is used for any version");
	info.pgc_extra = info.pgc_broken; /* overlapping flags */
	diag("an error line is expected next");
	ok(xs_layout_resolve(&info, &out) < 0, "an inconsistent layout is refused");
	info = layout;
	info.pgt_type_mask = 3ULL << 61;
	ok(!xs_layout_valid(&info), "a type field that is not 3 bits is refused");
}

int main(void)
{
	tap_plan(37);
	xs_layout_default_417(&layout);
	test_constants();
	test_real_values();
	test_decode_fields();
	test_resolve();
	return tap_done();
}
