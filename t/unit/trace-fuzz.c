// SPDX-License-Identifier: MIT
/*
 * Fuzz target of the trace reader and decoders: any bytes must decode or
 * be reported, never crash, hang or leak (run under SANITIZE=1), and read
 * in place (spans) give the records and counts they give one by one.
 *
 *   trace-fuzz SEED.trc N     N mutations of SEED (bit flips, words of
 *                             0/~0/CPU change headers, cuts, splices),
 *                             deterministic
 *
 * Built with -fsanitize=fuzzer and -DXS_LIBFUZZER, LLVMFuzzerTestOneInput
 * is the libFuzzer entry point instead.
 */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "xenscope/trace/decode.h"
#include "xenscope/trace/stream.h"

#include "../helper/trace-span.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t len);

/* Through a pipe, as from xentrace: no seeking, short reads. */
static int run_bytes(const uint8_t *data, size_t len)
{
	struct xs_trace_reader *r;
	struct xs_trace_ctx *c;
	struct xs_trace_rec rec;
	struct xs_trace_event ev;
	FILE *f = tmpfile();
	int ret;

	if (!f || fwrite(data, 1, len, f) != len || fflush(f) || fseek(f, 0, SEEK_SET))
		return -EIO;
	if (xs_trace_reader_open(fileno(f), "fuzz", &r)) {
		fclose(f);
		return -ENOMEM;
	}
	xs_trace_reader_set_quiet(r, true);
	if ((ret = span_check(fileno(f))) || lseek(fileno(f), 0, SEEK_SET) < 0) {
		if (ret > 0)
			fprintf(stderr, "trace-fuzz: spans and records differ on %zu bytes\n", len);
		xs_trace_reader_close(r);
		fclose(f);
		return ret > 0 ? -EPROTO : -ENOMEM;
	}
	if (xs_trace_ctx_new(&c)) {
		xs_trace_reader_close(r);
		fclose(f);
		return -ENOMEM;
	}
	while ((ret = xs_trace_reader_next(r, &rec)) > 0) {
		xs_trace_decode(c, &rec, &ev);
		for (unsigned int i = 0; i < ev.nr_fields; i++)
			if (!ev.f[i].name || (ev.f[i].fmt == XS_TF_STR && !ev.f[i].s))
				abort();
	}
	xs_trace_ctx_free(c);
	xs_trace_reader_close(r);
	fclose(f);
	return ret;
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t len)
{
	run_bytes(data, len);
	return 0;
}

#ifndef XS_LIBFUZZER
static uint32_t rnd(uint64_t *s)
{
	*s = *s * 6364136223846793005ULL + 1442695040888963407ULL;
	return (uint32_t)(*s >> 33);
}

static void mutate(uint8_t *b, size_t *len, uint64_t *s)
{
	static const uint32_t words[] = { 0,	       0xffffffffU, 0x2001f003U, 0xf001f003U,
					  0x8001f001U, 0x70081102U, 0x5040f206U };
	size_t n = 1 + rnd(s) % 4;

	while (n-- && *len) {
		size_t at = rnd(s) % *len;

		switch (rnd(s) % 4) {
		case 0:
			b[at] ^= (uint8_t)(1U << (rnd(s) % 8));
			break;
		case 1:
			if (at + 4 <= *len) {
				uint32_t w = words[rnd(s) % XS_ARRAY_SIZE(words)];

				memcpy(b + at, &w, 4);
			}
			break;
		case 2:
			*len = at; /* cut */
			break;
		default:
			/* splice: copy a run from elsewhere over this place */
			if (*len > 16) {
				size_t from = rnd(s) % (*len - 8), k = 1 + rnd(s) % 8;

				if (at + k <= *len)
					memmove(b + at, b + from, k);
			}
		}
	}
}

int main(int argc, char **argv)
{
	uint8_t *seed, *b;
	size_t len = 0, alloc = 1 << 16, n;
	uint64_t s = 0x58534350;
	FILE *f;
	long iters;

	xs_set_prog("trace-fuzz");
	if (argc != 3 || !(f = fopen(argv[1], "rb")))
		return fprintf(stderr, "usage: trace-fuzz SEED.trc ITERATIONS\n"), 2;
	seed = malloc(alloc);
	b = malloc(alloc);
	if (!seed || !b)
		return 2;
	len = fread(seed, 1, alloc, f);
	fclose(f);
	iters = atol(argv[2]);
	for (long i = 0; i < iters; i++) {
		n = len;
		memcpy(b, seed, len);
		mutate(b, &n, &s);
		int err = run_bytes(b, n);

		if (err == -ENOMEM || err == -EPROTO)
			return 1;
	}
	printf("%ld mutations of %zu bytes decoded or reported\n", iters, len);
	free(seed);
	free(b);
	return 0;
}
#endif
