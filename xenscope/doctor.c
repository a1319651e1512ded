// SPDX-License-Identifier: MIT
/* xenscope doctor: the host checks of lib/doctor/, one line each. */
#include <errno.h>
#include <stdio.h>

#include "xenscope/core/cli.h"
#include "xenscope/core/exit.h"
#include "xenscope/doctor/doctor.h"

#include "front.h"

static const struct xs_exit_note exit_notes[] = {
	{ XS_EXIT_OK, "every check passed" },
	{ XS_EXIT_EXPECTED, "warnings only: something some subcommands need is missing" },
	{ XS_EXIT_SUSPICIOUS, "a check failed: a xen-syms of another build, a layout refused" },
	{ XS_EXIT_USAGE, NULL },
	{ XS_EXIT_TARGET, "also: not a dom0, not root, or no xenscope interface" },
};

struct opts {
	const char *syms;
};

static int set_syms(void *v, const char *arg)
{
	((struct opts *)v)->syms = arg;
	return 0;
}

static int set_help(void *v, const char *arg);

static const struct xs_cli_option options[] = {
	{ "syms", 0, "XEN-SYMS", set_syms, 0,
	  "the xen-syms to check (default $XS_XEN_SYMS, then /usr/lib/debug, /boot)" },
	{ "help", 'h', NULL, set_help, 0, "this text" },
};

static int set_help(void *v, const char *arg)
{
	return xs_cli_help("", options, XS_ARRAY_SIZE(options), exit_notes,
			   XS_ARRAY_SIZE(exit_notes),
			   "Checks: dom0, permissions, hypervisor, features, layout, xentrace, "
			   "xen-syms.\n");
}

static void print_check(const struct xs_check *c, void *arg)
{
	printf("%-4s  %-11s  %s\n", xs_check_status_name(c->status), c->name, c->text);
}

int front_doctor(int argc, char **argv)
{
	struct opts o = { 0 };
	struct xs_doctor d = { 0 };
	int first, err;

	err = xs_cli_parse(argc, argv, options, XS_ARRAY_SIZE(options), &o, &first);
	if (err == XS_CLI_DONE)
		return XS_EXIT_OK;
	if (err)
		return XS_EXIT_USAGE;
	if (first != argc) {
		xs_error(-EINVAL, "doctor takes no arguments (try --help)");
		return XS_EXIT_USAGE;
	}
	d.syms = o.syms;
	xs_doctor_run(&d, print_check, NULL);
	if (!d.reachable)
		return XS_EXIT_TARGET;
	if (d.nr_fail)
		return XS_EXIT_SUSPICIOUS;
	return d.nr_warn ? XS_EXIT_EXPECTED : XS_EXIT_OK;
}
