// SPDX-License-Identifier: MIT
/*
 * TRC_HVM: VM entries and exits, the handlers' records and the emulated
 * devices'.  VMEXIT reasons are named for the vendor the trace shows
 * (xs_trace_ctx_note_vmexit), not by a flag; the nested flag (0x400) marks
 * records of an L2 guest and is shown as "n" in front of the name.
 */
#include <stdio.h>
#include <string.h>

#include <stdint.h>
#include <xen/trace.h>

#include "xenscope/trace/decode.h"

static const struct xs_trace_simple hvm[] = {
	{ TRC_HVM_VMENTRY, "vmentry", "" },
	{ TRC_HVM_PF_XEN, "pf_xen", "va:x error:x" },
	{ TRC_HVM_PF_XEN64, "pf_xen", "va:X error:x" },
	{ TRC_HVM_PF_INJECT, "pf_inject", "error:x va:x" },
	{ TRC_HVM_PF_INJECT64, "pf_inject", "error:x va:X" },
	{ TRC_HVM_INJ_EXC, "inj_exc", "vector:x error:x" },
	{ TRC_HVM_INJ_VIRQ, "inj_virq", "vector:x fake:u" },
	{ TRC_HVM_REINJ_VIRQ, "reinj_virq", "vector:x" },
	{ TRC_HVM_IO_READ, "io_read", "port:x size:u" },
	{ TRC_HVM_IO_WRITE, "io_write", "port:x size:u" },
	{ TRC_HVM_CR_READ, "cr_read", "cr:u value:x" },
	{ TRC_HVM_CR_READ64, "cr_read", "cr:u value:X" },
	{ TRC_HVM_CR_WRITE, "cr_write", "cr:u value:x" },
	{ TRC_HVM_CR_WRITE64, "cr_write", "cr:u value:X" },
	{ TRC_HVM_DR_READ, "dr_read", "*" },
	{ TRC_HVM_DR_WRITE, "dr_write", "*" },
	{ TRC_HVM_MSR_READ, "msr_read", "msr:x value:X" },
	{ TRC_HVM_MSR_WRITE, "msr_write", "msr:x value:X" },
	{ TRC_HVM_CPUID, "cpuid", "leaf:x eax:x ebx:x ecx:x edx:x" },
	{ TRC_HVM_INTR, "intr", "vector:x" },
	{ TRC_HVM_NMI, "nmi", "" },
	{ TRC_HVM_SMI, "smi", "" },
	{ TRC_HVM_VMMCALL, "vmmcall", "op:x" },
	{ TRC_HVM_HLT, "hlt", "intpending:u" },
	{ TRC_HVM_INVLPG, "invlpg", "invlpga:u va:x" },
	{ TRC_HVM_INVLPG64, "invlpg", "invlpga:u va:X" },
	{ TRC_HVM_MCE, "mce", "" },
	{ TRC_HVM_IOPORT_READ, "ioport_read", "port:x data:x" },
	{ TRC_HVM_IOPORT_WRITE, "ioport_write", "port:x data:x" },
	{ TRC_HVM_IOMEM_READ, "iomem_read", "addr:x data:x" },
	{ TRC_HVM_IOMEM_WRITE, "iomem_write", "addr:x data:x" },
	{ TRC_HVM_IOMEM_READ | TRC_64_FLAG, "iomem_read", "addr:X data:x" },
	{ TRC_HVM_IOMEM_WRITE | TRC_64_FLAG, "iomem_write", "addr:X data:x" },
	{ TRC_HVM_CLTS, "clts", "" },
	{ TRC_HVM_LMSW, "lmsw", "value:x" },
	{ TRC_HVM_LMSW64, "lmsw", "value:X" },
	{ TRC_HVM_RDTSC, "rdtsc", "value:X" },
	{ TRC_HVM_INTR_WINDOW, "intr_window", "vector:x source:u intr:x" },
	{ TRC_HVM_NPF, "npf", "gpa:X mfn:X qual:x p2mt:x" },
	{ TRC_HVM_REALMODE_EMULATE, "realmode_emulate", "*" },
	{ TRC_HVM_TRAP, "trap", "vector:x" },
	{ TRC_HVM_TRAP_DEBUG, "trap_debug", "dr6:x" },
	{ TRC_HVM_VLAPIC, "vlapic", "*" },
	{ TRC_HVM_XCR_READ64, "xcr_read", "xcr:u value:X" },
	{ TRC_HVM_XCR_WRITE64, "xcr_write", "xcr:u value:X" },
	{ TRC_HVM_EMUL_HPET_START_TIMER, "hpet_start_timer", "timer:u irq:u delta:X period:X" },
	{ TRC_HVM_EMUL_PIT_START_TIMER, "pit_start_timer", "delta:X period:X" },
	{ TRC_HVM_EMUL_RTC_START_TIMER, "rtc_start_timer", "delta:X period:X" },
	{ TRC_HVM_EMUL_LAPIC_START_TIMER, "lapic_start_timer", "delta:X period:X irq:u" },
	{ TRC_HVM_EMUL_HPET_STOP_TIMER, "hpet_stop_timer", "timer:u" },
	{ TRC_HVM_EMUL_PIT_STOP_TIMER, "pit_stop_timer", "" },
	{ TRC_HVM_EMUL_RTC_STOP_TIMER, "rtc_stop_timer", "" },
	{ TRC_HVM_EMUL_LAPIC_STOP_TIMER, "lapic_stop_timer", "" },
	{ TRC_HVM_EMUL_PIT_TIMER_CB, "pit_timer_cb", "" },
	{ TRC_HVM_EMUL_LAPIC_TIMER_CB, "lapic_timer_cb", "" },
	{ TRC_HVM_EMUL_PIC_INT_OUTPUT, "pic_int_output", "int_output:u is_master:u irq:u" },
	{ TRC_HVM_EMUL_PIC_KICK, "pic_kick", "irq:u" },
	{ TRC_HVM_EMUL_PIC_INTACK, "pic_intack", "is_master:u irq:u" },
	{ TRC_HVM_EMUL_PIC_POSEDGE, "pic_posedge", "irq:u" },
	{ TRC_HVM_EMUL_PIC_NEGEDGE, "pic_negedge", "irq:u" },
	{ TRC_HVM_EMUL_PIC_PEND_IRQ_CALL, "pic_pend_irq_call", "accept_pic_intr:u int_output:u" },
	{ TRC_HVM_EMUL_LAPIC_PIC_INTR, "lapic_pic_intr", "i8259_target:u accept_pic_intr:u" },
};

