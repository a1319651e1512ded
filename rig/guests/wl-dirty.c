/*
 * dirty=N: a write workload for log-dirty tests.  N data pages, every one
 * written over and over (one word each, a few hundred times a second), so
 * that every round of a dirty-page reader of any length sees exactly those
 * N pages plus the few the kernel itself touches.  Says which pages, then
 * "ready", then writes forever.
 */
#include "wl.h"
#include "xsg.h"

NORETURN void wl_dirty(unsigned long pages)
{
	uint64_t first, pass = 0;

	if (pages == 0 || pages > 65536)
		panic("dirty takes 1 to 65536 pages");
	first = alloc_pages(pages, 1);
	say("dirty-set %lu pages pfn 0x%lx-0x%lx", pages, first, first + pages - 1);
	say("ready");
	for (;;) {
		pass++;
		for (unsigned long i = 0; i < pages; i++)
			*(volatile uint64_t *)pfn_va(first + i) = page_mark(pass);
		for (volatile int spin = 0; spin < 200000; spin++)
			;
	}
}
