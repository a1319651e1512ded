// SPDX-License-Identifier: MIT
/*
 * --summary: per domain and class, counts and rates; per domain, every
 * event by name, VMEXIT reasons with the time spent until the next VM
 * entry on the same CPU, shadow fault types; xenscope reference gets and
 * puts balanced per page; lost records with where; unknown events.
 * Memory grows with the number of domains, events and pages seen, not with
 * the length of the trace.
 */
#include <errno.h>
#include <inttypes.h>
#include <stdlib.h>
#include <string.h>

#include "xs-trace.h"

/* Open-addressing map from a 64-bit key to a small record. */
struct slot {
	uint64_t key;
	bool used;
	uint64_t n, cycles;
	int64_t a, b; /* pages: general and type balance */
	uint32_t aux; /* pages: owner; events: class */
	char *name;   /* events: first name seen */
};

struct map {
	struct slot *s;
	size_t nr, alloc; /* alloc: power of two */
};

static uint64_t map_hash(const struct map *m, uint64_t key)
{
	return (key * 0x9e3779b97f4a7c15ULL) >> 40 & (m->alloc - 1);
}

/* The slot of @key, made if new; NULL: out of memory. */
static struct slot *map_add(struct map *m, uint64_t key)
{
	size_t i;

	if (2 * (m->nr + 1) > m->alloc) {
		struct map n = { calloc(m->alloc ? 2 * m->alloc : 64, sizeof(struct slot)), 0,
				 m->alloc ? 2 * m->alloc : 64 };

		if (!n.s)
			return NULL;
		for (size_t j = 0; j < m->alloc; j++)
			if (m->s[j].used)
				*map_add(&n, m->s[j].key) = m->s[j];
		free(m->s);
		*m = n;
	}
	for (i = map_hash(m, key); m->s[i].used; i = (i + 1) & (m->alloc - 1))
		if (m->s[i].key == key)
			return &m->s[i];
	m->s[i] = (struct slot){ .key = key, .used = true };
	m->nr++;
	return &m->s[i];
}

/* The same, found in line when it is there already (almost always). */
static inline struct slot *map_get(struct map *m, uint64_t key)
{
	if (m->alloc) {
		struct slot *s = &m->s[map_hash(m, key)];

		if (s->used && s->key == key)
			return s;
	}
	return map_add(m, key);
}

static void map_free(struct map *m)
{
	for (size_t i = 0; i < m->alloc; i++)
		free(m->s[i].name);
	free(m->s);
}

struct dom {
	uint64_t total, cls[XS_TC_MAX];
	struct map events, exits;
};

struct summary {
	struct dom *dom[0x10000];
	struct map pages, unknown;
	/* Per vCPU (dom << 16 | vcpu): its open VM exit, key n: reason + 1. */
	struct map open_exits;
	uint64_t lost, lost_reports, ref_records;
	/* The first lost-record reports, printed with the final clock (in file
	 * order, the first TSC is known only at the end). */
	struct xs_trace_rec lost_recs[32];
	size_t nr_lost_recs;
};

int summary_new(struct summary **out)
{
	*out = calloc(1, sizeof(**out));
	return *out ? 0 : xs_error(-ENOMEM, "out of memory");
}

void summary_free(struct summary *s)
{
	if (!s)
		return;
	for (size_t i = 0; i < XS_ARRAY_SIZE(s->dom); i++) {
		if (!s->dom[i])
			continue;
		map_free(&s->dom[i]->events);
		map_free(&s->dom[i]->exits);
		free(s->dom[i]);
	}
	map_free(&s->pages);
	map_free(&s->unknown);
	map_free(&s->open_exits);
	free(s);
}

/*
 * A VM exit counts, with its time, when it is closed, as xenalyze counts
 * it: by the vCPU's next VM entry, or by the vCPU becoming runnable (its
 * time is contention then, not the exit's).  One still open at the end of
 * the trace is not counted, nor one whose close comes before it (another
 * CPU's clock), nor one open when its CPU lost records.
 */
