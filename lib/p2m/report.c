// SPDX-License-Identifier: MIT
/*
 * The p2m audit in words and in JSON.  Runs of invalid or identity entries
 * are folded into ranges: a guest's p2m ends in thousands of them, and one
 * line per entry would hide the few that matter.
 */
#include <inttypes.h>
#include <stdio.h>

#include "xenscope/core/json.h"
#include "xenscope/p2m/audit.h"
#include "xenscope/p2m/hvm.h"
#include "xenscope/p2m/report.h"

/* hvm: gfns per p2m type, and superpage entries. */
static void count_types(const struct xs_p2m *p, uint64_t *gfns, uint64_t *superpages)
{
	*superpages = 0;
	for (int t = 0; t < XENSCOPE_P2MT_NR; t++)
		gfns[t] = 0;
	for (size_t i = 0; i < p->nr_rec; i++) {
		gfns[p->rec[i].type] += p->rec[i].nr;
		*superpages += p->rec[i].order > 0;
	}
}

static void print_types(FILE *f, const struct xs_p2m *p)
{
	uint64_t gfns[XENSCOPE_P2MT_NR], superpages;

	count_types(p, gfns, &superpages);
	fputs("  p2m types (gfns):", f);
	for (int t = 0; t < XENSCOPE_P2MT_NR; t++)
		if (gfns[t])
			fprintf(f, " %s %" PRIu64, xs_p2m_type_name(t), gfns[t]);
	fprintf(f, "; %" PRIu64 " superpage entries\n", superpages);
}

static json_t *types_json(const struct xs_p2m *p)
{
	uint64_t gfns[XENSCOPE_P2MT_NR], superpages;
	json_t *o = json_object();

	count_types(p, gfns, &superpages);
	for (int t = 0; t < XENSCOPE_P2MT_NR; t++)
		if (gfns[t])
			json_object_set_new(o, xs_p2m_type_name(t),
					    json_integer((json_int_t)gfns[t]));
	json_object_set_new(o, "superpage entries", json_integer((json_int_t)superpages));
	return o;
}

static bool foldable(const struct xs_p2m_finding *f)
{
	return f->cls == XS_P2M_INVALID || f->cls == XS_P2M_IDENTITY;
}

/* The end of the run of findings starting at @i that folds into one line. */
static size_t run_end(const struct xs_p2m_audit *a, size_t i)
{
	size_t j = i + 1;

	if (!foldable(&a->v[i]))
		return j;
	while (j < a->nr && a->v[j].cls == a->v[i].cls && a->v[j].pfn == a->v[j - 1].pfn + 1)
		j++;
	return j;
}

static void print_owner(FILE *f, uint32_t owner)
{
	if (owner == XS_P2M_OWNER_UNKNOWN)
		fputs("  owner ?", f);
	else if (owner == XS_P2M_OWNER_NONE)
		fputs("  owner none", f);
	else
		fprintf(f, "  owner d%" PRIu32, owner);
}

void xs_p2m_audit_print(FILE *f, const struct xs_p2m *p, const struct xs_p2m_audit *a,
			uint32_t domid)
{
	int verdict = xs_p2m_audit_verdict(a);

	fprintf(f, "domain %" PRIu32 ": p2m %s, %" PRIu64 " entries in %zu frames", domid,
		xs_p2m_format_name(p->format), p->nr, p->nr_frames);
	if (p->format == XS_P2M_FORMAT_LIST)
		fprintf(f, ", generation %" PRIu64 " (%u retries)", p->generation, p->retries);
	fprintf(f, "\n  %s\n", p->why);
	if (p->format == XS_P2M_FORMAT_HVM)
		print_types(f, p);
	if (!a->m2p_known)
		fputs("  the m2p was not read: m2p mismatches cannot be seen\n", f);
	if (!a->owners_known)
		fputs("  page owners are not known (no xenscope interface): ownership not checked\n",
		      f);
	for (int c = 0; c < XS_P2M_CLASS_NR; c++)
		if (a->count[c] || c == XS_P2M_CONSISTENT)
			fprintf(f, "  %-14s %10" PRIu64 "  %s\n", xs_p2m_class_name(c), a->count[c],
				xs_p2m_class_meaning(c));
	fprintf(f, "verdict: %s\n", xs_p2m_verdict_text(verdict));
	for (size_t i = 0; i < a->nr;) {
		const struct xs_p2m_finding *x = &a->v[i];
		size_t j = run_end(a, i);

		if (j - i > 1)
			fprintf(f, "  pfn %#" PRIx64 "-%#" PRIx64 "  %s (%zu entries)\n", x->pfn,
				a->v[j - 1].pfn, xs_p2m_class_name(x->cls), j - i);
		else {
			fprintf(f, "  pfn %#" PRIx64 "  %s  entry %#" PRIx64, x->pfn,
				xs_p2m_class_name(x->cls), x->entry);
			if (x->m2p != XS_P2M_ENTRY_INVALID || a->m2p_known)
				fprintf(f, "  m2p %#" PRIx64, x->m2p);
			print_owner(f, x->owner);
			if (x->cls == XS_P2M_DUPLICATE)
				fprintf(f, "  (also pfn %#" PRIx64 ")", x->other_pfn);
			fputc('\n', f);
		}
		i = j;
	}
}

