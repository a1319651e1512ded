// SPDX-License-Identifier: MIT
/*
 * The CPU vendor of a trace read ahead from its VMEXIT reasons
 * (xs_trace_sniff()): in file order and in place, records looked at by
 * their header word alone until a reason decides.
 */
#include <string.h>

#include "xenscope/trace/decode.h"
#include "xenscope/trace/stream.h"

/* A VM exit (64-bit, nested) with its reason: header word @h. */
static inline bool is_vmexit(uint32_t h)
{
	return ((h & 0x0fffffffU) & ~0x500U) == 0x00081002U && ((h >> 28) & 7) >= 1;
}

int xs_trace_sniff(struct xs_trace_reader *r, struct xs_trace_ctx *c, uint64_t max_records)
{
	struct xs_trace_span sp;
	struct xs_trace_rec rec;
	uint64_t n = 0;
	int ret;

	xs_trace_reader_set_unordered(r, true);
	while (n < max_records && xs_trace_ctx_vendor(c) == XS_VENDOR_UNKNOWN) {
		if (xs_trace_reader_span(r, &sp)) {
			const unsigned char *p = sp.p;
			uint64_t k = 0, last = sp.last_tsc;
			uint32_t h, reason;

			for (; p < sp.limit && n + k < max_records;
			     p += xs_trace_rec_size(h), k++) {
				memcpy(&h, p, 4);
				if (h >> 31)
					memcpy(&last, p + 4, 8);
				if (!is_vmexit(h))
					continue;
				memcpy(&reason, p + 4 + (h >> 31) * 8, 4);
				xs_trace_ctx_note_vmexit_reason(c, reason & 0xffff);
				if (xs_trace_ctx_vendor(c) != XS_VENDOR_UNKNOWN) {
					p += xs_trace_rec_size(h);
					k++;
					break;
				}
			}
			xs_trace_reader_span_done(r, &sp, p, k, last);
			n += k;
			continue;
		}
		ret = xs_trace_reader_next(r, &rec);
		if (ret <= 0)
			return ret;
		xs_trace_ctx_sniff(c, &rec);
		n++;
	}
	return 0;
}
