// SPDX-License-Identifier: MIT
/* Stand-in for the trace buffer query when libxenctrl was missing at build time. */
#include <errno.h>

#include "xenscope/core/common.h"
#include "xenscope/doctor/doctor.h"

long xs_doctor_tbuf_pages(void)
{
	return xs_error(-ENOSYS, "built without libxenctrl: trace buffers cannot be asked about");
}
