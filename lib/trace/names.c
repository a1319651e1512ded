// SPDX-License-Identifier: MIT
/* Names of the xenscope trace events and destruction stages. */
#include <stdio.h>

#include "xenscope/trace/trace.h"

static const struct {
	uint32_t event;
	const char *name;
} events[] = {
	{ XENSCOPE_TRC_GET, "get" },
	{ XENSCOPE_TRC_PUT, "put" },
	{ XENSCOPE_TRC_TYPE_GET, "type_get" },
	{ XENSCOPE_TRC_TYPE_PUT, "type_put" },
	{ XENSCOPE_TRC_STAGE, "stage" },
	{ XENSCOPE_TRC_GRANT_MAP, "grant_map" },
	{ XENSCOPE_TRC_GRANT_UNMAP, "grant_unmap" },
	{ XENSCOPE_TRC_FOREIGN_MAP, "foreign_map" },
	{ XENSCOPE_TRC_FOREIGN_UNMAP, "foreign_unmap" },
	{ XENSCOPE_TRC_SH_CREATE, "shadow_create" },
	{ XENSCOPE_TRC_SH_PROMOTE, "shadow_promote" },
	{ XENSCOPE_TRC_SH_DEMOTE, "shadow_demote" },
	{ XENSCOPE_TRC_SH_DESTROY, "shadow_destroy" },
};

const char *xs_trace_event_name(uint32_t event)
{
	for (size_t i = 0; i < XS_ARRAY_SIZE(events); i++)
		if (events[i].event == event)
			return events[i].name;
	return NULL;
}

/* x86 domain_relinquish_resources() stages, by their PROG_* number. */
static const char *const relinquish[] = {
	[1] = "iommu_pagetables",
	[2] = "shared",
	[3] = "paging",
	[4] = "vcpu_pagetables",
	[5] = "xen",
	[6] = "l4",
	[7] = "l3",
	[8] = "l2",
	[9] = "done",
};

const char *xs_trace_stage_name(uint32_t stage, char *buf, size_t len)
{
	uint32_t n = stage - XENSCOPE_STAGE_RELINQUISH;

	switch (stage) {
	case XENSCOPE_STAGE_KILL:
		return "domain_kill";
	case XENSCOPE_STAGE_TEARDOWN:
		return "teardown done";
	case XENSCOPE_STAGE_EVTCHN:
		return "event channels done";
	case XENSCOPE_STAGE_DEAD:
		return "dead (all relinquished)";
	case XENSCOPE_STAGE_DESTROY:
		return "domain_destroy (gone)";
	}
	if (stage > XENSCOPE_STAGE_RELINQUISH && n < XS_ARRAY_SIZE(relinquish) && relinquish[n])
		snprintf(buf, len, "relinquish: %s reached", relinquish[n]);
	else
		snprintf(buf, len, "stage %#x", stage);
	return buf;
}
