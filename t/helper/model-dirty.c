// SPDX-License-Identifier: MIT
/*
 * The log-dirty sections of a model: "dirty": [{"domid": D, "pages": N,
 * "pid": P, "rounds": [{"index", "usec", "dirty", "working_set",
 * "xen_faults", "xen_dirty"}, ...]}] in the JSON, one .xs.dirty.D section
 * each in the snapshot, encoded by the library (logdirty/history.c).
 */
#include <errno.h>
#include <stdlib.h>
#include <string.h>

#include "xenscope/logdirty/history.h"

#include "model.h"

static struct model_shadow *add(struct model *m, uint32_t domid)
{
	if (xs_array_grow(m->dirty, m->dirty_alloc, m->nr_dirty + 1))
		return NULL;
	m->dirty[m->nr_dirty] = (struct model_shadow){ .domid = domid };
	return &m->dirty[m->nr_dirty++];
}

static uint64_t num(json_t *o, const char *key)
{
	return (uint64_t)json_integer_value(json_object_get(o, key));
}

static int from_json_one(struct model *m, json_t *v)
{
	struct xs_dirty_history *h = calloc(1, sizeof(*h));
	struct model_shadow *s;
	size_t i;
	json_t *r;
	int err;

	if (!h)
		return xs_error(-ENOMEM, "out of memory");
	h->domid = (uint32_t)num(v, "domid");
	h->pid = (uint32_t)num(v, "pid");
	h->pages = num(v, "pages");
	json_array_foreach (json_object_get(v, "rounds"), i, r) {
		if (h->nr == XS_DIRTY_HISTORY_MAX)
			break;
		h->r[h->nr++] = (struct xs_dirty_sect_round){
			.index = (uint32_t)num(r, "index"),
			.usec = num(r, "usec"),
			.dirty = num(r, "dirty"),
			.working_set = num(r, "working_set"),
			.xen_faults = (uint32_t)num(r, "xen_faults"),
			.xen_dirty = (uint32_t)num(r, "xen_dirty"),
		};
	}
	s = add(m, h->domid);
	err = s ? xs_dirty_history_encode(h, (void **)&s->data, &s->len)
		: xs_error(-ENOMEM, "out of memory");
	free(h);
	return err;
}

int model_dirty_from_json(struct model *m, json_t *spec)
{
	size_t i;
	json_t *v;

	json_array_foreach (json_object_get(spec, "dirty"), i, v) {
		int err = from_json_one(m, v);

		if (err)
			return err;
	}
	return 0;
}

int model_dirty_from_target(struct model *m, struct xs_target *t)
{
	for (size_t i = 0; i < m->doms.nr; i++) {
		uint32_t domid = m->doms.v[i].domid;
		struct model_shadow *s;
		const void *data;
		size_t len;

		if (xs_target_kind(t) != XS_TARGET_SNAP ||
		    xs_snap_blob(t, XS_SNAP_DIRTY, domid, &data, &len))
			continue;
		s = add(m, domid);
		if (!s || !(s->data = malloc(len ? len : 1)))
			return xs_error(-ENOMEM, "out of memory");
		memcpy(s->data, data, len);
		s->len = len;
	}
	return 0;
}

int model_dirty_write(const struct model *m, struct xs_snap_writer *w)
{
	for (size_t i = 0; i < m->nr_dirty; i++) {
		int err = xs_snap_writer_add_blob(w, XS_SNAP_DIRTY, m->dirty[i].domid,
						  m->dirty[i].data, m->dirty[i].len);

		if (err)
			return err;
	}
	return 0;
}

static json_t *to_json_one(const struct model_shadow *s)
{
	struct xs_dirty_history *h = calloc(1, sizeof(*h));
	json_t *rounds = json_array(), *o = NULL;

	if (h && !xs_dirty_history_decode(s->data, s->len, h)) {
		for (unsigned int i = 0; i < h->nr; i++)
			json_array_append_new(
				rounds, json_pack("{s:I,s:I,s:I,s:I,s:I,s:I}", "index",
						  (json_int_t)h->r[i].index, "usec",
						  (json_int_t)h->r[i].usec, "dirty",
						  (json_int_t)h->r[i].dirty, "working_set",
						  (json_int_t)h->r[i].working_set, "xen_faults",
						  (json_int_t)h->r[i].xen_faults, "xen_dirty",
						  (json_int_t)h->r[i].xen_dirty));
		o = json_pack("{s:I,s:I,s:I,s:o}", "domid", (json_int_t)h->domid, "pages",
			      (json_int_t)h->pages, "pid", (json_int_t)h->pid, "rounds", rounds);
	} else {
		json_decref(rounds);
	}
	free(h);
	return o;
}

void model_dirty_to_json(const struct model *m, json_t *j)
{
	json_t *a;

	if (!m->nr_dirty)
		return;
	a = json_array();
	for (size_t i = 0; i < m->nr_dirty; i++) {
		json_t *o = to_json_one(&m->dirty[i]);

		if (o)
			json_array_append_new(a, o);
	}
	json_object_set_new(j, "dirty", a);
}

void model_dirty_release(struct model *m)
{
	for (size_t i = 0; i < m->nr_dirty; i++)
		free(m->dirty[i].data);
	free(m->dirty);
}
