// SPDX-License-Identifier: MIT
/* xs-test-tool's in-memory snapshot: JSON <-> model <-> target/file. */
#include <errno.h>
#include <stddef.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "xenscope/core/json.h"
#include "xenscope/core/pageinfo.h"

#include "model.h"

static int bad(const char *what, const char *key)
{
	return xs_error(-EINVAL, "spec: %s: bad or missing '%s'", what, key);
}

/* A number given as JSON integer or as a string ("0x..."). */
static int get_u64(json_t *o, const char *key, uint64_t def, uint64_t *out)
{
	json_t *v = json_object_get(o, key);

	*out = def;
	if (!v || json_is_null(v))
		return 0;
	if (json_is_integer(v) && json_integer_value(v) >= 0) {
		*out = (uint64_t)json_integer_value(v);
		return 0;
	}
	if (json_is_string(v) && !xs_parse_u64(json_string_value(v), out))
		return 0;
	return bad("number", key);
}

static int get_u32(json_t *o, const char *key, uint32_t *out)
{
	uint64_t v;
	int err = get_u64(o, key, 0, &v);

	if (!err && v > UINT32_MAX)
		err = bad("32-bit number", key);
	*out = (uint32_t)v;
	return err;
}

static int get_u16(json_t *o, const char *key, uint16_t *out)
{
	uint64_t v;
	int err = get_u64(o, key, 0, &v);

	if (!err && v > UINT16_MAX)
		err = bad("16-bit number", key);
	*out = (uint16_t)v;
	return err;
}

static const char *get_str(json_t *o, const char *key)
{
	json_t *v = json_object_get(o, key);

	return json_is_string(v) ? json_string_value(v) : "";
}

/* A name from @names(i), or a plain number. */
static int get_named(json_t *o, const char *key, const char *(*names)(unsigned int), uint64_t *out)
{
	json_t *v = json_object_get(o, key);

	if (json_is_string(v)) {
		for (unsigned int i = 0; i < 64; i++) {
			const char *n = names(i);

			if (n && !strcmp(n, json_string_value(v))) {
				*out = i;
				return 0;
			}
		}
		return bad("name", key);
	}
	return get_u64(o, key, 0, out);
}

static const struct {
	const char *name;
	size_t off;
} layout_fields[] = {
#define F(x)                                          \
	{                                             \
#x, offsetof(struct xenscope_info, x) \
	}
	F(pgc_allocated),  F(pgc_xen_heap),	F(pgc_page_table),	F(pgc_broken),
	F(pgc_state_mask), F(pgc_state_inuse),	F(pgc_state_offlining), F(pgc_state_offlined),
	F(pgc_state_free), F(pgc_extra),	F(pgc_count_mask),	F(pgt_type_mask),
	F(pgt_locked),	   F(pgt_pinned),	F(pgt_validated),	F(pgt_pae_xen_l2),
	F(pgt_partial),	   F(pgt_non_coherent), F(pgt_count_mask),
#undef F
};

static int parse_layout(struct xenscope_info *info, json_t *l)
{
	int err = 0;

	if (!l)
		return 0; /* no layout: the hypervisor "did not report one" */
	if (json_is_string(l) && !strcmp(json_string_value(l), "default-4.17")) {
		xs_layout_default_417(info);
		return 0;
	}
	if (!json_is_object(l))
		return bad("info", "layout");
	for (size_t i = 0; !err && i < XS_ARRAY_SIZE(layout_fields); i++) {
		uint64_t v;

		err = get_u64(l, layout_fields[i].name, 0, &v);
		memcpy((char *)info + layout_fields[i].off, &v, sizeof(v));
	}
	if (!err)
		err = get_u32(l, "pgt_type_shift", &info->pgt_type_shift);
	return err;
}

static int parse_info(struct xenscope_info *info, json_t *j)
{
	const char *bid = get_str(j, "build_id");
	size_t n = strlen(bid) / 2;
	uint16_t major, minor;
	int err;

	if (!json_is_object(j))
		return bad("top level", "info");
	if (strlen(bid) % 2 || n > sizeof(info->build_id))
		return bad("info", "build_id");
	for (size_t i = 0; i < n; i++) {
		unsigned int b;

		if (sscanf(bid + 2 * i, "%2x", &b) != 1)
			return bad("info", "build_id");
		info->build_id[i] = (uint8_t)b;
	}
	info->build_id_len = (uint32_t)n;
	snprintf(info->xen_extra, sizeof(info->xen_extra), "%s", get_str(j, "xen_extra"));
	err = get_u32(j, "interface_version", &info->interface_version);
	if (!err)
		err = get_u32(j, "features", &info->features);
	if (!err)
		err = get_u16(j, "xen_major", &major);
	if (!err)
		err = get_u16(j, "xen_minor", &minor);
	if (!err)
		err = get_u64(j, "max_page", 0, &info->max_page);
	if (err)
		return err;
	info->xen_major = major;
	info->xen_minor = minor;
	return parse_layout(info, json_object_get(j, "layout"));
}

