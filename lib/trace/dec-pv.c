// SPDX-License-Identifier: MIT
/*
 * TRC_PV: hypervisor entries of PV guests (xen/arch/x86/pv/trace.c,
 * hypercall.c).  TRC_64_FLAG marks the 64-bit guests' records.
 */
#include <stdint.h>
#include <xen/trace.h>

#include "xenscope/trace/decode.h"

#define F64 TRC_64_FLAG

static const struct xs_trace_simple pv[] = {
	{ TRC_PV_HYPERCALL, "hypercall", "eip:A op:u" },
	{ TRC_PV_HYPERCALL | F64, "hypercall", "rip:a op:u" },
	{ TRC_PV_TRAP, "trap", "eip:A trap_error:x" },
	{ TRC_PV_TRAP | F64, "trap", "rip:a trap_error:x" },
	{ TRC_PV_PAGE_FAULT, "page_fault", "eip:A addr:x error:x" },
	{ TRC_PV_PAGE_FAULT | F64, "page_fault", "rip:a addr:X error:x" },
	{ TRC_PV_FORCED_INVALID_OP, "forced_invalid_op", "eip:A" },
	{ TRC_PV_FORCED_INVALID_OP | F64, "forced_invalid_op", "rip:a" },
	{ TRC_PV_EMULATE_PRIVOP, "emulate_privop", "eip:A" },
	{ TRC_PV_EMULATE_PRIVOP | F64, "emulate_privop", "rip:a" },
	{ TRC_PV_EMULATE_4GB, "emulate_4gb", "eip:A" },
	{ TRC_PV_EMULATE_4GB | F64, "emulate_4gb", "rip:a" },
	{ TRC_PV_MATH_STATE_RESTORE, "math_state_restore", "" },
	{ TRC_PV_MATH_STATE_RESTORE | F64, "math_state_restore", "" },
	{ TRC_PV_PAGING_FIXUP, "paging_fixup", "eip:A addr:x" },
	{ TRC_PV_PAGING_FIXUP | F64, "paging_fixup", "rip:a addr:X" },
	{ TRC_PV_GDT_LDT_MAPPING_FAULT, "gdt_ldt_mapping_fault", "eip:A offset:x" },
	{ TRC_PV_GDT_LDT_MAPPING_FAULT | F64, "gdt_ldt_mapping_fault", "rip:a offset:X" },
	{ TRC_PV_PTWR_EMULATION, "ptwr_emulation", "npte:X addr:x eip:A" },
	{ TRC_PV_PTWR_EMULATION | F64, "ptwr_emulation", "npte:X addr:X rip:a" },
	{ TRC_PV_PTWR_EMULATION_PAE, "ptwr_emulation_pae", "npte:X addr:x eip:A" },
	{ TRC_PV_PTWR_EMULATION_PAE | F64, "ptwr_emulation_pae", "npte:X addr:X rip:a" },
};

/* Hypercall records of 4.17: the op, then only the arguments present. */
static void hypercall_v2(struct xs_trace_event *ev, const char *name)
{
	const struct xs_trace_rec *r = ev->rec;
	static const char *const arg[] = { "a0", "a1", "a2", "a3", "a4", "a5" };
	uint32_t w = 1;

	ev->name = name;
	if (r->nr < 1)
		return;
	xs_trace_field_add(ev, "op", XS_TF_DEC, r->data[0] & ~TRC_PV_HYPERCALL_V2_ARG_MASK);
	for (unsigned int i = 0; i < 6; i++) {
		uint32_t kind = (r->data[0] >> (20 + 2 * i)) & 3;

		if (kind == 1 && w < r->nr)
			xs_trace_field_add(ev, arg[i], XS_TF_HEX, r->data[w++]);
		else if (kind == 2 && w + 1 < r->nr) {
			xs_trace_field_add(ev, arg[i], XS_TF_HEX, xs_trace_u64(&r->data[w]));
			w += 2;
		}
	}
}

bool xs_trace_dec_pv(struct xs_trace_ctx *c, struct xs_trace_event *ev)
{
	uint32_t e = ev->rec->event;

	if (e == TRC_PV_HYPERCALL_V2 || e == (TRC_PV_HYPERCALL_V2 | F64)) {
		hypercall_v2(ev, "hypercall");
		return true;
	}
	if (e == TRC_PV_HYPERCALL_SUBCALL || e == (TRC_PV_HYPERCALL_SUBCALL | F64)) {
		hypercall_v2(ev, "hypercall_subcall");
		return true;
	}
	return xs_trace_dec_table(pv, XS_ARRAY_SIZE(pv), ev);
}
