// SPDX-License-Identifier: MIT
/*
 * The shared-page sections of a model: "shared": [{"domid": D (or "cow"
 * for dom_cow's), "pages": [{"mfn", "gfn", "handle", "count_info",
 * "type_info", "owner", "flags": ["unlocked", "no_info", "in_rmap",
 * "more", "m2p_shared"], "nr_sharers", "sharers": [{"domid", "gfn"}]}]}]
 * in the JSON; one .xs.cow.D section of XENSCOPE_OP_COW records each in
 * the snapshot (D = XENSCOPE_DOMID_COW for "cow").  "owner" defaults to
 * dom_cow, "nr_sharers" to the sharers listed, "gfn" to none.
 */
#include <errno.h>
#include <stdlib.h>
#include <string.h>

#include "xenscope/core/common.h"
#include "xenscope/core/json.h"

#include "model.h"

static const char *const flag_names[] = { "unlocked", "no_info", "in_rmap", "more", "m2p_shared" };

static uint64_t num(json_t *o, const char *key, uint64_t dflt)
{
	json_t *v = json_object_get(o, key);

	if (json_is_integer(v))
		return (uint64_t)json_integer_value(v);
	if (json_is_string(v))
		return strtoull(json_string_value(v), NULL, 0);
	return dflt;
}

static int push(struct model_shadow *s, const struct xenscope_cow *r)
{
	uint8_t *d = realloc(s->data, s->len + sizeof(*r));

	if (!d)
		return xs_error(-ENOMEM, "out of memory");
	memcpy(d + s->len, r, sizeof(*r));
	s->data = d;
	s->len += sizeof(*r);
	return 0;
}

static int page_from_json(struct model_shadow *s, json_t *p)
{
	struct xenscope_cow r = {
		.kind = XENSCOPE_COWR_PAGE,
		.mfn = num(p, "mfn", 0),
		.gfn = num(p, "gfn", XENSCOPE_COW_NO_GFN),
		.handle = num(p, "handle", 0),
		.count_info = num(p, "count_info", 0),
		.type_info = num(p, "type_info", 0),
		.domid = (uint16_t)num(p, "owner", XENSCOPE_DOMID_COW),
	};
	json_t *sharers = json_object_get(p, "sharers"), *f, *x;
	size_t i;
	int err;

	json_array_foreach (json_object_get(p, "flags"), i, f)
		for (unsigned int b = 0; b < XS_ARRAY_SIZE(flag_names); b++)
			if (json_is_string(f) && !strcmp(json_string_value(f), flag_names[b]))
				r.flags |= 1U << b;
	r.nr_sharers = (uint16_t)num(p, "nr_sharers", json_array_size(sharers));
	err = push(s, &r);
	json_array_foreach (sharers, i, x) {
		struct xenscope_cow sh = {
			.kind = XENSCOPE_COWR_SHARER,
			.mfn = r.mfn,
			.handle = r.handle,
			.gfn = num(x, "gfn", 0),
			.domid = (uint16_t)num(x, "domid", 0),
			.idx = (uint16_t)i,
		};

		if (!err)
			err = push(s, &sh);
	}
	return err;
}

int model_cow_from_json(struct model *m, json_t *spec)
{
	size_t i, k;
	json_t *v, *p;

	json_array_foreach (json_object_get(spec, "shared"), i, v) {
		json_t *d = json_object_get(v, "domid");
		struct model_shadow *s;

		if (xs_array_grow(m->cow, m->cow_alloc, m->nr_cow + 1))
			return xs_error(-ENOMEM, "out of memory");
		s = &m->cow[m->nr_cow++];
		*s = (struct model_shadow){ .domid = json_is_string(d)
							     ? XENSCOPE_DOMID_COW
							     : (uint32_t)json_integer_value(d) };
		json_array_foreach (json_object_get(v, "pages"), k, p) {
			int err = page_from_json(s, p);

			if (err)
				return err;
		}
	}
	return 0;
}

