// SPDX-License-Identifier: MIT
/*
 * --summary of a whole trace (nothing filtered, no times): one loop over
 * the records where they lie in the input, in file order.  A record's
 * header word is looked up in the summary's table of kinds (summary-int.h)
 * and counted for the domain running on its CPU, a VM exit opened or a VM
 * entry closing it on the way; nothing is decoded or copied.  Records of a
 * header not seen yet, those that change what runs on a CPU and those a
 * summary needs the words of go one by one through xs_trace_run_one(), as they
 * would without this loop, and so does what the reader keeps to itself
 * (window starts, the last bytes of a window, damage).
 */
#include <errno.h>
#include <string.h>

#include "summary-int.h"

static inline uint32_t get32(const unsigned char *p)
{
	uint32_t v;

	memcpy(&v, p, sizeof(v));
	return v;
}

static inline uint64_t get64(const unsigned char *p)
{
	uint64_t v;

	memcpy(&v, p, sizeof(v));
	return v;
}

/* The records of @sp that need no decoding, up to the first that does. */
static int span(struct xs_trace_run *u, const struct xs_trace_span *sp)
{
	struct xs_trace_summary *s = u->sum;
	const struct hent *tab = s->htab;
	size_t mask = s->alloc_h - 1; /* kept: the counts' stores may alias it */
	const unsigned char *p = sp->p, *lim = sp->limit;
	uint64_t last = sp->last_tsc, hi = u->last_tsc, n = 0;
	uint64_t lo = u->clk.started ? u->clk.first : UINT64_MAX;
	bool sniff = xs_trace_ctx_vendor(u->ctx) == XS_VENDOR_UNKNOWN;
	struct slot *open = NULL; /* the vCPU's exit, once one is met */
	uint16_t dom, vcpu;
	struct dom *d;

	xs_trace_ctx_running(u->ctx, sp->cpu, &dom, &vcpu);
	if (!(d = xs_trace_summary_dom(s, dom)))
		return -ENOMEM;
	while (p < lim) {
		uint32_t h = get32(p);
		const struct hent *e = &tab[hent_at(h, mask)];
		uint64_t t;

		if (!e->used || e->h != h || e->how == HOW_GENERIC)
			break;
		t = h >> 31 ? get64(p + 4) : last;
		last = t;
		lo = t < lo ? t : lo;
		hi = t > hi ? t : hi;
		if (xs_trace_summary_count(d, e->kind))
			return -ENOMEM;
		if (e->how != HOW_PLAIN && dom != XS_TRACE_DOM_NONE) {
			if (!open &&
			    !(open = xs_trace_map_get(&s->open_exits, xs_trace_summary_exit_key(
									      sp->cpu, dom, vcpu))))
				return xs_error(-ENOMEM, "out of memory");
			if (e->how == HOW_VMEXIT) {
				uint32_t reason = get32(p + 4 + (h >> 31) * 8);

				open->n = (uint64_t)reason + 1;
				open->cycles = t;
				if (sniff) {
					xs_trace_ctx_note_vmexit_reason(u->ctx, reason & 0xffff);
					sniff = xs_trace_ctx_vendor(u->ctx) == XS_VENDOR_UNKNOWN;
				}
			} else if (xs_trace_summary_close(d, open, t)) {
				return -ENOMEM;
			}
		}
		p += xs_trace_rec_size(h);
		n++;
	}
	if (n) {
		d->seen = true;
		u->clk.started = true;
		u->clk.first = lo;
		u->last_tsc = hi;
	}
	xs_trace_reader_span_done(u->r, sp, p, n, last);
	return n ? xs_trace_summary_cpu_at(s, sp->cpu, last) : 0;
}

int xs_trace_summary_fast(struct xs_trace_run *u)
{
	struct xs_trace_span sp;
	struct xs_trace_rec rec;
	int ret;

	for (;;) {
		/* A run in place, then the record it stopped at (or the reader's
		 * next one) taken the slow way. */
		if (xs_trace_reader_span(u->r, &sp) && (ret = span(u, &sp)))
			return ret;
		ret = xs_trace_reader_next(u->r, &rec);
		if (ret <= 0)
			return ret;
		ret = xs_trace_run_one(u, &rec);
		if (ret)
			return ret < 0 ? ret : -EIO;
	}
}
