/* SPDX-License-Identifier: MIT */
/* Sorting for the audit (sort.c).  Internal to lib/audit/. */
#ifndef XENSCOPE_AUDIT_SORT_H
#define XENSCOPE_AUDIT_SORT_H

#include <stddef.h>
#include <stdint.h>

#include <xenscope.h>

/*
 * @in sorted by mfn, then within a page by kind, holder, via and slot,
 * ties kept in their order, into a new array *@sorted (NULL for none).
 * -ENOMEM, or -E2BIG over 2^32 refs; prints nothing.
 */
int xs_audit_sort_refs(const struct xenscope_ref *in, size_t nr, struct xenscope_ref **sorted);

/* Sort @v and drop repeats; *@nr becomes the count kept.  -ENOMEM, quietly. */
int xs_sort_uniq_u32(uint32_t *v, size_t *nr);

#endif
