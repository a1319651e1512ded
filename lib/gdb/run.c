// SPDX-License-Identifier: MIT
/*
 * The GDB stub's execution control: stop replies, thread selection,
 * resuming and leaving.  A domain runs or stops as a whole (Xen pauses
 * domains, and gdb's all-stop mode wants exactly that).
 */
#include <errno.h>
#include <string.h>

#include "xenscope/gdb/packet.h"
#include "xenscope/gdb/server.h"

#include "gdb/cmd.h"

void xs_gdb_stop_reply(struct xs_gdb_server *s, struct xs_buf *reply, int signo)
{
	xs_buf_addf(reply, "T%02xthread:%x;%s", signo, xs_gdb_thread_id(s->stop_vcpu), s->stop_why);
}

enum xs_gdb_action xs_gdb_cmd_stop_reason(struct xs_gdb_server *s, const struct args *a,
					  struct xs_buf *reply)
{
	xs_gdb_stop_reply(s, reply, s->stop_signo);
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

enum xs_gdb_action xs_gdb_cmd_set_thread(struct xs_gdb_server *s, const struct args *a,
					 struct xs_buf *reply)
{
	int vcpu;

	if ((a->rest[0] != 'g' && a->rest[0] != 'c') || parse_thread(s, a->rest + 1, &vcpu))
		return xs_gdb_error(s, reply, -EINVAL, "no such thread (%u vCPUs)", s->t->nr_vcpus);
	/* Hc names who steps; the whole domain always resumes. */
	if (a->rest[0] == 'g' && vcpu >= 0)
		s->g_vcpu = (unsigned int)vcpu;
	else if (a->rest[0] == 'c')
		s->c_vcpu = vcpu;
	return xs_gdb_ok(reply);
}

enum xs_gdb_action xs_gdb_cmd_thread_alive(struct xs_gdb_server *s, const struct args *a,
					   struct xs_buf *reply)
{
	if (a->addr == 0 || a->addr > s->t->nr_vcpus)
		return xs_gdb_error(s, reply, -ENOENT, "no thread %#llx",
				    (unsigned long long)a->addr);
	return xs_gdb_ok(reply);
}

enum xs_gdb_action xs_gdb_cmd_vcont_query(struct xs_gdb_server *s, const struct args *a,
					  struct xs_buf *reply)
{
	xs_buf_addstr(reply, "vCont;c;C;s;S;t");
	return XS_GDB_REPLY;
}

/* Resuming elsewhere (c ADDR, C SIG;ADDR) would be a register write. */
static enum xs_gdb_action resume_elsewhere(struct xs_gdb_server *s, struct xs_buf *reply)
{
	return xs_gdb_error(s, reply, -EOPNOTSUPP,
			    "resuming at another address is not implemented");
}

/* c [ADDR] and C SIG[;ADDR] */
enum xs_gdb_action xs_gdb_cmd_continue(struct xs_gdb_server *s, const struct args *a,
				       struct xs_buf *reply)
{
	if (*a->rest && (a->rest[-1] == 'c' || strchr(a->rest, ';')))
		return resume_elsewhere(s, reply);
	return xs_gdb_exec_resume(s, false, -1, reply);
}

enum xs_gdb_action xs_gdb_cmd_step(struct xs_gdb_server *s, const struct args *a,
				   struct xs_buf *reply)
{
	if (*a->rest && (a->rest[-1] == 's' || strchr(a->rest, ';')))
		return resume_elsewhere(s, reply);
	return xs_gdb_exec_resume(s, true, -1, reply);
}

/* vCont;ACTION[:TID][;ACTION[:TID]]...: the domain resumes as a whole, so
 * the first action decides; a step steps its thread (or the stopped one). */
enum xs_gdb_action xs_gdb_cmd_vcont(struct xs_gdb_server *s, const struct args *a,
				    struct xs_buf *reply)
{
	char tid[24] = "";
	int vcpu = -1, err;

	if (a->rest[1] == ':') {
		size_t n = strcspn(a->rest + 2, ";");

		if (n >= sizeof(tid) || parse_thread(s, memcpy(tid, a->rest + 2, n), &vcpu))
			return xs_gdb_error(s, reply, -EINVAL, "no such thread in vCont");
	}
	switch (a->rest[0]) {
	case 'c':
	case 'C':
		return xs_gdb_exec_resume(s, false, -1, reply);
	case 's':
	case 'S':
		return xs_gdb_exec_resume(s, true, vcpu, reply);
	case 't':
		if (s->running) {
			err = xs_gdb_server_interrupt(s, reply);
			return err ? xs_gdb_error(s, reply, err, NULL) : XS_GDB_REPLY;
		}
		xs_gdb_stop_reply(s, reply, 0);
		return XS_GDB_REPLY;
	}
	return xs_gdb_error(s, reply, -EINVAL, "unknown vCont action");
}

enum xs_gdb_action xs_gdb_cmd_detach(struct xs_gdb_server *s, const struct args *a,
				     struct xs_buf *reply)
{
	s->detached = true;
	return xs_gdb_ok(reply);
}

/* k: gdb would kill a process; a domain is never destroyed from here, only left. */
enum xs_gdb_action xs_gdb_cmd_kill(struct xs_gdb_server *s, const struct args *a,
				   struct xs_buf *reply)
{
	s->detached = true;
	return XS_GDB_CLOSE;
}