static bool vmexit_record(struct xs_trace_ctx *c, struct xs_trace_event *ev, bool is64)
{
	const struct xs_trace_rec *r = ev->rec;
	const char *name;

	if (r->nr < 1)
		return false;
	ev->is_vmexit = true;
	ev->exit_reason = r->data[0];
	xs_trace_ctx_note_vmexit_reason(c, r->data[0] & 0xffff);
	name = xs_trace_exit_name(xs_trace_ctx_vendor(c), r->data[0]);
	xs_trace_fields(ev, is64 ? "reason:x rip:a" : "reason:x rip:A");
	xs_trace_field_str(ev, "exit", name ? name : "?");
	return true;
}

bool xs_trace_dec_hvm(struct xs_trace_ctx *c, struct xs_trace_event *ev)
{
	uint32_t e = ev->rec->event;
	bool nested = e & TRC_HVM_NESTEDFLAG, ok;
	struct xs_trace_rec plain;

	if (nested) {
		/* Decode as the L1 event, then name it nested. */
		plain = *ev->rec;
		plain.event &= ~TRC_HVM_NESTEDFLAG;
		e = plain.event;
	}
	if (e == TRC_HVM_VMEXIT || e == TRC_HVM_VMEXIT64) {
		ok = vmexit_record(c, ev, e == TRC_HVM_VMEXIT64);
		if (ok)
			ev->name = nested ? "nvmexit" : "vmexit";
		return ok;
	}
	if (nested) {
		const struct xs_trace_rec *orig = ev->rec;

		ev->rec = &plain;
		ok = xs_trace_dec_table(hvm, XS_ARRAY_SIZE(hvm), ev);
		ev->rec = orig;
		if (ok) {
			snprintf(ev->scratch, sizeof(ev->scratch), "n%s", ev->name);
			ev->name = ev->scratch;
		}
		return ok;
	}
	return xs_trace_dec_table(hvm, XS_ARRAY_SIZE(hvm), ev);
}
