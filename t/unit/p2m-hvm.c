// SPDX-License-Identifier: MIT
/*
 * An HVM/PVH domain's p2m from the hypervisor's XENSCOPE_OP_P2M records:
 * spread out by gfn (superpages, frameless runs, holes), bad records
 * refused, the audit of its memory types (MMIO and holes left out, grant
 * and foreign frames expected), and the snapshot section's round trip.
 */
#include <errno.h>
#include <stdlib.h>
#include <string.h>

#include "../tap.h"
#include "xenscope/core/exit.h"
#include "xenscope/p2m/audit.h"
#include "xenscope/p2m/hvm.h"
#include "xenscope/p2m/snap.h"

enum { DOM = 5, OTHER = 7, NREC = 5 };

static const struct xenscope_p2m recs[NREC] = {
	{ .gfn = 0,
	  .mfn = 0x1000,
	  .nr = 512,
	  .type = XENSCOPE_P2MT_RAM_RW,
	  .access = 7,
	  .order = 9 },
	{ .gfn = 512, .mfn = 0x2000, .nr = 1, .type = XENSCOPE_P2MT_RAM_LOGDIRTY, .access = 7 },
	{ .gfn = 600, .mfn = XENSCOPE_P2M_NO_MFN, .nr = 4, .type = XENSCOPE_P2MT_POD, .access = 7 },
	{ .gfn = 700, .mfn = 0x3000, .nr = 1, .type = XENSCOPE_P2MT_GRANT_MAP_RW, .access = 7 },
	{ .gfn = 800, .mfn = 0xfed00, .nr = 1, .type = XENSCOPE_P2MT_MMIO_DIRECT, .access = 7 },
};

static void test_records(void)
{
	struct xenscope_p2m bad[NREC];
	struct xs_p2m p;

	is_int(xs_p2m_from_records(recs, NREC, &p), 0, "records: read");
	ok(p.format == XS_P2M_FORMAT_HVM && p.nr == 801 && p.nr_rec == NREC,
	   "records: hvm format, span to the last gfn, records kept");
	ok(p.entry[3] == 0x1003 && p.type[3] == XENSCOPE_P2MT_RAM_RW && p.entry[511] == 0x11ff,
	   "records: a superpage gives every gfn its frame");
	ok(p.entry[513] == XS_P2M_ENTRY_INVALID && p.type[513] == XS_P2M_TYPE_HOLE,
	   "records: a gfn no record covers is a hole");
	ok(p.entry[601] == XS_P2M_ENTRY_INVALID && p.type[603] == XENSCOPE_P2MT_POD,
	   "records: a frameless run has its type and no frame");
	is_str(xs_p2m_type_name(p.type[512]), "ram_logdirty", "records: type names are Xen's");
	is_str(xs_p2m_access_name(recs[0].access), "rwx", "records: access names");
	xs_p2m_release(&p);

	is_int(xs_p2m_from_records(recs, 0, &p), 0, "records: none is an empty p2m");
	is_u64(p.nr, 0, "records: an empty p2m has no gfn");
	xs_p2m_release(&p);

#define REFUSED(field, value, what)                                                    \
	do {                                                                           \
		memcpy(bad, recs, sizeof(bad));                                        \
		bad[2].field = value;                                                  \
		is_int(xs_p2m_from_records(bad, NREC, &p), -EINVAL, "records: " what); \
	} while (0)
	REFUSED(gfn, 100, "overlapping records refused");
	REFUSED(type, XENSCOPE_P2MT_NR, "an unknown type refused");
	REFUSED(access, XENSCOPE_P2MA_NR, "an unknown access refused");
	REFUSED(order, 5, "a page order other than 0, 9, 18 refused");
	REFUSED(nr, 0, "an empty record refused");
	REFUSED(_pad1, 1, "non-zero padding refused");
	REFUSED(gfn, 1ULL << 40, "a gfn past any guest refused");
	memcpy(bad, recs, sizeof(bad));
	bad[1].nr = 2;
	is_int(xs_p2m_from_records(bad, NREC, &p), -EINVAL,
	       "records: a 4K entry covering two gfns refused");
}

