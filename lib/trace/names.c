// SPDX-License-Identifier: MIT
/*
 * Names of the destruction stages and of the log-dirty marking paths (the
 * events' are in dec-xenscope.c).
 */
#include <stdio.h>

#include "xenscope/trace/trace.h"

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

const char *xs_trace_ld_path_name(uint32_t path)
{
	switch (path) {
	case XENSCOPE_LDP_XEN:
		return "xen";
	case XENSCOPE_LDP_SHADOW_FAULT:
		return "shadow_fault";
	case XENSCOPE_LDP_HAP_FAULT:
		return "hap_fault";
	case XENSCOPE_LDP_PML:
		return "pml";
	case XENSCOPE_LDP_SHADOW_EMUL:
		return "shadow_emulate";
	}
	return "unknown";
}
