/*
 * pin (PV only): pin the L4 of a second address space, load a GDT and an
 * LDT and use the LDT, so that Xen holds type references on a pinned
 * page-table tree and on segment-descriptor pages.
 */
#include "hypercall.h"
#include "wl.h"

#define DESC_CODE64_DPL3 0x00affa000000ffffUL
#define DESC_DATA_DPL3 0x00cff2000000ffffUL
#define LDT_DATA_SEL 0x7 /* LDT index 0, TI=1, RPL 3 */

static void mmuext1(struct mmuext_op *op, const char *what)
{
	long rc = hyp_mmuext_op(op, 1, NULL, DOMID_SELF);

	if (rc)
		panic("mmuext_op %s: %ld", what, rc);
}

void wl_pin(void)
{
	uint64_t l4, gdt, ldt;
	struct mmuext_op op = { 0 };
	xen_pfn_t gdt_frames[1];
	long rc;

	if (!guest_is_pv) {
		say("pin unsupported-pvh");
		return;
	}

	/* A second address space sharing the kernel mappings, pinned. */
	l4 = space_new();
	pt_protect(l4);
	op.cmd = MMUEXT_PIN_L4_TABLE;
	op.arg1.mfn = pfn_to_frame(l4);
	mmuext1(&op, "pin l4");
	say("pinned l4=0x%lx", pfn_to_frame(l4));

	/* Descriptor pages, like page tables, must not be writable to us. */
	gdt = pt_alloc();
	pt_table(gdt)[1] = DESC_CODE64_DPL3;
	pt_table(gdt)[2] = DESC_DATA_DPL3;
	pt_protect(gdt);
	gdt_frames[0] = pfn_to_frame(gdt);
	rc = hyp_set_gdt(gdt_frames, 3);
	if (rc)
		panic("set_gdt: %ld", rc);
	say("gdt frame=0x%lx entries=3", gdt_frames[0]);

	ldt = pt_alloc();
	pt_table(ldt)[0] = DESC_DATA_DPL3;
	pt_protect(ldt);
	op = (struct mmuext_op){ .cmd = MMUEXT_SET_LDT };
	op.arg1.linear_addr = ldt << PAGE_SHIFT;
	op.arg2.nr_ents = 1;
	mmuext1(&op, "set ldt");
	/* Loading an LDT selector makes Xen map and type the LDT page. */
	asm volatile("mov %0, %%fs" : : "r"(LDT_DATA_SEL));
	asm volatile("mov %0, %%fs" : : "r"(0));
	say("ldt va=0x%lx frame=0x%lx entries=1", ldt << PAGE_SHIFT,
	    pfn_to_frame(ldt));
}
