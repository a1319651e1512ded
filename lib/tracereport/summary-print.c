// SPDX-License-Identifier: MIT
/*
 * --summary, the report: per domain and class, counts and rates; per
 * domain, every event by name, VMEXIT reasons with their time, shadow
 * fault types; xenscope reference gets and puts per page; lost records
 * with where; unknown events.  The counts by kind (summary.c) become the
 * per-event maps here, their keys inserted in the order they first came.
 */
#include <inttypes.h>
#include <stdlib.h>
#include <string.h>

#include "summary-int.h"

/* What the report shows of a domain. */
struct view {
	uint64_t total, cls[XS_TC_MAX];
	struct map events, exits;
};

static uint64_t kind_count(const struct dom *d, uint32_t k)
{
	struct slot *e;

	if (k < DENSE)
		return d->cnt[k];
	e = xs_trace_map_get((struct map *)&d->big, k); /* there: counted */
	return e ? e->n : 0;
}

static int view_of(const struct xs_trace_summary *s, struct dom *d, struct view *v)
{
	memset(v, 0, sizeof(*v));
	for (size_t i = 0; i < d->nr_order; i++) {
		const struct kind *k = &s->kinds[d->order[i]];
		uint64_t n = kind_count(d, d->order[i]);
		struct slot *e = xs_trace_map_get(&v->events, k->key);

		if (!e)
			return -1;
		if (!e->n) {
			e->aux = k->cls;
			e->name = strdup(k->name);
		}
		e->n += n;
		v->total += n;
		v->cls[k->cls] += n;
	}
	for (uint32_t r = 0; d->ex && r < EXITS_DENSE; r++) {
		struct slot *x = d->ex[r].n ? xs_trace_map_get(&v->exits, r) : NULL;

		if (x)
			*x = (struct slot){
				.key = r, .used = true, .n = d->ex[r].n, .cycles = d->ex[r].cycles
			};
	}
	for (size_t i = 0; i < d->exits.alloc; i++) {
		struct slot *x =
			d->exits.s[i].used ? xs_trace_map_get(&v->exits, d->exits.s[i].key) : NULL;

		if (x)
			*x = d->exits.s[i];
	}
	return 0;
}

static void view_free(struct view *v)
{
	xs_trace_map_free(&v->events);
	xs_trace_map_free(&v->exits);
}

static int cmp_slot(const void *a, const void *b)
{
	const struct slot *x = *(const struct slot *const *)a, *y = *(const struct slot *const *)b;

	if (x->n != y->n)
		return x->n < y->n ? 1 : -1;
	return x->key < y->key ? -1 : x->key > y->key;
}

/* The used slots of @m, most frequent first (caller frees). */
static struct slot **sorted(const struct map *m)
{
	struct slot **v = calloc(m->nr + 1, sizeof(*v));
	size_t n = 0;

	if (!v)
		return NULL;
	for (size_t i = 0; i < m->alloc; i++)
		if (m->s[i].used)
			v[n++] = &m->s[i];
	qsort(v, n, sizeof(*v), cmp_slot);
	return v;
}

static void print_dom_text(FILE *out, unsigned int id, const struct view *d, double secs,
			   enum xs_trace_vendor v, double hz)
{
	struct slot **ev = sorted(&d->events), **ex = sorted(&d->exits);

	fprintf(out, "domain %u%s: %" PRIu64 " events, %.1f/s\n", id, id == 32767 ? " (idle)" : "",
		d->total, secs > 0 ? d->total / secs : 0.0);
	for (int c = 0; c < XS_TC_MAX; c++)
		if (d->cls[c])
			fprintf(out, "  class %-8s %10" PRIu64 "  %.1f/s\n", xs_trace_class_name(c),
				d->cls[c], secs > 0 ? d->cls[c] / secs : 0.0);
	for (size_t i = 0; ev && i < d->events.nr; i++)
		fprintf(out, "  event %s %s %" PRIu64 "\n", xs_trace_class_name(ev[i]->aux),
			ev[i]->name ? ev[i]->name : "?", ev[i]->n);
	for (size_t i = 0; ex && i < d->exits.nr; i++) {
		const char *name = xs_trace_exit_name(v, (uint32_t)ex[i]->key);

		fprintf(out, "  vmexit %#" PRIx64 " %s %" PRIu64 " %.6f s\n", ex[i]->key,
			name ? name : "?", ex[i]->n, ex[i]->cycles / hz);
	}
	free(ev);
	free(ex);
}

static void print_pages_text(FILE *out, struct xs_trace_summary *s)
{
	struct slot **v;
	size_t unbalanced = 0, shown = 0;

	if (!s->pages.nr)
		return;
	v = sorted(&s->pages);
	for (size_t i = 0; v && i < s->pages.nr; i++)
		unbalanced += v[i]->a || v[i]->b;
	fprintf(out,
		"references: %" PRIu64 " get/put records on %zu pages; %zu pages with gets and "
		"puts not balanced in the trace\n",
		s->ref_records, s->pages.nr, unbalanced);
	for (size_t i = 0; v && i < s->pages.nr && shown < 20; i++) {
		if (!v[i]->a && !v[i]->b)
			continue;
		fprintf(out, "  mfn %#" PRIx64 " d%u gets-puts %+" PRId64 " type %+" PRId64 "\n",
			v[i]->key, v[i]->aux, v[i]->a, v[i]->b);
		shown++;
	}
	free(v);
}

