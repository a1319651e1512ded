/* SPDX-License-Identifier: MIT */
/*
 * JSON forms of the records, through jansson.  64-bit words that may use
 * the top bit (count_info, type_info, layout masks) are hex strings; ids
 * and counts are numbers.  The schema is in docs/snapshot-format.md.
 */
#ifndef XENSCOPE_JSON_H
#define XENSCOPE_JSON_H

#include <stdio.h>

#include <jansson.h>
#include <xenscope.h>

#include "xenscope/target/target.h"

json_t *xs_json_info(const struct xenscope_info *info);
json_t *xs_json_domain(const struct xs_domain *d);
/* With a @layout, a "decoded" member is added. */
json_t *xs_json_page(const struct xenscope_page *p, const struct xenscope_info *layout);
json_t *xs_json_ref(const struct xenscope_ref *r);
json_t *xs_json_proc(const struct xs_proc *p);
json_t *xs_json_backend(const struct xs_backend *b);
json_t *xs_json_hex(uint64_t v);

/* Print @j (indented, one trailing newline) and drop the reference. */
int xs_json_print(json_t *j, FILE *f);

/* Names used in JSON and text: "grant", "pv_l1", ...; NULL if unknown. */
const char *xs_ref_kind_name(unsigned int kind);
const char *xs_page_list_name(unsigned int list);
/* Name of XS_DOM_* bit number @bit ("dying" for 0). */
const char *xs_domain_flag_name(unsigned int bit);

#endif
