/*
 * Building and editing address spaces.  New tables are filled with plain
 * writes while nobody uses them, then handed to pt_protect() (for PV this
 * takes away our writable mapping so Xen accepts the page as a page table).
 * Entries of tables that may be live go through pt_set().
 */
#include "mm.h"

/* A zeroed page, still writable, for the caller to fill and protect. */
uint64_t pt_alloc(void)
{
	uint64_t pfn = alloc_pages(1, 1);

	memset(pfn_va(pfn), 0, PAGE_SIZE);
	return pfn;
}

/*
 * A new, unprotected L4 that shares the kernel's mappings (L4 slot 0, the
 * first 512 GiB, where the 1:1 map lives) with the boot address space.
 */
uint64_t space_new(void)
{
	uint64_t l4 = pt_alloc();

	pt_table(l4)[0] = pt_table(boot_l4_pfn)[0];
	return l4;
}

/* The entry for va at the given level, or NULL if a table is missing. */
uint64_t *pte_lookup(uint64_t l4_pfn, uint64_t va, int level)
{
	uint64_t t = l4_pfn;

	for (int l = 4; l > level; l--) {
		uint64_t e = pt_table(t)[pt_index(va, l)];

		if (!(e & _PAGE_PRESENT) || (e & _PAGE_PSE))
			return NULL;
		t = pte_pfn(e);
	}
	return &pt_table(t)[pt_index(va, level)];
}

/*
 * Map one 4 KiB frame (a PTE frame number: an MFN for PV) at va in a
 * possibly live address space, adding missing intermediate tables.
 */
void map_frame(uint64_t l4_pfn, uint64_t va, uint64_t frame, uint64_t flags)
{
	uint64_t t = l4_pfn;

	for (int l = 4; l > 1; l--) {
		unsigned int i = pt_index(va, l);
		uint64_t e = pt_table(t)[i];

		if (e & _PAGE_PSE)
			panic("map_frame: va 0x%lx is inside a superpage", va);
		if (!(e & _PAGE_PRESENT)) {
			uint64_t n = pt_alloc();

			pt_protect(n);
			e = pte_make(n, PTE_TABLE);
			pt_set(t, i, e);
		}
		t = pte_pfn(e);
	}
	pt_set(t, pt_index(va, 1), (frame << PAGE_SHIFT) | flags | pte_extra);
	flush_va(va);
}
