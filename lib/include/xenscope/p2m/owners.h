/* SPDX-License-Identifier: MIT */
/* Page owners for a p2m's frames, from a target's page records. */
#ifndef XENSCOPE_P2M_OWNERS_H
#define XENSCOPE_P2M_OWNERS_H

#include "xenscope/p2m/p2m.h"
#include "xenscope/target/target.h"

/*
 * Fill p->owner from the page records of every domain @t can list (the
 * xenscope interface).  A frame on no domain's list gets XS_P2M_OWNER_NONE.
 * Leaves p->owner NULL, returning 0, when @t has no page records.
 */
int xs_p2m_fill_owners(struct xs_target *t, uint32_t domid, struct xs_p2m *p);

#endif
