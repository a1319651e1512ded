/* SPDX-License-Identifier: MIT */
/*
 * The exit codes of every xenscope tool, in one place so that scripts can
 * rely on them whichever tool they run.  Each man page lists them, in the
 * words of xs_exit_text(), which --help prints too.
 *
 * 0-2 are verdicts about what was looked at; 3 and up say the look itself
 * did not happen (or did not finish).
 */
#ifndef XENSCOPE_EXIT_H
#define XENSCOPE_EXIT_H

#include <stddef.h>
#include <stdio.h>

enum xs_exit {
	XS_EXIT_OK = 0,		 /* clean: nothing held, nothing suspicious */
	XS_EXIT_EXPECTED = 1,	 /* findings, every one of them explained or expected */
	XS_EXIT_SUSPICIOUS = 2,	 /* at least one finding is unexplained: a likely bug */
	XS_EXIT_USAGE = 3,	 /* bad command line */
	XS_EXIT_TARGET = 4,	 /* the target could not be read: a damaged
				  * file, hypervisor without the interface, ... */
	XS_EXIT_INTERRUPTED = 5, /* stopped by a signal; any state changed was restored */
};

/* The meaning of @code in a few words, the same for every tool; NULL if none. */
const char *xs_exit_text(enum xs_exit code);

/* One code a tool can exit with, and what it means for that tool (or NULL). */
struct xs_exit_note {
	enum xs_exit code;
	const char *detail;
};

/*
 * The "exit status:" part of --help: one line per note, "  N  words
 * (detail)".  The man pages' EXIT STATUS sections say the same
 * (t/t0050-man-exit-status.t compares them).
 */
void xs_exit_usage(FILE *f, const struct xs_exit_note *notes, size_t n);

#endif
