// SPDX-License-Identifier: MIT
/* One-line messages on stderr, prefixed with the program name. */
#include <stdarg.h>
#include <stdio.h>
#include <string.h>

#include "xenscope/core/common.h"

static const char *prog = "xenscope";

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

static void vreport(const char *fmt, va_list ap) XS_PRINTF(1, 0);

static void vreport(const char *fmt, va_list ap)
{
	/* Build the line first so concurrent writers cannot interleave it. */
	char line[1024];
	int n = snprintf(line, sizeof(line), "%s: ", prog);

	if (n < 0 || (size_t)n >= sizeof(line))
		n = 0;
	vsnprintf(line + n, sizeof(line) - (size_t)n, fmt, ap);
	/* A message must stay one line even if it quotes hostile input. */
	for (char *p = line; *p; p++)
		if (*p == '\n' || *p == '\r')
			*p = ' ';
	fprintf(stderr, "%s\n", line);
}

int xs_error(int err, const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	vreport(fmt, ap);
	va_end(ap);
	return err < 0 ? err : -1;
}

void xs_warn(const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	vreport(fmt, ap);
	va_end(ap);
}
