/*
 * leak: offer a page for the hypervisor's fault injector.  The knob that
 * leaks a reference (XENSCOPE_OP_INJECT, CONFIG_XENSCOPE_INJECT builds) is a
 * privileged domctl, so dom0 turns it; the guest's part is to own a page
 * that nothing else references, marked so it can be recognised, and to say
 * which one.  The scenario then expects exactly that page to carry the one
 * unexplained reference.
 */
#include "wl.h"

void wl_leak(void)
{
	uint64_t pfn = alloc_pages(1, 1);
	uint64_t *p = pfn_va(pfn);

	for (unsigned int i = 0; i < PAGE_SIZE / sizeof(*p); i++)
		p[i] = page_mark(i);
	say("leak target gfn=0x%lx frame=0x%lx", pfn, pfn_to_frame(pfn));
}
