// SPDX-License-Identifier: MIT
/*
 * xs-gdbstub: serve one gdb connection for a live domain or a guest dump.
 * Everything but option parsing and the socket lives in lib/gdb-*.c.
 */
#include <errno.h>
#include <getopt.h>
#include <netdb.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <unistd.h>

#include "xenscope/core/cli.h"
#include "xenscope/core/exit.h"
#include "xenscope/gdb/server.h"

/* The default dump limit: 256 MiB of guest frames. */
#define DEFAULT_MAX_FRAMES 65536

struct opts {
	const char *target; /* "xen" or a dump file */
	const char *listen; /* HOST:PORT */
	const char *save;
	bool stdio;
	bool allow_writes;
	uint64_t max_frames;
	uint32_t domid;
};

/* What each exit code means here (xs-gdbstub(1) says the same). */
static const struct xs_exit_note exit_notes[] = {
	{ XS_EXIT_OK, "after a session or a save" },
	{ XS_EXIT_USAGE, NULL },
	{ XS_EXIT_TARGET, "also: the session or the save failed" },
};

static void usage(FILE *f)
{
	fprintf(f,
		"usage: xs-gdbstub [-t xen | -f DUMP] [--listen HOST:PORT | --stdio]\n"
		"                  [--allow-writes] DOMID\n"
		"       xs-gdbstub [-t xen | -f DUMP] --save-dump FILE [--max-frames N] DOMID\n");
	xs_exit_usage(f, exit_notes, XS_ARRAY_SIZE(exit_notes));
}

static int parse_opts(int argc, char **argv, struct opts *o)
{
	static const struct option longopts[] = {
		{ "target", required_argument, NULL, 't' },
		{ "file", required_argument, NULL, 'f' },
		{ "listen", required_argument, NULL, 'l' },
		{ "stdio", no_argument, NULL, 's' },
		{ "allow-writes", no_argument, NULL, 'w' },
		{ "save-dump", required_argument, NULL, 'S' },
		{ "max-frames", required_argument, NULL, 'm' },
		{ "help", no_argument, NULL, 'h' },
		{ 0 },
	};
	uint64_t v;
	int c;

	*o = (struct opts){ .target = "xen",
			    .listen = "127.0.0.1:1234",
			    .max_frames = DEFAULT_MAX_FRAMES };
	while ((c = getopt_long(argc, argv, "t:f:h", longopts, NULL)) != -1) {
		switch (c) {
		case 't':
			if (strcmp(optarg, "xen"))
				return xs_error(-EINVAL, "-t takes only 'xen'; use -f for a dump");
			o->target = "xen";
			break;
		case 'f':
			o->target = optarg;
			break;
		case 'l':
			o->listen = optarg;
			break;
		case 's':
			o->stdio = true;
			break;
		case 'w':
			o->allow_writes = true;
			break;
		case 'S':
			o->save = optarg;
			break;
		case 'm':
			if (xs_parse_u64(optarg, &o->max_frames) || !o->max_frames)
				return xs_error(-EINVAL, "bad --max-frames '%s'", optarg);
			break;
		case 'h':
			usage(stdout);
			return XS_CLI_DONE;
		default:
			usage(stderr);
			return -EINVAL;
		}
	}
	if (optind != argc - 1) {
		usage(stderr);
		return -EINVAL;
	}
	if (xs_parse_u64(argv[optind], &v) || v >= 0x7ff0)
		return xs_error(-EINVAL, "bad domain id '%s'", argv[optind]);
	o->domid = (uint32_t)v;
	return 0;
}

/* Listen on HOST:PORT (127.0.0.1 unless told otherwise) and accept one connection. */
static int accept_one(const char *spec)
{
	struct addrinfo hints = { .ai_family = AF_UNSPEC,
				  .ai_socktype = SOCK_STREAM,
				  .ai_flags = AI_PASSIVE };
	struct addrinfo *ai;
	char host[256], port[32];
	const char *colon = strrchr(spec, ':');
	int fd, conn, one = 1, rc;

	if (!colon || colon == spec || (size_t)(colon - spec) >= sizeof(host) ||
	    strlen(colon + 1) >= sizeof(port) || !colon[1])
		return xs_error(-EINVAL, "--listen wants HOST:PORT, not '%s'", spec);
	memcpy(host, spec, (size_t)(colon - spec));
	host[colon - spec] = '\0';
	strcpy(port, colon + 1);
	rc = getaddrinfo(host, port, &hints, &ai);
	if (rc)
		return xs_error(-EINVAL, "cannot listen on %s: %s", spec, gai_strerror(rc));
	fd = socket(ai->ai_family, ai->ai_socktype, ai->ai_protocol);
	if (fd < 0) {
		conn = xs_error(-errno, "socket: %s", strerror(errno));
		goto out_free_ai;
	}
	setsockopt(fd, SOL_SOCKET, SO_REUSEADDR, &one, sizeof(one));
	if (bind(fd, ai->ai_addr, ai->ai_addrlen) || listen(fd, 1)) {
		conn = xs_error(-errno, "cannot listen on %s: %s", spec, strerror(errno));
		goto out_close_fd;
	}
	fprintf(stderr, "xs-gdbstub: listening on %s\n", spec);
	conn = accept(fd, NULL, NULL);
	if (conn < 0)
		conn = xs_error(-errno, "accept: %s", strerror(errno));
out_close_fd:
	close(fd);
out_free_ai:
	freeaddrinfo(ai);
	return conn;
}

static int open_target(const struct opts *o, struct xs_gdb_target **t)
{
	if (!strcmp(o->target, "xen"))
		return xs_gdb_live_open(o->domid, o->allow_writes, t);
	return xs_gdb_dump_open(o->target, o->domid, t);
}

static int serve(const struct opts *o, struct xs_gdb_target *t)
{
	struct xs_gdb_server s;
	int fd, err;

	xs_gdb_server_init(&s, t, o->allow_writes);
	if (o->stdio)
		return xs_gdb_session_run(&s, 0, 1);
	fd = accept_one(o->listen);
	if (fd < 0)
		return fd;
	err = xs_gdb_session_run(&s, fd, fd);
	close(fd);
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
	/* A debugger looks at a stopped guest; close() undoes exactly this pause. */
	if (t->ops->pause)
		err = t->ops->pause(t);
	if (err)
		xs_error(err, "cannot pause domain %u: %s", o.domid, strerror(-err));
	else if (o.save)
		err = xs_gdb_dump_save(t, o.save, o.max_frames);
	else
		err = serve(&o, t);
	xs_gdb_target_close(t);
	return err ? XS_EXIT_TARGET : XS_EXIT_OK;
}
