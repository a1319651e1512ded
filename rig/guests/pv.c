/*
 * The 64-bit PV kernel.  Our page tables are read-only to us: every change
 * is a hypercall (mmu_update, mmuext_op, update_va_mapping), and entries
 * hold machine frame numbers, translated through the p2m list the builder
 * gave us and Xen's read-only machine-to-phys table.
 */
#include "hypercall.h"
#include "mm.h"

const bool guest_is_pv = true;
const char guest_kind[] = "pv";
/* 64-bit PV kernels run in ring 3: Xen wants USER on their mappings. */
const uint64_t pte_extra = _PAGE_USER;

uint64_t boot_l4_pfn;
uint64_t pv_boot_rsp; /* set by head-pv.S */
start_info_t *pv_start_info;

static xen_pfn_t *p2m; /* the builder's list, mapped writable for us */
static uint64_t nr_pages, cur_l4;

uint64_t pfn_to_frame(uint64_t pfn)
{
	if (pfn >= nr_pages)
		panic("pfn 0x%lx beyond memory", pfn);
	return p2m[pfn];
}

uint64_t frame_to_pfn(uint64_t mfn)
{
	return ((const xen_pfn_t *)MACH2PHYS_VIRT_START)[mfn];
}

void pt_protect(uint64_t pfn)
{
	long rc = hyp_update_va_mapping(pfn << PAGE_SHIFT,
					pte_make(pfn, _PAGE_PRESENT |
							      _PAGE_ACCESSED),
					UVMF_INVLPG | UVMF_LOCAL);

	if (rc)
		panic("update_va_mapping(ro pfn 0x%lx): %ld", pfn, rc);
}

void pt_set(uint64_t table_pfn, unsigned int idx, uint64_t pte)
{
	mmu_update_t req = {
		.ptr = ((pfn_to_frame(table_pfn) << PAGE_SHIFT) + idx * 8) |
		       MMU_NORMAL_PT_UPDATE,
		.val = pte,
	};
	long rc = hyp_mmu_update(&req, 1, NULL, DOMID_SELF);

	if (rc)
		panic("mmu_update(pfn 0x%lx[%u] = 0x%lx): %ld", table_pfn, idx,
		      pte, rc);
}

static void mmuext(unsigned int cmd, uint64_t arg)
{
	struct mmuext_op op = { .cmd = cmd };
	long rc;

	if (cmd == MMUEXT_INVLPG_LOCAL)
		op.arg1.linear_addr = arg;
	else
		op.arg1.mfn = arg;
	rc = hyp_mmuext_op(&op, 1, NULL, DOMID_SELF);
	if (rc)
		panic("mmuext_op(%u, 0x%lx): %ld", cmd, arg, rc);
}

void flush_va(uint64_t va)
{
	mmuext(MMUEXT_INVLPG_LOCAL, va);
}

void load_cr3(uint64_t l4_pfn)
{
	mmuext(MMUEXT_NEW_BASEPTR, pfn_to_frame(l4_pfn));
	cur_l4 = l4_pfn;
}

void pt_pin_l4(uint64_t l4_pfn)
{
	mmuext(MMUEXT_PIN_L4_TABLE, pfn_to_frame(l4_pfn));
}

uint64_t current_l4(void)
{
	return cur_l4;
}

uint64_t guest_ram_end_pfn(void)
{
	return nr_pages;
}

/*
 * The builder only maps up to a little beyond its boot stack.  Map the
 * rest of our memory 1:1 too, so shared code can reach any frame.  New L1
 * tables come from the allocator, which starts inside the boot mapping.
 */
static void map_all_memory(void)
{
	uint64_t l3 = pte_pfn(pt_table(boot_l4_pfn)[0]);
	uint64_t l2 = pte_pfn(pt_table(l3)[0]);

	if (nr_pages > PT_ENTRIES * PT_ENTRIES)
		panic("more than 1 GiB of memory is not supported");
	for (uint64_t chunk = 0; chunk * PT_ENTRIES < nr_pages; chunk++) {
		uint64_t e = pt_table(l2)[chunk], l1;

		if (e & _PAGE_PRESENT) {
			l1 = pte_pfn(e);
			for (unsigned int i = 0; i < PT_ENTRIES; i++) {
				uint64_t pfn = chunk * PT_ENTRIES + i;

				if (pfn < nr_pages &&
				    !(pt_table(l1)[i] & _PAGE_PRESENT))
					pt_set(l1, i, pte_make(pfn, PTE_DATA));
			}
			continue;
		}
		l1 = pt_alloc();
		for (unsigned int i = 0; i < PT_ENTRIES; i++) {
			uint64_t pfn = chunk * PT_ENTRIES + i;

			if (pfn < nr_pages)
				pt_table(l1)[i] = pte_make(pfn, PTE_DATA);
		}
		pt_protect(l1);
		pt_set(l2, (unsigned int)chunk, pte_make(l1, PTE_TABLE));
	}
}

/* Where we map the shared info page: L4 slot 3, clear of everything else. */
#define SHARED_INFO_VA (3UL << L4_SHIFT)

/*
 * Publish our p2m the way Linux does, as a two-level list of frames hung
 * off the shared info page, and our memory size.  Dom0 tools that inspect
 * a PV guest (xen-mfndump, save, core dumps) find the p2m through it.
 */
