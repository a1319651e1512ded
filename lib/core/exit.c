// SPDX-License-Identifier: MIT
/* The words for the shared exit codes (see xenscope/core/exit.h). */
#include "xenscope/core/common.h"
#include "xenscope/core/exit.h"

static const char *const exit_text[] = {
	[XS_EXIT_OK] = "success, nothing wrong found",
	[XS_EXIT_EXPECTED] = "findings, each one explained or expected",
	[XS_EXIT_SUSPICIOUS] = "at least one finding left unexplained",
	[XS_EXIT_USAGE] = "bad command line or unknown domain",
	[XS_EXIT_TARGET] =
		"the hypervisor or snapshot cannot be read, or lacks the xenscope interface",
	[XS_EXIT_INTERRUPTED] = "stopped by a signal",
};

const char *xs_exit_text(enum xs_exit code)
{
	if ((unsigned)code >= XS_ARRAY_SIZE(exit_text))
		return NULL;
	return exit_text[code];
}

void xs_exit_usage(FILE *f, const struct xs_exit_note *notes, size_t n)
{
	fputs("exit status:\n", f);
	for (size_t i = 0; i < n; i++) {
		const char *text = xs_exit_text(notes[i].code);

		fprintf(f, "  %d  %s", (int)notes[i].code, text ? text : "?");
		if (notes[i].detail)
			fprintf(f, " (%s)", notes[i].detail);
		fputc('\n', f);
	}
}
