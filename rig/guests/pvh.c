/*
 * The PVH kernel: an HVM container without emulated devices.  We own our
 * page tables outright (under shadow paging Xen shadows them behind our
 * back), so page-table updates are ordinary writes.  Hypercalls go through
 * a hypercall page that Xen fills when we write its address to an MSR.
 */
#include "hypercall.h"
#include "mm.h"

const bool guest_is_pv = false;
const char guest_kind[] = "pvh";
const uint64_t pte_extra = 0;

uint64_t boot_l4_pfn;
extern char pvh_pml4[];        /* head-pvh.S */
extern char _start_image[], _end[]; /* guest.lds */

static uint64_t ram_end_pfn;

uint64_t pfn_to_frame(uint64_t pfn)
{
	return pfn;
}

uint64_t frame_to_pfn(uint64_t frame)
{
	return frame;
}

void pt_protect(uint64_t pfn)
{
	(void)pfn;
}

void pt_set(uint64_t table_pfn, unsigned int idx, uint64_t pte)
{
	((volatile uint64_t *)pt_table(table_pfn))[idx] = pte;
}

void flush_va(uint64_t va)
{
	asm volatile("invlpg (%0)" : : "r"(va) : "memory");
}

void load_cr3(uint64_t l4_pfn)
{
	asm volatile("mov %0, %%cr3" : : "r"(l4_pfn << PAGE_SHIFT) : "memory");
}

void pt_pin_l4(uint64_t l4_pfn)
{
	(void)l4_pfn;
}

uint64_t current_l4(void)
{
	uint64_t cr3;

	asm volatile("mov %%cr3, %0" : "=r"(cr3));
	return cr3 >> PAGE_SHIFT;
}

uint64_t guest_ram_end_pfn(void)
{
	return ram_end_pfn;
}

static void cpuid(uint32_t leaf, uint32_t r[4])
{
	asm volatile("cpuid"
		     : "=a"(r[0]), "=b"(r[1]), "=c"(r[2]), "=d"(r[3])
		     : "a"(leaf), "c"(0));
}

/* Find Xen's CPUID leaves and have Xen fill in our hypercall page. */
static void setup_hypercall_page(void)
{
	for (uint32_t base = 0x40000000; base < 0x40010000; base += 0x100) {
		uint32_t r[4];

		cpuid(base, r);
		if (r[1] == 0x566e6558 /* "XenV" */ &&
		    r[2] == 0x65584d4d /* "MMXe" */ &&
		    r[3] == 0x4d4d566e /* "nVMM" */ && r[0] >= base + 2) {
			uint64_t gpa = (uintptr_t)hypercall_page;

			cpuid(base + 2, r);
			asm volatile("wrmsr"
				     : : "c"(r[1]), "a"((uint32_t)gpa),
				       "d"((uint32_t)(gpa >> 32)));
			return;
		}
	}
	/* No console without hypercalls: all we can do is stop. */
	for (;;)
		asm volatile("cli; hlt");
}

struct idt_entry {
	uint16_t off0, sel;
	uint8_t ist, type;
	uint16_t off1;
	uint32_t off2, zero;
} __attribute__((packed));

static void setup_idt(void)
{
	static struct idt_entry idt[32];
	struct {
		uint16_t limit;
		uint64_t base;
	} __attribute__((packed)) ptr = { sizeof(idt) - 1, (uintptr_t)idt };

	for (unsigned int v = 0; v < ARRAY_SIZE(idt); v++) {
		uint64_t a = (uintptr_t)trap_stubs + v * TRAP_STUB_SIZE;

		idt[v] = (struct idt_entry){
			.off0 = (uint16_t)a,
			.sel = 0x10, /* GDT_CS64 in head-pvh.S */
			.type = 0x8e, /* present, DPL 0, interrupt gate */
			.off1 = (uint16_t)(a >> 16),
			.off2 = (uint32_t)(a >> 32),
		};
	}
	asm volatile("lidt %0" : : "m"(ptr));
}

static uint64_t hvm_param(uint32_t index)
{
	struct xen_hvm_param p = { .domid = DOMID_SELF, .index = index };
	long rc = hyp_hvm_op(HVMOP_get_param, &p);

	return rc ? 0 : p.value;
}

