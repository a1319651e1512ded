// SPDX-License-Identifier: MIT
/*
 * TRC_GUEST: records a guest writes itself (HVMOP_xentrace, the PV
 * trace hypercall); their meaning is the guest's, the event number and the
 * words are all there is.
 */
#include <stdio.h>

#include "xenscope/trace/decode.h"

bool xs_trace_dec_guest(struct xs_trace_ctx *c, struct xs_trace_event *ev)
{
	snprintf(ev->scratch, sizeof(ev->scratch), "guest_%#x", ev->rec->event & 0xfff);
	ev->name = ev->scratch;
	xs_trace_fields(ev, "*");
	return true;
}
