// SPDX-License-Identifier: MIT
/* Stand-in for trace-live.c when libxenctrl was missing at build time. */
#include <errno.h>

#include "xenscope/trace/capture.h"

static int no_xen(void)
{
	return xs_error(-ENOSYS, "cannot reach the hypervisor: built without libxenctrl "
				 "(install libxen-dev and rebuild)");
}

int xs_trace_live_set(uint32_t domid, bool on)
{
	return no_xen();
}

int xs_trace_live_buffers_on(unsigned long pages, uint32_t mask)
{
	return no_xen();
}
