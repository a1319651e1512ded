// SPDX-License-Identifier: MIT
/* Stand-in for the live GDB target when libxenctrl was missing at build time. */
#include <errno.h>

#include "xenscope/gdb/target.h"

int xs_gdb_live_open(uint32_t domid, bool writable, struct xs_gdb_target **out)
{
	return xs_error(-ENOSYS, "cannot reach the hypervisor: built without libxenctrl "
				 "(install libxen-dev and rebuild)");
}
