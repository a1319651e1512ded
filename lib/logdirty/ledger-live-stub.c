// SPDX-License-Identifier: MIT
/* Built without libxen: no guest ledger to map. */
#include <errno.h>

#include "xenscope/core/common.h"
#include "xenscope/logdirty/audit.h"

int xs_ledger_open(uint32_t domid, uint64_t frame, struct xs_ledger **out)
{
	return xs_error(-EOPNOTSUPP, "built without libxen: cannot map a guest's ledger");
}

void xs_ledger_read(const struct xs_ledger *l, struct xs_ledger_read *out)
{
}

void xs_ledger_close(struct xs_ledger *l)
{
}
