// SPDX-License-Identifier: MIT
/* Walking xentrace files: record framing, CPU windows, lost records. */
#include <errno.h>
#include <string.h>

#include "xenscope/trace/trace.h"

static uint32_t get32(const unsigned char *p)
{
	uint32_t v;

	memcpy(&v, p, sizeof(v));
	return v; /* traces are written by the host that captured them: x86 */
}

int xs_trace_walk(const void *buf, size_t len, xs_trace_fn fn, void *arg)
{
	const unsigned char *p = buf;
	struct xs_trace_rec r = { 0 };
	uint32_t cpu = 0;
	size_t off = 0;

	while (off < len) {
		uint32_t h, nr;
		size_t size;
		int ret;

		if (len - off < 4)
			return xs_error(-EINVAL, "trace: truncated record header at offset %zu",
					off);
		h = get32(p + off);
		nr = (h >> 28) & 7;
		size = 4 + (h >> 31 ? 8 : 0) + 4 * (size_t)nr;
		if (len - off < size)
			return xs_error(-EINVAL, "trace: truncated record at offset %zu", off);
		memset(&r, 0, sizeof(r));
		r.event = h & 0x0fffffffU;
		r.has_tsc = h >> 31;
		if (r.has_tsc)
			r.tsc = (uint64_t)get32(p + off + 4) | (uint64_t)get32(p + off + 8) << 32;
		r.nr = nr;
		for (uint32_t i = 0; i < nr; i++)
			r.data[i] = get32(p + off + size - 4 * (size_t)(nr - i));
		r.seq = off;
		off += size;
		if (r.event == XS_TRC_CPU_CHANGE) {
			if (nr < 1)
				return xs_error(-EINVAL,
						"trace: bad CPU change record at offset %zu",
						r.seq);
			cpu = r.data[0];
			continue;
		}
		r.cpu = cpu;
		ret = fn(&r, arg);
		if (ret)
			return ret;
	}
	return 0;
}

static int count(const struct xs_trace_rec *r, void *arg)
{
	struct xs_trace_stats *s = arg;

	s->records++;
	if (xs_trace_event_name(r->event))
		s->ours++;
	if (r->event == XS_TRC_LOST_RECORDS && r->nr >= 1) {
		s->lost += r->data[0];
		s->lost_reports++;
	}
	return 0;
}

int xs_trace_stats(const void *buf, size_t len, struct xs_trace_stats *out)
{
	*out = (struct xs_trace_stats){ 0 };
	return xs_trace_walk(buf, len, count, out);
}
