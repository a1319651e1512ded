// SPDX-License-Identifier: MIT
/* TRC_MEM: grant operations, p2m changes and populate-on-demand. */
#include <stdint.h>
#include <xen/trace.h>

#include "xenscope/trace/decode.h"

/*
 * The p2m records end in struct { int d:16, order:16; }: shown as one word,
 * domain in the low half.
 */
static const struct xs_trace_simple mem[] = {
	{ TRC_MEM_PAGE_GRANT_MAP, "page_grant_map", "domid:u" },
	{ TRC_MEM_PAGE_GRANT_UNMAP, "page_grant_unmap", "domid:u" },
	{ TRC_MEM_PAGE_GRANT_TRANSFER, "page_grant_transfer", "domid:u" },
	{ TRC_MEM_SET_P2M_ENTRY, "set_p2m_entry", "gfn:X mfn:X p2mt:u order_dom:x" },
	{ TRC_MEM_DECREASE_RESERVATION, "decrease_reservation", "gfn:X order_dom:x" },
	{ TRC_MEM_POD_POPULATE, "pod_populate", "gfn:X mfn:X order_dom:x" },
	{ TRC_MEM_POD_ZERO_RECLAIM, "pod_zero_reclaim", "gfn:X mfn:X order_dom:x" },
	{ TRC_MEM_POD_SUPERPAGE_SPLINTER, "pod_superpage_splinter", "gfn:X dom:x" },
};

bool xs_trace_dec_mem(struct xs_trace_ctx *c, struct xs_trace_event *ev)
{
	return xs_trace_dec_table(mem, XS_ARRAY_SIZE(mem), ev);
}
