// SPDX-License-Identifier: MIT
/* Table-driven command lines for the front ends (see xenscope/cli.h). */
#include <errno.h>
#include <getopt.h>
#include <stdbool.h>
#include <stdlib.h>
#include <string.h>

#include "xenscope/core/cli.h"

/* Long options are numbered from here, clear of every short option letter. */
#define LONG_BASE 256

int xs_cli_parse(int argc, char **argv, const struct xs_cli_option *table, size_t n, void *opts,
		 int *first)
{
	struct option *longopts = calloc(n + 1, sizeof(*longopts));
	char *shortopts = calloc(2 * n + 2, 1);
	size_t ns = 0;
	int c, err = 0;

	if (argc == 2 && !strcmp(argv[1], XS_CLI_COMPLETION_HELPER)) {
		xs_cli_completion(stdout, table, n);
		err = XS_CLI_DONE;
		goto out;
	}
	if (!longopts || !shortopts) {
		err = xs_error(-ENOMEM, "out of memory");
		goto out;
	}
	shortopts[ns++] = ':'; /* missing arguments reported as such */
	for (size_t i = 0; i < n; i++) {
		const struct xs_cli_option *d = &table[i];

		longopts[i] = (struct option){ d->name, d->arg ? required_argument : no_argument,
					       NULL, LONG_BASE + (int)i };
		if (d->key) {
			shortopts[ns++] = (char)d->key;
			if (d->arg)
				shortopts[ns++] = ':';
		}
	}
	opterr = 0; /* our own one-line messages */
	optind = 1;
	while (!err && (c = getopt_long(argc, argv, shortopts, longopts, NULL)) != -1) {
		const struct xs_cli_option *d = NULL;

		for (size_t i = 0; i < n; i++)
			if (c == LONG_BASE + (int)i || (table[i].key && c == table[i].key))
				d = &table[i];
		if (!d)
			err = xs_error(-EINVAL, "unknown or incomplete option '%s' (try --help)",
				       argv[optind - 1]);
		else if (!d->set)
			*(bool *)((char *)opts + d->flag) = true;
		else
			err = d->set(opts, optarg);
	}
	*first = optind;
out:
	free(shortopts);
	free(longopts);
	return err;
}

void xs_cli_usage(FILE *f, const struct xs_cli_option *table, size_t n)
{
	for (size_t i = 0; i < n; i++) {
		const struct xs_cli_option *d = &table[i];
		char left[40];

		snprintf(left, sizeof(left), "%c%c%s--%s%s%s", d->key ? '-' : ' ',
			 d->key ? d->key : ' ', d->key ? ", " : "  ", d->name, d->arg ? " " : "",
			 d->arg ? d->arg : "");
		fprintf(f, "  %-22s %s\n", left, d->help);
	}
}

void xs_cli_completion(FILE *f, const struct xs_cli_option *table, size_t n)
{
	for (size_t i = 0; i < n; i++) {
		const struct xs_cli_option *d = &table[i];
		char key[3] = "-";

		if (d->key)
			snprintf(key, sizeof(key), "-%c", d->key);
		fprintf(f, "--%s %s %s\n", d->name, key, d->arg ? d->arg : "-");
	}
}

int xs_cli_help(const char *args, const struct xs_cli_option *table, size_t n,
		const struct xs_exit_note *exits, size_t nr_exits, const char *tail)
{
	printf("usage: %s [OPTIONS]%s%s\n", xs_prog(), *args ? " " : "", args);
	xs_cli_usage(stdout, table, n);
	xs_exit_usage(stdout, exits, nr_exits);
	fputs(tail, stdout);
	return XS_CLI_DONE;
}

int xs_cli_set_target(void *opts, const char *arg)
{
	const char **target = opts;

	if (*target)
		return xs_error(-EINVAL, "give one target (-t or -f)");
	*target = arg;
	return 0;
}

const struct xs_domain *xs_cli_find_domain(struct xs_target *t, const struct xs_domains *doms,
					   const char *id_or_name)
{
	const struct xs_domain *d = xs_domains_find(doms, id_or_name);

	if (!d)
		xs_error(-ENOENT, "no domain '%s' in %s", id_or_name, xs_target_name(t));
	return d;
}
