// SPDX-License-Identifier: MIT
/*
 * One domain as JSON, the schema of docs/refaudit-json.md.  Every object is
 * built with jansson; a failed allocation anywhere makes the whole
 * document NULL, which is reported once at the end.
 */
#include <errno.h>
#include <stdlib.h>
#include <string.h>

#include "xenscope/core/buf.h"
#include "xenscope/core/json.h"
#include "xenscope/sharing/json.h"

#include "refaudit.h"

/* Take ownership of @v and put it in @o; a NULL @v poisons @o's builder. */
static bool put(json_t *o, const char *key, json_t *v)
{
	return v && !json_object_set_new(o, key, v);
}

/*
 * Sentences quote command lines and xenstore paths, which need not be
 * UTF-8; JSON strings must be: bytes outside ASCII become '?' then.
 */
json_t *refaudit_jstr(const char *s)
{
	json_t *j = json_string(s);
	char *copy;

	if (j || !s || !(copy = strdup(s)))
		return j;
	for (char *c = copy; *c; c++)
		if ((unsigned char)*c >= 0x80)
			*c = '?';
	j = json_string(copy);
	free(copy);
	return j;
}

static json_t *text(const struct xs_explain *e, const struct xs_cause_group *g,
		    int (*fn)(const struct xs_explain *, const struct xs_cause_group *,
			      struct xs_buf *))
{
	struct xs_buf b = XS_BUF_INIT;
	json_t *s = fn(e, g, &b) ? NULL : refaudit_jstr(b.buf);

	xs_buf_release(&b);
	return s;
}

static json_t *suspect(const struct xs_explain *e, const struct xs_suspect *s)
{
	json_t *o = json_object();

	if (o && put(o, "kind", json_string(s->backend ? "backend" : "process")) &&
	    put(o, "certainty", json_string(xs_certainty_name(s->certainty))) &&
	    put(o, "why", refaudit_jstr(s->why)) &&
	    (s->backend ? put(o, "backend", xs_json_backend(&e->backends.v[s->index]))
			: put(o, "process", xs_json_proc(&e->procs.v[s->index]))))
		return o;
	json_decref(o);
	return NULL;
}

static json_t *group(const struct xs_explain *e, const struct xs_cause_group *g)
{
	json_t *o = json_object(), *kinds = json_object(), *grefs = json_array(),
	       *vcpus = json_array(), *uses = json_array(), *sus = json_array();
	bool ok = o && kinds && grefs && vcpus && uses && sus;

	for (unsigned int k = 0; ok && k < XS_ARRAY_SIZE(g->kinds); k++)
		if (g->kinds[k] && xs_ref_kind_name(k))
			ok = put(kinds, xs_ref_kind_name(k), json_integer((json_int_t)g->kinds[k]));
	for (size_t i = 0; ok && i < g->nr_grant_refs; i++)
		ok = !json_array_append_new(grefs, json_integer(g->grant_refs[i]));
	for (unsigned int i = 0; ok && i < 64; i++)
		if (g->vcpus & (1ULL << i))
			ok = !json_array_append_new(vcpus, json_integer(i));
	for (unsigned int i = 0; ok && i < 32; i++)
		if (g->xen_aux & (1U << i))
			ok = !json_array_append_new(uses, json_string(xs_xen_use_name(i)));
	for (size_t i = 0; ok && i < g->nr_suspects; i++)
		ok = !json_array_append_new(sus, suspect(e, &g->suspects[i]));
	ok = ok && put(o, "cause", json_string(xs_cause_name(g->cause))) &&
	     put(o, "holder",
		 g->holder == XS_HOLDER_NONE ? json_null() : json_integer(g->holder)) &&
	     put(o, "summary", text(e, g, xs_group_summary)) &&
	     put(o, "remedy", text(e, g, xs_group_remedy)) &&
	     put(o, "pages", json_integer((json_int_t)g->pages)) &&
	     put(o, "refs", json_integer((json_int_t)g->refs)) &&
	     put(o, "general", json_integer((json_int_t)g->general)) &&
	     put(o, "type", json_integer((json_int_t)g->type)) &&
	     put(o, "tables", json_integer((json_int_t)g->tables)) &&
	     put(o, "unexplained", json_integer(g->unexplained)) &&
	     put(o, "unexplained_type", json_integer(g->unexplained_type)) &&
	     put(o, "injected", json_integer((json_int_t)g->injected)) &&
	     put(o, "over", json_integer((json_int_t)g->over));
	/* The containers were either handed over above or are freed here. */
	ok = ok && put(o, "kinds", kinds) && (kinds = NULL, put(o, "grant_refs", grefs)) &&
	     (grefs = NULL, put(o, "vcpus", vcpus)) && (vcpus = NULL, put(o, "xen_uses", uses)) &&
	     (uses = NULL, put(o, "suspects", sus));
	if (!ok) {
		json_decref(kinds);
		json_decref(grefs);
		json_decref(vcpus);
		json_decref(uses);
		json_decref(sus);
		json_decref(o);
		return NULL;
	}
	return o;
}

