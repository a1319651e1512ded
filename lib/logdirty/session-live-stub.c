// SPDX-License-Identifier: MIT
/* Built without libxen: no live log-dirty session. */
#include <errno.h>

#include "xenscope/core/common.h"
#include "xenscope/logdirty/logdirty.h"

int xs_dirty_open(uint32_t domid, struct xs_dirty_session **out, bool *recovered)
{
	return xs_error(-EOPNOTSUPP, "built without libxen: cannot watch log-dirty");
}

uint64_t xs_dirty_pages(const struct xs_dirty_session *s)
{
	return 0;
}

int xs_dirty_clean(struct xs_dirty_session *s, const uint8_t **bm, uint32_t *faults,
		   uint32_t *dirty)
{
	return -EOPNOTSUPP;
}

int xs_dirty_publish(struct xs_dirty_session *s, const struct xs_dirty_history *h)
{
	return -EOPNOTSUPP;
}

int xs_dirty_close(struct xs_dirty_session *s)
{
	return -EOPNOTSUPP;
}
