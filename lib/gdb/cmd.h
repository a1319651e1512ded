/* SPDX-License-Identifier: MIT */
/*
 * Inside the GDB stub's command layer: the parsed arguments every handler
 * gets, the reply helpers and the handlers of each file, so that the one
 * table in commands.c can name them all.
 */
#ifndef XS_GDB_CMD_H
#define XS_GDB_CMD_H

#include "xenscope/core/buf.h"
#include "xenscope/gdb/server.h"

struct args {
	const char *rest; /* after the name */
	size_t rest_len;
	uint64_t addr, len; /* ARGS_ADDR_LEN; ARGS_HEX puts its number in addr */
	const char *data;   /* after ':' for ARGS_ADDR_LEN, else NULL */
	size_t data_len;
};

typedef enum xs_gdb_action cmd_fn(struct xs_gdb_server *s, const struct args *a,
				  struct xs_buf *reply);

/*
 * An error reply: "E.text" when gdb said error-message+, else "Exx" with
 * xx the errno.  @fmt may be NULL (strerror then).
 */
enum xs_gdb_action xs_gdb_error(struct xs_gdb_server *s, struct xs_buf *reply, int err,
				const char *fmt, ...) XS_PRINTF(4, 5);
enum xs_gdb_action xs_gdb_ok(struct xs_buf *reply);
/* "Tss" with the thread and the reason (s->stop_why) of the last stop. */
void xs_gdb_stop_reply(struct xs_gdb_server *s, struct xs_buf *reply, int signo);
/* gdb thread ids are vCPU + 1 (0 and -1 mean "any" and "all"). */
static inline unsigned int xs_gdb_thread_id(unsigned int vcpu)
{
	return vcpu + 1;
}

/* query.c: q and Q packets */
cmd_fn xs_gdb_cmd_supported, xs_gdb_cmd_xfer_features, xs_gdb_cmd_xfer_threads,
	xs_gdb_cmd_first_thread, xs_gdb_cmd_next_thread, xs_gdb_cmd_current_thread,
	xs_gdb_cmd_extra_info, xs_gdb_cmd_attached, xs_gdb_cmd_symbol, xs_gdb_cmd_no_ack,
	xs_gdb_cmd_search;
/* run.c: stopping, resuming and leaving */
cmd_fn xs_gdb_cmd_stop_reason, xs_gdb_cmd_set_thread, xs_gdb_cmd_thread_alive,
	xs_gdb_cmd_vcont_query, xs_gdb_cmd_vcont, xs_gdb_cmd_continue, xs_gdb_cmd_step,
	xs_gdb_cmd_detach, xs_gdb_cmd_kill;
/* exec.c: breakpoints and watchpoints */
cmd_fn xs_gdb_cmd_insert, xs_gdb_cmd_remove;
/* Resume the domain (c, s, vCont): @step single-steps @vcpu (-1: the stopped one). */
enum xs_gdb_action xs_gdb_exec_resume(struct xs_gdb_server *s, bool step, int vcpu,
				      struct xs_buf *reply);
/* monitor.c: qRcmd */
cmd_fn xs_gdb_cmd_monitor;

/* Read @len bytes of guest memory as the session sees it (virtual through
 * the g vCPU's page tables, or physical after "monitor phys on"). */
long xs_gdb_session_read(struct xs_gdb_server *s, uint64_t addr, void *buf, size_t len);

#endif
