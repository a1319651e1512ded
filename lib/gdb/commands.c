// SPDX-License-Identifier: MIT
/*
 * The GDB stub's commands: a table of packet names with a small argument
 * schema each, not a chain of string compares.  Handlers append the reply
 * payload; an argument error never reaches the target.
 *
 * Default read-only: nothing that changes guest state (memory or register
 * writes, resuming at another address) runs unless the user started the
 * stub with --allow-writes, and a dump never changes.
 */
#include <errno.h>
#include <stdlib.h>
#include <string.h>

#include "xenscope/gdb/packet.h"
#include "xenscope/gdb/server.h"

/* The largest 'm' we answer: its hex must fit in one packet. */
#define MAX_MEM_READ ((XS_GDB_PACKET_MAX - 4) / 2)

/* How a command's name matches the packet. */
enum match {
	EXACT,	/* the whole packet */
	PREFIX, /* the packet starts with the name; the rest are arguments */
};

/* Argument schemas the table can ask the dispatcher to parse first. */
enum schema {
	ARGS_NONE, /* handler parses (or ignores) the rest itself */
	ARGS_ADDR_LEN, /* "ADDR,LEN" then optionally ":DATA" (m, M, X) */
	ARGS_HEX, /* one hex number (p, T) */
};

struct args {
	const char *rest; /* after the name */
	size_t rest_len;
	uint64_t addr, len; /* ARGS_ADDR_LEN; ARGS_HEX puts its number in addr */
	const char *data;   /* after ':' for ARGS_ADDR_LEN, else NULL */
	size_t data_len;
};

struct command {
	const char *name;
	enum match match;
	enum schema schema;
	enum xs_gdb_action (*fn)(struct xs_gdb_server *s, const struct args *a,
				 struct xs_buf *reply);
};

static enum xs_gdb_action error_reply(struct xs_buf *reply, int err)
{
	xs_buf_reset(reply);
	xs_buf_addf(reply, "E%02x", (unsigned int)(-err) & 0xff);
	return XS_GDB_REPLY;
}

static enum xs_gdb_action ok_reply(struct xs_buf *reply)
{
	xs_buf_addstr(reply, "OK");
	return XS_GDB_REPLY;
}

/* gdb thread ids are vCPU + 1 (0 and -1 mean "any" and "all"). */
static unsigned int thread_id(unsigned int vcpu)
{
	return vcpu + 1;
}

static void stop_reply(struct xs_gdb_server *s, struct xs_buf *reply, int signo)
{
	xs_buf_addf(reply, "T%02xthread:%x;", signo, thread_id(s->g_vcpu));
}

/* Whether a request that changes the guest may go ahead. */
static int may_write(struct xs_gdb_server *s)
{
	if (!s->t->ops->write_frame)
		return -EROFS;
	return s->allow_writes ? 0 : -EPERM;
}

static enum xs_gdb_action cmd_stop_reason(struct xs_gdb_server *s, const struct args *a,
					  struct xs_buf *reply)
{
	stop_reply(s, reply, 5);
	return XS_GDB_REPLY;
}

static enum xs_gdb_action cmd_read_regs(struct xs_gdb_server *s, const struct args *a,
					struct xs_buf *reply)
{
	struct xs_gdb_regs r;
	int err = s->t->ops->read_regs(s->t, s->g_vcpu, &r);

	if (!err)
		err = xs_gdb_regs_hex(&r, reply);
	return err ? error_reply(reply, err) : XS_GDB_REPLY;
}

static enum xs_gdb_action cmd_read_reg(struct xs_gdb_server *s, const struct args *a,
				       struct xs_buf *reply)
{
	struct xs_gdb_regs r;
	int err;

	if (a->addr >= xs_gdb_nr_regs())
		return error_reply(reply, -EINVAL);
	err = s->t->ops->read_regs(s->t, s->g_vcpu, &r);
	if (!err)
		err = xs_gdb_reg_hex(&r, a->addr, reply);
	return err ? error_reply(reply, err) : XS_GDB_REPLY;
}

/* G and P: register writes are refused; a dump cannot change and live
 * register writes are not implemented. */
static enum xs_gdb_action cmd_write_regs(struct xs_gdb_server *s, const struct args *a,
					 struct xs_buf *reply)
{
	int err = may_write(s);

