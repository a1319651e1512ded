/* SPDX-License-Identifier: MIT */
/*
 * Command lines of the front ends: every option is one row of a table, from
 * which getopt's tables and --help are made, so adding an option is adding
 * a row.  Errors are one line (xs_error) and a negative errno; the caller
 * turns them into its usage exit status.
 */
#ifndef XENSCOPE_CLI_H
#define XENSCOPE_CLI_H

#include <stddef.h>
#include <stdio.h>

#include "xenscope/core/exit.h"
#include "xenscope/target/target.h"

struct xs_cli_option {
	const char *name; /* long option */
	int key;	  /* short option letter, or 0 */
	const char *arg;  /* argument name; NULL: takes none */
	/*
	 * Called with the tool's options struct and the argument: 0, a
	 * negative errno, or XS_CLI_DONE.
	 */
	int (*set)(void *opts, const char *arg);
	size_t flag; /* without set: offset of the bool it turns on */
	const char *help;
};

/* A row for an option that turns on the bool member @member of @type. */
#define XS_CLI_FLAG(type, member) NULL, offsetof(type, member)

/*
 * A setter's return for "the command is complete, nothing to run" (--help
 * printed): parsing stops and xs_cli_parse() returns it; the front end exits
 * with XS_EXIT_OK.
 */
#define XS_CLI_DONE 1

/*
 * Parse @argv against @table (@n rows) into @opts.  "--help" is the caller's
 * row like any other.  Returns 0 (and *@first is the index of the first
 * non-option argument), a negative errno after one line, or XS_CLI_DONE.
 */
int xs_cli_parse(int argc, char **argv, const struct xs_cli_option *table, size_t n, void *opts,
		 int *first);

/*
 * `PROG --completion-helper` (alone) makes xs_cli_parse() print the table
 * for the bash completion generator (scripts/gen-completion.sh) and return
 * XS_CLI_DONE: one "--LONG -K ARG" line per row ("-" for no short option or
 * no argument).  Completion is made from the same rows as --help, so the
 * two cannot drift.
 */
#define XS_CLI_COMPLETION_HELPER "--completion-helper"
void xs_cli_completion(FILE *f, const struct xs_cli_option *table, size_t n);

/* The options part of --help, one aligned line per row. */
void xs_cli_usage(FILE *f, const struct xs_cli_option *table, size_t n);

/*
 * The whole --help on stdout: "usage: PROG [OPTIONS] @args", the options,
 * the exit codes of @exits (xs_exit_usage()), and @tail (keys, notes; may be
 * "") as given.  Returns XS_CLI_DONE, for a --help setter to return.
 */
int xs_cli_help(const char *args, const struct xs_cli_option *table, size_t n,
		const struct xs_exit_note *exits, size_t nr_exits, const char *tail);

/* The -t/-f rows every tool has, for the start of its table. */
#define XS_CLI_TARGET_OPTIONS                                                          \
	{ "target",	     't', "TARGET",                                            \
	  xs_cli_set_target, 0,	  "'xen' (default), 'snap:PATH' or a snapshot path" }, \
	{                                                                              \
		"file", 'f', "FILE", xs_cli_set_target, 0,                             \
			"read the snapshot FILE (same as -t FILE)"                     \
	}

/* Setter for "give one target" options (-t, -f): @opts starts with a
 * `const char *target` member. */
int xs_cli_set_target(void *opts, const char *arg);

/*
 * The domain @id_or_name of @doms, or NULL after one line naming @t when
 * there is none.
 */
const struct xs_domain *xs_cli_find_domain(struct xs_target *t, const struct xs_domains *doms,
					   const char *id_or_name);

#endif
