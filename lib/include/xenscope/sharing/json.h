/* SPDX-License-Identifier: MIT */
/* Shared pages as JSON, for every front end that prints JSON. */
#ifndef XENSCOPE_SHARING_JSON_H
#define XENSCOPE_SHARING_JSON_H

#include <jansson.h>

#include "xenscope/sharing/sharing.h"

/*
 * {"domid", "pages", "broken", "list": [{"mfn", "gfn" (null for dom_cow's
 * walk), "handle", "count_info", "type_info", "owner", "nr_sharers",
 * "more", "sharers": [{"domid", "gfn"}], "broken": [rule names]}]};
 * NULL when out of memory.
 */
json_t *xs_sharing_json(const struct xs_sharing *s);

#endif
