// SPDX-License-Identifier: MIT
/*
 * The shadow sections of a model: "shadow": [{"domid": D, "records": [...]}]
 * in the JSON (records as lib/shadow/records-json.c writes them), one
 * .xs.shadow.D section each in the snapshot.
 */
#include <errno.h>
#include <stdlib.h>
#include <string.h>

#include "xenscope/shadow/records.h"

#include "model.h"

static struct model_shadow *add(struct model *m, uint32_t domid)
{
	if (xs_array_grow(m->shadows, m->shadows_alloc, m->nr_shadows + 1))
		return NULL;
	m->shadows[m->nr_shadows] = (struct model_shadow){ .domid = domid };
	return &m->shadows[m->nr_shadows++];
}

int model_shadow_from_json(struct model *m, json_t *spec)
{
	size_t i;
	json_t *v;

	json_array_foreach (json_object_get(spec, "shadow"), i, v) {
		struct model_shadow *s =
			add(m, (uint32_t)json_integer_value(json_object_get(v, "domid")));
		int err;

		if (!s)
			return xs_error(-ENOMEM, "out of memory");
		err = xs_sh_records_from_json(json_object_get(v, "records"), &s->data, &s->len);
		if (err)
			return err;
	}
	return 0;
}

static int grab(const union xenscope_sh_rec *recs, size_t nr, void *arg)
{
	struct model_shadow *s = arg;
	uint8_t *n = realloc(s->data, s->len + nr * sizeof(*recs));

	if (!n)
		return xs_error(-ENOMEM, "out of memory");
	memcpy(n + s->len, recs, nr * sizeof(*recs));
	s->data = n;
	s->len += nr * sizeof(*recs);
	return 0;
}

int model_shadow_from_target(struct model *m, struct xs_target *t)
{
	for (size_t i = 0; i < m->doms.nr; i++) {
		uint32_t domid = m->doms.v[i].domid;
		struct model_shadow *s;
		int err;

		if (!xs_target_has(t, XS_OP_SHADOWS, domid))
			continue;
		s = add(m, domid);
		if (!s)
			return xs_error(-ENOMEM, "out of memory");
		err = xs_target_shadows(t, domid, XS_SH_ALL, grab, s);
		if (err)
			return err;
	}
	return 0;
}

int model_shadow_write(const struct model *m, struct xs_snap_writer *w)
{
	for (size_t i = 0; i < m->nr_shadows; i++) {
		int err = xs_snap_writer_add_blob(w, XS_SNAP_SHADOW, m->shadows[i].domid,
						  m->shadows[i].data, m->shadows[i].len);

		if (err)
			return err;
	}
	return 0;
}

void model_shadow_to_json(const struct model *m, json_t *j)
{
	json_t *a;

	if (!m->nr_shadows)
		return;
	a = json_array();
	for (size_t i = 0; i < m->nr_shadows; i++)
		json_array_append_new(
			a,
			json_pack("{s:I,s:o}", "domid", (json_int_t)m->shadows[i].domid, "records",
				  xs_sh_records_json(m->shadows[i].data, m->shadows[i].len)));
	json_object_set_new(j, "shadow", a);
}

void model_shadow_release(struct model *m)
{
	for (size_t i = 0; i < m->nr_shadows; i++)
		free(m->shadows[i].data);
	free(m->shadows);
}