	return error_reply(reply, err ? err : -EOPNOTSUPP);
}

static enum xs_gdb_action cmd_read_mem(struct xs_gdb_server *s, const struct args *a,
				       struct xs_buf *reply)
{
	uint8_t buf[MAX_MEM_READ];
	long n;

	if (a->data || a->len == 0)
		return error_reply(reply, -EINVAL);
	if (a->len > MAX_MEM_READ)
		return error_reply(reply, -E2BIG);
	n = xs_gdb_read_vmem(s->t, s->g_vcpu, a->addr, buf, (size_t)a->len);
	if (n <= 0)
		return error_reply(reply, n < 0 ? (int)n : -EFAULT);
	return xs_gdb_add_hex(reply, buf, (size_t)n) ? error_reply(reply, -ENOMEM) : XS_GDB_REPLY;
}

static enum xs_gdb_action write_mem(struct xs_gdb_server *s, const struct args *a,
				    const uint8_t *data, struct xs_buf *reply)
{
	int err = xs_gdb_write_vmem(s->t, s->g_vcpu, a->addr, data, (size_t)a->len);

	return err ? error_reply(reply, err) : ok_reply(reply);
}

static enum xs_gdb_action cmd_write_mem_hex(struct xs_gdb_server *s, const struct args *a,
					    struct xs_buf *reply)
{
	uint8_t buf[XS_GDB_PACKET_MAX / 2];
	int err = may_write(s);

	if (err)
		return error_reply(reply, err);
	if (!a->data || a->len > sizeof(buf) || a->data_len != 2 * a->len ||
	    xs_gdb_unhex(a->data, (size_t)a->len, buf))
		return error_reply(reply, -EINVAL);
	return write_mem(s, a, buf, reply);
}

static enum xs_gdb_action cmd_write_mem_bin(struct xs_gdb_server *s, const struct args *a,
					    struct xs_buf *reply)
{
	int err = may_write(s);

	if (err)
		return error_reply(reply, err);
	/* "X addr,0:" is gdb's probe for X support: answer OK. */
	if (!a->data || a->data_len != a->len)
		return error_reply(reply, -EINVAL);
	if (a->len == 0)
		return ok_reply(reply);
	return write_mem(s, a, (const uint8_t *)a->data, reply);
}

static enum xs_gdb_action cmd_supported(struct xs_gdb_server *s, const struct args *a,
					struct xs_buf *reply)
{
	xs_buf_addf(reply, "PacketSize=%x;qXfer:features:read+;QStartNoAckMode+;vContSupported+",
		    XS_GDB_PACKET_MAX);
	return XS_GDB_REPLY;
}

/* qXfer:features:read:ANNEX:OFFSET,LENGTH */
static enum xs_gdb_action cmd_xfer_features(struct xs_gdb_server *s, const struct args *a,
					    struct xs_buf *reply)
{
	static const char annex[] = "target.xml:";
	struct xs_buf xml = XS_BUF_INIT;
	const char *p = a->rest;
	uint64_t off, len;

	if (strncmp(p, annex, strlen(annex)))
		return error_reply(reply, -ENOENT);
	p += strlen(annex);
	if (xs_gdb_parse_hex(&p, &off) || *p++ != ',' || xs_gdb_parse_hex(&p, &len) || *p)
		return error_reply(reply, -EINVAL);
	if (xs_gdb_target_xml(&xml)) {
		xs_buf_release(&xml);
		return error_reply(reply, -ENOMEM);
	}
	/* Escaping can double the size: keep each chunk within half a packet. */
	if (len > XS_GDB_PACKET_MAX / 2 - 1)
		len = XS_GDB_PACKET_MAX / 2 - 1;
	if (off >= xml.len) {
		xs_buf_addstr(reply, "l");
	} else {
		size_t n = xml.len - off < len ? xml.len - off : (size_t)len;

		xs_buf_addstr(reply, off + n >= xml.len ? "l" : "m");
		xs_buf_add(reply, xml.buf + off, n);
	}
	xs_buf_release(&xml);
	return XS_GDB_REPLY;
}

static enum xs_gdb_action cmd_first_thread(struct xs_gdb_server *s, const struct args *a,
					   struct xs_buf *reply)
{
	xs_buf_addstr(reply, "m");
	for (unsigned int v = 0; v < s->t->nr_vcpus; v++)
		xs_buf_addf(reply, "%s%x", v ? "," : "", thread_id(v));
	return XS_GDB_REPLY;
}

