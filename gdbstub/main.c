// SPDX-License-Identifier: MIT
/*
 * xs-gdbstub: serve gdb connections for a live domain or a guest dump, one
 * at a time, until told to stop (or after one with --once).  Everything but
 * option parsing and the sockets (listen.c) lives in lib/gdb/.
 */
#include <errno.h>
#include <netinet/in.h>
#include <netinet/tcp.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <unistd.h>

#include "xenscope/core/cli.h"
#include "xenscope/core/exit.h"
#include "xenscope/gdb/server.h"

#include "listen.h"

/* The default dump limit: 256 MiB of guest frames. */
#define DEFAULT_MAX_FRAMES 65536

struct opts {
	const char *target; /* "xen" or a dump file */
	const char *listen; /* HOST:PORT */
	const char *unix_path;
	const char *save;
	const char *journal;	/* NULL: the default for the domain */
	const char *break_insn; /* "int3" (NULL) or "icebp" */
	bool recover;
	bool stdio;
	bool once;
	bool allow_writes;
	uint64_t max_frames;
	uint32_t domid;
};

/* What each exit code means here (xs-gdbstub(1) says the same). */
static const struct xs_exit_note exit_notes[] = {
	{ XS_EXIT_OK, "after a session or a save" },
	{ XS_EXIT_USAGE, NULL },
	{ XS_EXIT_TARGET, "also: the session or the save failed" },
	{ XS_EXIT_INTERRUPTED, "a live domain is unpaused first" },
};

/* The signal that ended the stub, for the closing line. */
static volatile sig_atomic_t stop_signal;
/* The listening socket, shut down by a signal: accept() then returns even
 * when the signal came just before it blocked. */
static volatile sig_atomic_t signal_listen_fd = -1;

static int set_target(void *v, const char *arg)
{
	if (strcmp(arg, "xen"))
		return xs_error(-EINVAL, "-t takes only 'xen'; use -f for a dump");
	((struct opts *)v)->target = "xen";
	return 0;
}

static int set_file(void *v, const char *arg)
{
	((struct opts *)v)->target = arg;
	return 0;
}

static int set_listen(void *v, const char *arg)
{
	((struct opts *)v)->listen = arg;
	return 0;
}

static int set_unix(void *v, const char *arg)
{
	((struct opts *)v)->unix_path = arg;
	return 0;
}

static int set_save(void *v, const char *arg)
{
	((struct opts *)v)->save = arg;
	return 0;
}

static int set_max_frames(void *v, const char *arg)
{
	struct opts *o = v;

	if (xs_parse_u64(arg, &o->max_frames) || !o->max_frames)
		return xs_error(-EINVAL, "bad --max-frames '%s'", arg);
	return 0;
}

static int set_journal(void *v, const char *arg)
{
	((struct opts *)v)->journal = arg;
	return 0;
}

static int set_break_insn(void *v, const char *arg)
{
	struct xs_gdb_bps probe;

	/* The library knows the names; the session applies it later. */
	xs_gdb_bps_init(&probe, 0, NULL);
	if (xs_gdb_bps_set_insn(&probe, arg))
		return -EINVAL;
	((struct opts *)v)->break_insn = arg;
	return 0;
}

static int set_help(void *v, const char *arg);

static const struct xs_cli_option options[] = {
	{ "target", 't', "TARGET", set_target, 0, "'xen' (default): the live domain" },
	{ "file", 'f', "DUMP", set_file, 0, "serve a guest dump (--save-dump, xl dump-core)" },
	{ "listen", 0, "HOST:PORT", set_listen, 0, "TCP address to serve (127.0.0.1:1234)" },
	{ "unix", 0, "PATH", set_unix, 0, "serve on a unix socket instead" },
	{ "stdio", 0, NULL, XS_CLI_FLAG(struct opts, stdio), "one session on stdin/stdout" },
	{ "once", 0, NULL, XS_CLI_FLAG(struct opts, once), "exit after the first session" },
	{ "allow-writes", 0, NULL, XS_CLI_FLAG(struct opts, allow_writes),
	  "let gdb write memory and registers" },
	{ "save-dump", 0, "FILE", set_save, 0, "save the domain as a guest dump, no server" },
	{ "max-frames", 0, "N", set_max_frames, 0, "--save-dump frame limit (65536)" },
	{ "break-insn", 0, "INSN", set_break_insn, 0,
	  "'int3' (default) or 'icebp': the byte a breakpoint plants" },
	{ "journal", 0, "FILE", set_journal, 0,
	  "planted int3s and pauses (/run/xs-gdbstub/domDOMID.journal)" },
	{ "recover", 0, NULL, XS_CLI_FLAG(struct opts, recover),
	  "undo what a killed stub left (its journal), then exit" },
	{ "help", 'h', NULL, set_help, 0, "this text" },
};

