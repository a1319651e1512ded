/* SPDX-License-Identifier: MIT */
/* What the p2m readers share; internal to lib/p2m. */
#ifndef XENSCOPE_P2M_INTERNAL_H
#define XENSCOPE_P2M_INTERNAL_H

#include "xenscope/p2m/p2m.h"

/* A frame a p2m structure may name: not 0, not past the host's last frame. */
bool xs_p2m_mfn_ok(const struct xs_guest_mem *mem, uint64_t mfn);
/* See read-pv.c: where trailing identical entries of @v[0..n) start, or @n. */
size_t xs_p2m_trailing_run(const uint64_t *v, size_t n);
/* Read the leaf frames into out->entry and keep the first @nr entries. */
int xs_p2m_read_leaves(const struct xs_guest_mem *mem, const uint64_t *leaves, size_t nr_leaves,
		       uint64_t nr, struct xs_p2m *out);

#endif
