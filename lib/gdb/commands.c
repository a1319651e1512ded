// SPDX-License-Identifier: MIT
/*
 * The GDB stub's commands: a table of packet names with a small argument
 * schema each, not a chain of string compares.  Handlers append the reply
 * payload; an argument error never reaches the target.  This file holds the
 * table, the dispatcher and the register and memory packets; query.c the q
 * packets, run.c execution control, monitor.c qRcmd.
 *
 * Default read-only: nothing that changes guest state (memory or register
 * writes, resuming at another address) runs unless the user started the
 * stub with --allow-writes, and a dump never changes.
 */
#include <errno.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "xenscope/gdb/packet.h"
#include "xenscope/gdb/server.h"

#include "gdb/cmd.h"

/* The largest 'm' we answer: its hex fills one packet, as gdb computes it. */
#define MAX_MEM_READ (XS_GDB_PACKET_MAX / 2)
/* The largest 'x': binary, so a packet's worth (escapes may make it longer on the wire). */
#define MAX_BIN_READ XS_GDB_PACKET_MAX

/* How a command's name matches the packet. */
enum match {
	EXACT,	/* the whole packet */
	PREFIX, /* the packet starts with the name; the rest are arguments */
};

/* Argument schemas the table can ask the dispatcher to parse first. */
enum schema {
	ARGS_NONE, /* handler parses (or ignores) the rest itself */
	ARGS_ADDR_LEN, /* "ADDR,LEN" then optionally ":DATA" (m, x, M, X) */
	ARGS_HEX, /* one hex number (p, T) */
};

struct command {
	const char *name;
	enum match match;
	enum schema schema;
	cmd_fn *fn;
};

enum xs_gdb_action xs_gdb_error(struct xs_gdb_server *s, struct xs_buf *reply, int err,
				const char *fmt, ...)
{
	va_list ap;
	char text[256];

	xs_buf_reset(reply);
	if (!s->error_message) {
		xs_buf_addf(reply, "E%02x", (unsigned int)(-err) & 0xff);
		return XS_GDB_REPLY;
	}
	if (fmt) {
		va_start(ap, fmt);
		vsnprintf(text, sizeof(text), fmt, ap);
		va_end(ap);
	} else {
		snprintf(text, sizeof(text), "%s", strerror(-err));
	}
	xs_buf_addf(reply, "E.%s", text);
	return XS_GDB_REPLY;
}

enum xs_gdb_action xs_gdb_ok(struct xs_buf *reply)
{
	xs_buf_addstr(reply, "OK");
	return XS_GDB_REPLY;
}

/* Whether a request that changes the guest may go ahead; the reason when not. */
static int may_write(struct xs_gdb_server *s, struct xs_buf *reply)
{
	if (!s->t->ops->write_frame) {
		xs_gdb_error(s, reply, -EROFS,
			     s->t->ops->pause ? "writes need xs-gdbstub --allow-writes"
					      : "a dump is read-only");
		return -EROFS;
	}
	if (!s->allow_writes) {
		xs_gdb_error(s, reply, -EPERM, "writes need xs-gdbstub --allow-writes");
		return -EPERM;
	}
	return 0;
}

static enum xs_gdb_action cmd_read_regs(struct xs_gdb_server *s, const struct args *a,
					struct xs_buf *reply)
{
	struct xs_gdb_regs r;
	int err = s->t->ops->read_regs(s->t, s->g_vcpu, &r);

	if (!err)
		err = xs_gdb_regs_hex(&r, reply);
	return err ? xs_gdb_error(s, reply, err, "cannot read vCPU %u's registers: %s", s->g_vcpu,
				  strerror(-err))
		   : XS_GDB_REPLY;
}

static enum xs_gdb_action cmd_read_reg(struct xs_gdb_server *s, const struct args *a,
				       struct xs_buf *reply)
{
	struct xs_gdb_regs r;
	int err;

