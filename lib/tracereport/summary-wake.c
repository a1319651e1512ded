// SPDX-License-Identifier: MIT
/*
 * The VM exits whose close depends on another CPU, in TSC order.
 *
 * A summary reads in file order, a window of one CPU at a time.  An exit's
 * own CPU closes it in order (a VM entry, the vCPU preempted), but a vCPU
 * that blocks with an exit open is woken by another CPU, and xenalyze
 * closes the exit there (the wake ends the time the exit cost); records
 * lost on any CPU drop every exit left open by a vCPU not running then.
 * Taken as they come in file order, those depend on where xentrace cut
 * its windows.  So a blocking vCPU parks its exit here, wakes and losses
 * are noted with their TSCs, and all three are taken in TSC order once
 * every CPU's stream has passed them (the watermark: the least TSC read
 * on any CPU so far), the rest at the end.  Which CPUs there are is known
 * once one comes back after another (xentrace writes them in turn), as
 * xenalyze learns it from the first write.  What waits is what happened
 * within the skew of the windows, not the whole trace; a CPU whose stream
 * stops early holds the watermark until the end, and at most WAKE_MAX
 * events wait (the earliest is taken then, to keep memory bounded).
 */
#include <errno.h>
#include <stdlib.h>

#include "summary-int.h"

#define WAKE_MAX 65536

/* Whether @a comes before @b: by TSC, then as noted. */
static bool before(const struct wake_ev *a, const struct wake_ev *b)
{
	return a->tsc != b->tsc ? a->tsc < b->tsc : a->seq < b->seq;
}

static struct wake_ev pop(struct wake_q *q)
{
	struct wake_ev top = q->h[0], last = q->h[--q->nr];
	size_t i = 0;

	for (;;) {
		size_t c = 2 * i + 1;

		if (c >= q->nr)
			break;
		if (c + 1 < q->nr && before(&q->h[c + 1], &q->h[c]))
			c++;
		if (!before(&q->h[c], &last))
			break;
		q->h[i] = q->h[c];
		i = c;
	}
	if (q->nr)
		q->h[i] = last;
	return top;
}

static int take(struct xs_trace_summary *s, const struct wake_ev *e)
{
	struct slot *p;

	switch (e->type) {
	case WAKE_PARK:
		if (!(p = xs_trace_map_get(&s->parked, e->vkey)))
			return xs_error(-ENOMEM, "out of memory");
		p->n = e->reason + 1ULL;
		p->cycles = e->exit_tsc;
		return 0;
	case WAKE_WAKE:
		if (!(p = xs_trace_map_get(&s->parked, e->vkey)))
			return xs_error(-ENOMEM, "out of memory");
		return p->n ? xs_trace_summary_close(s->dom[e->vkey >> 16], p, e->tsc) : 0;
	case WAKE_LOST:
		/* The parked vCPUs are the ones not running with an exit open. */
		for (size_t i = 0; i < s->parked.alloc; i++)
			s->parked.s[i].n = 0;
		return 0;
	}
	return 0;
}

static int push(struct xs_trace_summary *s, struct wake_ev e)
{
	struct wake_q *q = &s->wq;
	size_t i;

	if (q->nr == q->alloc) {
		size_t n = q->alloc ? 2 * q->alloc : 64;
		struct wake_ev *v = realloc(q->h, n * sizeof(*v));

		if (!v)
			return xs_error(-ENOMEM, "out of memory");
		q->h = v;
		q->alloc = n;
	}
	if (q->nr >= WAKE_MAX) {
		struct wake_ev first = pop(q);
		int ret = take(s, &first);

		if (ret)
			return ret;
	}
	e.seq = q->seq++;
	for (i = q->nr++; i && before(&e, &q->h[(i - 1) / 2]); i = (i - 1) / 2)
		q->h[i] = q->h[(i - 1) / 2];
	q->h[i] = e;
	return 0;
}

/* Everything noted up to @upto taken in TSC order. */
static int take_upto(struct xs_trace_summary *s, uint64_t upto)
{
	while (s->wq.nr && s->wq.h[0].tsc <= upto) {
		struct wake_ev e = pop(&s->wq);
		int ret = take(s, &e);

		if (ret)
			return ret;
	}
	return 0;
}

int xs_trace_summary_wake_note(struct xs_trace_summary *s, enum wake_type type, uint64_t tsc,
			       uint32_t vkey, const struct slot *exit)
{
	struct wake_ev e = { .tsc = tsc, .type = (uint8_t)type, .vkey = vkey };

	if (exit) {
		e.reason = (uint32_t)(exit->n - 1);
		e.exit_tsc = exit->cycles;
	}
	return push(s, e);
}

int xs_trace_summary_cpu_at(struct xs_trace_summary *s, uint32_t cpu, uint64_t tsc)
{
	uint64_t mark = UINT64_MAX;

	if (cpu >= s->nr_front) {
		size_t n = s->nr_front ? s->nr_front : 8;
		uint64_t *v;

		while (n <= cpu)
			n *= 2;
		if (!(v = realloc(s->front, n * sizeof(*v))))
			return xs_error(-ENOMEM, "out of memory");
		for (size_t i = s->nr_front; i < n; i++)
			v[i] = 0; /* not seen: TSC + 1 once seen */
		s->front = v;
		s->nr_front = n;
	}
	if (cpu != s->last_cpu && s->front[cpu])
		s->all_cpus = true; /* one came back: all have been seen */
	s->last_cpu = cpu;
	if (tsc + 1 > s->front[cpu])
		s->front[cpu] = tsc + 1;
	if (!s->wq.nr || !s->all_cpus)
		return 0;
	for (size_t i = 0; i < s->nr_front; i++)
		if (s->front[i] && s->front[i] - 1 < mark)
			mark = s->front[i] - 1;
	return take_upto(s, mark);
}

int xs_trace_summary_wake_end(struct xs_trace_summary *s)
{
	return take_upto(s, UINT64_MAX);
}

void xs_trace_summary_wake_free(struct xs_trace_summary *s)
{
	free(s->wq.h);
	free(s->front);
	xs_trace_map_free(&s->parked);
}
