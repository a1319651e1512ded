/*
 * argo-ring=N: register an Argo ring of N pages (1 to 64) for messages
 * from dom0, with a hypervisor booted with argo=1.  find_ring_mfn() then
 * holds a general and a writable type reference on each page until the
 * ring is unregistered or the domain dies.  PV guests name their pages by
 * machine frame, PVH ones by guest frame (pfn_to_frame()).
 */
#include "hypercall.h"
#include "wl.h"

#define ARGO_MAX_PAGES 64

void wl_argo_ring(unsigned long n)
{
	static xen_argo_gfn_t gfn[ARGO_MAX_PAGES];
	xen_argo_register_ring_t reg = { .aport = 0x5853, .partner_id = 0 };
	uint64_t pfn;
	long rc;

	if (n < 1 || n > ARGO_MAX_PAGES)
		panic("argo-ring=%lu: want 1 to %u pages", n, ARGO_MAX_PAGES);
	pfn = alloc_pages(n, 1);
	memset(pfn_va(pfn), 0, n * PAGE_SIZE);
	for (unsigned long i = 0; i < n; i++)
		gfn[i] = pfn_to_frame(pfn + i);
	/* The ring header, then the largest message space N pages hold. */
	reg.len = (uint32_t)(n * PAGE_SIZE - sizeof(xen_argo_ring_t));
	rc = HC(__HYPERVISOR_argo_op, XEN_ARGO_OP_register_ring, &reg, gfn, n, 0);
	if (rc)
		panic("argo-ring: XEN_ARGO_OP_register_ring: %ld", rc);
	for (unsigned long i = 0; i < n; i++)
		say("argo-ring page %lu frame=0x%lx", i, (unsigned long)gfn[i]);
	say("argo-ring pages=%lu len=%u port=0x%x", n, reg.len, reg.aport);
}
