// SPDX-License-Identifier: MIT
/*
 * xenscope decode: Xen's own lines about pages (xl dmesg, a serial log, a
 * bug report) passed through, each followed by what it means: the page,
 * its owner and its count_info/type_info decoded, and with a target the
 * page as it is now and who holds it.  The parsing and the words are in
 * lib/xenlog/.
 */
#include <errno.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "xenscope/core/cli.h"
#include "xenscope/core/exit.h"
#include "xenscope/core/pageinfo.h"
#include "xenscope/xenlog/holders.h"
#include "xenscope/xenlog/xenlog.h"

#include "front.h"

static const struct xs_exit_note exit_notes[] = {
	{ XS_EXIT_OK, "decoded; with a target, every page's references accounted for" },
	{ XS_EXIT_SUSPICIOUS, "a page named has references no holder accounts for now" },
	{ XS_EXIT_USAGE, NULL },
	{ XS_EXIT_TARGET, "also: an input file, or a named page's domain, cannot be read" },
};

struct opts {
	const char *target; /* first, for xs_cli_set_target; NULL: no holders */
	bool only;
};

static int set_help(void *v, const char *arg);

static const struct xs_cli_option options[] = {
	XS_CLI_TARGET_OPTIONS,
	{ "only", 'o', NULL, XS_CLI_FLAG(struct opts, only),
	  "print only the page lines (and their domains' headers)" },
	{ "help", 'h', NULL, set_help, 0, "this text" },
};

static int set_help(void *v, const char *arg)
{
	return xs_cli_help("[FILE...]", options, XS_ARRAY_SIZE(options), exit_notes,
			   XS_ARRAY_SIZE(exit_notes),
			   "Reads FILEs (or standard input): 'xl dmesg | xenscope decode -t xen'.\n"
			   "Without -t/-f pages are decoded with Xen 4.17's layout, no holders.\n");
}

struct state {
	struct xenscope_info layout;
	struct xs_xenlog_holders *holders;  /* NULL without a target */
	uint32_t domain;		    /* of the last "Memory pages belonging to" */
	bool only, unexplained, unreadable; /* a page's domain could not be audited */
};

static void decode_line(struct state *s, const char *line)
{
	char text[XS_XENLOG_STRLEN], now[XS_XENLOG_STRLEN] = "";
	struct xs_xenlog_line l;
	enum xs_xenlog_kind k = xs_xenlog_parse(line, &l);
	uint32_t dom;

	if (k == XS_XENLOG_DOMAIN)
		s->domain = l.owner;
	if (k == XS_XENLOG_NONE && s->only)
		return;
	printf("%s\n", line);
	if (k == XS_XENLOG_NONE || k == XS_XENLOG_DOMAIN)
		return;
	xs_xenlog_annotate(&s->layout, &l, s->domain, text, sizeof(text));
	dom = xs_xenlog_page_domain(&l, s->domain);
	/*
	 * No holders for xenheap pages: Xen itself holds them, and looking
	 * would audit the whole of dom0, whose XenPage lines every 'q' has.
	 */
	if (s->holders && k != XS_XENLOG_XENPAGE && dom != XS_XL_DOMID_NULL &&
	    (l.has & XS_XL_MFN)) {
		int r = xs_xenlog_holders_describe(s->holders, dom, l.mfn, now, sizeof(now));

		s->unexplained |= r == 1;
		s->unreadable |= r < 0;
	}
	printf("    xenscope: %s%s%s\n", text, *now ? "; " : "", now);
}

static int decode_file(struct state *s, FILE *f, const char *name)
{
	char *line = NULL;
	size_t cap = 0;
	ssize_t n;
	int err = 0;

	while ((n = getline(&line, &cap, f)) >= 0) {
		while (n > 0 && (line[n - 1] == '\n' || line[n - 1] == '\r'))
			line[--n] = '\0';
		decode_line(s, line);
	}
	if (ferror(f))
		err = xs_error(-EIO, "cannot read %s", name);
	free(line);
	return err;
}

static int open_layout(struct state *s, struct xs_target **t, const char *spec)
{
	struct xenscope_info info;
	int err;

	if (!spec) {
		memset(&info, 0, sizeof(info));
		info.xen_major = 4;
		info.xen_minor = 17;
		return xs_layout_resolve(&info, &s->layout);
	}
	err = xs_target_open(spec, t);
	if (!err)
		err = xs_target_info(*t, &info);
	if (!err)
		err = xs_layout_resolve(&info, &s->layout);
	if (!err)
		err = xs_xenlog_holders_open(*t, &s->holders);
	return err;
}

int front_decode(int argc, char **argv)
{
	struct opts o = { 0 };
	struct state s = { .domain = XS_XL_DOMID_NULL };
	struct xs_target *t = NULL;
	int first, err, status = XS_EXIT_OK;

	err = xs_cli_parse(argc, argv, options, XS_ARRAY_SIZE(options), &o, &first);
	if (err == XS_CLI_DONE)
		return XS_EXIT_OK;
	if (err)
		return XS_EXIT_USAGE;
	s.only = o.only;
	if (open_layout(&s, &t, o.target)) {
		status = XS_EXIT_TARGET;
		goto close_target;
	}
	if (first == argc && decode_file(&s, stdin, "standard input"))
		status = XS_EXIT_TARGET;
	for (int i = first; i < argc; i++) {
		FILE *f = strcmp(argv[i], "-") ? fopen(argv[i], "r") : stdin;

		if (!f) {
			xs_error(-errno, "cannot open %s: %s", argv[i], strerror(errno));
			status = XS_EXIT_TARGET;
			continue;
		}
		/* Headers name the domain of the lines after them, in that file only. */
		s.domain = XS_XL_DOMID_NULL;
		if (decode_file(&s, f, argv[i]))
			status = XS_EXIT_TARGET;
		if (f != stdin)
			fclose(f);
	}
	if (status == XS_EXIT_OK && s.unreadable)
		status = XS_EXIT_TARGET;
	if (status == XS_EXIT_OK && s.unexplained)
		status = XS_EXIT_SUSPICIOUS;
	xs_xenlog_holders_close(s.holders);
close_target:
	xs_target_close(t);
	return status;
}
