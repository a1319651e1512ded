/*
 * shadowmix: one address space whose data L1 holds every kind of entry the
 * shadow code treats specially, then (after "ready") a busy loop that
 * keeps remapping and touching pages, so that an audit of the live shadows
 * sees each expected difference while the guest runs:
 *
 *   slots   0-63   data pages, writable; the loop rotates 0-31 and writes
 *                  them, reads 32-63 only (log-dirty: not dirty yet)
 *   slots  64-79   read-only data pages (guest RW clear)
 *   slots  80-95   present, A clear, never touched (access held back)
 *   slots  96-111  writable, D clear, read only (write held back)
 *   slot   112     the data L1 itself (PVH: writable; a page table, so the
 *                  shadow makes it read-only)
 *   slots 113-127  not present, non-zero (the guest's own bits)
 *
 * The guest prints its own translation of a stable address ("probe"), so a
 * shadow walk can be checked against the guest's page-table walk.
 */
#include "hypercall.h"
#include "wl.h"

#define MIX_DATA 64
#define MIX_RO 64
#define MIX_NOA 80
#define MIX_NOD 96
#define MIX_SELF 112
#define MIX_NP 113
#define MIX_END 128
#define MIX_PAGES MIX_END

static uint64_t l4, l1, data_pfn;
static unsigned long rounds;

static volatile uint64_t *slot(unsigned int i)
{
	return (volatile uint64_t *)(DATA_VA + (uint64_t)i * PAGE_SIZE);
}

static uint64_t slot_pte(unsigned int i, unsigned int rot)
{
	if (i < MIX_DATA)
		return pte_make(data_pfn + (i < 32 ? (i + rot) % 32 : i), PTE_DATA);
	if (i < MIX_NOA)
		return pte_make(data_pfn + i, _PAGE_PRESENT | _PAGE_ACCESSED);
	if (i < MIX_NOD)
		return pte_make(data_pfn + i, _PAGE_PRESENT | _PAGE_RW);
	if (i < MIX_SELF)
		return pte_make(data_pfn + i, _PAGE_PRESENT | _PAGE_RW | _PAGE_ACCESSED);
	if (i == MIX_SELF)
		return pte_make(l1, guest_is_pv ? _PAGE_PRESENT | _PAGE_ACCESSED : PTE_DATA);
	return ((uint64_t)i << 12) | 0x40; /* not present: the guest's own bits */
}

static void touch(void)
{
	for (unsigned int i = 0; i < 32; i++)
		slot(i)[1]++;
	for (unsigned int i = 32; i < MIX_NOA; i++)
		(void)slot(i)[0];
	for (unsigned int i = MIX_NOD; i <= MIX_SELF; i++)
		(void)slot(i)[0];
}

void wl_shadowmix(void)
{
	uint64_t l2, l3, *pte;

	data_pfn = alloc_pages(MIX_PAGES, 1);
	for (unsigned int i = 0; i < MIX_PAGES; i++)
		*(volatile uint64_t *)pfn_va(data_pfn + i) = page_mark(i);
	l1 = pt_alloc();
	for (unsigned int i = 0; i < MIX_END; i++)
		pt_table(l1)[i] = slot_pte(i, 0);
	pt_protect(l1);
	l2 = pt_alloc();
	pt_table(l2)[0] = pte_make(l1, PTE_TABLE);
	pt_protect(l2);
	l3 = pt_alloc();
	pt_table(l3)[0] = pte_make(l2, PTE_TABLE);
	pt_protect(l3);
	l4 = space_new();
	pt_table(l4)[pt_index(DATA_VA, 4)] = pte_make(l3, PTE_TABLE);
	pt_protect(l4);
	pt_pin_l4(l4);
	load_cr3(l4);
	touch();
	if (slot(MIX_RO)[0] != page_mark(MIX_RO))
		panic("shadowmix: read-only slot reads 0x%lx", slot(MIX_RO)[0]);

	/* The guest's own walk of a stable address: L4 -> L3 -> L2 -> L1. */
	pte = pte_lookup(l4, (uint64_t)(uintptr_t)slot(MIX_RO), 1);
	if (!pte)
		panic("shadowmix: no L1 entry for the probe address");
	say("shadowmix slots=%u l1=0x%lx data=0x%lx", MIX_END, pfn_to_frame(l1),
	    pfn_to_frame(data_pfn));
	say("shadowmix probe va=0x%lx gfn=0x%lx", (uint64_t)(uintptr_t)slot(MIX_RO),
	    (*pte & PTE_ADDR_MASK) >> PAGE_SHIFT);
}

/* After "ready": remap slots 0-31 and touch pages, forever. */
NORETURN void wl_shadowmix_busy(void)
{
	for (;;) {
		unsigned int rot = (unsigned int)(++rounds % 32);

		for (unsigned int i = 0; i < 32; i++)
			pt_set(l1, i, slot_pte(i, rot));
		load_cr3(l4);
		touch();
		hyp_sched_op(SCHEDOP_yield, NULL);
	}
}
