// SPDX-License-Identifier: MIT
/* Stand-in for the live backend when libxenctrl was missing at build time. */
#include <errno.h>

#include "backend.h"

static int xen_open(struct xs_target *t, const char *arg)
{
	return xs_error(-ENOSYS, "cannot reach the hypervisor: built without libxenctrl "
				 "(install libxen-dev and rebuild)");
}

const struct xs_target_ops xs_target_xen_ops = {
	.name = "xen",
	.open = xen_open,
};
