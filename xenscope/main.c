// SPDX-License-Identifier: MIT
/*
 * xenscope: the front door.  `xenscope SUBCOMMAND ...` runs the tool for it
 * (git's way: the tools stay programs of their own, with their own man
 * pages and exit codes, which pass through unchanged), or one of the few
 * subcommands built in here (decode, doctor, version).
 */
#include <errno.h>
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "xenscope/core/cli.h"
#include "xenscope/core/exit.h"
#include "xenscope/core/version.h"
#include "xenscope/doctor/doctor.h"
#include "xenscope/target/target.h"

#include "front.h"

struct sub {
	const char *name;
	const char *tool; /* the program run; NULL: built in */
	const char *dir;  /* the tool's directory in a build tree */
	int (*run)(int argc, char **argv);
	const char *help;
};

static int sub_version(int argc, char **argv);
static int sub_help(int argc, char **argv);

static const struct sub subs[] = {
	{ "refaudit", "refaudit", "refaudit", NULL,
	  "why a destroyed domain's pages will not free" },
	{ "shadow", "shadowdump", "shadowdump", NULL,
	  "shadow page tables of a domain (shadow [audit|list] DOMID)" },
	{ "gdb", "xs-gdbstub", "gdbstub", NULL, "a GDB server for a live guest or a saved dump" },
	{ "top", "xstop", "ui", NULL, "live view of domains, references and shadows" },
	{ "p2m", "p2mdump", "p2mdump", NULL, "a PV guest's p2m, audited against the m2p" },
	{ "dirty", "xs-dirty", "xs-dirty", NULL, "log-dirty rounds of a running domain" },
	{ "trace", "xs-trace", "trace", NULL, "xentrace files decoded, filtered, summarised" },
	{ "decode", NULL, NULL, front_decode, "annotate Xen's own page lines (xl dmesg)" },
	{ "doctor", NULL, NULL, front_doctor, "is this host ready for xenscope? one line a check" },
	{ "version", NULL, NULL, sub_version, "this release and the hypervisor's interface" },
	{ "help", NULL, NULL, sub_help, "this text, or a subcommand's (help SUBCOMMAND)" },
};

static const struct xs_exit_note exit_notes[] = {
	{ XS_EXIT_OK, "--help, --version; otherwise the subcommand's own exit status" },
	{ XS_EXIT_USAGE, "also: unknown subcommand, or its tool is not installed" },
};

/* Rows for --help and completion; the front door parses its few options itself. */
static const struct xs_cli_option options[] = {
	{ "version", 0, NULL, NULL, 0, "this release, and the hypervisor's interface when live" },
	{ "help", 'h', NULL, NULL, 0, "this text" },
};

static int usage(void)
{
	xs_cli_help("SUBCOMMAND [ARGS]", options, XS_ARRAY_SIZE(options), exit_notes,
		    XS_ARRAY_SIZE(exit_notes), "subcommands:\n");
	for (size_t i = 0; i < XS_ARRAY_SIZE(subs); i++)
		printf("  %-9s %s\n", subs[i].name, subs[i].help);
	printf("Each runs its tool (refaudit, shadowdump, ...) with ARGS; see xenscope(1).\n");
	return XS_EXIT_OK;
}

static const struct sub *find_sub(const char *name)
{
	for (size_t i = 0; i < XS_ARRAY_SIZE(subs); i++)
		if (!strcmp(subs[i].name, name) || (subs[i].tool && !strcmp(subs[i].tool, name)))
			return &subs[i];
	return NULL;
}

/* The directory this program was run from, for finding the tools beside it. */
static int exe_dir(char *buf, size_t len)
{
	ssize_t n = readlink("/proc/self/exe", buf, len - 1);
	char *slash;

	if (n <= 0)
		return -errno;
	buf[n] = '\0';
	slash = strrchr(buf, '/');
	if (!slash)
		return -ENOENT;
	*slash = '\0';
	return 0;
}

/*
 * Run @s's tool with @argv[1..] after @extra: from $XENSCOPE_EXEC_PATH, next
 * to this program (installed), in its build-tree directory (../DIR/), then
 * PATH.  Returns only when none could be run.
 */
