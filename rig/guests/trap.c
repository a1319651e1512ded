/*
 * Fault reporting.  The stubs in trap-stubs.S push the vector number on top
 * of the frame the CPU (PVH) or Xen (PV) built.  A PV frame additionally
 * starts with the guest's %rcx and %r11, which Xen saved for us.
 */
#include "arch.h"

static bool has_error_code(unsigned int vec)
{
	return vec == 8 || (vec >= 10 && vec <= 14) || vec == 17 ||
	       vec == 21 || vec == 29 || vec == 30;
}

void trap_handler(uint64_t *frame)
{
	static bool in_fault;
	unsigned int vec = (unsigned int)frame[0];
	uint64_t *p = frame + 1 + (guest_is_pv ? 2 : 0);
	uint64_t err = has_error_code(vec) ? *p++ : 0;
	uint64_t rip = p[0], cr2;

	/* A fault while reporting a fault: just stop. */
	if (in_fault)
		guest_crash();
	in_fault = true;

	/* For PV, Xen emulates this read and returns the faulting address. */
	asm volatile("mov %%cr2, %0" : "=r"(cr2));
	say("FAULT vec=%u rip=0x%lx cr2=0x%lx err=0x%lx", vec, rip, cr2, err);
	guest_crash();
}