static enum xs_gdb_action cmd_next_thread(struct xs_gdb_server *s, const struct args *a,
					  struct xs_buf *reply)
{
	xs_buf_addstr(reply, "l"); /* everything went in the first reply */
	return XS_GDB_REPLY;
}

static enum xs_gdb_action cmd_current_thread(struct xs_gdb_server *s, const struct args *a,
					     struct xs_buf *reply)
{
	xs_buf_addf(reply, "QC%x", thread_id(s->g_vcpu));
	return XS_GDB_REPLY;
}

/* "1": gdb attached to something that existed, so quitting detaches. */
static enum xs_gdb_action cmd_attached(struct xs_gdb_server *s, const struct args *a,
				       struct xs_buf *reply)
{
	xs_buf_addstr(reply, "1");
	return XS_GDB_REPLY;
}

/* Parse a thread id: -1 (all), 0 (any) or vCPU + 1. */
static int parse_thread(struct xs_gdb_server *s, const char *p, int *vcpu)
{
	uint64_t id;

	if (!strcmp(p, "-1") || !strcmp(p, "0")) {
		*vcpu = -1;
		return 0;
	}
	if (xs_gdb_parse_hex(&p, &id) || *p || id == 0 || id > s->t->nr_vcpus)
		return -EINVAL;
	*vcpu = (int)(id - 1);
	return 0;
}

static enum xs_gdb_action cmd_set_thread(struct xs_gdb_server *s, const struct args *a,
					 struct xs_buf *reply)
{
	int vcpu;

	if ((a->rest[0] != 'g' && a->rest[0] != 'c') || parse_thread(s, a->rest + 1, &vcpu))
		return error_reply(reply, -EINVAL);
	/* Hc only names who resumes; the whole domain always does. */
	if (a->rest[0] == 'g' && vcpu >= 0)
		s->g_vcpu = (unsigned int)vcpu;
	return ok_reply(reply);
}

static enum xs_gdb_action cmd_thread_alive(struct xs_gdb_server *s, const struct args *a,
					   struct xs_buf *reply)
{
	if (a->addr == 0 || a->addr > s->t->nr_vcpus)
		return error_reply(reply, -ENOENT);
	return ok_reply(reply);
}

static enum xs_gdb_action cmd_vcont_query(struct xs_gdb_server *s, const struct args *a,
					  struct xs_buf *reply)
{
	xs_buf_addstr(reply, "vCont;c;C;s;S;t");
	return XS_GDB_REPLY;
}

/* Run the domain until gdb interrupts; a dump "stops" at once. */
static enum xs_gdb_action resume(struct xs_gdb_server *s, struct xs_buf *reply)
{
	int err;

	if (!s->t->ops->unpause) {
		stop_reply(s, reply, 5);
		return XS_GDB_REPLY;
	}
	err = s->t->ops->unpause(s->t);
	if (err)
		return error_reply(reply, err);
	s->running = true;
	return XS_GDB_NO_REPLY;
}

/*
 * Single-stepping needs the hypervisor's per-vCPU debug controls, which PV
 * guests lack: a step reports a stop without running, so gdb stays
 * consistent and nothing changes behind the user's back.
 */
static enum xs_gdb_action step(struct xs_gdb_server *s, struct xs_buf *reply)
{
	stop_reply(s, reply, 5);
	return XS_GDB_REPLY;
}

/* c [ADDR] and C SIG[;ADDR]: resuming elsewhere is a register write. */
static enum xs_gdb_action cmd_continue(struct xs_gdb_server *s, const struct args *a,
				       struct xs_buf *reply)
{
	if (*a->rest && (a->rest[-1] == 'c' || strchr(a->rest, ';')))
		return error_reply(reply, may_write(s) ? may_write(s) : -EOPNOTSUPP);
	return resume(s, reply);
}

static enum xs_gdb_action cmd_step(struct xs_gdb_server *s, const struct args *a,
				   struct xs_buf *reply)
{
	if (*a->rest && (a->rest[-1] == 's' || strchr(a->rest, ';')))
		return error_reply(reply, may_write(s) ? may_write(s) : -EOPNOTSUPP);
	return step(s, reply);
}

