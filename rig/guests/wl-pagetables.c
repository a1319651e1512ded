/*
 * pagetables=N: build SPACES 4-level address spaces that each map the same
 * N MiB of data at DATA_VA, every space with its own L4, L3, L2 and L1
 * tables and a different rotation of the data pages.  Touch every page in
 * every space, switch CR3 between them, and rewrite L1, L2 and L3 entries
 * while their space is live.  Under shadow paging this gives shadows at
 * every level and resyncs; for PV it exercises mmu_update and type
 * validation of every level.
 */
#include "wl.h"

#define SPACES 4
#define ROUNDS 8
#define MAX_L1 PT_ENTRIES /* one L2: up to 1 GiB of data */

struct space {
	uint64_t l4, l3, l2, l1[MAX_L1];
};

static struct space spaces[SPACES];
static uint64_t data_pfn, npages, nl1;
static unsigned int live_writes, switches;

/* Space k maps data page i at DATA_VA + i * 4 KiB. */
static uint64_t page_in(unsigned int k, uint64_t i)
{
	return (i + k) % npages;
}

static void build(unsigned int k)
{
	struct space *s = &spaces[k];

	/* Bottom up: a table is filled before anything references it. */
	for (uint64_t j = 0; j < nl1; j++) {
		s->l1[j] = pt_alloc();
		for (unsigned int i = 0; i < PT_ENTRIES; i++) {
			uint64_t p = j * PT_ENTRIES + i;

			if (p < npages)
				pt_table(s->l1[j])[i] = pte_make(
					data_pfn + page_in(k, p), PTE_DATA);
		}
		pt_protect(s->l1[j]);
	}
	s->l2 = pt_alloc();
	for (uint64_t j = 0; j < nl1; j++)
		pt_table(s->l2)[j] = pte_make(s->l1[j], PTE_TABLE);
	pt_protect(s->l2);
	s->l3 = pt_alloc();
	pt_table(s->l3)[0] = pte_make(s->l2, PTE_TABLE);
	pt_protect(s->l3);
	s->l4 = space_new();
	pt_table(s->l4)[pt_index(DATA_VA, 4)] = pte_make(s->l3, PTE_TABLE);
	pt_protect(s->l4);
	pt_pin_l4(s->l4);
}

static volatile uint64_t *data_page(uint64_t i)
{
	return (volatile uint64_t *)(DATA_VA + i * PAGE_SIZE);
}

static void check(unsigned int k, uint64_t i, uint64_t want)
{
	uint64_t got = data_page(i)[0];

	if (got != page_mark(want))
		panic("pagetables: space %u page %lu reads 0x%lx, want 0x%lx",
		      k, i, got, page_mark(want));
}

/* Read and write every data page through space k (already loaded). */
static void touch_all(unsigned int k)
{
	for (uint64_t i = 0; i < npages; i++) {
		check(k, i, page_in(k, i));
		data_page(i)[1]++;
	}
}

/* Rewrite entries of the live space k and check the effect each time. */
static void live_rewrite(unsigned int k, unsigned int round)
{
	struct space *s = &spaces[k];
	uint64_t other = (round * 7 + 3) % npages;
	uint64_t last = nl1 - 1, l2e = pt_table(s->l2)[last];
	uint64_t l3e = pt_table(s->l3)[0];

	/* L1: point data page 0 elsewhere, then back. */
	pt_set(s->l1[0], 0, pte_make(data_pfn + other, PTE_DATA));
	flush_va(DATA_VA);
	check(k, 0, other);
	pt_set(s->l1[0], 0, pte_make(data_pfn + page_in(k, 0), PTE_DATA));
	flush_va(DATA_VA);
	check(k, 0, page_in(k, 0));

	/* L2: unhook the last L1 table and hook it back. */
	pt_set(s->l2, (unsigned int)last, 0);
	load_cr3(s->l4);
	pt_set(s->l2, (unsigned int)last, l2e);
	load_cr3(s->l4);
	check(k, last * PT_ENTRIES, page_in(k, last * PT_ENTRIES));

	/* L3: unhook the whole data L2 and hook it back. */
	pt_set(s->l3, 0, 0);
	load_cr3(s->l4);
	pt_set(s->l3, 0, l3e);
	load_cr3(s->l4);
	check(k, npages - 1, page_in(k, npages - 1));

	live_writes += 6;
}

void wl_pagetables(unsigned long mib)
{
	if (mib < 1 || mib > MAX_L1 * PT_ENTRIES / MIB_PAGES)
		panic("pagetables=%lu: want 1 to %lu MiB", mib,
		      MAX_L1 * PT_ENTRIES / MIB_PAGES);
	npages = mib * MIB_PAGES;
	nl1 = (npages + PT_ENTRIES - 1) / PT_ENTRIES;
	data_pfn = alloc_pages(npages, 1);
	for (uint64_t i = 0; i < npages; i++)
		*(volatile uint64_t *)pfn_va(data_pfn + i) = page_mark(i);

	for (unsigned int k = 0; k < SPACES; k++) {
		build(k);
		load_cr3(spaces[k].l4);
		switches++;
		touch_all(k);
	}
	for (unsigned int r = 0; r < ROUNDS; r++) {
		for (unsigned int k = 0; k < SPACES; k++) {
			load_cr3(spaces[k].l4);
			switches++;
			touch_all(k);
			live_rewrite(k, r);
		}
	}
	say("pagetables spaces=%u mib=%lu", SPACES, mib);
	say("pagetables rounds=%u switches=%u live_writes=%u tables_per_space=%lu l4=0x%lx",
	    ROUNDS, switches, live_writes, nl1 + 3,
	    pfn_to_frame(spaces[SPACES - 1].l4));
}
