/* SPDX-License-Identifier: MIT */
/*
 * The live backend's second source: xenstore, for domain names and the
 * device backends dom0 serves (xenstore-live.c).  Internal to lib/target,
 * built only with libxen; callers need not include xenstore.h.
 */
#ifndef XENSCOPE_XENSTORE_LIVE_H
#define XENSCOPE_XENSTORE_LIVE_H

#include <stdint.h>

#include "xenscope/target/target.h"

struct xs_handle; /* libxenstore's connection */

/*
 * The read-only connection kept in *@h, opened on first use.  NULL after
 * one line when xenstore cannot be reached; a later call tries again.
 */
struct xs_handle *xs_xenstore_get(struct xs_handle **h);
/* Close what xs_xenstore_get() opened; NULL is fine. */
void xs_xenstore_close(struct xs_handle *h);

/*
 * The name of @domid into @name (XS_DOMAIN_NAME_MAX bytes): "(null)" when
 * xenstore has none, as for dying domains, or when @h is NULL.
 */
void xs_xenstore_domain_name(struct xs_handle *h, uint32_t domid, char *name);

/* Every entry under /local/domain/0/backend/TYPE/DOMID/DEV, added to @out. */
int xs_xenstore_backends(struct xs_handle *h, struct xs_backends *out);

#endif
