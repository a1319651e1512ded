/*
 * dirty=N: a write workload for log-dirty tests.  N data pages, every one
 * written over and over (one word each, a few hundred times a second), so
 * that every round of a dirty-page reader of any length sees exactly those
 * N pages plus the few the kernel itself touches.  Says which pages, then
 * "ready", then writes forever, saying every DIRTY_SAY passes how many it
 * has made and written: its own count, for the reader's rounds to be held
 * against (and its speed, for the benchmark).
 */
#define DIRTY_SAY 64
#include "hypercall.h"
#include "wl.h"
#include "xsg.h"
#include "xenscope/logdirty/ledger.h"

/*
 * Wait a while between writes, then give Xen the CPU once.  A PVH guest
 * spinning with interrupts off left the rig's software CPU in the guest
 * for minutes once (Xen and dom0 silent, the host timer's interrupt never
 * taken as an exit): a yield each round guarantees an exit, and costs a
 * return when nothing else wants the CPU.
 */
static void spin_then_yield(int spins)
{
	for (volatile int spin = 0; spin < spins; spin++)
		;
	hyp_sched_op(SCHEDOP_yield, NULL);
}

NORETURN void wl_dirty(unsigned long pages)
{
	uint64_t first, pass = 0;

	if (pages == 0 || pages > 65536)
		panic("dirty takes 1 to 65536 pages");
	first = alloc_pages(pages, 1);
	say("dirty-set %lu pages pfn 0x%lx-0x%lx", pages, first, first + pages - 1);
	say("ready");
	for (;;) {
		pass++;
		for (unsigned long i = 0; i < pages; i++)
			*(volatile uint64_t *)pfn_va(first + i) = page_mark(pass);
		spin_then_yield(200000);
		if (pass % DIRTY_SAY == 0)
			say("dirty: %lu passes, %lu writes to %lu pages", (unsigned long)pass,
			    (unsigned long)(pass * pages), pages);
	}
}

/*
 * A write Xen makes for the guest into data page @pfn (dirty-xen): the
 * extraversion string copied out by xen_version (copy_to_guest: a shadow
 * write fault in Xen for PV, hvm_copy for PVH), or 8 bytes of @src copied
 * by a grant copy between two of our own frames (GNTTABOP_copy by gmfn:
 * Xen maps the frame and marks it with gnttab_mark_dirty()).
 */
static void xen_write(uint64_t pfn, uint64_t src, uint64_t i)
{
	struct gnttab_copy c = {
		.source = { .u.gmfn = pfn_to_frame(src), .domid = DOMID_SELF },
		.dest = { .u.gmfn = pfn_to_frame(pfn), .domid = DOMID_SELF, .offset = 128 },
		.len = 8,
	};
	long rc;

	if (i & 1) {
		rc = HC(__HYPERVISOR_xen_version, XENVER_extraversion, (char *)pfn_va(pfn) + 64, 0,
			0, 0);
		if (rc < 0)
			panic("xen_version(XENVER_extraversion): %ld", rc);
		return;
	}
	rc = hyp_grant_table_op(GNTTABOP_copy, &c, 1);
	if (rc || c.status != GNTST_okay)
		panic("GNTTABOP_copy into pfn 0x%lx: rc %ld status %d", (unsigned long)pfn, rc,
		      c.status);
}

/*
 * dirty-audit=N: writes to N data pages, one at a time in a pseudo-random
 * order, each recorded in a write ledger (xenscope/logdirty/ledger.h) that
 * `xs-dirty audit` reads: the data store first, then the ledger slot, then
 * the count.  About a few hundred writes a second on the rig's software
 * CPU, well under what the ledger keeps per one-second round.
 * dirty-xen=N: the same, but the first quarter of the data pages is only
 * ever written by Xen for the guest (xen_write()), alternately by a
 * hypercall's copy to the guest and by a grant copy, each recorded in the
 * ledger after the hypercall returned.
 */
static NORETURN void audit_loop(unsigned long pages, bool by_xen)
{
	volatile struct xs_ledger_page *led;
	uint64_t first, lp, src, xen_pages = by_xen ? pages / 4 : 0;
	uint64_t x = 0x2545f4914f6cdd1dULL;

	if (pages == 0 || pages > 65536 || (by_xen && pages < 4))
		panic("dirty-audit takes 1 to 65536 pages, dirty-xen 4 to 65536");
	first = alloc_pages(pages, 1);
	lp = alloc_pages(1, 1);
	src = alloc_pages(1, 1);
	*(volatile uint64_t *)pfn_va(src) = page_mark(0);
	led = pfn_va(lp);
	memset((void *)led, 0, sizeof(*led));
	led->first_pfn = first;
	led->nr_pages = pages;
	led->magic = XS_LEDGER_MAGIC;
	say("dirty-ledger frame 0x%lx pfn 0x%lx, %lu pages pfn 0x%lx-0x%lx",
	    (unsigned long)pfn_to_frame(lp), (unsigned long)lp, pages, (unsigned long)first,
	    (unsigned long)(first + pages - 1));
	if (by_xen)
		say("dirty-xen: pfn 0x%lx-0x%lx written by Xen only (xen_version, grant copy)",
		    (unsigned long)first, (unsigned long)(first + xen_pages - 1));
	say("ready");
	for (uint64_t i = 0;; i++) {
		uint64_t pfn;

		x ^= x << 13;
		x ^= x >> 7;
		x ^= x << 17;
		pfn = first + x % pages;
		if (pfn < first + xen_pages)
			xen_write(pfn, src, i);
		else
			*(volatile uint64_t *)pfn_va(pfn) = page_mark(i);
		asm volatile("" ::: "memory"); /* program order is store order (x86) */
		led->pfn[i % XS_LEDGER_SLOTS] = (uint32_t)pfn;
		asm volatile("" ::: "memory"); /* program order is store order (x86) */
		led->seq = i + 1;
		spin_then_yield(400000);
	}
}

NORETURN void wl_dirty_audit(unsigned long pages)
{
	audit_loop(pages, false);
}

NORETURN void wl_dirty_xen(unsigned long pages)
{
	audit_loop(pages, true);
}
