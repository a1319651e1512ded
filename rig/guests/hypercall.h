/*
 * Hypercalls.  Both guest kinds call into the same 4 KiB hypercall page:
 * for PV the domain builder asks Xen to fill it (XEN_ELFNOTE_HYPERCALL_PAGE),
 * for PVH we ask Xen to fill it by writing its address to the MSR named in
 * CPUID leaf base+2.  Entry i of the page is at offset 32 * i.
 */
#ifndef XSG_HYPERCALL_H
#define XSG_HYPERCALL_H

#include "xenhdr.h"

extern char hypercall_page[4096];

/*
 * Every argument register is marked as clobbered: debug builds of Xen
 * deliberately scribble over them on the way out.
 */
static inline long hypercall5(unsigned int nr, uint64_t a1, uint64_t a2,
			      uint64_t a3, uint64_t a4, uint64_t a5)
{
	register uint64_t rdi asm("rdi") = a1;
	register uint64_t rsi asm("rsi") = a2;
	register uint64_t rdx asm("rdx") = a3;
	register uint64_t r10 asm("r10") = a4;
	register uint64_t r8 asm("r8") = a5;
	long ret;

	asm volatile("call *%[fn]"
		     : "=a"(ret), "+r"(rdi), "+r"(rsi), "+r"(rdx), "+r"(r10),
		       "+r"(r8)
		     : [fn] "a"(hypercall_page + nr * 32)
		     : "memory", "rcx", "r9", "r11");
	return ret;
}

#define HC(nr, a1, a2, a3, a4, a5)                                     \
	hypercall5(nr, (uint64_t)(a1), (uint64_t)(a2), (uint64_t)(a3),   \
		   (uint64_t)(a4), (uint64_t)(a5))

static inline long hyp_console_io(int cmd, unsigned int count, const char *s)
{
	return HC(__HYPERVISOR_console_io, cmd, count, s, 0, 0);
}

static inline long hyp_sched_op(int cmd, void *arg)
{
	return HC(__HYPERVISOR_sched_op, cmd, arg, 0, 0, 0);
}

static inline long hyp_event_channel_op(int cmd, void *arg)
{
	return HC(__HYPERVISOR_event_channel_op, cmd, arg, 0, 0, 0);
}

static inline long hyp_memory_op(unsigned int cmd, void *arg)
{
	return HC(__HYPERVISOR_memory_op, cmd, arg, 0, 0, 0);
}

static inline long hyp_grant_table_op(unsigned int cmd, void *arg,
				      unsigned int count)
{
	return HC(__HYPERVISOR_grant_table_op, cmd, arg, count, 0, 0);
}

static inline long hyp_hvm_op(unsigned int op, void *arg)
{
	return HC(__HYPERVISOR_hvm_op, op, arg, 0, 0, 0);
}

/* PV only from here on. */

static inline long hyp_mmu_update(mmu_update_t *req, unsigned int count,
				  unsigned int *done, domid_t dom)
{
	return HC(__HYPERVISOR_mmu_update, req, count, done, dom, 0);
}

static inline long hyp_mmuext_op(struct mmuext_op *op, unsigned int count,
				 unsigned int *done, domid_t dom)
{
	return HC(__HYPERVISOR_mmuext_op, op, count, done, dom, 0);
}

static inline long hyp_update_va_mapping(uint64_t va, uint64_t pte,
					 uint64_t flags)
{
	return HC(__HYPERVISOR_update_va_mapping, va, pte, flags, 0, 0);
}

static inline long hyp_set_trap_table(const struct trap_info *table)
{
	return HC(__HYPERVISOR_set_trap_table, table, 0, 0, 0, 0);
}

static inline long hyp_set_gdt(xen_pfn_t *frames, unsigned int entries)
{
	return HC(__HYPERVISOR_set_gdt, frames, entries, 0, 0, 0);
}

#endif
