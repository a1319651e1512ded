/* SPDX-License-Identifier: MIT */
/*
 * What explain.c shares with the summary's own pass (summary.c).
 * Internal to lib/audit/.
 */
#ifndef XENSCOPE_AUDIT_EXPLAIN_INT_H
#define XENSCOPE_AUDIT_EXPLAIN_INT_H

#include <stdbool.h>
#include <stdint.h>

#include "xenscope/audit/explain.h"

/* @out's domid and layout, from @t's info (audit.c); prints on failure. */
int xs_audit_layout(struct xs_target *t, uint32_t domid, struct xs_audit *out);

/* The cause @r counts under, given all the references of its page (@refs). */
enum xs_cause xs_classify_ref(const struct xenscope_ref *refs, size_t nr,
			      const struct xenscope_ref *r, uint32_t domid);

/* Index of @e's group for @cause and @holder, added if new; -ENOMEM quietly. */
int xs_group_index(struct xs_explain *e, enum xs_cause cause, uint16_t holder);

/* Count @r in @g: everything but the distinct pages, which the caller counts. */
int xs_group_add_ref(struct xs_cause_group *g, const struct xenscope_ref *r);

/* Count one page with unexplained references in the unexplained group @g. */
void xs_group_unexplained(struct xs_cause_group *g, int64_t unexplained, int64_t unexplained_type,
			  bool injected);

/*
 * The summary (no pages kept) of @domid from a snapshot's page and
 * reference records where they lie, without sorting the references:
 * fills @e's audit (layout, totals and holders; refs stay NULL) and its
 * groups, as the general path would.  Returns 0; 1 when it does not apply
 * (no snapshot sections, pages out of mfn order, counts too big, too many
 * kinds of holder, out of memory), with @e's groups and holders as they
 * were, for the general path to run (and report what goes wrong there);
 * or the negative errno of a layout it reported it cannot resolve.
 */
int xs_explain_summary(struct xs_target *t, uint32_t domid, struct xs_explain *e);

#endif