static int parse_domain(struct model *m, json_t *j)
{
	struct xs_domain d = { 0 };
	json_t *flags = json_object_get(j, "flags"), *f;
	uint64_t domid;
	size_t i;
	int err;

	err = get_u64(j, "domid", UINT64_MAX, &domid);
	if (!err && domid > UINT32_MAX)
		err = bad("domain", "domid");
	if (!err)
		err = get_u64(j, "tot_pages", 0, &d.tot_pages);
	if (!err)
		err = get_u64(j, "max_pages", 0, &d.max_pages);
	if (!err)
		err = get_u64(j, "shr_pages", 0, &d.shr_pages);
	if (!err)
		err = get_u64(j, "outstanding_pages", 0, &d.outstanding_pages);
	if (!err)
		err = get_u64(j, "cpu_time", 0, &d.cpu_time);
	if (!err)
		err = get_u32(j, "shutdown_reason", &d.shutdown_reason);
	if (!err && json_object_get(j, "refcnt")) {
		err = get_u32(j, "refcnt", &d.refcnt);
		d.known |= XS_DOMX_REFCNT;
	}
	if (!err && json_is_number(json_object_get(j, "dying_seconds"))) {
		double s = json_number_value(json_object_get(j, "dying_seconds"));

		if (s < 0 || s > 1e12)
			err = bad("domain", "dying_seconds");
		d.dying_ns = (uint64_t)(s * 1e9);
		d.known |= XS_DOMX_DYING;
	}
	if (err)
		return err;
	d.domid = (uint32_t)domid;
	snprintf(d.name, sizeof(d.name), "%s", get_str(j, "name"));
	json_array_foreach (flags, i, f) {
		unsigned int bit;

		if (json_is_integer(f)) {
			d.flags |= (uint32_t)json_integer_value(f);
			continue;
		}
		for (bit = 0; bit < 32; bit++)
			if (xs_domain_flag_name(bit) &&
			    !strcmp(xs_domain_flag_name(bit),
				    json_is_string(f) ? json_string_value(f) : ""))
				break;
		if (bit == 32)
			return bad("domain", "flags");
		d.flags |= 1U << bit;
	}
	return xs_domains_add(&m->doms, &d);
}

static int parse_page(struct model_rec *r, json_t *j)
{
	struct xenscope_page p = { 0 };
	json_t *gfn = json_object_get(j, "gfn");
	uint64_t owner, list;
	int err;

	err = get_u64(j, "mfn", 0, &p.mfn);
	if (!err)
		err = get_u64(j, "gfn", ~(uint64_t)0, &p.gfn);
	if (!err)
		err = get_u64(j, "count_info", 0, &p.count_info);
	if (!err)
		err = get_u64(j, "type_info", 0, &p.type_info);
	if (!err)
		err = get_u64(j, "owner", r->domid, &owner);
	if (!err)
		err = get_named(j, "list", xs_page_list_name, &list);
	if (!err)
		err = get_u32(j, "flags", &p.flags);
	if (err)
		return err;
	if (gfn && !json_is_null(gfn))
		p.flags |= XENSCOPE_PAGE_GFN_VALID;
	p.owner = (uint16_t)owner;
	p.list = (uint8_t)list;
	if (xs_array_grow(r->pages, r->pages_alloc, r->nr_pages + 1))
		return -ENOMEM;
	r->pages[r->nr_pages++] = p;
	return 0;
}

static int parse_ref(struct model_rec *r, json_t *j)
{
	struct xenscope_ref x = { 0 };
	uint64_t kind;
	int err;

	err = get_u64(j, "mfn", 0, &x.mfn);
	if (!err)
		err = get_u64(j, "via", 0, &x.via);
	if (!err)
		err = get_named(j, "kind", xs_ref_kind_name, &kind);
	if (!err)
		err = get_u16(j, "holder", &x.holder);
	if (!err)
		err = get_u16(j, "slot", &x.slot);
	if (!err)
		err = get_u16(j, "flags", &x.flags);
	if (!err)
		err = get_u32(j, "general", &x.general);
	if (!err)
		err = get_u32(j, "type", &x.type);
	if (!err)
		err = get_u32(j, "grant_ref", &x.grant_ref);
	if (!err)
		err = get_u32(j, "handle", &x.handle);
	if (!err)
		err = get_u32(j, "aux", &x.aux);
	if (err)
		return err;
	x.kind = (uint16_t)kind;
	if (xs_array_grow(r->refs, r->refs_alloc, r->nr_refs + 1))
		return -ENOMEM;
	r->refs[r->nr_refs++] = x;
	return 0;
}