	if (a->addr >= xs_gdb_nr_regs())
		return xs_gdb_error(s, reply, -EINVAL, "no register %#llx",
				    (unsigned long long)a->addr);
	err = s->t->ops->read_regs(s->t, s->g_vcpu, &r);
	if (!err)
		err = xs_gdb_reg_hex(&r, a->addr, reply);
	return err ? xs_gdb_error(s, reply, err, NULL) : XS_GDB_REPLY;
}

/* G and P: a dump cannot change and live register writes are not implemented. */
static enum xs_gdb_action cmd_write_regs(struct xs_gdb_server *s, const struct args *a,
					 struct xs_buf *reply)
{
	if (may_write(s, reply))
		return XS_GDB_REPLY;
	return xs_gdb_error(s, reply, -EOPNOTSUPP, "register writes are not implemented");
}

long xs_gdb_session_read(struct xs_gdb_server *s, uint64_t addr, void *buf, size_t len)
{
	if (s->phys)
		return xs_gdb_read_pmem(s->t, addr, buf, len);
	return xs_gdb_read_vmem(s->t, s->g_vcpu, addr, buf, len);
}

/* Check an m/x/M/X range; 0, or the error reply is built. */
static int check_range(struct xs_gdb_server *s, const struct args *a, uint64_t max,
		       struct xs_buf *reply)
{
	unsigned long long addr = a->addr, len = a->len;

	if (len > max) {
		xs_gdb_error(s, reply, -E2BIG, "at most %llu bytes per packet",
			     (unsigned long long)max);
		return -E2BIG;
	}
	if (addr + len < addr) {
		xs_gdb_error(s, reply, -EINVAL, "range %#llx+%#llx wraps around", addr, len);
		return -EINVAL;
	}
	if (!s->phys && !xs_gdb_canonical(addr)) {
		xs_gdb_error(s, reply, -EFAULT, "non-canonical address %#llx", addr);
		return -EFAULT;
	}
	return 0;
}

/* m (hex) and x (binary, "b" in front) reads. */
static enum xs_gdb_action read_mem(struct xs_gdb_server *s, const struct args *a, bool binary,
				   struct xs_buf *reply)
{
	uint8_t *buf;
	long n;
	int err;

	if (a->data || (a->len == 0 && !binary))
		return xs_gdb_error(s, reply, -EINVAL, "a read takes ADDR,LEN");
	if (check_range(s, a, binary ? MAX_BIN_READ : MAX_MEM_READ, reply))
		return XS_GDB_REPLY;
	if (a->len == 0) /* "x addr,0" probes for x support */
		return xs_gdb_ok(reply);
	buf = malloc((size_t)a->len);
	if (!buf)
		return xs_gdb_error(s, reply, -ENOMEM, NULL);
	n = xs_gdb_session_read(s, a->addr, buf, (size_t)a->len);
	if (n <= 0) {
		free(buf);
		return xs_gdb_error(s, reply, n < 0 ? (int)n : -EFAULT, "cannot read %#llx",
				    (unsigned long long)a->addr);
	}
	err = binary ? xs_buf_add(reply, "b", 1) || xs_buf_add(reply, buf, (size_t)n)
		     : xs_gdb_add_hex(reply, buf, (size_t)n);
	free(buf);
	return err ? xs_gdb_error(s, reply, -ENOMEM, NULL) : XS_GDB_REPLY;
}

static enum xs_gdb_action cmd_read_mem(struct xs_gdb_server *s, const struct args *a,
				       struct xs_buf *reply)
{
	return read_mem(s, a, false, reply);
}

static enum xs_gdb_action cmd_read_mem_bin(struct xs_gdb_server *s, const struct args *a,
					   struct xs_buf *reply)
{
	return read_mem(s, a, true, reply);
}

