/*
 * Bump allocator over guest page frames.  Nothing is ever freed: a test
 * guest builds its state once and then idles.
 */
#include "xsg.h"

static uint64_t next_pfn, first_pfn, end_pfn;

void alloc_init(uint64_t first, uint64_t end)
{
	first_pfn = next_pfn = first;
	end_pfn = end;
}

/* n pages, the first aligned to align pages (a power of two). */
uint64_t alloc_pages(uint64_t n, uint64_t align)
{
	uint64_t pfn = (next_pfn + align - 1) & ~(align - 1);

	if (pfn + n > end_pfn || pfn + n < pfn)
		panic("out of memory: %lu pages wanted, %lu free", n,
		      alloc_free_pages());
	next_pfn = pfn + n;
	return pfn;
}

uint64_t alloc_free_pages(void)
{
	return end_pfn - next_pfn;
}

uint64_t alloc_total_pages(void)
{
	return end_pfn - first_pfn;
}
