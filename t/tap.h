/* SPDX-License-Identifier: MIT */
/*
 * A tiny TAP emitter for C unit tests, after kselftest.h.  Header-only:
 *
 *	tap_plan(3);
 *	is_int(f(1), 2, "f doubles");
 *	is_str(g(), "x", "g names x");
 *	return tap_done();
 *
 * Comparison macros print what they got and expected as TAP diagnostics.
 */
#ifndef XENSCOPE_TAP_H
#define XENSCOPE_TAP_H

#include <inttypes.h>
#include <stdarg.h>
#include <stdbool.h>
#include <stdio.h>
#include <string.h>

static int tap_planned, tap_run, tap_failed;

static inline void tap_plan(int n)
{
	tap_planned = n;
	printf("1..%d\n", n);
	fflush(stdout);
}

static inline void diag(const char *fmt, ...) __attribute__((format(printf, 1, 2)));
static inline void diag(const char *fmt, ...)
{
	va_list ap;

	fflush(stdout);
	fputs("# ", stderr);
	va_start(ap, fmt);
	vfprintf(stderr, fmt, ap);
	va_end(ap);
	fputc('\n', stderr);
}

static inline bool ok(bool cond, const char *fmt, ...) __attribute__((format(printf, 2, 3)));
static inline bool ok(bool cond, const char *fmt, ...)
{
	va_list ap;

	tap_run++;
	if (!cond)
		tap_failed++;
	printf("%sok %d - ", cond ? "" : "not ", tap_run);
	va_start(ap, fmt);
	vprintf(fmt, ap);
	va_end(ap);
	putchar('\n');
	fflush(stdout);
	return cond;
}

#define is_int(got, want, ...)                                                \
	do {                                                                  \
		long long g_ = (long long)(got), w_ = (long long)(want);      \
		if (!ok(g_ == w_, __VA_ARGS__))                               \
			diag("  got %lld, expected %lld (%s)", g_, w_, #got); \
	} while (0)

#define is_u64(got, want, ...)                                                                \
	do {                                                                                  \
		uint64_t g_ = (uint64_t)(got), w_ = (uint64_t)(want);                         \
		if (!ok(g_ == w_, __VA_ARGS__))                                               \
			diag("  got %#" PRIx64 ", expected %#" PRIx64 " (%s)", g_, w_, #got); \
	} while (0)

#define is_str(got, want, ...)                                                    \
	do {                                                                      \
		const char *g_ = (got), *w_ = (want);                             \
		if (!ok(g_ && w_ && !strcmp(g_, w_), __VA_ARGS__))                \
			diag("  got '%s'\n#   expected '%s'", g_ ? g_ : "(null)", \
			     w_ ? w_ : "(null)");                                 \
	} while (0)

static inline void skip(const char *why)
{
	tap_run++;
	printf("ok %d # SKIP %s\n", tap_run, why);
	fflush(stdout);
}

/* Exit status for main(): 0 only when all planned tests ran and passed. */
static inline int tap_done(void)
{
	if (tap_planned != tap_run)
		diag("planned %d tests but ran %d", tap_planned, tap_run);
	return tap_failed || tap_planned != tap_run;
}

#endif
