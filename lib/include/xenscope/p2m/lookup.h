/* SPDX-License-Identifier: MIT */
/* p2mdump's lookups: one gfn of a domain, or one machine frame. */
#ifndef XENSCOPE_P2M_LOOKUP_H
#define XENSCOPE_P2M_LOOKUP_H

#include <stdio.h>

#include "xenscope/p2m/p2m.h"
#include "xenscope/target/target.h"

/*
 * Print what the p2m and the hypervisor say of @gfn of @domid.  Returns the
 * exit status for it (XS_EXIT_OK consistent, _EXPECTED, _SUSPICIOUS) or a
 * negative errno after one line.
 */
int xs_p2m_lookup_gfn(struct xs_target *t, uint32_t domid, uint64_t gfn, FILE *f);
/* Owner, gfn by Xen's m2p, confirmed by the owner's p2m; counts and type. */
int xs_p2m_lookup_mfn(struct xs_target *t, uint64_t mfn, FILE *f);
/* Every entry as xen-mfndump dump-p2m prints it: "pfn=0x.. ==> mfn=0x..". */
void xs_p2m_print_entries(FILE *f, const struct xs_p2m *p);

#endif
