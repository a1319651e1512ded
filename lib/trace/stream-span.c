// SPDX-License-Identifier: MIT
/*
 * Records read in place (xs_trace_reader_span()): in file order, a run of
 * one CPU's records as they lie in the input, for a caller that walks
 * them itself instead of taking a copy of each (xs_trace_reader_next()).
 * Window starts, the last records of a window or a buffer, and all damage
 * stay with the reader: the span ends where a record could be cut.
 */
#include "stream-int.h"

int xs_trace_reader_span(struct xs_trace_reader *r, struct xs_trace_span *s)
{
	size_t avail = r->len - r->pos;

	if (!r->unordered || r->queued || r->win_left < MAX_RECORD || avail < MAX_RECORD)
		return 0;
	if (avail > r->win_left)
		avail = (size_t)r->win_left;
	s->p = r->buf + r->pos;
	/* A record starting before limit has all of its at most 40 bytes. */
	s->limit = s->p + avail - (XS_TRACE_REC_MAX - 1);
	s->cpu = r->cpu;
	s->off = r->off + r->pos;
	s->last_tsc = r->q[r->cpu].last_tsc;
	return 1;
}

void xs_trace_reader_span_done(struct xs_trace_reader *r, const struct xs_trace_span *s,
			       const unsigned char *to, uint64_t records, uint64_t last_tsc)
{
	size_t n = (size_t)(to - s->p);

	r->pos += n;
	r->win_left -= n;
	r->q[s->cpu].last_tsc = last_tsc;
	r->st.records += records;
}
