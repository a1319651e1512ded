// SPDX-License-Identifier: MIT
/*
 * XENSCOPE_OP_TRACE through libxenctrl: the live side of reference tracing.
 * Includes libxen headers, so it is built with -std=gnu11 like
 * target-xen.c (and replaced by trace-live-stub.c without libxenctrl).
 */
#define __XEN_TOOLS__ 1

#include <errno.h>
#include <string.h>

#include <xenctrl.h>

#include <xenscope.h>

#include "target/handle-live.h"
#include "xenscope/trace/capture.h"

int xs_trace_live_set(uint32_t domid, bool on)
{
	struct xen_domctl_xenscope arg = {
		.op = XENSCOPE_OP_TRACE,
		.u.trace.mode = on ? XENSCOPE_TRACE_ON : XENSCOPE_TRACE_OFF,
	};
	xc_interface *xch;
	int err = xs_xen_open(&xch);

	if (err)
		return err;
	err = xs_xen_domctl(xch, domid, &arg);
	if (err == -ESRCH && !on)
		err = 0; /* gone, and its tracing with it */
	else if (err == -EOPNOTSUPP)
		xs_error(err, "the hypervisor has no xenscope reference tracing "
			      "(hv-probes tracepoint patch, CONFIG_TRACEBUFFER)");
	else if (err)
		xs_error(err, "cannot turn tracing %s for domain %u: %s", on ? "on" : "off", domid,
			 strerror(-err));
	xc_interface_close(xch);
	return err;
}

int xs_trace_live_buffers_on(unsigned long pages, uint32_t mask)
{
	unsigned long mfn, size;
	xc_interface *xch;
	int err = xs_xen_open(&xch);

	if (err)
		return err;
	/* The mask first: enabling starts recording at once. */
	if (xc_tbuf_set_evt_mask(xch, mask))
		err = xs_error(errno ? -errno : -EIO, "cannot set the trace event mask: %s",
			       strerror(errno));
	else if (xc_tbuf_enable(xch, pages, &mfn, &size))
		err = xs_error(errno ? -errno : -EIO,
			       "cannot enable the trace buffers: %s (a hypervisor without "
			       "CONFIG_TRACEBUFFER?)",
			       strerror(errno));
	xc_interface_close(xch);
	return err;
}