static int close_exit(struct summary *s, uint32_t vcpu_key, uint64_t tsc)
{
	struct slot *o = map_get(&s->open_exits, vcpu_key), *x;

	if (!o)
		return xs_error(-ENOMEM, "out of memory");
	if (!o->n)
		return 0;
	if (tsc < o->cycles) {
		/* Closed before it opened (TSCs of two CPUs): xenalyze drops it. */
		o->n = 0;
		return 0;
	}
	x = map_get(&s->dom[vcpu_key >> 16]->exits, o->n - 1);
	if (!x)
		return xs_error(-ENOMEM, "out of memory");
	x->n++;
	x->cycles += tsc > o->cycles ? tsc - o->cycles : 0;
	o->n = 0;
	return 0;
}

static int add_exit_time(struct summary *s, const struct xs_trace_event *ev)
{
	const struct xs_trace_rec *r = ev->rec;
	uint32_t key = (uint32_t)ev->dom << 16 | ev->vcpu;
	struct slot *o;

	if ((r->event & ~0x330U) == 0x00021001U && r->nr >= 1 && ((r->event >> 4) & 3) == 1) {
		/* runstate change to runnable: struct { vcpu:16, domain:16 } */
		key = r->data[0];
		if (!s->dom[key >> 16])
			return 0;
		return close_exit(s, key, r->tsc);
	}
	if (ev->dom == XS_TRACE_DOM_NONE)
		return 0;
	if (r->event == 0x0001f001U) {
		/* Records lost on this CPU: its vCPU's open exit may have been
		 * closed among them, so it is not counted (as xenalyze does). */
		o = map_get(&s->open_exits, key);
		if (!o)
			return xs_error(-ENOMEM, "out of memory");
		o->n = 0;
		return 0;
	}
	if (ev->is_vmexit) {
		o = map_get(&s->open_exits, key);
		if (!o)
			return xs_error(-ENOMEM, "out of memory");
		o->n = (uint64_t)ev->exit_reason + 1;
		o->cycles = r->tsc;
		return 0;
	}
	if ((r->event & ~0x400U) == 0x00081001U) /* VMENTRY */
		return close_exit(s, key, r->tsc);
	return 0;
}

static int add_ref(struct summary *s, const struct xs_trace_event *ev)
{
	const struct xs_trace_rec *r = ev->rec;
	uint32_t e = r->event;
	struct slot *p;

	if (e != XENSCOPE_TRC_GET && e != XENSCOPE_TRC_PUT && e != XENSCOPE_TRC_TYPE_GET &&
	    e != XENSCOPE_TRC_TYPE_PUT)
		return 0;
	p = map_get(&s->pages, xs_trace_u64(&r->data[0]));
	if (!p)
		return xs_error(-ENOMEM, "out of memory");
	s->ref_records++;
	p->aux = r->data[6];
	if (e == XENSCOPE_TRC_GET || e == XENSCOPE_TRC_PUT)
		p->a += e == XENSCOPE_TRC_GET ? 1 : -1;
	else
		p->b += e == XENSCOPE_TRC_TYPE_GET ? 1 : -1;
	return 0;
}

