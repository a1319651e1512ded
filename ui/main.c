// SPDX-License-Identifier: MIT
/*
 * xstop: domains, their page references and shadows, live (refreshing) or
 * from a snapshot.  --batch KEYS plays keys and prints each screen, which
 * is how the views are tested and how a screen goes into a bug report.
 */
#include <errno.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "xenscope/core/cli.h"

#include "ui.h"

struct opts {
	const char *target; /* first, for xs_cli_set_target */
	const char *batch;
	double interval;
	int rows, cols;
};

static int set_batch(void *v, const char *arg)
{
	((struct opts *)v)->batch = arg;
	return 0;
}

static int set_interval(void *v, const char *arg)
{
	char *end;
	double s = strtod(arg, &end);

	if (end == arg || *end || !isfinite(s) || s < 0.1 || s > 25)
		return xs_error(-EINVAL, "--interval wants 0.1 to 25 seconds, not '%s'", arg);
	((struct opts *)v)->interval = s;
	return 0;
}

static int set_size(void *v, const char *arg)
{
	struct opts *o = v;
	char x;

	if (sscanf(arg, "%dx%d%c", &o->rows, &o->cols, &x) != 2 || o->rows < 5 || o->rows > 256 ||
	    o->cols < 40 || o->cols > UI_MAX_COLS)
		return xs_error(-EINVAL, "--size wants ROWSxCOLS (5-256 x 40-%d), not '%s'",
				UI_MAX_COLS, arg);
	return 0;
}

static int set_help(void *v, const char *arg);

/* What each exit code means here (xstop(1) says the same). */
static const struct xs_exit_note exit_notes[] = {
	{ XS_EXIT_OK, "on quit" },
	{ XS_EXIT_USAGE, "also: no terminal without --batch" },
	{ XS_EXIT_TARGET, NULL },
};

static const struct xs_cli_option options[] = {
	XS_CLI_TARGET_OPTIONS,
	{ "interval", 'i', "S", set_interval, 0, "live: reload every S seconds (default 2)" },
	{ "batch", 0, "KEYS", set_batch, 0, "play KEYS, print every screen, no terminal" },
	{ "size", 0, "RxC", set_size, 0, "--batch screen size (default 24x80)" },
	{ "help", 'h', NULL, set_help, 0, "this text" },
};

static int set_help(void *v, const char *arg)
{
	return xs_cli_help("", options, XS_ARRAY_SIZE(options), exit_notes,
			   XS_ARRAY_SIZE(exit_notes),
			   "keys: j/k or arrows move, Enter/l references, s shadows, d log-dirty\n"
			   "      rounds, r reload, q/h/Esc back (quit from the domain list)\n");
}

static int run_batch(struct ui *ui, const struct opts *o)
{
	static char lines[256][UI_MAX_COLS + 1];
	struct ui_canvas c = { .rows = o->rows, .cols = o->cols, .line = lines };
	int n = 0;

	ui_render(ui, &c);
	printf("--- screen %d\n", n++);
	ui_canvas_print(&c, stdout);
	for (const char *k = o->batch; *k; k++) {
		bool go_on = ui_handle_key(ui, *k);

		if (!go_on) {
			printf("--- quit (key '%c')\n", *k);
			return XS_EXIT_OK;
		}
		ui_render(ui, &c);
		printf("--- screen %d (key '%c')\n", n++, *k);
		ui_canvas_print(&c, stdout);
	}
	return XS_EXIT_OK;
}

int main(int argc, char **argv)
{
	struct opts o = { .interval = 2, .rows = 24, .cols = 80 };
	struct ui ui = { 0 };
	int first, ret = XS_EXIT_TARGET;

	xs_set_prog(argv[0]);
	ret = xs_cli_parse(argc, argv, options, XS_ARRAY_SIZE(options), &o, &first);
	if (ret)
		return ret == XS_CLI_DONE ? XS_EXIT_OK : XS_EXIT_USAGE;
	ret = XS_EXIT_TARGET;
	if (first < argc) {
		xs_error(-EINVAL, "no arguments besides options (try --help)");
		return XS_EXIT_USAGE;
	}
	if (!o.target)
		o.target = "xen";
	if (xs_target_open(o.target, &ui.t))
		return XS_EXIT_TARGET;
	ui.target_name = xs_target_name(ui.t);
	ui.live = !strcmp(o.target, "xen");
	if (xs_target_domains(ui.t, &ui.doms) || ui_push(&ui, &ui_domains_view))
		goto out;
	ret = o.batch ? run_batch(&ui, &o) : ui_run_terminal(&ui, o.interval);
out:
	while (ui.depth)
		ui_pop(&ui);
	xs_domains_release(&ui.doms);
	xs_target_close(ui.t);
	return ret;
}
