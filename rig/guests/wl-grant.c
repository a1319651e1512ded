/*
 * grant=N: set up a version 1 grant table and grant N of our pages to
 * domain 0, read-write.  Each granted page starts with a text line naming
 * its grant reference, so dom0 can check that it mapped the right page.
 *
 * PV: GNTTABOP_setup_table returns the table's machine frames, which we map
 * at GRANT_VA.  PVH: XENMEM_add_to_physmap places the table frames at guest
 * frames just above RAM, which the boot 1:1 map already covers.
 */
#include "hypercall.h"
#include "wl.h"

#define ENTRIES_PER_FRAME (PAGE_SIZE / sizeof(grant_entry_v1_t))
#define MAX_FRAMES 4

static grant_entry_v1_t *map_table(unsigned int frames)
{
	if (guest_is_pv) {
		xen_pfn_t mfn[MAX_FRAMES];
		struct gnttab_setup_table st = {
			.dom = DOMID_SELF,
			.nr_frames = frames,
		};
		long rc;

		set_xen_guest_handle(st.frame_list, mfn);
		rc = hyp_grant_table_op(GNTTABOP_setup_table, &st, 1);
		if (rc || st.status != GNTST_okay)
			panic("GNTTABOP_setup_table: rc %ld status %d", rc,
			      st.status);
		for (unsigned int i = 0; i < frames; i++)
			map_frame(current_l4(), GRANT_VA + i * PAGE_SIZE, mfn[i],
				  PTE_DATA);
		return (grant_entry_v1_t *)GRANT_VA;
	}

	/* First 2 MiB boundary above RAM: nothing lives there. */
	uint64_t gfn = (guest_ram_end_pfn() + PT_ENTRIES) & ~(PT_ENTRIES - 1UL);

	if (gfn + frames > (4UL << 30) >> PAGE_SHIFT)
		panic("grant: no free frame below 4 GiB");
	for (unsigned int i = 0; i < frames; i++) {
		struct xen_add_to_physmap xatp = {
			.domid = DOMID_SELF,
			.space = XENMAPSPACE_grant_table,
			.idx = i,
			.gpfn = gfn + i,
		};
		long rc = hyp_memory_op(XENMEM_add_to_physmap, &xatp);

		if (rc)
			panic("XENMEM_add_to_physmap(grant frame %u): %ld", i,
			      rc);
	}
	return pfn_va(gfn);
}

void wl_grant(unsigned long n)
{
	unsigned long first = GNTTAB_NR_RESERVED_ENTRIES;
	unsigned int frames = (first + n + ENTRIES_PER_FRAME - 1) /
			      ENTRIES_PER_FRAME;
	grant_entry_v1_t *gt;

	if (n < 1 || frames > MAX_FRAMES)
		panic("grant=%lu: want 1 to %lu", n,
		      MAX_FRAMES * ENTRIES_PER_FRAME - first);
	gt = map_table(frames);
	for (unsigned long i = 0; i < n; i++) {
		uint64_t ref = first + i, pfn = alloc_pages(1, 1);
		uint64_t frame = pfn_to_frame(pfn);

		memset(pfn_va(pfn), 0, PAGE_SIZE);
		snprintf(pfn_va(pfn), PAGE_SIZE, "xsguest grant ref=%lu\n", ref);
		gt[ref].domid = 0;
		gt[ref].frame = (uint32_t)frame;
		/* Xen must see domid and frame before the entry is valid. */
		__atomic_thread_fence(__ATOMIC_RELEASE);
		gt[ref].flags = GTF_permit_access;
		say("gref=%lu gfn=0x%lx", ref, frame);
	}
	say("grant count=%lu frames=%u", n, frames);
}
