/* SPDX-License-Identifier: MIT */
/*
 * What a page a Xen message names looks like now, from a target: its words
 * and who holds its references (the page/reference audit of its domain,
 * xenscope/audit/audit.h), so a pasted line can be followed up on the host
 * it came from.  Each domain is audited once, on first use.
 */
#ifndef XENSCOPE_XENLOG_HOLDERS_H
#define XENSCOPE_XENLOG_HOLDERS_H

#include <stddef.h>
#include <stdint.h>

#include "xenscope/target/target.h"

struct xs_xenlog_holders;

/* Reads @t's domain list; @t must outlive the result. */
int xs_xenlog_holders_open(struct xs_target *t, struct xs_xenlog_holders **out);
void xs_xenlog_holders_close(struct xs_xenlog_holders *h);

/*
 * "now count=1 | type=writable validated count=1; held by d0 p2m_foreign 1"
 * for page @mfn of @domid, or why there is nothing to say ("d5 is gone",
 * "no longer a page of d5").  Returns 1 when the page has references no
 * holder accounts for, 0 otherwise, negative errno when the audit failed
 * (its line printed, @buf says so).
 */
int xs_xenlog_holders_describe(struct xs_xenlog_holders *h, uint32_t domid, uint64_t mfn, char *buf,
			       size_t len);

#endif
