// SPDX-License-Identifier: MIT
/*
 * xs-dirty: which pages a running domain dirties, round by round, through
 * Xen's log-dirty mode turned on the way migration turns it on, and always
 * turned off again: at the end, on error, and on SIGINT/SIGTERM/SIGHUP.
 * The words and the session rules are lib/logdirty's.
 */
#include <errno.h>
#include <inttypes.h>
#include <signal.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include "xenscope/core/cli.h"
#include "xenscope/core/exit.h"
#include "xenscope/core/json.h"
#include "xenscope/logdirty/history.h"
#include "xenscope/logdirty/logdirty.h"
#include "xenscope/target/target.h"

#include "xs-dirty.h"

static const struct xs_exit_note exit_notes[] = {
	{ XS_EXIT_OK, "done; log-dirty mode off" },
	{ XS_EXIT_USAGE, NULL },
	{ XS_EXIT_TARGET, "also: domain 0, or already in log-dirty mode (a migration)" },
	{ XS_EXIT_INTERRUPTED, "log-dirty mode turned off" },
};

struct opts {
	double interval;
	unsigned int rounds, top;
	bool json;
	const char *save;
};

static int set_save(void *v, const char *arg)
{
	((struct opts *)v)->save = arg;
	return 0;
}

static int set_rounds(void *v, const char *arg)
{
	return dirty_set_uint(arg, "--rounds", 1000000, &((struct opts *)v)->rounds);
}

static int set_top(void *v, const char *arg)
{
	return dirty_set_uint(arg, "--top", XS_DIRTY_HOT_MAX, &((struct opts *)v)->top);
}

static int set_interval(void *v, const char *arg)
{
	return dirty_set_interval(arg, &((struct opts *)v)->interval);
}

static int set_help(void *v, const char *arg);

static const struct xs_cli_option options[] = {
	{ "interval", 'i', "S", set_interval, 0, "seconds per round (1)" },
	{ "rounds", 'n', "N", set_rounds, 0, "stop after N rounds (0: until interrupted; 10)" },
	{ "top", 0, "N", set_top, 0, "hot 2 MiB ranges shown per round (4)" },
	{ "json", 0, NULL, XS_CLI_FLAG(struct opts, json), "JSON Lines, one object per round" },
	{ "save", 0, "FILE", set_save, 0, "keep the rounds in a snapshot (for xstop -f FILE)" },
	{ "help", 'h', NULL, set_help, 0, "this text" },
};

static int set_help(void *v, const char *arg)
{
	return xs_cli_help(
		"DOMID|NAME  (or: audit --ledger FRAME DOMID|NAME)", options,
		XS_ARRAY_SIZE(options), exit_notes, XS_ARRAY_SIZE(exit_notes),
		"Turns log-dirty mode on for a running domain, prints what it dirtied\n"
		"each round, and turns the mode off again at the end or on a signal.\n"
		"`xs-dirty audit --help`: the lost-dirty audit against a guest's ledger.\n");
}

/* The rounds kept as a snapshot: the hypervisor's domain list with them. */
static int save(const struct xs_dirty_history *h, const char *path)
{
	struct xs_target *t;
	int ret = xs_target_open("xen", &t);

	if (ret)
		return ret;
	ret = xs_dirty_history_save(t, h, "xs-dirty", path);
	xs_target_close(t);
	return ret;
}

static void print_round(uint32_t domid, const struct xs_dirty_round *r, bool json)
{
	if (json) {
		json_t *o = xs_dirty_round_json(domid, r);
		char *line = json_dumps(o, JSON_COMPACT);

		/* One object per line, for a reader following the stream. */
		if (line)
			printf("%s\n", line);
		free(line);
		json_decref(o);
	} else {
		xs_dirty_round_print(stdout, r);
	}
	fflush(stdout);
}

static int watch(struct xs_dirty_session *s, uint32_t domid, const struct opts *o,
		 struct xs_dirty_history *h)
{
	uint64_t pages = xs_dirty_pages(s);
	uint8_t *set = calloc((pages + 7) / 8 + 1, 1);
	struct xs_dirty_round r = { 0 };
	const uint8_t *bm;
	double last;
	int ret;

	if (!set)
		return xs_error(-ENOMEM, "out of memory");
	*h = (struct xs_dirty_history){ .domid = domid, .pid = (uint32_t)getpid(), .pages = pages };
	/* Round 0 clears what the bitmap held when it started. */
	ret = xs_dirty_clean(s, &bm, &r.xen_faults, &r.xen_dirty);
	if (!ret)
		ret = xs_dirty_publish(s, h);
	last = dirty_now();
	for (unsigned int i = 1; !ret && (!o->rounds || i <= o->rounds); i++) {
		double t;

		if (!dirty_wait(o->interval))
			break;
		t = dirty_now();
		ret = xs_dirty_clean(s, &bm, &r.xen_faults, &r.xen_dirty);
		if (ret < 0)
			break;
		r.clean_seconds = dirty_now() - t;
		r.index = i;
		r.seconds = t - last;
		last = t;
		r.dirty = xs_dirty_count(bm, pages);
		r.working_set += xs_dirty_merge(set, bm, pages);
		r.nr_hot = xs_dirty_hot(bm, pages, o->top, r.hot);
		print_round(domid, &r, o->json);
		xs_dirty_history_add(h, &r);
		ret = xs_dirty_publish(s, h);
	}
	if (!ret && !o->json)
		xs_dirty_summary_print(stdout, domid, r.index, r.working_set, pages);
	free(set);
	return ret;
}

int main(int argc, char **argv)
{
	struct opts o = { .interval = 1, .rounds = 10, .top = 4 };
	struct xs_dirty_history *h = calloc(1, sizeof(*h));
	struct xs_dirty_session *s;
	uint32_t domid = 0;
	bool recovered;
	int first, ret, closed;

	xs_set_prog(argv[0]);
	if (argc > 1 && !strcmp(argv[1], "audit")) {
		free(h);
		return dirty_audit_main(argc - 1, argv + 1);
	}
	if (!h) {
		xs_error(-ENOMEM, "out of memory");
		return XS_EXIT_TARGET;
	}
	ret = xs_cli_parse(argc, argv, options, XS_ARRAY_SIZE(options), &o, &first);
	if (ret) {
		ret = ret == XS_CLI_DONE ? XS_EXIT_OK : XS_EXIT_USAGE;
		goto out_free;
	}
	if (argc - first != 1) {
		xs_error(-EINVAL, "give one domain (try --help)");
		ret = XS_EXIT_USAGE;
		goto out_free;
	}
	dirty_catch_signals();
	ret = dirty_resolve(argv[first], &domid);
	if (ret)
		goto out_free;
	if (xs_dirty_open(domid, &s, &recovered) < 0) {
		ret = XS_EXIT_TARGET;
		goto out_free;
	}
	ret = watch(s, domid, &o, h);
	closed = xs_dirty_close(s);
	/* Saved once the mode is off: the snapshot's domain list shows it so. */
	if (o.save && closed >= 0 && save(h, o.save) < 0)
		closed = -EIO;
	ret = dirty_exit_status(ret, closed, domid, XS_EXIT_OK);
out_free:
	free(h);
	return ret;
}
