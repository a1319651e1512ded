/* SPDX-License-Identifier: MIT */
/*
 * The p2m of an HVM or PVH domain, Xen's own (XENSCOPE_OP_P2M): records in,
 * a struct xs_p2m of format hvm out (xs_p2m.type[], .rec[]).
 */
#ifndef XENSCOPE_P2M_HVM_H
#define XENSCOPE_P2M_HVM_H

#include <stdbool.h>

#include "xenscope/p2m/p2m.h"
#include "xenscope/target/target.h"

/* Xen's names without the p2m_ prefix ("ram_logdirty"); "hole", "?". */
const char *xs_p2m_type_name(unsigned int t);
/* "rwx", "rx2rw", ... */
const char *xs_p2m_access_name(unsigned int a);
/* Is a gfn of this type one of the domain's memory frames (audited)? */
bool xs_p2m_type_audited(unsigned int t);
/* May its frame be another domain's (grant, foreign map, sharing)? */
bool xs_p2m_type_foreign(unsigned int t);

/*
 * Check @nr records (sorted, no overlap, known types, sane sizes: -EINVAL
 * with one line) and spread them out by gfn into @out (zeroed first).
 */
int xs_p2m_from_records(const struct xenscope_p2m *rec, size_t nr, struct xs_p2m *out);

/* The live domain's records, then the m2p of every frame; *@max_mfn the host's. */
int xs_p2m_read_hvm(struct xs_target *t, uint32_t domid, struct xs_p2m *out, uint64_t *max_mfn);

#endif