static void publish_p2m(const start_info_t *si)
{
	uint64_t per_page = PAGE_SIZE / sizeof(xen_pfn_t);
	uint64_t p2m_pages = (nr_pages + per_page - 1) / per_page;
	uint64_t fl_pages = (p2m_pages + per_page - 1) / per_page;
	uint64_t fll = pt_alloc(), fl = alloc_pages(fl_pages, 1);
	uint64_t p2m_pfn = si->mfn_list >> PAGE_SHIFT;
	shared_info_t *sh = (shared_info_t *)SHARED_INFO_VA;

	if (fl_pages > per_page)
		panic("p2m too large to publish");
	memset(pfn_va(fl), 0, fl_pages * PAGE_SIZE);
	for (uint64_t i = 0; i < p2m_pages; i++)
		pt_table(fl)[i] = pfn_to_frame(p2m_pfn + i);
	for (uint64_t i = 0; i < fl_pages; i++)
		pt_table(fll)[i] = pfn_to_frame(fl + i);

	map_frame(boot_l4_pfn, SHARED_INFO_VA, si->shared_info >> PAGE_SHIFT,
		  PTE_DATA);
	sh->arch.max_pfn = nr_pages;
	sh->arch.pfn_to_mfn_frame_list_list = pfn_to_frame(fll);
}

/*
 * Publish the list format instead, as Linux does when the toolstack set
 * SIF_VIRT_P2M_4TOOLS: the builder's list at its virtual address in our
 * boot address space, no frame list list, generation 0.
 */
void pv_p2m_publish_list(void)
{
	shared_info_t *sh = (shared_info_t *)SHARED_INFO_VA;

	sh->arch.p2m_generation = 0;
	sh->arch.p2m_vaddr = pv_start_info->mfn_list;
	sh->arch.p2m_cr3 = pfn_to_frame(boot_l4_pfn) << PAGE_SHIFT;
	sh->arch.pfn_to_mfn_frame_list_list = ~0UL;
	say("p2m published as a list at 0x%lx (cr3 0x%lx)", sh->arch.p2m_vaddr,
	    sh->arch.p2m_cr3);
}

/*
 * One step of an update of our list, like Linux's xen_alloc_p2m_entry:
 * @open makes the generation odd, then writes; closing writes, then makes
 * it even again.  The generation it leaves is returned.
 */
uint64_t pv_p2m_step(uint64_t pfn, uint64_t mfn, bool open)
{
	volatile shared_info_t *sh = (shared_info_t *)SHARED_INFO_VA;

	if (open) {
		sh->arch.p2m_generation++;
		__atomic_thread_fence(__ATOMIC_SEQ_CST);
	}
	p2m[pfn] = mfn;
	if (!open) {
		__atomic_thread_fence(__ATOMIC_SEQ_CST);
		sh->arch.p2m_generation++;
	}
	return sh->arch.p2m_generation;
}

void pv_p2m_set(uint64_t pfn, uint64_t mfn)
{
	pv_p2m_step(pfn, mfn, true);
	pv_p2m_step(pfn, mfn, false);
}

/*
 * The next byte of console input, sleeping in SCHEDOP_poll on the console's
 * event channel until there is one (events stay masked: no callback needed).
 * The pending bit is cleared before the ring is looked at, so input that
 * arrives in between makes the poll return at once.
 */
int pv_console_getc(void)
{
	volatile shared_info_t *sh = (shared_info_t *)SHARED_INFO_VA;
	evtchn_port_t port = console_port();
	unsigned int bits = sizeof(xen_ulong_t) * 8;

	for (;;) {
		struct sched_poll poll = { .nr_ports = 1, .timeout = 0 };
		int c;

		__atomic_fetch_and(&sh->evtchn_pending[port / bits],
				   ~((xen_ulong_t)1 << (port % bits)), __ATOMIC_SEQ_CST);
		c = console_getc();
		if (c >= 0)
			return c;
		set_xen_guest_handle(poll.ports, &port);
		hyp_sched_op(SCHEDOP_poll, &poll);
	}
}

static void set_traps(void)
{
	static struct trap_info traps[33];

	for (unsigned int v = 0; v < 32; v++) {
		traps[v].vector = v;
		traps[v].flags = 0; /* only the kernel may raise them */
		traps[v].cs = FLAT_KERNEL_CS;
		traps[v].address = (unsigned long)trap_stubs + v * TRAP_STUB_SIZE;
	}
	/* traps[32] is zero: the end of the table. */
	hyp_set_trap_table(traps);
}

NORETURN void pv_main(start_info_t *si);
NORETURN void pv_main(start_info_t *si)
{
	static char cmdline[MAX_GUEST_CMDLINE];

	pv_start_info = si;
	p2m = (xen_pfn_t *)si->mfn_list;
	nr_pages = si->nr_pages;
	boot_l4_pfn = cur_l4 = si->pt_base >> PAGE_SHIFT;
	memcpy(cmdline, si->cmd_line, sizeof(cmdline) - 1);

	console_init(pfn_va(frame_to_pfn(si->console.domU.mfn)),
		     si->console.domU.evtchn);
	set_traps();

	alloc_init((pv_boot_rsp + PAGE_SIZE - 1) >> PAGE_SHIFT, nr_pages);
	map_all_memory();
	publish_p2m(si);
	guest_main(cmdline);
}
