/*
 * Workloads on our own p2m (PV only), each making one class that dom0's
 * p2m audit must see, and each saying on the console exactly what it did,
 * so the test can compare what the audit found with what was done:
 *   p2m=list        publish the list format instead of the tree
 *   p2m-balloon=N   give N pages back to Xen: their entries become invalid
 *   p2m-populate=N  give N pages back, then have Xen populate the same pfns
 *                   again (XENMEM_populate_physmap: assign_pages() anew)
 *   p2m-plant=PFN   point PFN's entry at PFN+1's frame: an m2p mismatch
 *   p2m-race=M      forever (after saying "ready"): bursts of 200 rewrites
 *                   of one p2m entry (same value, the generation odd around
 *                   each write) one million TSC cycles apart, then M million
 *                   cycles of quiet; a reader sees both kinds of moment
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

static uint64_t rdtsc(void)
{
	uint32_t lo, hi;

	__asm__ volatile("rdtsc" : "=a"(lo), "=d"(hi));
	return ((uint64_t)hi << 32) | lo;
}

static void spin(uint64_t mcycles)
{
	uint64_t until = rdtsc() + mcycles * 1000000UL;

	while (rdtsc() < until)
		__asm__ volatile("pause");
}

NORETURN void wl_p2m_race(unsigned long mcycles)
{
	uint64_t pfn = 16, mfn = pfn_to_frame(pfn), rounds = 0;

	say("p2m-race rewriting pfn 0x%lx in bursts, %lu M cycles apart", pfn, mcycles);
	say("ready");
	for (;;) {
		for (int i = 0; i < 200; i++) {
			pv_p2m_set(pfn, mfn);
			spin(1);
		}
		if (++rounds % 100 == 0)
			say("p2m-race %lu bursts", rounds);
		spin(mcycles);
	}
}
