// SPDX-License-Identifier: MIT
/*
 * --summary, the counting (summary-int.h): per domain and kind of record,
 * VM exits with the time until the next VM entry on the same CPU, xenscope
 * reference gets and puts balanced per page, lost records.  Memory grows
 * with the number of domains, kinds of record and pages seen, not with the
 * length of the trace.  The report: summary-print.c.
 */
#include <errno.h>
#include <stdlib.h>
#include <string.h>

#include "summary-int.h"

struct slot *xs_trace_map_add(struct map *m, uint64_t key)
{
	size_t i;

	if (2 * (m->nr + 1) > m->alloc) {
		struct map n = { calloc(m->alloc ? 2 * m->alloc : 64, sizeof(struct slot)), 0,
				 m->alloc ? 2 * m->alloc : 64 };

		if (!n.s)
			return NULL;
		for (size_t j = 0; j < m->alloc; j++)
			if (m->s[j].used)
				*xs_trace_map_add(&n, m->s[j].key) = m->s[j];
		free(m->s);
		*m = n;
	}
	for (i = xs_trace_map_hash(m, key); m->s[i].used; i = (i + 1) & (m->alloc - 1))
		if (m->s[i].key == key)
			return &m->s[i];
	m->s[i] = (struct slot){ .key = key, .used = true };
	m->nr++;
	return &m->s[i];
}

void xs_trace_map_free(struct map *m)
{
	for (size_t i = 0; i < m->alloc; i++)
		free(m->s[i].name);
	free(m->s);
}

int xs_trace_summary_new(struct xs_trace_summary **out)
{
	struct xs_trace_summary *s = calloc(1, sizeof(*s));

	*out = s;
	if (s && (s->htab = calloc(1024, sizeof(*s->htab))))
		s->alloc_h = 1024;
	return s && s->htab ? 0 : xs_error(-ENOMEM, "out of memory");
}

static void dom_free(struct dom *d)
{
	xs_trace_map_free(&d->big);
	xs_trace_map_free(&d->exits);
	free(d->order);
	free(d->ex);
}

void xs_trace_summary_free(struct xs_trace_summary *s)
{
	if (!s)
		return;
	for (size_t i = 0; i < XS_ARRAY_SIZE(s->dom); i++) {
		if (s->dom[i])
			dom_free(s->dom[i]);
		free(s->dom[i]);
	}
	dom_free(&s->none);
	for (size_t i = 0; i < s->nr_kinds; i++)
		free(s->kinds[i].name);
	free(s->kinds);
	free(s->htab);
	xs_trace_map_free(&s->pages);
	xs_trace_map_free(&s->open_exits);
	xs_trace_summary_wake_free(s);
	free(s);
}

struct dom *xs_trace_summary_dom(struct xs_trace_summary *s, uint16_t id)
{
	if (id == XS_TRACE_DOM_NONE)
		return &s->none;
	if (!s->dom[id] && !(s->dom[id] = calloc(1, sizeof(struct dom))))
		xs_error(-ENOMEM, "out of memory");
	return s->dom[id];
}

int xs_trace_summary_first(struct dom *d, uint32_t kind)
{
	if (d->nr_order == d->alloc_order) {
		size_t n = d->alloc_order ? 2 * d->alloc_order : 16;
		uint32_t *v = realloc(d->order, n * sizeof(*v));

		if (!v)
			return xs_error(-ENOMEM, "out of memory");
		d->order = v;
		d->alloc_order = n;
	}
	d->order[d->nr_order++] = kind;
	return 0;
}

int xs_trace_summary_exit(struct dom *d, uint32_t reason, uint64_t cycles)
{
	struct slot *x;

	if (reason < EXITS_DENSE) {
		if (!d->ex && !(d->ex = calloc(EXITS_DENSE, sizeof(*d->ex))))
			return xs_error(-ENOMEM, "out of memory");
		d->ex[reason].n++;
		d->ex[reason].cycles += cycles;
		return 0;
	}
	if (!(x = xs_trace_map_get(&d->exits, reason)))
		return xs_error(-ENOMEM, "out of memory");
	x->n++;
	x->cycles += cycles;
	return 0;
}