static json_t *finding_json(const struct xs_p2m_finding *x, uint64_t last)
{
	json_t *o = json_object();

	json_object_set_new(o, "pfn", json_integer((json_int_t)x->pfn));
	if (last != x->pfn)
		json_object_set_new(o, "last_pfn", json_integer((json_int_t)last));
	json_object_set_new(o, "class", json_string(xs_p2m_class_name(x->cls)));
	json_object_set_new(o, "bug", json_boolean(xs_p2m_class_is_bug(x->cls)));
	json_object_set_new(o, "entry", xs_json_hex(x->entry));
	json_object_set_new(o, "m2p", x->m2p == XS_P2M_ENTRY_INVALID ? json_null()
								   : json_integer((json_int_t)x->m2p));
	if (x->owner == XS_P2M_OWNER_NONE)
		json_object_set_new(o, "owner", json_string("none"));
	else
		json_object_set_new(o, "owner", x->owner == XS_P2M_OWNER_UNKNOWN
							? json_null()
							: json_integer(x->owner));
	if (x->cls == XS_P2M_DUPLICATE)
		json_object_set_new(o, "also_pfn", json_integer((json_int_t)x->other_pfn));
	return o;
}

json_t *xs_p2m_audit_json(const struct xs_p2m *p, const struct xs_p2m_audit *a, uint32_t domid)
{
	json_t *o = json_object(), *counts = json_object(), *list = json_array();
	int verdict = xs_p2m_audit_verdict(a);

	json_object_set_new(o, "domid", json_integer(domid));
	json_object_set_new(o, "format", json_string(xs_p2m_format_name(p->format)));
	json_object_set_new(o, "why", json_string(p->why));
	json_object_set_new(o, "entries", json_integer((json_int_t)p->nr));
	json_object_set_new(o, "frames", json_integer((json_int_t)p->nr_frames));
	if (p->format == XS_P2M_FORMAT_LIST) {
		json_object_set_new(o, "generation", json_integer((json_int_t)p->generation));
		json_object_set_new(o, "retries", json_integer(p->retries));
	}
	if (p->format == XS_P2M_FORMAT_HVM)
		json_object_set_new(o, "types", types_json(p));
	json_object_set_new(o, "m2p_known", json_boolean(a->m2p_known));
	json_object_set_new(o, "owners_known", json_boolean(a->owners_known));
	for (int c = 0; c < XS_P2M_CLASS_NR; c++)
		json_object_set_new(counts, xs_p2m_class_name(c),
				    json_integer((json_int_t)a->count[c]));
	json_object_set_new(o, "counts", counts);
	json_object_set_new(o, "verdict", json_integer(verdict));
	json_object_set_new(o, "verdict_text", json_string(xs_p2m_verdict_text(verdict)));
	for (size_t i = 0; i < a->nr;) {
		size_t j = run_end(a, i);

		json_array_append_new(list, finding_json(&a->v[i], a->v[j - 1].pfn));
		i = j;
	}
	json_object_set_new(o, "findings", list);
	return o;
}