static const char synopsis[] =
	"forms:\n"
	"       xs-gdbstub [-t xen | -f DUMP] [--listen HOST:PORT | --unix PATH | --stdio]\n"
	"                  [--once] [--allow-writes] [--break-insn int3|icebp]\n"
	"                  [--journal FILE] DOMID\n"
	"       xs-gdbstub [-t xen | -f DUMP] --save-dump FILE [--max-frames N] DOMID\n"
	"       xs-gdbstub --recover [--journal FILE] DOMID\n"
	"\n"
	"What each mode needs:\n"
	"  reading (registers, memory; any dump, any live domain): libxenctrl and\n"
	"    privcmd in dom0 for a live one\n"
	"  break, hbreak, watch, rwatch, awatch, stepi, Ctrl-C on a live 64-bit PV or\n"
	"    HVM/PVH domain: the hypervisor's debugger intercepts (XEN_DOMCTL_setdebugging:\n"
	"    int3 and #DB in the guest kernel pause the domain) and vCPU contexts\n"
	"    (XEN_DOMCTL_setvcpucontext); no vm_event.  The pause on a trap needs a\n"
	"    hypervisor built with CONFIG_GDBSX (Xen's default): without it a trap\n"
	"    never stops the domain, and only Ctrl-C does.  HVM/PVH int3 breakpoints\n"
	"    need a CPU that raises int3 through the #BP intercept; QEMU's software\n"
	"    CPU does not (the guest takes the int3, see xs-gdbstub(1)): there, plant\n"
	"    ICEBP with --break-insn icebp, which Xen always intercepts.  hbreak and\n"
	"    watch on HVM/PVH under QEMU need QEMU 9.1 or later.\n"
	"    Breakpoints need no --allow-writes: every int3 is put back on detach,\n"
	"    kill, Ctrl-C, SIGTERM, and after a crash by the next stub or --recover\n"
	"    (the journal, default /run/xs-gdbstub/domDOMID.journal).  A step runs\n"
	"    the whole domain; a guest's own int3 stops it while gdb is attached.\n"
	"  memory and register writes (M, X, G, P): --allow-writes\n";

static int set_help(void *v, const char *arg)
{
	return xs_cli_help("DOMID", options, XS_ARRAY_SIZE(options), exit_notes,
			   XS_ARRAY_SIZE(exit_notes), synopsis);
}

static void usage(FILE *f)
{
	fprintf(f, "usage: xs-gdbstub [OPTIONS] DOMID\n%s", synopsis);
	xs_cli_usage(f, options, XS_ARRAY_SIZE(options));
	xs_exit_usage(f, exit_notes, XS_ARRAY_SIZE(exit_notes));
}

static int parse_opts(int argc, char **argv, struct opts *o)
{
	uint64_t v;
	int first, err;

	*o = (struct opts){ .target = "xen", .listen = "127.0.0.1:1234",
			    .max_frames = DEFAULT_MAX_FRAMES };
	err = xs_cli_parse(argc, argv, options, XS_ARRAY_SIZE(options), o, &first);
	if (err)
		return err;
	if (first != argc - 1) {
		usage(stderr);
		return -EINVAL;
	}
	if (xs_parse_u64(argv[first], &v) || v >= 0x7ff0)
		return xs_error(-EINVAL, "bad domain id '%s'", argv[first]);
	o->domid = (uint32_t)v;
	if (!o->journal)
		o->journal = xs_gdb_journal_path(o->domid);
	if (o->recover && (strcmp(o->target, "xen") || o->save))
		return xs_error(-EINVAL, "--recover works on a live domain only");
	return 0;
}

static int open_target(const struct opts *o, struct xs_gdb_target **t)
{
	if (!strcmp(o->target, "xen"))
		return xs_gdb_live_open(o->domid, o->allow_writes, t);
	return xs_gdb_dump_open(o->target, o->domid, t);
}

static void on_signal(int sig)
{
	stop_signal = sig;
	xs_gdb_session_stop();
	if (signal_listen_fd >= 0)
		shutdown(signal_listen_fd, SHUT_RDWR);
}

/*
 * SIGTERM, SIGINT and SIGHUP end the session and the stub cleanly: no
 * SA_RESTART, so a blocking accept() or poll() returns.  In --stdio mode a
 * signal the parent set to be ignored stays ignored: gdb starts such a stub
 * with SIGINT ignored so that Ctrl-C reaches the guest, not the stub.  A
 * listening stub is a server of its own and always takes them.
 */
