// SPDX-License-Identifier: MIT
/* Shared pages as JSON (docs/refaudit-json.md, "shared"). */
#include <jansson.h>

#include "xenscope/core/json.h"
#include "xenscope/sharing/json.h"

static json_t *sharers(const struct xs_shared_page *p)
{
	json_t *a = json_array();

	for (size_t i = 0; a && i < p->nr_listed; i++)
		if (json_array_append_new(a, json_pack("{s:i s:I}", "domid", p->sharers[i].domid,
						       "gfn", (json_int_t)p->sharers[i].gfn))) {
			json_decref(a);
			return NULL;
		}
	return a;
}

static json_t *broken(const struct xs_shared_page *p)
{
	json_t *a = json_array();

	for (unsigned int i = 0; a && i < XS_SHR_RULES; i++)
		if ((p->broken & (1U << i)) &&
		    json_array_append_new(a, json_string(xs_shr_rule_name(1U << i)))) {
			json_decref(a);
			return NULL;
		}
	return a;
}

static json_t *page(const struct xs_shared_page *p)
{
	const struct xenscope_cow *r = &p->page;

	return json_pack(
		"{s:I s:o s:I s:o s:o s:i s:i s:b s:o s:o}", "mfn", (json_int_t)r->mfn, "gfn",
		r->gfn == XENSCOPE_COW_NO_GFN ? json_null() : json_integer((json_int_t)r->gfn),
		"handle", (json_int_t)r->handle, "count_info", xs_json_hex(r->count_info),
		"type_info", xs_json_hex(r->type_info), "owner", r->domid, "nr_sharers",
		r->nr_sharers, "more", (r->flags & XENSCOPE_COWF_MORE) != 0, "sharers", sharers(p),
		"broken", broken(p));
}

json_t *xs_sharing_json(const struct xs_sharing *s)
{
	json_t *a = json_array();

	for (size_t i = 0; a && i < s->nr; i++)
		if (json_array_append_new(a, page(&s->v[i]))) {
			json_decref(a);
			return NULL;
		}
	return a ? json_pack("{s:i s:I s:I s:o}", "domid", s->domid, "pages", (json_int_t)s->nr,
			     "broken", (json_int_t)s->nr_broken, "list", a)
		 : NULL;
}
