// SPDX-License-Identifier: MIT
/* TRC_DOM0OP: domains created and destroyed. */
#include <stdint.h>
#include <xen/trace.h>

#include "xenscope/trace/decode.h"

static const struct xs_trace_simple dom0op[] = {
	{ TRC_DOM0_DOM_ADD, "dom_add", "domid:u" },
	{ TRC_DOM0_DOM_REM, "dom_rem", "domid:u" },
};

bool xs_trace_dec_dom0op(struct xs_trace_ctx *c, struct xs_trace_event *ev)
{
	return xs_trace_dec_table(dom0op, XS_ARRAY_SIZE(dom0op), ev);
}