static json_t *page(const struct xs_explain *e, const struct xs_held_page *h)
{
	const struct xenscope_ref *refs = e->audit.refs + h->first_ref;
	json_t *o = xs_json_page(&h->page, &e->audit.layout), *a = json_array();
	bool ok = o && a;

	for (size_t i = 0; ok && i < h->nr_refs; i++) {
		json_t *r = xs_json_ref(&refs[i]);

		ok = r &&
		     put(r, "cause",
			 json_string(xs_cause_name(xs_explain_ref_cause(e, h, &refs[i])))) &&
		     !json_array_append_new(a, r);
	}
	ok = ok && put(o, "refs", a) &&
	     (a = NULL, put(o, "unexplained", json_integer(h->unexplained))) &&
	     put(o, "unexplained_type", json_integer(h->unexplained_type));
	if (!ok) {
		json_decref(a);
		json_decref(o);
		return NULL;
	}
	return o;
}

int refaudit_show_json(struct xs_target *t, const struct xs_explain *e, const struct opts *o)
{
	const struct xs_audit *a = &e->audit;
	struct xs_buf v = XS_BUF_INIT;
	json_t *holders = json_array(), *doc;
	bool ok = holders && !xs_explain_verdict(e, &v);

	for (size_t i = 0; ok && i < e->nr_groups; i++)
		ok = !json_array_append_new(holders, group(e, &e->groups[i]));
	doc = !ok ? NULL
		  : json_pack("{s:i s:o s:o s:i s:o s:{s:I s:I s:I s:I} s:o}", "version", 1,
			      "target", refaudit_jstr(xs_target_name(t)), "domain",
			      xs_json_domain(&e->domain), "status", xs_explain_status(e), "verdict",
			      refaudit_jstr(v.buf), "totals", "pages", (json_int_t)a->nr_pages,
			      "held", (json_int_t)a->held_pages, "unexplained_pages",
			      (json_int_t)a->unexplained_pages, "orphan_refs",
			      (json_int_t)a->orphan_refs, "holders", holders);
	if (!doc)
		json_decref(holders);
	xs_buf_release(&v);
	if (doc && o->pages) {
		json_t *pages = json_array();

		for (size_t i = 0; pages && i < e->nr_held; i++)
			if (json_array_append_new(pages, page(e, &e->held[i])))
				break;
		if (!put(doc, "pages", pages)) {
			json_decref(doc);
			doc = NULL;
		}
	}
	if (doc && e->sharing.available && !put(doc, "shared", xs_sharing_json(&e->sharing))) {
		json_decref(doc);
		doc = NULL;
	}
	if (doc && e->nr_leftovers) {
		json_t *l = json_array();

		for (uint64_t i = 0; l && i < e->nr_leftovers && i < XS_LEFTOVERS_KEPT; i++)
			if (json_array_append_new(l, json_integer((json_int_t)e->leftovers[i].mfn)))
				break;
		if (!put(doc, "shared_leftovers", l)) {
			json_decref(doc);
			doc = NULL;
		}
	}
	if (!doc)
		return xs_error(-ENOMEM, "cannot build the JSON output");
	return xs_json_print(doc, stdout);
}