static enum how how_of(const struct kind *k, uint32_t h, size_t kind)
{
	uint32_t e = h & 0x0fffffffU;

	/* Runstate changes and continue_running move the running vCPU; the
	 * lost-records report and ours need their words. */
	if (kind >= DENSE || (e & ~0x330U) == 0x00021001U || e == 0x00021002U ||
	    e == XS_TRC_LOST_RECORDS || k->cls == XS_TC_XENSCOPE)
		return HOW_GENERIC;
	if ((e & ~0x500U) == 0x00081002U && ((h >> 28) & 7) >= 1)
		return HOW_VMEXIT;
	if ((e & ~0x400U) == 0x00081001U)
		return HOW_VMENTRY;
	return HOW_PLAIN;
}

/* The kind of header @h, made from @ev (a record with it) if new; -1: no memory. */
static long kind_of(struct xs_trace_summary *s, uint32_t h, const struct xs_trace_event *ev)
{
	size_t i = hent_at(h, s->alloc_h - 1);
	struct kind *k;

	for (; s->htab[i].used; i = (i + 1) & (s->alloc_h - 1))
		if (s->htab[i].h == h)
			return s->htab[i].kind;
	if (s->nr_kinds == 0xffff)
		return xs_error(-ENOMEM, "too many kinds of record"), -1;
	if (2 * (s->nr_h + 1) > s->alloc_h) {
		struct hent *old = s->htab, *n = calloc(2 * s->alloc_h, sizeof(*n));
		size_t alloc = s->alloc_h;

		if (!n)
			return xs_error(-ENOMEM, "out of memory"), -1;
		s->htab = n;
		s->alloc_h *= 2;
		for (size_t j = 0; j < alloc; j++) {
			size_t at = old[j].used ? hent_at(old[j].h, s->alloc_h - 1) : 0;

			while (old[j].used && n[at].used)
				at = (at + 1) & (s->alloc_h - 1);
			if (old[j].used)
				n[at] = old[j];
		}
		free(old);
		return kind_of(s, h, ev);
	}
	if (s->nr_kinds == s->alloc_kinds) {
		size_t n = s->alloc_kinds ? 2 * s->alloc_kinds : 64;
		struct kind *v = realloc(s->kinds, n * sizeof(*v));

		if (!v)
			return xs_error(-ENOMEM, "out of memory"), -1;
		s->kinds = v;
		s->alloc_kinds = n;
	}
	k = &s->kinds[s->nr_kinds];
	*k = (struct kind){ ev->rec->event,
			    (ev->rec->event & ~0x330U) == 0x00021001U ? 0x00021001U
								      : ev->rec->event,
			    (uint8_t)ev->cls, ev->known, strdup(ev->name) };
	if (!k->name)
		return xs_error(-ENOMEM, "out of memory"), -1;
	s->htab[i] =
		(struct hent){ h, (uint16_t)s->nr_kinds, (uint8_t)how_of(k, h, s->nr_kinds), true };
	s->nr_h++;
	return (long)s->nr_kinds++;
}

static int count_kind(struct dom *d, size_t kind)
{
	struct slot *e;

	if (kind < DENSE)
		return xs_trace_summary_count(d, (uint32_t)kind);
	if (!(e = xs_trace_map_get(&d->big, kind)))
		return xs_error(-ENOMEM, "out of memory");
	return e->n++ ? 0 : xs_trace_summary_first(d, (uint32_t)kind);
}

/*
 * A VM exit counts, with its time, when it is closed, as xenalyze counts
 * it: by the vCPU's next VM entry, or by the vCPU becoming runnable (its
 * time is contention then, not the exit's).  One still open at the end of
 * the trace is not counted, nor one whose close comes before it (another
 * CPU's clock), nor one open when its CPU lost records, nor one of a vCPU
 * blocked while any CPU lost records.  An exit is opened and closed on its
 * vCPU's CPU, in that CPU's order, except the one a vCPU blocks with: its
 * wake comes from another CPU, and summary-wake.c takes it in TSC order.
 */