int summary_add(struct summary *s, const struct xs_trace_event *ev, double t)
{
	struct dom *d = NULL;
	struct slot *e;

	if (ev->rec->event == 0x0001f001 && ev->rec->nr >= 1) {
		s->lost += ev->rec->data[0];
		s->lost_reports++;
		if (s->nr_lost_recs < XS_ARRAY_SIZE(s->lost_recs))
			s->lost_recs[s->nr_lost_recs++] = *ev->rec;
	}
	if (!ev->known) {
		e = map_get(&s->unknown, ev->rec->event);
		if (!e)
			return xs_error(-ENOMEM, "out of memory");
		e->n++;
	}
	if (ev->dom != XS_TRACE_DOM_NONE) {
		d = s->dom[ev->dom];
		if (!d && !(d = s->dom[ev->dom] = calloc(1, sizeof(*d))))
			return xs_error(-ENOMEM, "out of memory");
		d->total++;
		d->cls[ev->cls]++;
		/* One key per name: runstate changes differ only by their states. */
		e = map_get(&d->events, (ev->rec->event & ~0x330U) == 0x00021001U ? 0x00021001U
										  : ev->rec->event);
		if (!e)
			return xs_error(-ENOMEM, "out of memory");
		if (!e->n++) {
			e->aux = ev->cls;
			e->name = strdup(ev->name);
		}
	}
	if (add_exit_time(s, ev))
		return -ENOMEM;
	return ev->cls == XS_TC_XENSCOPE ? add_ref(s, ev) : 0;
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

static void print_dom_text(FILE *out, unsigned int id, const struct dom *d, double secs,
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

static void print_pages_text(FILE *out, struct summary *s)
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

void summary_print(FILE *out, struct summary *s, const struct xs_trace_read_stats *st,
		   enum xs_trace_vendor v, const struct clock *clk, double secs, bool json)
{
	struct slot **u;

	if (json) {
		fprintf(out,
			"{\"bytes\":%" PRIu64 ",\"records\":%" PRIu64 ",\"seconds\":%.9f,"
			"\"cpus\":%u,\"lost\":%" PRIu64 ",\"domains\":[",
			st->bytes, st->records, secs, st->nr_cpus, s->lost);
		for (size_t i = 0, n = 0; i < XS_ARRAY_SIZE(s->dom); i++) {
			const struct dom *d = s->dom[i];

			if (!d)
				continue;
			fprintf(out, "%s{\"dom\":%zu,\"events\":%" PRIu64 ",\"classes\":{",
				n++ ? "," : "", i, d->total);
			for (int c = 0, m = 0; c < XS_TC_MAX; c++)
				if (d->cls[c])
					fprintf(out, "%s\"%s\":%" PRIu64, m++ ? "," : "",
						xs_trace_class_name(c), d->cls[c]);
			fputs("},\"by_event\":{", out);
			for (size_t j = 0, m = 0; j < d->events.alloc; j++)
				if (d->events.s[j].used)
					fprintf(out, "%s\"%s %s\":%" PRIu64, m++ ? "," : "",
						xs_trace_class_name(d->events.s[j].aux),
						d->events.s[j].name, d->events.s[j].n);
			fputs("}}", out);
		}
		fprintf(out, "],\"reference_pages\":%zu}\n", s->pages.nr);
		return;
	}
	fprintf(out, "trace: %" PRIu64 " bytes, %" PRIu64 " records, %.6f s, %u CPUs, vendor %s\n",
		st->bytes, st->records, secs, st->nr_cpus,
		v == XS_VENDOR_AMD     ? "AMD (SVM)"
		: v == XS_VENDOR_INTEL ? "Intel (VMX)"
				       : "unknown");
	for (size_t i = 0; i < XS_ARRAY_SIZE(s->dom); i++)
		if (s->dom[i])
			print_dom_text(out, (unsigned int)i, s->dom[i], secs, v, clk->hz);
	print_pages_text(out, s);
	fprintf(out, "lost: %" PRIu64 " records in %" PRIu64 " reports\n", s->lost,
		s->lost_reports);
	for (size_t i = 0; i < s->nr_lost_recs; i++) {
		struct xs_trace_event ev = { .rec = &s->lost_recs[i] };

		fputs("  ", out);
		print_lost(out, &ev, clock_sec(clk, s->lost_recs[i].tsc), false);
	}
	u = sorted(&s->unknown);
	fprintf(out, "unknown: %zu event ids\n", s->unknown.nr);
	for (size_t i = 0; u && i < s->unknown.nr; i++)
		fprintf(out, "  %#" PRIx64 " %" PRIu64 "\n", u[i]->key, u[i]->n);
	free(u);
	if (st->garbage || st->cut || st->reordered)
		fprintf(out,
			"damage: %" PRIu64 " bytes skipped outside windows, %" PRIu64
			" bytes of cut records, %" PRIu64 " records out of order\n",
			st->garbage, st->cut, st->reordered);
}