static uint64_t max_u64(uint64_t a, uint64_t b)
{
	return a > b ? a : b;
}

/*
 * Memory we may allocate: the RAM region holding the kernel, from past
 * everything the domain builder placed after us (start info, command line,
 * memory map) to its end.  The memory map comes with the start info (v1)
 * or, failing that, from XENMEM_memory_map.
 */
static void setup_memory(const struct hvm_start_info *si)
{
	static struct hvm_memmap_table_entry map[32];
	uint64_t n = 0, kernel = (uintptr_t)_start_image;
	uint64_t first = (uintptr_t)_end, end = 0;

	first = max_u64(first, (uintptr_t)si + sizeof(*si));
	if (si->version >= 1 && si->memmap_paddr && si->memmap_entries) {
		n = si->memmap_entries < ARRAY_SIZE(map) ? si->memmap_entries
							 : ARRAY_SIZE(map);
		memcpy(map, (void *)(uintptr_t)si->memmap_paddr,
		       n * sizeof(map[0]));
		first = max_u64(first, si->memmap_paddr +
					       si->memmap_entries *
						       sizeof(map[0]));
	} else {
		struct xen_memory_map mm = { .nr_entries = ARRAY_SIZE(map) };

		/* struct e820entry has the same layout as the memmap entry. */
		set_xen_guest_handle(mm.buffer, map);
		if (hyp_memory_op(XENMEM_memory_map, &mm) == 0)
			n = mm.nr_entries;
	}
	if (si->cmdline_paddr)
		first = max_u64(first, si->cmdline_paddr +
					       strlen((char *)(uintptr_t)
							      si->cmdline_paddr) +
					       1);
	for (uint64_t i = 0; i < n; i++) {
		if (map[i].type == XEN_HVM_MEMMAP_TYPE_RAM &&
		    map[i].addr <= kernel && kernel < map[i].addr + map[i].size)
			end = map[i].addr + map[i].size;
		if (map[i].type == XEN_HVM_MEMMAP_TYPE_RAM)
			ram_end_pfn = max_u64(ram_end_pfn,
					      (map[i].addr + map[i].size) >>
						      PAGE_SHIFT);
	}
	if (!end)
		panic("no RAM region around the kernel in the memory map");
	if (end > (4UL << 30))
		end = 4UL << 30; /* the boot page tables map 4 GiB */
	/* Slack for anything else the builder put right after the kernel. */
	first += 64 * 1024;
	alloc_init((first + PAGE_SIZE - 1) >> PAGE_SHIFT, end >> PAGE_SHIFT);
}

NORETURN void pvh_main(uint32_t start_info_pa);
NORETURN void pvh_main(uint32_t start_info_pa)
{
	static char cmdline[1024];
	const struct hvm_start_info *si = (void *)(uintptr_t)start_info_pa;

	setup_hypercall_page();
	setup_idt();
	boot_l4_pfn = (uintptr_t)pvh_pml4 >> PAGE_SHIFT;

	uint64_t con_pfn = hvm_param(HVM_PARAM_CONSOLE_PFN);

	console_init(con_pfn ? pfn_va(con_pfn) : NULL,
		     (uint32_t)hvm_param(HVM_PARAM_CONSOLE_EVTCHN));
	if (si->magic != XEN_HVM_START_MAGIC_VALUE)
		panic("bad hvm_start_info magic 0x%x", si->magic);
	if (si->cmdline_paddr)
		memcpy(cmdline, (void *)(uintptr_t)si->cmdline_paddr,
		       sizeof(cmdline) - 1);
	setup_memory(si);
	guest_main(cmdline);
}

/* A PVH guest has no p2m of its own: Xen keeps it. */
void pv_p2m_publish_list(void)
{
	panic("p2m workloads need a PV guest");
}

void pv_p2m_set(uint64_t pfn, uint64_t mfn)
{
	(void)pfn;
	(void)mfn;
	panic("p2m workloads need a PV guest");
}

uint64_t pv_p2m_step(uint64_t pfn, uint64_t mfn, bool open)
{
	(void)pfn;
	(void)mfn;
	(void)open;
	panic("p2m workloads need a PV guest");
}

int pv_console_getc(void)
{
	panic("p2m workloads need a PV guest");
}