static int add_exit_time(struct xs_trace_summary *s, const struct xs_trace_event *ev)
{
	const struct xs_trace_rec *r = ev->rec;
	uint64_t key = xs_trace_summary_exit_key(r->cpu, ev->dom, ev->vcpu);
	struct slot *o;

	if ((r->event & ~0x330U) == 0x00021001U && r->nr >= 1) {
		/* A runstate change: struct { vcpu:16, domain:16 }. */
		uint32_t from = (r->event >> 8) & 3, to = (r->event >> 4) & 3;
		uint32_t vkey = r->data[0];

		if (from == 0 && to != 0) {
			/* Off its CPU: preempted, the exit is closed; blocked or
			 * offline, it waits for the wake. */
			o = xs_trace_map_get(&s->open_exits, xs_trace_summary_exit_key(
								     r->cpu, (uint16_t)(vkey >> 16),
								     (uint16_t)vkey));
			if (!o)
				return xs_error(-ENOMEM, "out of memory");
			if (to == 1)
				return xs_trace_summary_close(s->dom[vkey >> 16], o, r->tsc);
			if (o->n && xs_trace_summary_wake_note(s, WAKE_PARK, r->tsc, vkey, o))
				return -ENOMEM;
			o->n = 0;
			return 0;
		}
		if (from != 0 && to == 1)
			return xs_trace_summary_wake_note(s, WAKE_WAKE, r->tsc, vkey, NULL);
		return 0;
	}
	if (r->event == 0x0001f001U) {
		/* Records lost on this CPU: its vCPU's open exit may have been
		 * closed among them, so it is not counted (as xenalyze does),
		 * nor those of the vCPUs blocked meanwhile. */
		if (ev->dom != XS_TRACE_DOM_NONE) {
			if (!(o = xs_trace_map_get(&s->open_exits, key)))
				return xs_error(-ENOMEM, "out of memory");
			o->n = 0;
		}
		return xs_trace_summary_wake_note(s, WAKE_LOST, r->tsc, 0, NULL);
	}
	if (ev->dom == XS_TRACE_DOM_NONE)
		return 0;
	if (ev->is_vmexit) {
		o = xs_trace_map_get(&s->open_exits, key);
		if (!o)
			return xs_error(-ENOMEM, "out of memory");
		o->n = (uint64_t)ev->exit_reason + 1;
		o->cycles = r->tsc;
		return 0;
	}
	if ((r->event & ~0x400U) == 0x00081001U) { /* VMENTRY */
		if (!(o = xs_trace_map_get(&s->open_exits, key)))
			return xs_error(-ENOMEM, "out of memory");
		return xs_trace_summary_close(s->dom[ev->dom], o, r->tsc);
	}
	return 0;
}

static int add_ref(struct xs_trace_summary *s, const struct xs_trace_event *ev)
{
	const struct xs_trace_rec *r = ev->rec;
	uint32_t e = r->event;
	struct slot *p;

	if (e != XENSCOPE_TRC_GET && e != XENSCOPE_TRC_PUT && e != XENSCOPE_TRC_TYPE_GET &&
	    e != XENSCOPE_TRC_TYPE_PUT)
		return 0;
	p = xs_trace_map_get(&s->pages, xs_trace_u64(&r->data[0]));
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

int xs_trace_summary_add(struct xs_trace_summary *s, const struct xs_trace_event *ev, double t)
{
	long kind = kind_of(s, xs_trace_summary_header(ev->rec), ev);
	struct dom *d = xs_trace_summary_dom(s, ev->dom);

	if (kind < 0 || !d || count_kind(d, (size_t)kind))
		return -ENOMEM;
	d->seen = true;
	if (ev->rec->event == 0x0001f001 && ev->rec->nr >= 1) {
		s->lost += ev->rec->data[0];
		s->lost_reports++;
		if (s->nr_lost_recs < XS_ARRAY_SIZE(s->lost_recs))
			s->lost_recs[s->nr_lost_recs++] = *ev->rec;
	}
	if (add_exit_time(s, ev) || xs_trace_summary_cpu_at(s, ev->rec->cpu, ev->rec->tsc))
		return -ENOMEM;
	return ev->cls == XS_TC_XENSCOPE ? add_ref(s, ev) : 0;
}