/* vCont;ACTION[:TID][;ACTION[:TID]]...: the domain resumes as a whole, so
 * the first action decides. */
static enum xs_gdb_action cmd_vcont(struct xs_gdb_server *s, const struct args *a,
				    struct xs_buf *reply)
{
	int err;

	switch (a->rest[0]) {
	case 'c':
	case 'C':
		return resume(s, reply);
	case 's':
	case 'S':
		return step(s, reply);
	case 't':
		if (s->t->ops->pause) {
			err = s->t->ops->pause(s->t);
			if (err)
				return error_reply(reply, err);
		}
		s->running = false;
		stop_reply(s, reply, 0);
		return XS_GDB_REPLY;
	}
	return error_reply(reply, -EINVAL);
}

static enum xs_gdb_action cmd_no_ack(struct xs_gdb_server *s, const struct args *a,
				     struct xs_buf *reply)
{
	return ok_reply(reply); /* the session switches after sending the OK */
}

static enum xs_gdb_action cmd_detach(struct xs_gdb_server *s, const struct args *a,
				     struct xs_buf *reply)
{
	s->detached = true;
	return ok_reply(reply);
}

/* k: gdb would kill a process; a domain is never destroyed from here, only left. */
static enum xs_gdb_action cmd_kill(struct xs_gdb_server *s, const struct args *a,
				   struct xs_buf *reply)
{
	s->detached = true;
	return XS_GDB_CLOSE;
}

static enum xs_gdb_action cmd_symbol(struct xs_gdb_server *s, const struct args *a,
				     struct xs_buf *reply)
{
	return ok_reply(reply); /* no symbols wanted */
}

/* Longer names first where one is a prefix of another (qXfer before q...). */
static const struct command commands[] = {
	{ "?", EXACT, ARGS_NONE, cmd_stop_reason },
	{ "g", EXACT, ARGS_NONE, cmd_read_regs },
	{ "G", PREFIX, ARGS_NONE, cmd_write_regs },
	{ "p", PREFIX, ARGS_HEX, cmd_read_reg },
	{ "P", PREFIX, ARGS_NONE, cmd_write_regs },
	{ "m", PREFIX, ARGS_ADDR_LEN, cmd_read_mem },
	{ "M", PREFIX, ARGS_ADDR_LEN, cmd_write_mem_hex },
	{ "X", PREFIX, ARGS_ADDR_LEN, cmd_write_mem_bin },
	{ "qSupported", PREFIX, ARGS_NONE, cmd_supported },
	{ "qXfer:features:read:", PREFIX, ARGS_NONE, cmd_xfer_features },
	{ "qfThreadInfo", EXACT, ARGS_NONE, cmd_first_thread },
	{ "qsThreadInfo", EXACT, ARGS_NONE, cmd_next_thread },
	{ "qC", EXACT, ARGS_NONE, cmd_current_thread },
	{ "qAttached", PREFIX, ARGS_NONE, cmd_attached },
	{ "qSymbol:", PREFIX, ARGS_NONE, cmd_symbol },
	{ "QStartNoAckMode", EXACT, ARGS_NONE, cmd_no_ack },
	{ "H", PREFIX, ARGS_NONE, cmd_set_thread },
	{ "T", PREFIX, ARGS_HEX, cmd_thread_alive },
	{ "vCont?", EXACT, ARGS_NONE, cmd_vcont_query },
	{ "vCont;", PREFIX, ARGS_NONE, cmd_vcont },
	{ "c", PREFIX, ARGS_NONE, cmd_continue },
	{ "C", PREFIX, ARGS_NONE, cmd_continue },
	{ "s", PREFIX, ARGS_NONE, cmd_step },
	{ "S", PREFIX, ARGS_NONE, cmd_step },
	{ "D", PREFIX, ARGS_NONE, cmd_detach },
	{ "k", EXACT, ARGS_NONE, cmd_kill },
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
			return error_reply(reply, -EINVAL);
		return c->fn(s, &a, reply);
	}
	return XS_GDB_REPLY; /* empty: "not supported", as the protocol asks */
}

int xs_gdb_server_interrupt(struct xs_gdb_server *s, struct xs_buf *reply)
{
	int err = 0;

	if (s->t->ops->pause)
		err = s->t->ops->pause(s->t);
	s->running = false;
	stop_reply(s, reply, 2);
	return err;
}