static int run_tool(const struct sub *s, const char *extra, int argc, char **argv)
{
	char dir[PATH_MAX], path[PATH_MAX + 64];
	const char *env = getenv("XENSCOPE_EXEC_PATH");
	char **args = calloc((size_t)argc + 2, sizeof(*args));
	int n = 0, err;

	if (!args)
		return xs_error(-ENOMEM, "out of memory");
	args[n++] = (char *)s->tool;
	if (extra)
		args[n++] = (char *)extra;
	for (int i = 1; i < argc; i++)
		args[n++] = argv[i];
	if (env && *env) {
		snprintf(path, sizeof(path), "%s/%s", env, s->tool);
		execv(path, args);
	}
	if (!exe_dir(dir, sizeof(dir))) {
		snprintf(path, sizeof(path), "%s/%s", dir, s->tool);
		execv(path, args);
		snprintf(path, sizeof(path), "%s/../%s/%s", dir, s->dir, s->tool);
		execv(path, args);
	}
	execvp(s->tool, args);
	err = -errno;
	free(args);
	return xs_error(err, "cannot run %s: %s (is it installed?)", s->tool, strerror(-err));
}

/* A library line while the hypervisor is asked, kept for the version text. */
static void keep_line(enum xs_level level, const char *line, void *ctx)
{
	snprintf(ctx, 200, "%s", line);
}

static int sub_version(int argc, char **argv)
{
	struct xenscope_info info;
	struct xs_target *t = NULL;
	char why[200] = "", feats[64];
	int err;

	printf("xenscope %s (xenscope interface %u)\n", XS_VERSION, XENSCOPE_INTERFACE_VERSION);
	xs_set_print(keep_line, why);
	err = xs_target_open("xen", &t);
	if (!err)
		err = xs_target_info(t, &info);
	xs_set_print(NULL, NULL);
	xs_target_close(t);
	if (err) {
		printf("hypervisor: not reachable (%s)\n", *why ? why : strerror(-err));
		return XS_EXIT_OK;
	}
	printf("hypervisor: Xen %u.%u%.*s, xenscope interface %u\n", info.xen_major, info.xen_minor,
	       (int)sizeof(info.xen_extra), info.xen_extra, info.interface_version);
	printf("features: %s\n", xs_doctor_features(info.features, feats, sizeof(feats)));
	printf("build id: ");
	for (uint32_t i = 0; i < info.build_id_len && i < sizeof(info.build_id); i++)
		printf("%02x", info.build_id[i]);
	printf("%s\n", info.build_id_len ? "" : "none");
	return XS_EXIT_OK;
}

static int sub_help(int argc, char **argv)
{
	const struct sub *s;

	if (argc < 2)
		return usage();
	s = find_sub(argv[1]);
	if (!s) {
		xs_error(-EINVAL, "no subcommand '%s' (try xenscope --help)", argv[1]);
		return XS_EXIT_USAGE;
	}
	if (s->run) {
		static char prog[32];
		char help[] = "--help";
		char *args[] = { argv[1], help, NULL };

		snprintf(prog, sizeof(prog), "xenscope %s", s->name);
		xs_set_prog(prog);

		return s->run(2, args);
	}
	run_tool(s, "--help", 1, argv);
	return XS_EXIT_USAGE;
}

/* For scripts/gen-completion.sh: the option rows, then one "cmd NAME TOOL" per subcommand. */
static int completion_helper(void)
{
	xs_cli_completion(stdout, options, XS_ARRAY_SIZE(options));
	for (size_t i = 0; i < XS_ARRAY_SIZE(subs); i++)
		printf("cmd %s %s\n", subs[i].name, subs[i].tool ? subs[i].tool : "-");
	return XS_EXIT_OK;
}

int main(int argc, char **argv)
{
	const struct sub *s;
	const char *extra = NULL;

	xs_set_prog(argv[0]);
	if (argc < 2) {
		usage();
		return XS_EXIT_USAGE;
	}
	if (!strcmp(argv[1], "--help") || !strcmp(argv[1], "-h"))
		return usage();
	if (!strcmp(argv[1], "--version"))
		return sub_version(argc - 1, argv + 1);
	if (!strcmp(argv[1], XS_CLI_COMPLETION_HELPER))
		return completion_helper();
	s = find_sub(argv[1]);
	if (!s) {
		xs_error(-EINVAL, "no subcommand '%s' (try xenscope --help)", argv[1]);
		return XS_EXIT_USAGE;
	}
	argc--;
	argv++;
	if (s->run) {
		static char prog[32]; /* xs_set_prog() keeps the pointer */

		/* Messages and usage lines say "xenscope decode", as git's do. */
		snprintf(prog, sizeof(prog), "xenscope %s", s->name);
		xs_set_prog(prog);
		return s->run(argc, argv);
	}
	/* `shadow audit D` is shadowdump D; `shadow list D` is shadowdump --list D. */
	if (!strcmp(s->tool, "shadowdump") && argc > 1 &&
	    (!strcmp(argv[1], "audit") || !strcmp(argv[1], "list"))) {
		extra = !strcmp(argv[1], "list") ? "--list" : NULL;
		argv[1] = argv[0];
		argc--;
		argv++;
	}
	run_tool(s, extra, argc, argv);
	return XS_EXIT_USAGE;
}
