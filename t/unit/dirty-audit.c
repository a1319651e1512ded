// SPDX-License-Identifier: MIT
/* The lost-dirty audit's rules (lib/logdirty/audit.c), round by round. */
#include <errno.h>
#include <string.h>

#include "../tap.h"
#include "xenscope/logdirty/audit.h"

#define PAGES 4096

static uint8_t bm[PAGES / 8 + 1];
static struct xs_ledger_read led;

static void set_bit(uint64_t g)
{
	bm[g / 8] |= (uint8_t)(1u << (g % 8));
}

/* The guest writes pfn: recorded in the ledger, and (if @logged) in bm. */
static void guest_write(uint64_t pfn, int logged)
{
	led.pfn[led.seq % XS_LEDGER_SLOTS] = (uint32_t)pfn;
	led.seq++;
	led.seq_after = led.seq;
	if (logged)
		set_bit(pfn);
}

static int end_round(struct xs_dirty_audit *a, struct xs_audit_round *r)
{
	int err = xs_dirty_audit_round(a, &led, bm, r);

	memset(bm, 0, sizeof(bm));
	return err;
}

int main(void)
{
	struct xs_dirty_audit *a;
	struct xs_audit_round r;

	tap_plan(17);
	ok(xs_dirty_audit_new(PAGES, &a) == 0, "an audit of %u frames", PAGES);

	guest_write(100, 0); /* before the mode: never checked */
	is_int(end_round(a, &r), 0, "round 0 sets the start");
	is_u64(r.index, 0, "it is round 0");

	guest_write(200, 0); /* the first of round 1: may predate the mode */
	guest_write(201, 1);
	guest_write(202, 1);
	set_bit(7); /* the kernel's own page: logged, not written */
	is_int(end_round(a, &r), 0, "round 1");
	is_u64(r.writes, 3, "round 1 recorded 3 writes");
	is_u64(r.checked, 2, "2 checked: the first may predate log-dirty mode");
	is_u64(r.lost, 0, "none lost");
	is_u64(r.extra, 1, "the kernel's page is logged, not written: fine");

	guest_write(300, 1);
	guest_write(301, 0); /* in no bitmap */
	guest_write(302, 1);
	is_int(end_round(a, &r), 0, "round 2");
	is_u64(r.lost, 1, "the write in no bitmap is lost");
	ok(r.nr_lost_shown == 1 && r.lost_pfn[0] == 301, "and named: gfn 301");

	/* Writes whose data went in before round 3's CLEAN, recorded after
	 * round 3 read seq: logged in round 3, counted in round 4. */
	guest_write(400, 1);
	set_bit(401);
	set_bit(402);
	is_int(end_round(a, &r), 0, "round 3: 401 and 402 logged before the ledger shows them");
	guest_write(401, 0);
	guest_write(402, 0);
	is_int(end_round(a, &r), 0, "round 4");
	ok(r.checked == 2 && r.lost == 0, "held against round 3's bitmap too: none lost");

	for (unsigned int i = 0; i < XS_LEDGER_SLOTS + 1; i++)
		guest_write(500 + i % 100, 1);
	is_int(end_round(a, &r), 0, "round 5: more writes than the ledger keeps");
	ok(r.overflow && r.unchecked == XS_LEDGER_SLOTS + 1 && r.lost == 0,
	   "said so, and nothing checked or lost");

	led.seq -= 10;
	is_int(end_round(a, &r), -EPROTO, "a ledger going backwards is refused");
	xs_dirty_audit_free(a);
	return tap_done();
}
