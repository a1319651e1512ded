/* SPDX-License-Identifier: MIT */
/*
 * The GDB stub's command layer: one packet in, one reply out, through a
 * table of commands (lib/gdb/commands.c), and the loop that runs it over a
 * pair of file descriptors (lib/gdb/session.c).
 *
 * Error replies are "Exx" with xx the errno in hex: E01 EPERM (writes not
 * allowed), E07 E2BIG, E0e EFAULT (unmapped memory), E16 EINVAL (bad
 * arguments), E1e EROFS (a dump cannot change); "E.reason" instead when
 * gdb announced error-message+ in qSupported.
 */
#ifndef XENSCOPE_GDB_SERVER_H
#define XENSCOPE_GDB_SERVER_H

#include <stdbool.h>
#include <stddef.h>

#include "xenscope/core/buf.h"
#include "xenscope/gdb/bp.h"
#include "xenscope/gdb/target.h"

struct xs_gdb_server {
	struct xs_gdb_target *t;
	/* Where "monitor refs/p2m" find page records: "xen" or a snapshot; NULL: none. */
	const char *audit_spec;
	bool allow_writes; /* M, X, G, P: only when the user asked (--allow-writes) */
	bool no_ack;	   /* QStartNoAckMode accepted */
	bool running;	   /* the domain was unpaused by c/vCont;c */
	bool detached;	   /* D or k received: end the session */
	bool error_message; /* gdb takes "E.text" error replies */
	bool phys;	    /* monitor phys on: m/x/M/X addresses are guest-physical */
	unsigned int g_vcpu; /* vCPU for g/p/m (Hg) */
	unsigned int stop_vcpu; /* the vCPU the last stop reply named */
	int c_vcpu;		/* vCPU to step (Hc, vCont;s:TID); -1: the stopped one */
	/* Execution control (lib/gdb/exec.c). */
	struct xs_gdb_bps bps;
	bool step_then_continue; /* the step running is a step over a breakpoint */
	bool lifted;		 /* a breakpoint is lifted for that step */
	int stop_signo;		 /* the last stop, for '?' */
	char stop_why[48];	 /* "swbreak:;", "watch:ADDR;", ... */
};

/* What handling a packet asks of the session loop. */
enum xs_gdb_action {
	XS_GDB_REPLY,	/* send the reply (possibly empty: "unsupported") */
	XS_GDB_NO_REPLY, /* the target runs; the stop reply comes later */
	XS_GDB_CLOSE,	/* send the reply, then end the session */
};

void xs_gdb_server_init(struct xs_gdb_server *s, struct xs_gdb_target *t, bool allow_writes);
/* Handle packet @pkt (decoded, @len bytes, NUL-terminated); append the reply payload. */
enum xs_gdb_action xs_gdb_server_handle(struct xs_gdb_server *s, const char *pkt, size_t len,
					struct xs_buf *reply);
/* gdb's Ctrl-C while running: pause and produce the stop reply. */
int xs_gdb_server_interrupt(struct xs_gdb_server *s, struct xs_buf *reply);
/*
 * While running: whether the domain stopped (a breakpoint, a step, a
 * watchpoint, an outside pause).  1 with the stop reply appended, 0 while
 * it runs on, or a negative errno.
 */
int xs_gdb_server_poll(struct xs_gdb_server *s, struct xs_buf *reply);
/* Whether the target can run under control (breakpoints, steps). */
bool xs_gdb_server_can_run(const struct xs_gdb_server *s);
/*
 * End of a session: stop a running domain, then undo every breakpoint,
 * watchpoint, trap flag and intercept.  The domain stays paused (the
 * caller releases it with xs_gdb_release).
 */
int xs_gdb_server_finish(struct xs_gdb_server *s);

/*
 * Serve one gdb connection: read from @in_fd, write to @out_fd, until gdb
 * detaches, kills or hangs up, or xs_gdb_session_stop() is called.  When
 * @busy_fd is a listening socket (else -1), connections arriving there
 * meanwhile are refused with a reason.  Returns 0 or a negative errno.
 */
int xs_gdb_session_run(struct xs_gdb_server *s, int in_fd, int out_fd, int busy_fd);
/* Async-signal-safe: make the running session end (SIGTERM, SIGINT). */
void xs_gdb_session_stop(void);
bool xs_gdb_session_stopping(void);

/* Reset what one connection negotiated, keeping the target and options. */
void xs_gdb_server_reset(struct xs_gdb_server *s);

/* The register description (target.xml) and 'g' encoding (lib/gdb/regs.c). */
/* Append the target description gdb asks for with qXfer:features:read:target.xml. */
int xs_gdb_target_xml(struct xs_buf *out);
size_t xs_gdb_nr_regs(void);
/* Append register @n of @r as gdb wants it (hex, target byte order); -ENOENT past the end. */
int xs_gdb_reg_hex(const struct xs_gdb_regs *r, size_t n, struct xs_buf *out);
/* Append every register ('g'). */
int xs_gdb_regs_hex(const struct xs_gdb_regs *r, struct xs_buf *out);
/* "running", "blocked" or "offline": what gdb shows for a vCPU's thread. */
const char *xs_gdb_vcpu_state(const struct xs_gdb_regs *r);

#endif
