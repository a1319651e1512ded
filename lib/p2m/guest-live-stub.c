// SPDX-License-Identifier: MIT
/* Built without libxen: the live p2m reader says so. */
#include <errno.h>

#include "xenscope/core/common.h"
#include "xenscope/p2m/live.h"

int xs_p2m_read_live(uint32_t domid, unsigned int max_retries, struct xs_p2m *out,
		     uint64_t *max_mfn)
{
	return xs_error(-EOPNOTSUPP, "built without libxen: cannot read a live p2m");
}

int xs_p2m_fill_m2p_live(struct xs_p2m *p, uint64_t *max_mfn)
{
	return xs_error(-EOPNOTSUPP, "built without libxen: cannot read the m2p");
}