static struct model_rec *add_rec(struct model *m, uint32_t domid)
{
	if (xs_array_grow(m->recs, m->recs_alloc, m->nr_recs + 1))
		return NULL;
	m->recs[m->nr_recs] = (struct model_rec){ .domid = domid };
	return &m->recs[m->nr_recs++];
}

static int parse_records(struct model *m, json_t *j)
{
	json_t *p, *x;
	struct model_rec *r;
	uint32_t domid;
	size_t i;
	int err = get_u32(j, "domid", &domid);

	if (err)
		return err;
	r = add_rec(m, domid);
	if (!r)
		return -ENOMEM;
	json_array_foreach (json_object_get(j, "pages"), i, p) {
		err = parse_page(r, p);
		if (err)
			return err;
	}
	json_array_foreach (json_object_get(j, "refs"), i, x) {
		err = parse_ref(r, x);
		if (err)
			return err;
	}
	return 0;
}

static int parse_devs(json_t *j, const char *key, uint32_t *v)
{
	json_t *o = json_object_get(j, key);
	int err = 0;

	for (int i = 0; !err && i < XS_DEV_NR; i++)
		err = get_u32(o, xs_dev_names[i], &v[i]);
	return err;
}

static int parse_proc(struct model *m, json_t *j)
{
	struct xs_proc p = { .xen_domid = -1 };
	json_t *domid = json_object_get(j, "xen_domid");
	uint32_t pid;
	int err = get_u32(j, "pid", &pid);

	if (!err)
		err = parse_devs(j, "fds", p.fds);
	if (!err)
		err = parse_devs(j, "maps", p.maps);
	if (!err)
		err = parse_devs(j, "map_pages", p.map_pages);
	if (err)
		return err;
	p.pid = (int32_t)pid;
	if (json_is_integer(domid))
		p.xen_domid = (int32_t)json_integer_value(domid);
	p.comm = (char *)get_str(j, "comm");
	p.cmdline = (char *)get_str(j, "cmdline");
	return xs_procs_add(&m->procs, &p);
}

static int parse_backend(struct model *m, json_t *j)
{
	struct xs_backend b = { .state = -1 };
	json_t *state = json_object_get(j, "state");
	int err = get_u32(j, "domid", &b.domid);

	if (!err)
		err = get_u32(j, "backend_domid", &b.backend_domid);
	if (err)
		return err;
	if (json_is_integer(state))
		b.state = (int32_t)json_integer_value(state);
	b.type = (char *)get_str(j, "type");
	b.dev = (char *)get_str(j, "dev");
	b.path = (char *)get_str(j, "path");
	return xs_backends_add(&m->backends, &b);
}

int model_from_json(struct model *m, json_t *spec)
{
	json_t *v, *procs = json_object_get(spec, "procs"),
		   *bes = json_object_get(spec, "backends");
	size_t i;
	int err = parse_info(&m->info, json_object_get(spec, "info"));

	json_array_foreach (json_object_get(spec, "domains"), i, v) {
		if (!err)
			err = parse_domain(m, v);
	}
	json_array_foreach (json_object_get(spec, "records"), i, v) {
		if (!err)
			err = parse_records(m, v);
	}
	m->have_procs = json_is_array(procs);
	json_array_foreach (procs, i, v) {
		if (!err)
			err = parse_proc(m, v);
	}
	m->have_backends = json_is_array(bes);
	json_array_foreach (bes, i, v) {
		if (!err)
			err = parse_backend(m, v);
	}
	if (!err)
		err = model_shadow_from_json(m, spec);
	if (!err)
		err = model_dirty_from_json(m, spec);
	if (!err)
		err = model_cow_from_json(m, spec);
	return err;
}

static int collect_pages(const struct xenscope_page *p, size_t nr, void *arg)
{
	struct model_rec *r = arg;

	if (xs_array_grow(r->pages, r->pages_alloc, r->nr_pages + nr))
		return -ENOMEM;
	memcpy(r->pages + r->nr_pages, p, nr * sizeof(*p));
	r->nr_pages += nr;
	return 0;
}

static int collect_refs(const struct xenscope_ref *x, size_t nr, void *arg)
{
	struct model_rec *r = arg;

	if (xs_array_grow(r->refs, r->refs_alloc, r->nr_refs + nr))
		return -ENOMEM;
	memcpy(r->refs + r->nr_refs, x, nr * sizeof(*x));
	r->nr_refs += nr;
	return 0;
}

