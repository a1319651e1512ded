/*
 * superpages: map 2 MiB pages with PSE L2 entries, touch every 4 KiB piece
 * of them, then splinter one superpage into an L1 table while the space is
 * live.  Under shadow paging Xen backs guest superpages with fl1 shadows.
 * PV guests cannot map superpages, so they only say so.
 */
#include "wl.h"

#define SUPERPAGES 4
#define SP_PAGES PT_ENTRIES /* 4 KiB pages per 2 MiB */

static void touch(uint64_t npages)
{
	for (uint64_t i = 0; i < npages; i++) {
		volatile uint64_t *p =
			(volatile uint64_t *)(DATA_VA + i * PAGE_SIZE);

		if (p[0] != page_mark(i))
			panic("superpages: page %lu reads 0x%lx", i, p[0]);
		p[1]++;
	}
}

void wl_superpages(void)
{
	uint64_t n = SUPERPAGES, base, l2, l3, l4, l1;

	if (guest_is_pv) {
		say("superpages unsupported-pv");
		return;
	}
	/* Use at most half of what is left. */
	while (n > 1 && n * SP_PAGES * 2 > alloc_free_pages())
		n--;
	base = alloc_pages(n * SP_PAGES, SP_PAGES);
	for (uint64_t i = 0; i < n * SP_PAGES; i++)
		*(volatile uint64_t *)pfn_va(base + i) = page_mark(i);

	l2 = pt_alloc();
	for (uint64_t s = 0; s < n; s++)
		pt_table(l2)[s] =
			pte_make(base + s * SP_PAGES, PTE_DATA | _PAGE_PSE);
	l3 = pt_alloc();
	pt_table(l3)[0] = pte_make(l2, PTE_TABLE);
	l4 = space_new();
	pt_table(l4)[pt_index(DATA_VA, 4)] = pte_make(l3, PTE_TABLE);
	load_cr3(l4);
	touch(n * SP_PAGES);
	say("superpages count=%lu mib=%lu base=0x%lx", n, n * 2,
	    base << PAGE_SHIFT);

	/* Splinter the first superpage: same frames, now 4 KiB mappings. */
	l1 = pt_alloc();
	for (unsigned int i = 0; i < SP_PAGES; i++)
		pt_table(l1)[i] = pte_make(base + i, PTE_DATA);
	pt_set(l2, 0, pte_make(l1, PTE_TABLE));
	load_cr3(l4);
	touch(n * SP_PAGES);
	say("superpages splintered=1");
}
