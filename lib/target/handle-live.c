// SPDX-License-Identifier: MIT
/* libxenctrl setup and the xenscope domctl, shared by the live backends. */
#define __XEN_TOOLS__ 1

#include <errno.h>
#include <string.h>

#include "handle-live.h"
#include "xenscope/core/common.h"

_Static_assert(sizeof(struct xen_domctl_xenscope) <= sizeof(((struct xen_domctl *)0)->u.pad),
	       "struct xen_domctl_xenscope must fit in the domctl union padding");

static void quiet_vmessage(struct xentoollog_logger *logger, xentoollog_level level, int errnoval,
			   const char *context, const char *format, va_list al)
{
}

static void quiet_destroy(struct xentoollog_logger *logger)
{
}

xentoollog_logger xs_xen_quiet_logger = {
	.vmessage = quiet_vmessage,
	.destroy = quiet_destroy,
};

int xs_xen_open(xc_interface **out)
{
	*out = xc_interface_open(&xs_xen_quiet_logger, &xs_xen_quiet_logger, 0);
	if (!*out) {
		int err = errno ? -errno : -ENODEV;

		return xs_error(err, "cannot reach the hypervisor: %s (is this a Xen dom0?)",
				strerror(-err));
	}
	return 0;
}

int xs_xen_domctl(xc_interface *xch, uint32_t domid, struct xen_domctl_xenscope *arg)
{
	struct xen_domctl domctl = { 0 };

	arg->magic = XENSCOPE_MAGIC;
	arg->version = XENSCOPE_INTERFACE_VERSION;
	domctl.cmd = XEN_DOMCTL_xenscope;
	domctl.domain = (domid_t)domid;
	memcpy(domctl.u.pad, arg, sizeof(*arg));
	if (xc_domctl(xch, &domctl))
		return errno ? -errno : -EIO;
	memcpy(arg, domctl.u.pad, sizeof(*arg));
	return 0;
}