static enum xs_gdb_action write_mem(struct xs_gdb_server *s, const struct args *a,
				    const uint8_t *data, struct xs_buf *reply)
{
	int err;

	if (check_range(s, a, XS_GDB_PACKET_MAX, reply))
		return XS_GDB_REPLY;
	err = s->phys ? xs_gdb_write_pmem(s->t, a->addr, data, (size_t)a->len)
		      : xs_gdb_write_vmem(s->t, s->g_vcpu, a->addr, data, (size_t)a->len);
	if (err)
		return xs_gdb_error(s, reply, err, "cannot write %#llx: %s",
				    (unsigned long long)a->addr, strerror(-err));
	return xs_gdb_ok(reply);
}

static enum xs_gdb_action cmd_write_mem_hex(struct xs_gdb_server *s, const struct args *a,
					    struct xs_buf *reply)
{
	enum xs_gdb_action act;
	uint8_t *buf;

	if (may_write(s, reply))
		return XS_GDB_REPLY;
	if (!a->data || a->len > XS_GDB_PACKET_MAX / 2 || a->data_len != 2 * a->len)
		return xs_gdb_error(s, reply, -EINVAL, "M wants ADDR,LEN:HEX with 2*LEN digits");
	buf = malloc(a->len + 1);
	if (!buf)
		return xs_gdb_error(s, reply, -ENOMEM, NULL);
	if (xs_gdb_unhex(a->data, (size_t)a->len, buf))
		act = xs_gdb_error(s, reply, -EINVAL, "bad hex digit");
	else
		act = write_mem(s, a, buf, reply);
	free(buf);
	return act;
}

static enum xs_gdb_action cmd_write_mem_bin(struct xs_gdb_server *s, const struct args *a,
					    struct xs_buf *reply)
{
	if (may_write(s, reply))
		return XS_GDB_REPLY;
	if (!a->data || a->data_len != a->len)
		return xs_gdb_error(s, reply, -EINVAL, "X wants ADDR,LEN:DATA with LEN bytes");
	/* "X addr,0:" is gdb's probe for X support: answer OK. */
	if (a->len == 0)
		return xs_gdb_ok(reply);
	return write_mem(s, a, (const uint8_t *)a->data, reply);
}

/* Longer names first where one is a prefix of another (qXfer before q...). */
static const struct command commands[] = {
	{ "?", EXACT, ARGS_NONE, xs_gdb_cmd_stop_reason },
	{ "g", EXACT, ARGS_NONE, cmd_read_regs },
	{ "G", PREFIX, ARGS_NONE, cmd_write_regs },
	{ "p", PREFIX, ARGS_HEX, cmd_read_reg },
	{ "P", PREFIX, ARGS_NONE, cmd_write_regs },
	{ "m", PREFIX, ARGS_ADDR_LEN, cmd_read_mem },
	{ "x", PREFIX, ARGS_ADDR_LEN, cmd_read_mem_bin },
	{ "M", PREFIX, ARGS_ADDR_LEN, cmd_write_mem_hex },
	{ "X", PREFIX, ARGS_ADDR_LEN, cmd_write_mem_bin },
	{ "qSupported", PREFIX, ARGS_NONE, xs_gdb_cmd_supported },
	{ "qXfer:features:read:", PREFIX, ARGS_NONE, xs_gdb_cmd_xfer_features },
	{ "qXfer:threads:read:", PREFIX, ARGS_NONE, xs_gdb_cmd_xfer_threads },
	{ "qfThreadInfo", EXACT, ARGS_NONE, xs_gdb_cmd_first_thread },
	{ "qsThreadInfo", EXACT, ARGS_NONE, xs_gdb_cmd_next_thread },
	{ "qThreadExtraInfo,", PREFIX, ARGS_HEX, xs_gdb_cmd_extra_info },
	{ "qC", EXACT, ARGS_NONE, xs_gdb_cmd_current_thread },
	{ "qAttached", PREFIX, ARGS_NONE, xs_gdb_cmd_attached },
	{ "qSymbol:", PREFIX, ARGS_NONE, xs_gdb_cmd_symbol },
	{ "qSearch:memory:", PREFIX, ARGS_NONE, xs_gdb_cmd_search },
	{ "qRcmd,", PREFIX, ARGS_NONE, xs_gdb_cmd_monitor },
	{ "QStartNoAckMode", EXACT, ARGS_NONE, xs_gdb_cmd_no_ack },
	{ "H", PREFIX, ARGS_NONE, xs_gdb_cmd_set_thread },
	{ "T", PREFIX, ARGS_HEX, xs_gdb_cmd_thread_alive },
	{ "vCont?", EXACT, ARGS_NONE, xs_gdb_cmd_vcont_query },
	{ "vCont;", PREFIX, ARGS_NONE, xs_gdb_cmd_vcont },
	{ "c", PREFIX, ARGS_NONE, xs_gdb_cmd_continue },
	{ "C", PREFIX, ARGS_NONE, xs_gdb_cmd_continue },
	{ "s", PREFIX, ARGS_NONE, xs_gdb_cmd_step },
	{ "S", PREFIX, ARGS_NONE, xs_gdb_cmd_step },
	{ "Z", PREFIX, ARGS_NONE, xs_gdb_cmd_insert },
	{ "z", PREFIX, ARGS_NONE, xs_gdb_cmd_remove },
	{ "D", PREFIX, ARGS_NONE, xs_gdb_cmd_detach },
	{ "k", EXACT, ARGS_NONE, xs_gdb_cmd_kill },
};

