// SPDX-License-Identifier: MIT
/*
 * TRC_SCHED: runstate changes (which also tell the decoder which vCPU runs
 * on each CPU), the generic scheduler records of xen/common/sched/core.c
 * and the scheduler-specific ones, named by scheduler.
 */
#include <stdio.h>

#include <stdint.h>
#include <xen/trace.h>

#include "xenscope/trace/decode.h"

static const char *const runstate[] = { "running", "runnable", "blocked", "offline" };

static const struct xs_trace_simple sched[] = {
	{ TRC_SCHED_CONTINUE_RUNNING, "continue_running", "d:d" },
	{ TRC_SCHED_DOM_ADD, "dom_add", "domid:u" },
	{ TRC_SCHED_DOM_REM, "dom_rem", "domid:u" },
	{ TRC_SCHED_SLEEP, "sleep", "dom:u vcpu:u" },
	{ TRC_SCHED_WAKE, "wake", "dom:u vcpu:u" },
	{ TRC_SCHED_YIELD, "yield", "dom:u vcpu:u" },
	{ TRC_SCHED_BLOCK, "block", "dom:u vcpu:u" },
	{ TRC_SCHED_SHUTDOWN, "shutdown", "dom:u vcpu:u reason:u" },
	{ TRC_SCHED_CTL, "sched_ctl", "*" },
	{ TRC_SCHED_ADJDOM, "adjdom", "domid:u" },
	{ TRC_SCHED_SWITCH, "switch", "prev_dom:u prev_unit:u next_dom:u next_unit:u" },
	{ TRC_SCHED_S_TIMER_FN, "s_timer_fn", "*" },
	{ TRC_SCHED_T_TIMER_FN, "t_timer_fn", "*" },
	{ TRC_SCHED_DOM_TIMER_FN, "dom_timer_fn", "*" },
	{ TRC_SCHED_SWITCH_INFPREV, "switch_infprev", "dom:u unit:u runtime_ns:u" },
	{ TRC_SCHED_SWITCH_INFNEXT, "switch_infnext", "dom:u unit:u waited_ns:u slice_ns:u" },
	{ TRC_SCHED_SHUTDOWN_CODE, "shutdown_code", "dom:u vcpu:u reason:u" },
	{ TRC_SCHED_SWITCH_INFCONT, "switch_infcont", "dom:u unit:u runtime_ns:u slice_ns:u" },
};

/* Scheduler-specific events (TRC_SCHED_CLASS_EVT), by scheduler id. */
static const char *const credit[] = {
	[1] = "sched_tasklet", [2] = "account_start", [3] = "account_stop", [4] = "stolen_unit",
	[5] = "picked_cpu",    [6] = "tickle",	      [7] = "boost_start",  [8] = "boost_end",
	[9] = "schedule",      [10] = "ratelimit",    [11] = "steal_check",
};
static const char *const credit2[] = {
	[1] = "tick",
	[2] = "runq_pos",
	[3] = "credit_burn",
	[4] = "credit_add",
	[5] = "tickle_check",
	[6] = "tickle",
	[7] = "credit_reset",
	[8] = "sched_tasklet",
	[9] = "update_load",
	[10] = "runq_assign",
	[11] = "update_unit_load",
	[12] = "update_runq_load",
	[13] = "tickle_new",
	[14] = "runq_max_weight",
	[15] = "migrate",
	[16] = "load_check",
	[17] = "load_balance",
	[19] = "picked_cpu",
	[20] = "runq_candidate",
	[21] = "schedule",
	[22] = "ratelimit",
	[23] = "runq_cand_check",
};
static const char *const arinc653[] = { 0 };
static const char *const rtds[] = {
	[1] = "tickle",		  [2] = "runq_pick",	 [3] = "budget_burn",
	[4] = "budget_replenish", [5] = "sched_tasklet", [6] = "schedule",
};
static const char *const snull[] = {
	[1] = "picked_cpu", [2] = "unit_assign", [3] = "unit_deassign",
	[4] = "migrate",    [5] = "schedule",	 [6] = "tasklet",
};

static const struct {
	const char *name;
	const char *const *ev;
	size_t nr;
} schedulers[] = {
	[TRC_SCHED_CSCHED] = { "credit", credit, XS_ARRAY_SIZE(credit) },
	[TRC_SCHED_CSCHED2] = { "credit2", credit2, XS_ARRAY_SIZE(credit2) },
	[TRC_SCHED_ARINC653] = { "arinc653", arinc653, 0 },
	[TRC_SCHED_RTDS] = { "rtds", rtds, XS_ARRAY_SIZE(rtds) },
	[TRC_SCHED_SNULL] = { "null", snull, XS_ARRAY_SIZE(snull) },
};

static bool sched_class(struct xs_trace_event *ev)
{
	uint32_t id = (ev->rec->event & TRC_SCHED_ID_MASK) >> TRC_SCHED_ID_SHIFT;
	uint32_t e = ev->rec->event & ((1U << TRC_SCHED_ID_SHIFT) - 1);

	if (id >= XS_ARRAY_SIZE(schedulers) || !schedulers[id].name)
		return false;
	if (e < schedulers[id].nr && schedulers[id].ev[e])
		snprintf(ev->scratch, sizeof(ev->scratch), "%s_%s", schedulers[id].name,
			 schedulers[id].ev[e]);
	else
		snprintf(ev->scratch, sizeof(ev->scratch), "%s_%u", schedulers[id].name, e);
	ev->name = ev->scratch;
	xs_trace_fields(ev, "*");
	return true;
}

bool xs_trace_dec_sched(struct xs_trace_ctx *c, struct xs_trace_event *ev)
{
	const struct xs_trace_rec *r = ev->rec;

	if ((r->event & ~0x330U) == TRC_SCHED_RUNSTATE_CHANGE) {
		uint32_t from = (r->event >> 8) & 3, to = (r->event >> 4) & 3;

		ev->name = "runstate_change";
		xs_trace_fields(ev, "d:d");
		xs_trace_field_str(ev, "old", runstate[from]);
		xs_trace_field_str(ev, "new", runstate[to]);
		/* struct { uint32_t vcpu:16, domain:16; } */
		if (to == 0 && r->nr >= 1)
			xs_trace_ctx_set_running(c, r->cpu, r->data[0] >> 16, r->data[0] & 0xffff);
		return true;
	}
	/*
	 * A vCPU that keeps its CPU says so too, in the same layout: the first
	 * record of a CPU's stream may be this one, and xenalyze takes the
	 * vCPU as running there from then on (from the stream's start even).
	 */
	if (r->event == TRC_SCHED_CONTINUE_RUNNING && r->nr >= 1)
		xs_trace_ctx_set_running(c, r->cpu, r->data[0] >> 16, r->data[0] & 0xffff);
	if (((r->event >> 12) & 0xf) == (TRC_SCHED_CLASS >> 12 & 0xf))
		return sched_class(ev);
	return xs_trace_dec_table(sched, XS_ARRAY_SIZE(sched), ev);
}
