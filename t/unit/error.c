// SPDX-License-Identifier: MIT
/* The print hook: every library message reaches it, one line, with its level. */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "xenscope/core/common.h"

#include "../tap.h"

struct seen {
	int calls;
	enum xs_level level;
	char line[1100];
};

static void keep(enum xs_level level, const char *line, void *ctx)
{
	struct seen *s = ctx;

	s->calls++;
	s->level = level;
	snprintf(s->line, sizeof(s->line), "%s", line);
}

int main(void)
{
	struct seen s = { 0 };
	char big[2000];

	tap_plan(9);
	xs_set_prog("/usr/bin/unit-error");
	is_str(xs_prog(), "unit-error", "the program name is argv[0]'s last part");
	xs_set_print(keep, &s);
	is_int(xs_error(-ENOENT, "no domain %d", 7), -ENOENT, "xs_error returns its code");
	ok(s.calls == 1 && s.level == XS_LEVEL_ERROR, "the hook saw one error");
	is_str(s.line, "no domain 7", "the line comes formatted, without the program name");
	xs_warn("two\nlines\rhere");
	ok(s.calls == 2 && s.level == XS_LEVEL_WARN, "warnings come at their own level");
	is_str(s.line, "two lines here", "line breaks in a message are blanked");
	memset(big, 'x', sizeof(big) - 1);
	big[sizeof(big) - 1] = '\0';
	xs_warn("%s", big);
	ok(strlen(s.line) > 0 && strlen(s.line) < sizeof(big) - 1,
	   "an overlong message is cut, not overflowed");
	is_int(xs_error(0, "not an errno"), -1, "a non-negative code becomes -1");
	xs_set_print(NULL, NULL);
	s.calls = 0;
	/* The default hook writes to stderr: catch it in a file to read it back. */
	char path[] = "/tmp/xs-unit-error.XXXXXX";
	int fd = mkstemp(path);
	char got[200] = "";
	FILE *f;

	fflush(stdout);
	if (fd >= 0 && freopen(path, "w", stderr)) {
		xs_warn("to stderr, through the default hook");
		fflush(stderr);
		if ((f = fopen(path, "r"))) {
			if (!fgets(got, sizeof(got), f))
				got[0] = '\0';
			fclose(f);
		}
	}
	if (fd >= 0) {
		close(fd);
		unlink(path);
	}
	ok(s.calls == 0 && !strcmp(got, "unit-error: to stderr, through the default hook\n"),
	   "xs_set_print(NULL) restores the default: \"PROG: line\" on stderr");
	return tap_done();
}
