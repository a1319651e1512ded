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

#include "xenscope/trace-live.h"

int xs_trace_live_set(uint32_t domid, bool on)
{
	struct xen_domctl domctl = { 0 };
	struct xen_domctl_xenscope arg = {
		.magic = XENSCOPE_MAGIC,
		.version = XENSCOPE_INTERFACE_VERSION,
		.op = XENSCOPE_OP_TRACE,
		.u.trace.mode = on ? XENSCOPE_TRACE_ON : XENSCOPE_TRACE_OFF,
	};
	xc_interface *xch = xc_interface_open(NULL, NULL, 0);
	int err = 0;

	if (!xch)
		return xs_error(errno ? -errno : -ENODEV,
				"cannot reach the hypervisor: %s (is this a Xen dom0?)",
				strerror(errno));
	domctl.cmd = XEN_DOMCTL_xenscope;
	domctl.domain = (domid_t)domid;
	memcpy(domctl.u.pad, &arg, sizeof(arg));
	if (xc_domctl(xch, &domctl)) {
		err = errno ? -errno : -EIO;
		if (err == -ESRCH && !on)
			; /* gone, and its tracing with it */
		else if (err == -EOPNOTSUPP)
			xs_error(err, "the hypervisor has no xenscope reference tracing "
				      "(hv-probes tracepoint patch, CONFIG_TRACEBUFFER)");
		else
			xs_error(err, "cannot turn tracing %s for domain %u: %s", on ? "on" : "off",
				 domid, strerror(-err));
	}
	xc_interface_close(xch);
	return err;
}