/* "ADDR,LEN" optionally followed by ":DATA" (which may hold any byte). */
static int parse_addr_len(struct args *a)
{
	const char *p = a->rest, *end = a->rest + a->rest_len;

	if (xs_gdb_parse_hex(&p, &a->addr) || *p++ != ',' || xs_gdb_parse_hex(&p, &a->len))
		return -EINVAL;
	if (p == end)
		return 0;
	if (*p != ':')
		return -EINVAL;
	a->data = p + 1;
	a->data_len = (size_t)(end - a->data);
	return 0;
}

static int parse_args(enum schema schema, struct args *a)
{
	const char *p = a->rest;

	switch (schema) {
	case ARGS_NONE:
		return 0;
	case ARGS_ADDR_LEN:
		return parse_addr_len(a);
	case ARGS_HEX:
		if (xs_gdb_parse_hex(&p, &a->addr) || p != a->rest + a->rest_len)
			return -EINVAL;
		return 0;
	}
	return -EINVAL;
}

void xs_gdb_server_init(struct xs_gdb_server *s, struct xs_gdb_target *t, bool allow_writes)
{
	memset(s, 0, sizeof(*s));
	s->t = t;
	s->allow_writes = allow_writes;
	s->c_vcpu = -1;
	s->stop_signo = 5;
	xs_gdb_bps_init(&s->bps, t->domid, NULL);
}

void xs_gdb_server_reset(struct xs_gdb_server *s)
{
	const char *audit_spec = s->audit_spec, *journal = s->bps.journal;
	uint8_t insn = s->bps.insn; /* --break-insn holds for every session */

	xs_gdb_server_init(s, s->t, s->allow_writes);
	s->audit_spec = audit_spec;
	s->bps.journal = journal;
	s->bps.insn = insn;
}

enum xs_gdb_action xs_gdb_server_handle(struct xs_gdb_server *s, const char *pkt, size_t len,
					struct xs_buf *reply)
{
	for (size_t i = 0; i < XS_ARRAY_SIZE(commands); i++) {
		const struct command *c = &commands[i];
		size_t n = strlen(c->name);
		struct args a = { 0 };

		if (c->match == EXACT ? len != n || memcmp(pkt, c->name, n)
				      : len < n || memcmp(pkt, c->name, n))
			continue;
		a.rest = pkt + n;
		a.rest_len = len - n;
		if (parse_args(c->schema, &a))
			return xs_gdb_error(s, reply, -EINVAL, "cannot parse the arguments of %s",
					    c->name);
		return c->fn(s, &a, reply);
	}
	return XS_GDB_REPLY; /* empty: "not supported", as the protocol asks */
}
