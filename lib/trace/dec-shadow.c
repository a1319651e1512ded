// SPDX-License-Identifier: MIT
/*
 * TRC_SHADOW: the shadow fault handler's records (xen/arch/x86/mm/shadow/
 * multi.c, common.c).  Bits 8-11 of the event give the guest's paging
 * levels minus two; the sizes of guest_l1e_t (4 bytes for 2-level guests,
 * else 8) and guest_va_t (8 for 4-level guests, else 4) follow from them.
 * Xen 4.17 writes the structures __packed: a 4-level guest's fix-up is
 * gl1e 8 + va 8 + flags 4 = 20 bytes (stock xenalyze expects 24 and stops).
 */
#include <stdio.h>

#include <stdint.h>
#include <xen/trace.h>

#include "xenscope/trace/decode.h"

static const char *const names[] = {
	[1] = "not_shadow",
	[2] = "fast_propagate",
	[3] = "fast_mmio",
	[4] = "false_fast_path",
	[5] = "mmio",
	[6] = "fixup",
	[7] = "domf_dying",
	[8] = "emulate",
	[9] = "emulate_unshadow_user",
	[10] = "emulate_unshadow_evtinj",
	[11] = "emulate_unshadow_unhandled",
	[12] = "wrmap_bf",
	[13] = "prealloc_unpin",
	[14] = "resync_full",
	[15] = "resync_only",
};

const char *xs_trace_shadow_name(uint32_t minor);

const char *xs_trace_shadow_name(uint32_t minor)
{
	return minor < XS_ARRAY_SIZE(names) ? names[minor] : NULL;
}

bool xs_trace_dec_shadow(struct xs_trace_ctx *c, struct xs_trace_event *ev)
{
	uint32_t e = ev->rec->event, minor = e & 0xff, levels = ((e >> 8) & 0xf) + 2;
	/* The spec letters for an l1e and a va of this guest. */
	const char *l1e = levels == 2 ? "x" : "X", *va = levels == 4 ? "X" : "x";
	char spec[64];

	if ((e & 0xfffff000U) != TRC_SHADOW || minor >= XS_ARRAY_SIZE(names) || !names[minor] ||
	    levels > 4)
		return false;
	ev->name = names[minor];
	switch (minor) {
	case 1:
	case 6:
		snprintf(spec, sizeof(spec), "gl1e:%s va:%s flags:x", l1e, va);
		break;
	case 8:
		snprintf(spec, sizeof(spec), "gl1e:%s write_val:%s va:%s flags:x", l1e, l1e, va);
		break;
	case 9:
	case 10:
	case 11:
		snprintf(spec, sizeof(spec), "gfn:%s va:%s", l1e, va);
		break;
	case 12:
	case 13:
	case 14:
	case 15:
		/* gfn_t / mfn_t: unsigned long */
		snprintf(spec, sizeof(spec), "%s", ev->rec->nr >= 2 ? "gfn:X" : "gfn:x");
		break;
	default:
		snprintf(spec, sizeof(spec), "va:%s", va);
	}
	xs_trace_fields_built(ev, spec);
	xs_trace_field_add(ev, "levels", XS_TF_DEC, levels);
	return true;
}
