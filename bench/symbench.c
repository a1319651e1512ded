// SPDX-License-Identifier: MIT
/*
 * symbench XEN_SYMS N: the symbolizer against a hypervisor's xen-syms, for
 * bench/symbolize.sh.  Prints, one per line, "name value" pairs the script
 * judges: the parse time, the time per address, and the hit rate (how
 * many of N addresses drawn over Xen's text resolve to a function, and to
 * a file:line).  Times are CPU seconds of this process, so other work on
 * the machine does not count.
 *
 * Refuses (exit 2) an ELF that is not a Xen hypervisor: one with no
 * function at Xen's text base, where a benchmark would measure nothing.
 */
#include <errno.h>
#include <inttypes.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "xenscope/symbolize/symbolize.h"

/* x86 Xen links its text at XEN_VIRT_START + 2 MiB, 4.17 included. */
#define XEN_TEXT 0xffff82d040200000ULL
/* Text is searched this far for _etext. */
#define XEN_TEXT_MAX 0x1000000ULL

static double cpu_now(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_PROCESS_CPUTIME_ID, &ts);
	return (double)ts.tv_sec + (double)ts.tv_nsec / 1e9;
}

/*
 * The end of Xen's text, the symbol _etext: past it lie data and init
 * code, which the nearest-symbol rule would credit to _etext.
 */
static uint64_t text_end(const struct xs_syms *s)
{
	struct xs_sym sym;
	uint64_t end = 0;

	for (uint64_t a = XEN_TEXT; a < XEN_TEXT + XEN_TEXT_MAX; a += 0x1000) {
		if (xs_syms_lookup(s, a, &sym) || !sym.func)
			continue;
		if (!strcmp(sym.func, "_etext"))
			return a - sym.offset;
		end = a + 0x1000;
	}
	return end;
}

#define SEED 0x9e3779b97f4a7c15ULL

/* Pseudo-random addresses over [XEN_TEXT, end). */
static uint64_t next_addr(uint64_t *x, uint64_t end)
{
	*x ^= *x << 13, *x ^= *x >> 7, *x ^= *x << 17;
	return XEN_TEXT + *x % (end - XEN_TEXT);
}

int main(int argc, char **argv)
{
	unsigned long n, funcs = 0, lines = 0;
	char out[XS_SYM_STRLEN];
	struct xs_syms *s;
	struct xs_sym sym;
	uint64_t end, x = SEED, sum = 0;
	double t0, t1, t2;

	xs_set_prog("symbench");
	if (argc != 3 || !(n = strtoul(argv[2], NULL, 0))) {
		fprintf(stderr, "usage: symbench XEN_SYMS N\n");
		return 2;
	}
	t0 = cpu_now();
	if (xs_syms_open(argv[1], &s))
		return 2;
	t1 = cpu_now();
	if (xs_syms_lookup(s, XEN_TEXT, &sym) || !sym.func) {
		xs_error(-EINVAL, "%s: not a Xen hypervisor (no function at %#llx)", argv[1],
			 (unsigned long long)XEN_TEXT);
		xs_syms_close(s);
		return 2;
	}
	end = text_end(s);
	/* Hits first, untimed; then the time of what a tool prints. */
	for (unsigned long i = 0; i < n; i++)
		if (!xs_syms_lookup(s, next_addr(&x, end), &sym) && sym.func) {
			funcs++;
			lines += sym.file != NULL;
		}
	x = SEED;
	t2 = cpu_now();
	for (unsigned long i = 0; i < n; i++)
		sum += (unsigned char)xs_syms_format(s, next_addr(&x, end), out, sizeof(out))[0];
	t2 = cpu_now() - t2;
	printf("file %s\nsymbols %zu\nline_rows %zu\ntext_bytes %" PRIu64 "\n", argv[1],
	       xs_syms_nr_symbols(s), xs_syms_nr_lines(s), (uint64_t)(end - XEN_TEXT));
	printf("parse_s %.3f\naddresses %lu\nns_per_address %.1f\n", t1 - t0, n,
	       t2 * 1e9 / (double)n);
	printf("func_hit_pct %.2f\nline_hit_pct %.2f\nchecksum %" PRIu64 "\n", 100.0 * funcs / n,
	       100.0 * lines / n, sum);
	xs_syms_close(s);
	return 0;
}