static void catch_signals(bool keep_ignored)
{
	static const int sigs[] = { SIGTERM, SIGINT, SIGHUP };
	struct sigaction sa = { .sa_handler = on_signal }, old;

	sigemptyset(&sa.sa_mask);
	for (size_t i = 0; i < XS_ARRAY_SIZE(sigs); i++)
		if (!keep_ignored || (!sigaction(sigs[i], NULL, &old) && old.sa_handler != SIG_IGN))
			sigaction(sigs[i], &sa, NULL);
}

/* One session on @fd: the domain paused while gdb looks, running otherwise. */
static int session(struct xs_gdb_server *s, int in_fd, int out_fd, int listen_fd)
{
	struct xs_gdb_target *t = s->t;
	int one = 1, err;

	setsockopt(in_fd, IPPROTO_TCP, TCP_NODELAY, &one, sizeof(one));
	xs_gdb_server_reset(s);
	err = xs_gdb_hold(&s->bps, t);
	if (err)
		return xs_error(err, "cannot pause domain %u: %s", t->domid, strerror(-err));
	err = xs_gdb_session_run(s, in_fd, out_fd, listen_fd);
	/* Detached, killed or dropped: the guest runs on until the next gdb. */
	xs_gdb_release(&s->bps, t);
	return err;
}

static int serve(const struct opts *o, struct xs_gdb_target *t)
{
	struct xs_gdb_server s;
	int lfd, err = 0;

	xs_gdb_server_init(&s, t, o->allow_writes);
	if (o->break_insn)
		xs_gdb_bps_set_insn(&s.bps, o->break_insn);
	s.audit_spec = o->target;
	if (xs_gdb_server_can_run(&s))
		s.bps.journal = o->journal;
	/* Before any pause: a signal must never leave the domain paused. */
	catch_signals(o->stdio);
	if (o->stdio)
		return session(&s, 0, 1, -1);
	lfd = gdbstub_listen(o->listen, o->unix_path);
	if (lfd < 0)
		return lfd;
	signal_listen_fd = lfd;
	while (!err && !xs_gdb_session_stopping()) {
		int fd = accept(lfd, NULL, NULL);

		if (fd < 0) {
			if (errno != EINTR && !xs_gdb_session_stopping())
				err = xs_error(-errno, "accept: %s", strerror(errno));
			continue;
		}
		err = session(&s, fd, fd, lfd);
		close(fd);
		if (o->once)
			break;
	}
	signal_listen_fd = -1;
	close(lfd);
	gdbstub_listen_cleanup();
	return err;
}

int main(int argc, char **argv)
{
	struct xs_gdb_target *t;
	struct opts o;
	int err;

	xs_set_prog("xs-gdbstub");
	err = parse_opts(argc, argv, &o);
	if (err)
		return err == XS_CLI_DONE ? XS_EXIT_OK : XS_EXIT_USAGE;
	/* gdb hanging up must end the session, not kill us before we unpause. */
	signal(SIGPIPE, SIG_IGN);
	err = open_target(&o, &t);
	if (err)
		return XS_EXIT_TARGET;
	/* What a killed stub left behind goes first: its int3s, its pause. */
	if (!strcmp(o.target, "xen") && t->ops->write_code) {
		int r = xs_gdb_journal_recover(o.journal, t);

		if (o.recover) {
			if (r == 0)
				xs_warn("no journal %s: nothing to recover", o.journal);
			xs_gdb_target_close(t);
			return r < 0 ? XS_EXIT_TARGET : XS_EXIT_OK;
		}
		if (r < 0) {
			xs_gdb_target_close(t);
			return XS_EXIT_TARGET;
		}
	} else if (o.recover) {
		xs_error(-EOPNOTSUPP, "domain %u cannot be changed: nothing to recover", o.domid);
		xs_gdb_target_close(t);
		return XS_EXIT_TARGET;
	}
	/* A debugger looks at a stopped guest; close() undoes exactly our pause. */
	if (o.save) {
		err = t->ops->pause ? t->ops->pause(t) : 0;
		if (err)
			xs_error(err, "cannot pause domain %u: %s", o.domid, strerror(-err));
		else
			err = xs_gdb_dump_save(t, o.save, o.max_frames);
	} else {
		err = serve(&o, t);
	}
	xs_gdb_target_close(t);
	if (stop_signal) {
		xs_error(-EINTR, "interrupted by %s%s", strsignal(stop_signal),
			 strcmp(o.target, "xen") ? "" : "; the domain runs on");
		return XS_EXIT_INTERRUPTED;
	}
	return err ? XS_EXIT_TARGET : XS_EXIT_OK;
}
