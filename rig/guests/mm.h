/* x86-64 4-level page-table helpers shared by both guest kinds. */
#ifndef XSG_MM_H
#define XSG_MM_H

#include "arch.h"

#define _PAGE_PRESENT 0x001UL
#define _PAGE_RW 0x002UL
#define _PAGE_USER 0x004UL
#define _PAGE_ACCESSED 0x020UL
#define _PAGE_DIRTY 0x040UL
#define _PAGE_PSE 0x080UL
#define PTE_ADDR_MASK 0x000ffffffffff000UL

#define PTE_TABLE (_PAGE_PRESENT | _PAGE_RW | _PAGE_ACCESSED)
#define PTE_DATA (_PAGE_PRESENT | _PAGE_RW | _PAGE_ACCESSED | _PAGE_DIRTY)

#define L1_SHIFT 12
#define L2_SHIFT 21
#define L3_SHIFT 30
#define L4_SHIFT 39
#define PT_ENTRIES 512

static inline void *pfn_va(uint64_t pfn)
{
	return (void *)(uintptr_t)(pfn << PAGE_SHIFT);
}

static inline uint64_t *pt_table(uint64_t pfn)
{
	return pfn_va(pfn);
}

/* Index of va in the page table of the given level (1 = L1 ... 4 = L4). */
static inline unsigned int pt_index(uint64_t va, int level)
{
	return (va >> (L1_SHIFT + 9 * (level - 1))) & (PT_ENTRIES - 1);
}

static inline uint64_t pte_pfn(uint64_t pte)
{
	return frame_to_pfn((pte & PTE_ADDR_MASK) >> PAGE_SHIFT);
}

/* An entry pointing at guest frame pfn. */
static inline uint64_t pte_make(uint64_t pfn, uint64_t flags)
{
	return (pfn_to_frame(pfn) << PAGE_SHIFT) | flags | pte_extra;
}

uint64_t pt_alloc(void);
uint64_t space_new(void);
void map_frame(uint64_t l4_pfn, uint64_t va, uint64_t frame, uint64_t flags);
uint64_t *pte_lookup(uint64_t l4_pfn, uint64_t va, int level);

#endif
