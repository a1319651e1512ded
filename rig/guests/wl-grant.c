/*
 * grant=N: set up a version 1 grant table and grant N of our pages to
 * domain 0, read-write.  Each granted page starts with a text line naming
 * its grant reference, so dom0 can check that it mapped the right page.
 *
 * PV: GNTTABOP_setup_table returns the table's machine frames, which we map
 * at GRANT_VA.  PVH: XENMEM_add_to_physmap places the table frames at guest
 * frames just above RAM, which the boot 1:1 map already covers.
 *
 * grant-dom=D: the grants grant=N makes after it go to domain D, not 0;
 * grant-dom=next: to the domain created after us (our domain id + 1).
 *
 * grant-map=D (PVH, after grant=N or alone with N=4): map the N grants
 * domain D made to us with grant-dom (references from the first one that is
 * not reserved) into our physmap (GNTMAP_host_map at guest frames in the
 * second 2 MiB above RAM), check each page's text line, and read them
 * through the boot map: under shadow paging, the L1 shadow entries then
 * hold references on D's pages.
 *
 * grant-self=N (PV): grow the grant table to MAX_FRAMES frames, grant N of
 * our pages to ourselves and map each as a device mapping, read-write: the
 * mappings hold a general and a type reference each on our own page until
 * the domain dies (gnttab_release_mappings() drops them).
 */
#include "hypercall.h"
#include "wl.h"

#define ENTRIES_PER_FRAME (PAGE_SIZE / sizeof(grant_entry_v1_t))
#define MAX_FRAMES 4

/* The table of @frames frames; PV: their machine frames in @mfn_out too. */
static grant_entry_v1_t *map_table(unsigned int frames, xen_pfn_t *mfn_out)
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
		for (unsigned int i = 0; i < frames; i++) {
			map_frame(current_l4(), GRANT_VA + i * PAGE_SIZE, mfn[i],
				  PTE_DATA);
			if (mfn_out)
				mfn_out[i] = mfn[i];
		}
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

/*
 * Our own domain id: an unbound port for DOMID_SELF names its remote end by
 * number (evtchn_alloc_unbound()).
 */
static domid_t self_domid(void)
{
	struct evtchn_alloc_unbound a = { .dom = DOMID_SELF,
					  .remote_dom = DOMID_SELF };
	struct evtchn_status st = { .dom = DOMID_SELF };
	struct evtchn_close c;

	if (hyp_event_channel_op(EVTCHNOP_alloc_unbound, &a))
		panic("EVTCHNOP_alloc_unbound failed");
	st.port = c.port = a.port;
	if (hyp_event_channel_op(EVTCHNOP_status, &st) ||
	    st.status != EVTCHNSTAT_unbound)
		panic("EVTCHNOP_status failed");
	hyp_event_channel_op(EVTCHNOP_close, &c);
	return st.u.unbound.dom;
}

void wl_grant_self(unsigned long n)
{
	unsigned long first = GNTTAB_NR_RESERVED_ENTRIES;
	xen_pfn_t frame[MAX_FRAMES];
	domid_t self;
	grant_entry_v1_t *gt;

	if (!guest_is_pv)
		panic("grant-self is PV only (device mappings)");
	if (n < 1 || n > 16)
		panic("grant-self=%lu: want 1 to 16", n);
	self = self_domid();
	gt = map_table(MAX_FRAMES, frame);
	for (unsigned int i = 0; i < MAX_FRAMES; i++)
		say("grant-self frame %u mfn=0x%lx", i, frame[i]);
	for (unsigned long i = 0; i < n; i++) {
		uint64_t ref = first + i, pfn = alloc_pages(1, 1);
		struct gnttab_map_grant_ref m = {
			.flags = GNTMAP_device_map,
			.ref = (grant_ref_t)ref,
			.dom = self,
		};

		gt[ref].domid = self;
		gt[ref].frame = (uint32_t)pfn_to_frame(pfn);
		__atomic_thread_fence(__ATOMIC_RELEASE);
		gt[ref].flags = GTF_permit_access;
		if (hyp_grant_table_op(GNTTABOP_map_grant_ref, &m, 1) ||
		    m.status != GNTST_okay)
			panic("grant-self: map of ref %lu: status %d", ref,
			      m.status);
		say("grant-self gref=%lu mfn=0x%lx handle=%u", ref,
		    pfn_to_frame(pfn), m.handle);
	}
	say("grant-self domid=%u count=%lu frames=%u", self, n, MAX_FRAMES);
}

static domid_t grant_domid;
static unsigned long grant_map_n = 4;

void wl_grant_dom(const char *d)
{
	if (!strncmp(d, "next", 4) && (d[4] == ' ' || !d[4]))
		grant_domid = self_domid() + 1;
	else
		grant_domid = (domid_t)parse_ulong(d, NULL);
	say("grant-dom %u", grant_domid);
}

void wl_grant_map(unsigned long d)
{
	unsigned long first = GNTTAB_NR_RESERVED_ENTRIES;
	uint64_t gfn = ((guest_ram_end_pfn() + PT_ENTRIES) & ~(PT_ENTRIES - 1UL)) +
		       PT_ENTRIES;

	if (guest_is_pv)
		panic("grant-map is PVH only (a p2m grant mapping)");
	for (unsigned long i = 0; i < grant_map_n; i++) {
		uint64_t ref = first + i;
		struct gnttab_map_grant_ref m = {
			.host_addr = (gfn + i) << PAGE_SHIFT,
			.flags = GNTMAP_host_map,
			.ref = (grant_ref_t)ref,
			.dom = (domid_t)d,
		};
		char want[40];

		if (hyp_grant_table_op(GNTTABOP_map_grant_ref, &m, 1) ||
		    m.status != GNTST_okay)
			panic("grant-map: ref %lu of d%lu: status %d", ref, d,
			      m.status);
		snprintf(want, sizeof(want), "xsguest grant ref=%lu\n", ref);
		if (strncmp(pfn_va(gfn + i), want, strlen(want)))
			panic("grant-map: gfn 0x%lx does not start with the text of ref %lu",
			      gfn + i, ref);
		say("grant-map ref=%lu dom=%lu gfn=0x%lx handle=%u", ref, d,
		    gfn + i, m.handle);
	}
	say("grant-map dom=%lu count=%lu", d, grant_map_n);
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
	gt = map_table(frames, NULL);
	for (unsigned long i = 0; i < n; i++) {
		uint64_t ref = first + i, pfn = alloc_pages(1, 1);
		uint64_t frame = pfn_to_frame(pfn);

		memset(pfn_va(pfn), 0, PAGE_SIZE);
		snprintf(pfn_va(pfn), PAGE_SIZE, "xsguest grant ref=%lu\n", ref);
		gt[ref].domid = grant_domid;
		gt[ref].frame = (uint32_t)frame;
		/* Xen must see domid and frame before the entry is valid. */
		__atomic_thread_fence(__ATOMIC_RELEASE);
		gt[ref].flags = GTF_permit_access;
		say("gref=%lu gfn=0x%lx", ref, frame);
	}
	grant_map_n = n;
	say("grant count=%lu frames=%u", n, frames);
}