static int collect(const struct xenscope_cow *recs, size_t nr, void *arg)
{
	for (size_t i = 0; i < nr; i++) {
		int err = push(arg, &recs[i]);

		if (err)
			return err;
	}
	return 0;
}

static int from_target_one(struct model *m, struct xs_target *t, uint32_t domid)
{
	struct model_shadow *s;

	if (xs_target_kind(t) != XS_TARGET_SNAP || !xs_target_has(t, XS_OP_COW, domid))
		return 0;
	if (xs_array_grow(m->cow, m->cow_alloc, m->nr_cow + 1))
		return xs_error(-ENOMEM, "out of memory");
	s = &m->cow[m->nr_cow++];
	*s = (struct model_shadow){ .domid = domid };
	return xs_target_cow(t, domid, collect, s);
}

int model_cow_from_target(struct model *m, struct xs_target *t)
{
	int err = 0;

	for (size_t i = 0; !err && i < m->doms.nr; i++)
		err = from_target_one(m, t, m->doms.v[i].domid);
	return err ? err : from_target_one(m, t, XENSCOPE_DOMID_COW);
}

int model_cow_write(const struct model *m, struct xs_snap_writer *w)
{
	for (size_t i = 0; i < m->nr_cow; i++) {
		int err = xs_snap_writer_add_cow(w, m->cow[i].domid,
						 (const struct xenscope_cow *)m->cow[i].data,
						 m->cow[i].len / sizeof(struct xenscope_cow));

		if (err)
			return err;
	}
	return 0;
}

static json_t *page_to_json(const struct xenscope_cow *r)
{
	json_t *o = json_object(), *f = json_array();

	json_object_set_new(o, "mfn", xs_json_hex(r->mfn));
	if (r->gfn != XENSCOPE_COW_NO_GFN)
		json_object_set_new(o, "gfn", xs_json_hex(r->gfn));
	json_object_set_new(o, "handle", json_integer((json_int_t)r->handle));
	json_object_set_new(o, "count_info", xs_json_hex(r->count_info));
	json_object_set_new(o, "type_info", xs_json_hex(r->type_info));
	json_object_set_new(o, "owner", json_integer(r->domid));
	for (unsigned int b = 0; b < XS_ARRAY_SIZE(flag_names); b++)
		if (r->flags & (1U << b))
			json_array_append_new(f, json_string(flag_names[b]));
	json_object_set_new(o, "flags", f);
	json_object_set_new(o, "nr_sharers", json_integer(r->nr_sharers));
	json_object_set_new(o, "sharers", json_array());
	return o;
}

void model_cow_to_json(const struct model *m, json_t *j)
{
	json_t *all = json_array();

	for (size_t i = 0; i < m->nr_cow; i++) {
		const struct xenscope_cow *r = (const void *)m->cow[i].data;
		size_t n = m->cow[i].len / sizeof(*r);
		json_t *pages = json_array(), *cur = NULL;

		for (size_t k = 0; k < n; k++) {
			if (r[k].kind == XENSCOPE_COWR_PAGE) {
				cur = page_to_json(&r[k]);
				json_array_append_new(pages, cur);
			} else if (cur) {
				json_array_append_new(json_object_get(cur, "sharers"),
						      json_pack("{s:i s:o}", "domid", r[k].domid,
								"gfn", xs_json_hex(r[k].gfn)));
			}
		}
		json_array_append_new(all, json_pack("{s:o s:o}", "domid",
						     m->cow[i].domid == XENSCOPE_DOMID_COW
							     ? json_string("cow")
							     : json_integer(m->cow[i].domid),
						     "pages", pages));
	}
	if (json_array_size(all))
		json_object_set_new(j, "shared", all);
	else
		json_decref(all);
}

void model_cow_release(struct model *m)
{
	for (size_t i = 0; i < m->nr_cow; i++)
		free(m->cow[i].data);
	free(m->cow);
	m->cow = NULL;
	m->nr_cow = m->cow_alloc = 0;
}
