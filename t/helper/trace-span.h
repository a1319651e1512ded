/* SPDX-License-Identifier: MIT */
/*
 * For the trace reader's tests and fuzz harness: the records of a trace
 * read in place (xs_trace_reader_span(), stopping now and then before a
 * span's end) against the same trace read one record at a time, both in
 * file order.  Every record (CPU, event, TSC, file offset, words) and the
 * reader's counts must come out the same.  Header only: included by
 * t/unit/trace-fuzz.c and t/fuzz/trace.c.
 */
#ifndef XS_TEST_TRACE_SPAN_H
#define XS_TEST_TRACE_SPAN_H

#include <errno.h>
#include <string.h>
#include <unistd.h>

#include "xenscope/trace/stream.h"

struct span_sum {
	uint64_t hash, n;
	struct xs_trace_read_stats st;
};

static inline uint64_t span_mix(uint64_t h, uint64_t v)
{
	return (h ^ v) * 0x100000001b3ULL + 0x9e3779b97f4a7c15ULL;
}

static inline uint64_t span_rec(uint64_t h, uint32_t cpu, uint32_t event, uint64_t tsc,
				uint64_t seq, uint32_t nr, const unsigned char *data)
{
	h = span_mix(span_mix(span_mix(span_mix(h, cpu), event), tsc), seq);
	for (uint32_t i = 0; i < nr; i++) {
		uint32_t w;

		memcpy(&w, data + 4 * i, 4);
		h = span_mix(h, w);
	}
	return span_mix(h, nr);
}

/* One pass over @fd from its start (a pipe: from where it is): spans or not. */
static inline int span_read(int fd, bool spans, struct span_sum *s)
{
	struct xs_trace_reader *r;
	struct xs_trace_span sp;
	struct xs_trace_rec rec;
	int ret;

	memset(s, 0, sizeof(*s));
	if (lseek(fd, 0, SEEK_SET) < 0 && errno != ESPIPE)
		return -errno;
	if (xs_trace_reader_open(fd, "span", &r))
		return -ENOMEM;
	xs_trace_reader_set_quiet(r, true);
	xs_trace_reader_set_unordered(r, true);
	for (;;) {
		while (spans && xs_trace_reader_span(r, &sp)) {
			const unsigned char *p = sp.p;
			uint64_t last = sp.last_tsc, k = 0;
			uint32_t h;

			/* Stop after 5 records, now and then, to leave a span midway. */
			for (; p < sp.limit && (k < 5 || s->n % 3);
			     p += xs_trace_rec_size(h), k++) {
				memcpy(&h, p, 4);
				if (h >> 31)
					memcpy(&last, p + 4, 8);
				s->hash = span_rec(s->hash, sp.cpu, h & 0x0fffffffU, last,
						   sp.off + (uint64_t)(p - sp.p), (h >> 28) & 7,
						   p + 4 + (h >> 31) * 8);
				s->n++;
			}
			xs_trace_reader_span_done(r, &sp, p, k, last);
			if (!k)
				break;
		}
		ret = xs_trace_reader_next(r, &rec);
		if (ret <= 0)
			break;
		s->hash = span_rec(s->hash, rec.cpu, rec.event, rec.tsc, rec.seq, rec.nr,
				   (const unsigned char *)rec.data);
		s->n++;
	}
	s->st = *xs_trace_reader_stats(r);
	xs_trace_reader_close(r);
	return ret;
}

/* 0: both passes alike; 1: they differ; negative errno. */
static inline int span_check(int fd)
{
	struct span_sum a, b;
	int ra = span_read(fd, false, &a), rb = span_read(fd, true, &b);

	if (ra == -ENOMEM || rb == -ENOMEM)
		return -ENOMEM;
	return ra != rb || a.hash != b.hash || a.n != b.n || a.st.records != b.st.records ||
	       a.st.bytes != b.st.bytes || a.st.windows != b.st.windows ||
	       a.st.garbage != b.st.garbage || a.st.cut != b.st.cut || a.st.records != a.n;
}

#endif
