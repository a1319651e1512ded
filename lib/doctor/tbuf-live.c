// SPDX-License-Identifier: MIT
/* How big xentrace's buffers are in the running hypervisor (doctor.h). */
#include "target/handle-live.h"
#include "xenscope/doctor/doctor.h"

long xs_doctor_tbuf_pages(void)
{
	unsigned long size = 0;
	xc_interface *xch;
	int err = xs_xen_open(&xch);

	if (err)
		return err;
	/*
	 * libxenctrl passes on t_info->tbuf_size, which is pages per CPU (its
	 * comment says bytes).  It fails when the buffers were never allocated:
	 * Xen then has no t_info to map.
	 */
	if (xc_tbuf_get_size(xch, &size))
		size = 0;
	xc_interface_close(xch);
	return (long)size;
}