int model_from_target(struct model *m, struct xs_target *t)
{
	int err = xs_target_info(t, &m->info);

	if (!err)
		err = xs_target_domains(t, &m->doms);
	for (size_t i = 0; !err && i < m->doms.nr; i++) {
		uint32_t domid = m->doms.v[i].domid;
		struct model_rec *r;

		if (!xs_target_has(t, XS_OP_PAGES, domid))
			continue;
		r = add_rec(m, domid);
		if (!r)
			return -ENOMEM;
		err = xs_target_pages(t, domid, collect_pages, r);
		if (!err)
			err = xs_target_refs(t, domid, collect_refs, r);
	}
	m->have_procs = xs_target_has(t, XS_OP_PROCS, 0);
	if (!err && m->have_procs)
		err = xs_target_procs(t, &m->procs);
	m->have_backends = xs_target_has(t, XS_OP_BACKENDS, 0);
	if (!err && m->have_backends)
		err = xs_target_backends(t, &m->backends);
	if (!err)
		err = model_shadow_from_target(m, t);
	if (!err)
		err = model_dirty_from_target(m, t);
	if (!err)
		err = model_cow_from_target(m, t);
	return err;
}

int model_write(const struct model *m, const char *path)
{
	struct xs_snap_writer *w;
	int err = xs_snap_writer_new(&w);

	if (err)
		return err;
	/* Fixed time and source: the same spec always gives the same bytes. */
	xs_snap_writer_set_time(w, 0);
	xs_snap_writer_set_source(w, "xs-test-tool", "spec");
	err = xs_snap_writer_set_info(w, &m->info);
	for (size_t i = 0; !err && i < m->doms.nr; i++)
		err = xs_snap_writer_add_domain(w, &m->doms.v[i]);
	for (size_t i = 0; !err && i < m->nr_recs; i++) {
		const struct model_rec *r = &m->recs[i];

		err = xs_snap_writer_add_pages(w, r->domid, r->pages, r->nr_pages);
		if (!err)
			err = xs_snap_writer_add_refs(w, r->domid, r->refs, r->nr_refs);
	}
	if (m->have_procs)
		xs_snap_writer_have_procs(w);
	for (size_t i = 0; !err && i < m->procs.nr; i++)
		err = xs_snap_writer_add_proc(w, &m->procs.v[i]);
	if (m->have_backends)
		xs_snap_writer_have_backends(w);
	for (size_t i = 0; !err && i < m->backends.nr; i++)
		err = xs_snap_writer_add_backend(w, &m->backends.v[i]);
	if (!err)
		err = model_shadow_write(m, w);
	if (!err)
		err = model_dirty_write(m, w);
	if (!err)
		err = model_cow_write(m, w);
	if (!err)
		err = xs_snap_write(w, path);
	xs_snap_writer_free(w);
	return err;
}

json_t *model_to_json(const struct model *m)
{
	json_t *doms = json_array(), *recs = json_array(), *j;

	for (size_t i = 0; i < m->doms.nr; i++)
		json_array_append_new(doms, xs_json_domain(&m->doms.v[i]));
	for (size_t i = 0; i < m->nr_recs; i++) {
		const struct model_rec *r = &m->recs[i];
		json_t *pages = json_array(), *refs = json_array();

		for (size_t k = 0; k < r->nr_pages; k++)
			json_array_append_new(pages, xs_json_page(&r->pages[k], NULL));
		for (size_t k = 0; k < r->nr_refs; k++)
			json_array_append_new(refs, xs_json_ref(&r->refs[k]));
		json_array_append_new(recs,
				      json_pack("{s:I s:o s:o}", "domid", (json_int_t)r->domid,
						"pages", pages, "refs", refs));
	}
	j = json_pack("{s:o s:o s:o}", "info", xs_json_info(&m->info), "domains", doms, "records",
		      recs);
	if (j && m->have_procs) {
		json_t *a = json_array();

		for (size_t i = 0; i < m->procs.nr; i++)
			json_array_append_new(a, xs_json_proc(&m->procs.v[i]));
		json_object_set_new(j, "procs", a);
	}
	if (j && m->have_backends) {
		json_t *a = json_array();

		for (size_t i = 0; i < m->backends.nr; i++)
			json_array_append_new(a, xs_json_backend(&m->backends.v[i]));
		json_object_set_new(j, "backends", a);
	}
	if (j)
		model_shadow_to_json(m, j);
	if (j)
		model_dirty_to_json(m, j);
	if (j)
		model_cow_to_json(m, j);
	return j;
}

void model_release(struct model *m)
{
	for (size_t i = 0; i < m->nr_recs; i++) {
		free(m->recs[i].pages);
		free(m->recs[i].refs);
	}
	free(m->recs);
	xs_domains_release(&m->doms);
	xs_procs_release(&m->procs);
	xs_backends_release(&m->backends);
	model_shadow_release(m);
	model_dirty_release(m);
	model_cow_release(m);
	memset(m, 0, sizeof(*m));
}
