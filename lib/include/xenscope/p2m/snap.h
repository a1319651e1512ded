/* SPDX-License-Identifier: MIT */
/* A p2m in a snapshot: the .xs.p2m.D section (docs/snapshot-format.md). */
#ifndef XENSCOPE_P2M_SNAP_H
#define XENSCOPE_P2M_SNAP_H

#include <stddef.h>

#include "xenscope/p2m/p2m.h"

/* Serialise @p (and the host's @max_mfn) into a new buffer for the section. */
int xs_p2m_to_section(const struct xs_p2m *p, uint64_t max_mfn, void **data, size_t *len);
/* Parse and validate a section; -EINVAL with one line when it is damaged. */
int xs_p2m_from_section(const void *data, size_t len, struct xs_p2m *out, uint64_t *max_mfn);

#endif
