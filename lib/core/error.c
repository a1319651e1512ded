// SPDX-License-Identifier: MIT
/*
 * One-line messages, handed to the print hook; by default they go to
 * stderr prefixed with the program name.
 */
#include <stdarg.h>
#include <stdio.h>
#include <string.h>

#include "xenscope/core/common.h"

static const char *prog = "xenscope";
static xs_print_fn *print_fn = xs_print_stderr;
static void *print_ctx;

void xs_set_prog(const char *argv0)
{
	const char *slash;

	if (!argv0 || !*argv0)
		return;
	slash = strrchr(argv0, '/');
	prog = slash ? slash + 1 : argv0;
}

const char *xs_prog(void)
{
	return prog;
}

void xs_set_print(xs_print_fn *fn, void *ctx)
{
	print_fn = fn ? fn : xs_print_stderr;
	print_ctx = fn ? ctx : NULL;
}

void xs_print_stderr(enum xs_level level, const char *line, void *ctx)
{
	/* One fprintf call, so that concurrent writers cannot interleave a line. */
	fprintf(stderr, "%s: %s\n", prog, line);
}

static void vreport(enum xs_level level, const char *fmt, va_list ap) XS_PRINTF(2, 0);

static void vreport(enum xs_level level, const char *fmt, va_list ap)
{
	char line[1024];

	vsnprintf(line, sizeof(line), fmt, ap);
	/* A message must stay one line even if it quotes hostile input. */
	for (char *p = line; *p; p++)
		if (*p == '\n' || *p == '\r')
			*p = ' ';
	print_fn(level, line, print_ctx);
}

int xs_error(int err, const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	vreport(XS_LEVEL_ERROR, fmt, ap);
	va_end(ap);
	return err < 0 ? err : -1;
}

void xs_warn(const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	vreport(XS_LEVEL_WARN, fmt, ap);
	va_end(ap);
}