/* Unknown event ids and their records, over every domain and none. */
static void unknown_ids(struct xs_trace_summary *s, struct map *u)
{
	for (size_t i = 0; i <= XS_ARRAY_SIZE(s->dom); i++) {
		struct dom *d = i < XS_ARRAY_SIZE(s->dom) ? s->dom[i] : &s->none;

		for (size_t j = 0; d && j < d->nr_order; j++) {
			const struct kind *k = &s->kinds[d->order[j]];
			struct slot *e = k->known ? NULL : xs_trace_map_get(u, k->event);

			if (e)
				e->n += kind_count(d, d->order[j]);
		}
	}
}

static void print_json(FILE *out, struct xs_trace_summary *s, const struct xs_trace_read_stats *st,
		       double secs)
{
	fprintf(out,
		"{\"bytes\":%" PRIu64 ",\"records\":%" PRIu64 ",\"seconds\":%.9f,"
		"\"cpus\":%u,\"lost\":%" PRIu64 ",\"domains\":[",
		st->bytes, st->records, secs, st->nr_cpus, s->lost);
	for (size_t i = 0, n = 0; i < XS_ARRAY_SIZE(s->dom); i++) {
		struct view d;

		if (!s->dom[i] || !s->dom[i]->seen || view_of(s, s->dom[i], &d))
			continue;
		fprintf(out, "%s{\"dom\":%zu,\"events\":%" PRIu64 ",\"classes\":{", n++ ? "," : "",
			i, d.total);
		for (int c = 0, m = 0; c < XS_TC_MAX; c++)
			if (d.cls[c])
				fprintf(out, "%s\"%s\":%" PRIu64, m++ ? "," : "",
					xs_trace_class_name(c), d.cls[c]);
		fputs("},\"by_event\":{", out);
		for (size_t j = 0, m = 0; j < d.events.alloc; j++)
			if (d.events.s[j].used)
				fprintf(out, "%s\"%s %s\":%" PRIu64, m++ ? "," : "",
					xs_trace_class_name(d.events.s[j].aux), d.events.s[j].name,
					d.events.s[j].n);
		fputs("}}", out);
		view_free(&d);
	}
	fprintf(out, "],\"reference_pages\":%zu}\n", s->pages.nr);
}

void xs_trace_summary_print(FILE *out, struct xs_trace_summary *s,
			    const struct xs_trace_read_stats *st, enum xs_trace_vendor v,
			    const struct xs_trace_clock *clk, double secs, bool json)
{
	struct map unknown = { 0 };
	struct slot **u;

	if (json) {
		print_json(out, s, st, secs);
		return;
	}
	fprintf(out, "trace: %" PRIu64 " bytes, %" PRIu64 " records, %.6f s, %u CPUs, vendor %s\n",
		st->bytes, st->records, secs, st->nr_cpus,
		v == XS_VENDOR_AMD     ? "AMD (SVM)"
		: v == XS_VENDOR_INTEL ? "Intel (VMX)"
				       : "unknown");
	for (size_t i = 0; i < XS_ARRAY_SIZE(s->dom); i++) {
		struct view d;

		if (!s->dom[i] || !s->dom[i]->seen || view_of(s, s->dom[i], &d))
			continue;
		print_dom_text(out, (unsigned int)i, &d, secs, v, clk->hz);
		view_free(&d);
	}
	print_pages_text(out, s);
	fprintf(out, "lost: %" PRIu64 " records in %" PRIu64 " reports\n", s->lost,
		s->lost_reports);
	for (size_t i = 0; i < s->nr_lost_recs; i++) {
		struct xs_trace_event ev = { .rec = &s->lost_recs[i] };

		fputs("  ", out);
		xs_trace_print_lost(out, &ev, xs_trace_clock_sec(clk, s->lost_recs[i].tsc), false);
	}
	unknown_ids(s, &unknown);
	u = sorted(&unknown);
	fprintf(out, "unknown: %zu event ids\n", unknown.nr);
	for (size_t i = 0; u && i < unknown.nr; i++)
		fprintf(out, "  %#" PRIx64 " %" PRIu64 "\n", u[i]->key, u[i]->n);
	free(u);
	xs_trace_map_free(&unknown);
	if (st->garbage || st->cut || st->reordered)
		fprintf(out,
			"damage: %" PRIu64 " bytes skipped outside windows, %" PRIu64
			" bytes of cut records, %" PRIu64 " records out of order\n",
			st->garbage, st->cut, st->reordered);
}