/* Xen's facts for the records: m2p and owners as a healthy host has them. */
static void facts(struct xs_p2m *p)
{
	p->m2p = malloc(p->nr * sizeof(*p->m2p));
	p->owner = malloc(p->nr * sizeof(*p->owner));
	for (uint64_t g = 0; g < p->nr; g++) {
		p->m2p[g] = p->entry[g] == XS_P2M_ENTRY_INVALID ? XS_P2M_ENTRY_INVALID : g;
		p->owner[g] = p->entry[g] == XS_P2M_ENTRY_INVALID ? XS_P2M_OWNER_UNKNOWN : DOM;
	}
	p->m2p[700] = 0x42; /* the granter's gfn */
	p->owner[700] = OTHER;
	p->owner[800] = XS_P2M_OWNER_NONE; /* MMIO: nobody's page */
}

static void test_audit(void)
{
	struct xs_p2m_audit a;
	struct xs_p2m p;

	if (xs_p2m_from_records(recs, NREC, &p) < 0)
		abort();
	facts(&p);
	is_int(xs_p2m_audit(&p, DOM, 1 << 20, &a), 0, "audit: runs");
	is_u64(a.count[XS_P2M_CONSISTENT], 513,
	       "audit: every RAM gfn consistent (superpage included)");
	is_u64(a.count[XS_P2M_INVALID], 4, "audit: PoD gfns have no frame (expected)");
	is_u64(a.count[XS_P2M_FOREIGN], 1, "audit: a grant mapping names the granter's frame");
	is_u64(a.count[XS_P2M_NOT_OWNED], 0, "audit: MMIO and holes are not audited");
	is_int(xs_p2m_audit_verdict(&a), XS_EXIT_EXPECTED,
	       "audit: expected entries only -> exit 1");
	xs_p2m_audit_release(&a);
	p.m2p[5] = 6;
	is_int(xs_p2m_audit(&p, DOM, 1 << 20, &a), 0, "audit: runs again");
	ok(a.count[XS_P2M_M2P_MISMATCH] == 1 && xs_p2m_audit_verdict(&a) == XS_EXIT_SUSPICIOUS,
	   "audit: an m2p disagreeing inside a superpage is a real mismatch");
	xs_p2m_audit_release(&a);
	xs_p2m_release(&p);
}

static void test_section(void)
{
	struct xs_p2m p, back;
	uint64_t max_mfn = 0;
	size_t len;
	void *data;
	char *b;

	if (xs_p2m_from_records(recs, NREC, &p) < 0)
		abort();
	facts(&p);
	is_int(xs_p2m_to_section(&p, 0xfffff, &data, &len), 0, "section: written");
	is_u64(len, 216 + NREC * 32 + (512 + 1 + 1 + 1) * 24,
	       "section: records and mapped gfns only");
	is_int(xs_p2m_from_section(data, len, &back, &max_mfn), 0, "section: read back");
	ok(back.format == XS_P2M_FORMAT_HVM && back.nr == p.nr && back.nr_rec == NREC &&
		   !memcmp(back.rec, recs, sizeof(recs)) &&
		   !memcmp(back.entry, p.entry, p.nr * 8) && !memcmp(back.type, p.type, p.nr) &&
		   !memcmp(back.m2p, p.m2p, p.nr * 8) && !memcmp(back.owner, p.owner, p.nr * 4) &&
		   max_mfn == 0xfffff,
	   "section: records, types, m2p and owners read back as written");
	xs_p2m_release(&back);
	b = data;
	is_int(xs_p2m_from_section(data, len - 24, &back, &max_mfn), -EINVAL,
	       "section: an entry short refused");
	b[216 + 32 + 1] ^= 0x03; /* second record's gfn 0x200 -> 0x100: overlapping */
	is_int(xs_p2m_from_section(data, len, &back, &max_mfn), -EINVAL,
	       "section: records out of order refused");
	b[216 + 32 + 1] ^= 0x03;
	b[216 + NREC * 32 + 3 * 24] ^= 1; /* fourth gfn's entry no longer its record's frame */
	is_int(xs_p2m_from_section(data, len, &back, &max_mfn), -EINVAL,
	       "section: an entry that is not its record's frame refused");
	free(data);
	xs_p2m_release(&p);
}

int main(void)
{
	tap_plan(32);
	test_records();
	test_audit();
	test_section();
	return tap_done();
}
