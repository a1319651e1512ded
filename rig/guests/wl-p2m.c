/*
 * Workloads on our own p2m (PV only), each making one class that dom0's
 * p2m audit must see, and each saying on the console exactly what it did,
 * so the test can compare what the audit found with what was done:
 *   p2m=list        publish the list format instead of the tree
 *   p2m-balloon=N   give N pages back to Xen: their entries become invalid
 *   p2m-populate=N  give N pages back, then have Xen populate the same pfns
 *                   again (XENMEM_populate_physmap: assign_pages() anew)
 *   p2m-plant=PFN   point PFN's entry at PFN+1's frame: an m2p mismatch
 *   p2m-race        forever (after saying "ready"): pfn 16's entry held in
 *                   an update (generation odd, a wrong mfn) while dom0
 *                   says so on the console, see wl_p2m_race()
 *   p2m-touch=N     forever (after saying "ready", PV or PVH): N data pages
 *                   written once, then one more write to the next of them
 *                   for each 'w' on the console, each write said on it
 */
#include "hypercall.h"
#include "wl.h"
#include "xsg.h"

void wl_p2m_list(void)
{
	pv_p2m_publish_list();
}

/* Give @n pages back to Xen; the first pfn of the run. */
static uint64_t balloon_out(unsigned long n)
{
	xen_pfn_t frames[64];
	struct xen_memory_reservation r = { .nr_extents = 0, .domid = DOMID_SELF };
	uint64_t first;
	long rc;

	if (n == 0 || n > 64)
		panic("p2m-balloon takes 1 to 64 pages");
	first = alloc_pages(n, 1);
	for (unsigned long i = 0; i < n; i++)
		frames[i] = pfn_to_frame(first + i);
	set_xen_guest_handle(r.extent_start, frames);
	r.nr_extents = n;
	/* Unmapped first: a PV guest may not hand back a frame it maps. */
	for (unsigned long i = 0; i < n; i++) {
		rc = hyp_update_va_mapping((uint64_t)pfn_va(first + i), 0,
					   UVMF_INVLPG | UVMF_LOCAL);
		if (rc)
			panic("unmap pfn 0x%lx: %ld", first + i, rc);
	}
	rc = hyp_memory_op(XENMEM_decrease_reservation, &r);
	if (rc != (long)n)
		panic("decrease_reservation of %lu pages: %ld", n, rc);
	for (unsigned long i = 0; i < n; i++)
		pv_p2m_set(first + i, ~0UL);
	return first;
}

void wl_p2m_balloon(unsigned long n)
{
	uint64_t first = balloon_out(n);

	say("p2m-balloon pfn 0x%lx-0x%lx given back", first, first + n - 1);
}

void wl_p2m_populate(unsigned long n)
{
	uint64_t first = balloon_out(n);
	xen_pfn_t frames[64];
	struct xen_memory_reservation r = { .nr_extents = n,
					    .domid = DOMID_SELF };
	long rc;

	for (unsigned long i = 0; i < n; i++)
		frames[i] = first + i;
	set_xen_guest_handle(r.extent_start, frames);
	rc = hyp_memory_op(XENMEM_populate_physmap, &r);
	if (rc != (long)n)
		panic("populate_physmap of %lu pages: %ld", n, rc);
	/* PV: Xen wrote the new machine frames over the pfns. */
	for (unsigned long i = 0; i < n; i++) {
		pv_p2m_set(first + i, frames[i]);
		say("p2m-populate pfn 0x%lx mfn 0x%lx", first + i, frames[i]);
	}
	say("p2m-populate count=%lu", n);
}

void wl_p2m_plant(unsigned long pfn)
{
	uint64_t was = pfn_to_frame(pfn), other = pfn_to_frame(pfn + 1);

	pv_p2m_set(pfn, other);
	say("p2m-plant pfn 0x%lx now names mfn 0x%lx (was 0x%lx)", pfn, other, was);
}

/*
 * Dom0 decides when the list is mid-update, so a reader meets the race
 * every time it is meant to, whatever the machine's load and scheduling:
 * 'h' on the console holds pfn 16's entry in an update (generation odd,
 * the entry naming pfn 17's frame: a reader that ignores the generation
 * reads a mismatch), 'r' puts it back and makes the generation even.
 * Each step is said on the console with the generation it left.
 */
NORETURN void wl_p2m_race(void)
{
	uint64_t pfn = 16, mfn = pfn_to_frame(pfn), wrong = pfn_to_frame(pfn + 1);
	bool held = false;

	say("p2m-race pfn 0x%lx (mfn 0x%lx): console 'h' holds it mid-update naming mfn 0x%lx, "
	    "'r' releases it",
	    pfn, mfn, wrong);
	say("ready");
	for (;;) {
		int c = pv_console_getc();

		if (c == 'h' && !held) {
			held = true;
			say("p2m-race held generation %lu", pv_p2m_step(pfn, wrong, true));
		} else if (c == 'r' && held) {
			held = false;
			say("p2m-race released generation %lu", pv_p2m_step(pfn, mfn, false));
		}
	}
}

/*
 * For the p2m types of a translated guest under log-dirty: the pages are
 * ours and written before dom0 turns log-dirty on; after that, each 'w'
 * writes exactly one of them (in order), so dom0 knows which one left
 * ram_logdirty and that nothing else of them was written.
 */
NORETURN void wl_p2m_touch(unsigned long pages)
{
	uint64_t first, next = 0;

	if (pages == 0 || pages > 4096)
		panic("p2m-touch takes 1 to 4096 pages");
	first = alloc_pages(pages, 1);
	for (unsigned long i = 0; i < pages; i++)
		*(volatile uint64_t *)pfn_va(first + i) = page_mark(i);
	say("p2m-touch %lu pages pfn 0x%lx-0x%lx", pages, first, first + pages - 1);
	say("ready");
	for (;;) {
		if (console_getc_yield() != 'w' || next >= pages)
			continue;
		*(volatile uint64_t *)pfn_va(first + next) = page_mark(next) + 1;
		say("p2m-touch wrote pfn 0x%lx", first + next);
		next++;
	}
}
