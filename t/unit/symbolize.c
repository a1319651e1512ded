// SPDX-License-Identifier: MIT
/*
 * Driver for the symbolizer (lib/symbolize/), used by the t3NNN-symbolize
 * tests and bench/symbolize.sh:
 *
 *   symbolize ELF                   addresses (hex) on stdin, one per line;
 *                                   prints "ADDR func+off (file:line)"
 *   symbolize --build-id ELF HEX    check the build id; exit 0 if it matches
 *   symbolize --bench ELF N         resolve N addresses spread over the
 *                                   file's functions; prints the timings
 */
#include <errno.h>
#include <inttypes.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "xenscope/symbolize/symbolize.h"

static double now(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (double)ts.tv_sec + (double)ts.tv_nsec / 1e9;
}

static int resolve_stdin(const struct xs_syms *s)
{
	char line[128], out[XS_SYM_STRLEN];

	while (fgets(line, sizeof(line), stdin)) {
		uint64_t addr;

		if (xs_parse_u64(strtok(line, " \t\n"), &addr))
			continue;
		printf("0x%" PRIx64 " %s\n", addr, xs_syms_format(s, addr, out, sizeof(out)));
	}
	return 0;
}

static int check_build_id(const struct xs_syms *s, const char *hex)
{
	uint8_t id[64];
	size_t len = 0;

	while (hex[0] && hex[1] && len < sizeof(id)) {
		char byte[3] = { hex[0], hex[1], 0 };

		id[len++] = (uint8_t)strtoul(byte, NULL, 16);
		hex += 2;
	}
	return xs_syms_check_build_id(s, id, len) ? 1 : 0;
}

static int bench(const char *path, unsigned long n)
{
	struct xs_sym probe;
	char out[XS_SYM_STRLEN];
	struct xs_syms *s;
	uint64_t *addrs, lo = UINT64_MAX, hi = 0, sum = 0;
	double t0, t1, t2;

	t0 = now();
	if (xs_syms_open(path, &s))
		return 1;
	t1 = now();
	addrs = calloc(n ? n : 1, sizeof(*addrs));
	if (!addrs)
		return xs_error(-ENOMEM, "out of memory"), 1;
	/* Pseudo-random addresses over the span of the symbol table. */
	lo = UINT64_MAX;
	hi = 0;
	for (uint64_t a = 0xffff82d040200000ULL; a < 0xffff82d040600000ULL; a += 0x1000)
		if (!xs_syms_lookup(s, a, &probe) && probe.func) {
			lo = a < lo ? a : lo;
			hi = a > hi ? a : hi;
		}
	if (lo == UINT64_MAX) {
		lo = 0x1000;
		hi = 0x100000;
	}
	uint64_t x = 88172645463325252ULL;
	for (unsigned long i = 0; i < n; i++) {
		x ^= x << 13;
		x ^= x >> 7;
		x ^= x << 17;
		addrs[i] = lo + x % (hi - lo + 1);
	}
	t2 = now();
	for (unsigned long i = 0; i < n; i++) {
		xs_syms_format(s, addrs[i], out, sizeof(out));
		sum += (unsigned char)out[0];
	}
	t2 = now() - t2;
	printf("symbols %zu, line rows %zu, parse %.3f s\n", xs_syms_nr_symbols(s),
	       xs_syms_nr_lines(s), t1 - t0);
	printf("resolved %lu addresses in %.3f s: %.1f ns per address (checksum %" PRIu64 ")\n", n,
	       t2, n ? t2 * 1e9 / (double)n : 0.0, sum);
	free(addrs);
	xs_syms_close(s);
	return 0;
}

int main(int argc, char **argv)
{
	struct xs_syms *s;
	int ret;

	xs_set_prog("symbolize");
	if (argc == 4 && !strcmp(argv[1], "--bench"))
		return bench(argv[2], strtoul(argv[3], NULL, 0));
	if (argc == 4 && !strcmp(argv[1], "--build-id")) {
		if (xs_syms_open(argv[2], &s))
			return 2;
		ret = check_build_id(s, argv[3]);
		xs_syms_close(s);
		return ret;
	}
	if (argc != 2) {
		fprintf(stderr, "usage: symbolize ELF | --build-id ELF HEX | --bench ELF N\n");
		return 2;
	}
	if (xs_syms_open(argv[1], &s))
		return 2;
	ret = resolve_stdin(s);
	xs_syms_close(s);
	return ret;
}
