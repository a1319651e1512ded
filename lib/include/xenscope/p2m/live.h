/* SPDX-License-Identifier: MIT */
/* The p2m of a running PV guest, read through libxenctrl. */
#ifndef XENSCOPE_P2M_LIVE_H
#define XENSCOPE_P2M_LIVE_H

#include "xenscope/p2m/p2m.h"

/*
 * Read domain @domid's p2m (xs_p2m_read_pv) and each entry's m2p value;
 * *@max_mfn gets the host's highest frame.  -ESRCH: no such domain (or
 * dying); -EOPNOTSUPP: not a 64-bit PV guest.
 */
int xs_p2m_read_live(uint32_t domid, unsigned int max_retries, struct xs_p2m *out,
		     uint64_t *max_mfn);

/*
 * Each entry's m2p value for a p2m read some other way (an HVM domain's,
 * from Xen); *@max_mfn gets the host's highest frame.
 */
int xs_p2m_fill_m2p_live(struct xs_p2m *p, uint64_t *max_mfn);

#endif
