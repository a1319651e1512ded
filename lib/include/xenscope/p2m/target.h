/* SPDX-License-Identifier: MIT */
/* A domain's p2m from a target, live or snapshot, and saving it. */
#ifndef XENSCOPE_P2M_TARGET_H
#define XENSCOPE_P2M_TARGET_H

#include "xenscope/p2m/p2m.h"
#include "xenscope/target/target.h"

/* Read @domid's p2m with its m2p and owner facts; *@max_mfn is the host's. */
int xs_p2m_read_target(struct xs_target *t, uint32_t domid, unsigned int max_retries,
		       struct xs_p2m *out, uint64_t *max_mfn);
/* --save: the target's usual snapshot of @domid plus the p2m section. */
int xs_p2m_save(struct xs_target *t, uint32_t domid, const struct xs_p2m *p, uint64_t max_mfn,
		const char *creator, const char *path);

#endif
