/* SPDX-License-Identifier: MIT */
/* refaudit's reference tracing: --arm records, --history explains. */
#ifndef REFAUDIT_TRACE_H
#define REFAUDIT_TRACE_H

#include <stddef.h>

#include "refaudit.h"

/* trace-file.c: the whole file in a malloc'd buffer. */
int refaudit_trace_load(const char *path, char **buf, size_t *len);
/* arm.c: trace @d's references into o->trace until stopped. */
int refaudit_arm(struct xs_target *t, const struct xs_domain *d, const struct opts *o);
/* history.c: the unbalanced gets of @d's held pages. */
int refaudit_history(struct xs_target *t, const struct xs_domain *d, const struct opts *o);

#endif
