// SPDX-License-Identifier: MIT
/*
 * Execution control of a live domain: Z/z packets, resuming with a step
 * over a planted breakpoint, single steps through the trap flag, and
 * telling why the domain stopped.
 *
 * The hypervisor does the trapping: with its debugger intercepts on
 * (XEN_DOMCTL_setdebugging), an int3 or #DB in the guest kernel pauses
 * the whole domain (domain_pause_for_debugger) instead of reaching the
 * guest.  We see that as the domain becoming paused while it should run,
 * take that pause as ours, and look at the vCPUs: one standing a byte past
 * a planted int3 hit it (rewound onto it, as swbreak+ promises gdb), one
 * on a planted ICEBP of an HVM/PVH guest hit that (its exit is fault-like), DR6
 * names a debug register that fired, a vCPU we set TF on finished its step.
 */
#include <errno.h>
#include <stdio.h>
#include <string.h>

#include "xenscope/gdb/packet.h"
#include "xenscope/gdb/server.h"

#include "gdb/cmd.h"

bool xs_gdb_server_can_run(const struct xs_gdb_server *s)
{
	const struct xs_gdb_target_ops *o = s->t->ops;

	return o->set_dbg && o->get_dbg && o->paused && o->unpause && o->write_code;
}

static int report(struct xs_gdb_server *s, struct xs_buf *reply, int signo, unsigned int vcpu,
		  const char *why)
{
	s->stop_signo = signo;
	s->stop_vcpu = vcpu;
	s->g_vcpu = vcpu; /* gdb looks at the thread that stopped first */
	snprintf(s->stop_why, sizeof(s->stop_why), "%s", why);
	xs_gdb_stop_reply(s, reply, signo);
	return 1;
}

/*
 * Which used debug-register slot DR6 says fired, or -1.  @watch_only after
 * a step: the CPU may flag a disabled execute slot the step passed over.
 */
static int dr6_slot(const struct xs_gdb_bps *b, uint64_t dr6, bool watch_only)
{
	for (int i = 0; i < XS_GDB_DR_SLOTS; i++)
		if ((dr6 & (1ULL << i)) && b->hw[i].used &&
		    !(watch_only && b->hw[i].type == XS_GDB_BP_HW))
			return i;
	return -1;
}

/* The stop reply for a debug-register hit in slot @i. */
static int report_hw(struct xs_gdb_server *s, struct xs_buf *reply, unsigned int vcpu, int i)
{
	static const char *const kinds[] = { [XS_GDB_BP_WRITE] = "watch",
					     [XS_GDB_BP_READ] = "rwatch",
					     [XS_GDB_BP_ACCESS] = "awatch" };
	const struct xs_gdb_hw_bp *h = &s->bps.hw[i];
	char why[48];

	if (h->type == XS_GDB_BP_HW)
		return report(s, reply, 5, vcpu, "hwbreak:;");
	snprintf(why, sizeof(why), "%s:%llx;", kinds[h->type], (unsigned long long)h->addr);
	return report(s, reply, 5, vcpu, why);
}

/* The only watchpoint set, when DR6 says nothing (-1 with none or several). */
static int only_watch(const struct xs_gdb_bps *b)
{
	int found = -1;

	for (int i = 0; i < XS_GDB_DR_SLOTS; i++) {
		if (!b->hw[i].used || b->hw[i].type == XS_GDB_BP_HW)
			continue;
		if (found >= 0)
			return -1;
		found = i;
	}
	return found;
}

/*
 * Why vCPU @v stopped, from its registers: 1 with the reply built, 0 for
 * no reason of ours.  A vCPU past one of our int3s is moved back onto it.
 */
static int vcpu_cause(struct xs_gdb_server *s, unsigned int v, struct xs_buf *reply)
{
	struct xs_gdb_target *t = s->t;
	struct xs_gdb_sw_bp *bp;
	struct xs_gdb_dbg d;
	int slot;

	if (t->ops->get_dbg(t, v, &d))
		return 0;
	bp = xs_gdb_sw_find(&s->bps, d.rip - 1);
	if (bp && bp->planted) {
		d.rip--;
		if (t->ops->set_dbg(t, v, &d))
			return 0;
		return report(s, reply, 5, v, "swbreak:;");
	}
	/* An HVM/PVH guest's ICEBP exits before it runs: rip is on it. */
	bp = s->bps.insn == XS_GDB_ICEBP ? xs_gdb_sw_find(&s->bps, d.rip) : NULL;
	if (bp && bp->planted)
		return report(s, reply, 5, v, "swbreak:;");
	slot = dr6_slot(&s->bps, d.dr6, false);
	if (slot >= 0) {
		d.dr6 = 0xffff0ff0; /* the next stop must not see this one */
		t->ops->set_dbg(t, v, &d);
		return report_hw(s, reply, v, slot);
	}
	slot = xs_gdb_hw_exec_at(&s->bps, d.rip);
	if (slot >= 0)
		return report_hw(s, reply, v, slot);
	return 0;
}

/* The end of a step we started: 1 with a reply, 0 when it ran on. */
static int step_done(struct xs_gdb_server *s, struct xs_buf *reply, bool interrupted)
{
	struct xs_gdb_target *t = s->t;
	unsigned int v = (unsigned int)s->bps.stepping;
	bool cont = s->step_then_continue;
	struct xs_gdb_dbg d;
	int slot;

	xs_gdb_set_step(&s->bps, t, (int)v, false);
	if (s->lifted) {
		xs_gdb_sw_replant(&s->bps, t);
		xs_gdb_hw_apply(&s->bps, t, false);
		s->lifted = false;
	}
	s->step_then_continue = false;
	if (interrupted || t->ops->get_dbg(t, v, &d))
		return 0;
	slot = dr6_slot(&s->bps, d.dr6, true);
	if (d.dr6 & XS_GDB_DR6_HITS) {
		d.dr6 = 0xffff0ff0;
		t->ops->set_dbg(t, v, &d);
	}
	if (slot >= 0)
		return report_hw(s, reply, v, slot);
	if (!cont)
		return report(s, reply, 5, v, "");
	/* Stepped onto another breakpoint: that is where gdb must stop. */
	if (xs_gdb_sw_find(&s->bps, d.rip) && xs_gdb_sw_find(&s->bps, d.rip)->planted)
		return report(s, reply, 5, v, "swbreak:;");
	if ((slot = xs_gdb_hw_exec_at(&s->bps, d.rip)) >= 0)
		return report_hw(s, reply, v, slot);
	if (xs_gdb_release(&s->bps, t))
		return report(s, reply, 5, v, "");
	s->running = true;
	return 0;
}

/*
 * The domain is paused now (by a trap, or by us when @interrupted).  1 with
 * the stop reply, 0 when a step over a breakpoint finished and the domain
 * runs on.  @we_paused: we paused it ourselves after a Ctrl-C, so a trap
 * found too means the hypervisor holds a second pause, released here.
 */
static int on_stop(struct xs_gdb_server *s, struct xs_buf *reply, bool interrupted, bool we_paused)
{
	struct xs_gdb_target *t = s->t;
	int r, w;

	s->running = false;
	if (s->bps.stepping >= 0) {
		r = step_done(s, reply, interrupted);
		if (r || s->running)
			return r;
		if (!interrupted) /* the vCPU became unreadable */
			return report(s, reply, 5, s->stop_vcpu, "");
	}
	/* A target without execution control stops only when told to. */
	for (unsigned int v = 0; xs_gdb_server_can_run(s) && v < t->nr_vcpus; v++) {
		if (!vcpu_cause(s, v, reply))
			continue;
		if (we_paused && !xs_gdb_release(&s->bps, t))
			xs_gdb_adopt_pause(&s->bps, t);
		return 1;
	}
	w = only_watch(&s->bps);
	if (!interrupted && w >= 0)
		return report_hw(s, reply, s->stop_vcpu, w);
	return report(s, reply, interrupted ? 2 : 5, s->stop_vcpu, "");
}

/*
 * The domain will never stop for gdb again: it crashed, shut down or is
 * gone (@why, from the paused op).  gdb is told that its "process" ended
 * (X: killed by a signal, W: exited) and the session ends; what we planted
 * is put back where there is still memory to put it back into.
 */
static int on_end(struct xs_gdb_server *s, struct xs_buf *reply, int why)
{
	struct xs_gdb_bps *b = &s->bps;
	const char *what = why == -EOWNERDEAD  ? "crashed"
			   : why == -ESHUTDOWN ? "shut down"
					       : "is gone";

	s->running = false;
	s->detached = true;
	xs_warn("domain %u %s while it ran under gdb", s->t->domid, what);
	if (why == -ENOENT) {
		/* Nothing left to restore: forget it all, the journal with it. */
		uint8_t insn = b->insn;

		xs_gdb_bps_init(b, b->domid, b->journal);
		b->insn = insn;
		xs_gdb_journal_write(b);
	}
	if (why == -ESHUTDOWN)
		xs_buf_addstr(reply, "W00");
	else
		xs_buf_addf(reply, "X%02x", why == -EOWNERDEAD ? 11 : 9); /* SIGSEGV, SIGKILL */
	return 1;
}

int xs_gdb_server_poll(struct xs_gdb_server *s, struct xs_buf *reply)
{
	int r;

	if (!s->running || !s->t->ops->paused)
		return 0;
	r = s->t->ops->paused(s->t);
	if (r == -EOWNERDEAD || r == -ESHUTDOWN || r == -ENOENT)
		return on_end(s, reply, r);
	if (r <= 0)
		return r;
	xs_gdb_adopt_pause(&s->bps, s->t);
	return on_stop(s, reply, false, false);
}

int xs_gdb_server_interrupt(struct xs_gdb_server *s, struct xs_buf *reply)
{
	int r = s->t->ops->paused ? s->t->ops->paused(s->t) : 0;

	if (r == 1) {
		xs_gdb_adopt_pause(&s->bps, s->t);
		return on_stop(s, reply, true, false) < 0 ? -EIO : 0;
	}
	r = xs_gdb_hold(&s->bps, s->t);
	on_stop(s, reply, true, true);
	return r;
}

int xs_gdb_server_finish(struct xs_gdb_server *s)
{
	struct xs_buf junk = XS_BUF_INIT;
	int err = 0;

	if (s->running) {
		if (xs_gdb_server_interrupt(s, &junk))
			err = xs_error(-EIO, "cannot stop domain %u", s->t->domid);
	}
	xs_buf_release(&junk);
	if (xs_gdb_bps_active(&s->bps) && xs_gdb_bps_clear(&s->bps, s->t))
		err = xs_error(-EIO, "could not undo every breakpoint of domain %u (journal: %s)",
			       s->t->domid, s->bps.journal ? s->bps.journal : "none");
	return err;
}

enum xs_gdb_action xs_gdb_exec_resume(struct xs_gdb_server *s, bool step, int vcpu,
				      struct xs_buf *reply)
{
	struct xs_gdb_target *t = s->t;
	struct xs_gdb_sw_bp *bp;
	struct xs_gdb_dbg d;
	unsigned int v;
	bool over;
	int err, hw;

	if (!t->ops->unpause || (step && !xs_gdb_server_can_run(s))) {
		report(s, reply, 5, s->stop_vcpu, ""); /* a dump "stops" at once */
		return XS_GDB_REPLY;
	}
	if (!xs_gdb_server_can_run(s)) {
		err = xs_gdb_release(&s->bps, t);
		if (err)
			return xs_gdb_error(s, reply, err, "cannot unpause domain %u: %s", t->domid,
					    strerror(-err));
		s->running = true;
		return XS_GDB_NO_REPLY;
	}
	v = vcpu >= 0	     ? (unsigned int)vcpu
	    : s->c_vcpu >= 0 ? (unsigned int)s->c_vcpu
			     : s->stop_vcpu;
	err = t->ops->get_dbg(t, v, &d);
	if (!err && (step || xs_gdb_bps_active(&s->bps)))
		err = xs_gdb_set_debugging(&s->bps, t, true);
	if (err)
		return xs_gdb_error(s, reply, err, "cannot set up vCPU %u to run: %s", v,
				    strerror(-err));
	bp = xs_gdb_sw_find(&s->bps, d.rip);
	hw = xs_gdb_hw_exec_at(&s->bps, d.rip);
	/* Standing on a breakpoint: one step without it, then it goes back. */
	over = (bp && bp->planted) || hw >= 0;
	if (over) {
		err = bp ? xs_gdb_sw_lift(&s->bps, t, bp) : 0;
		if (!err && hw >= 0)
			err = xs_gdb_hw_apply(&s->bps, t, true);
		s->lifted = true;
	}
	if (!err && (over || step))
		err = xs_gdb_set_step(&s->bps, t, (int)v, true);
	s->step_then_continue = over && !step;
	if (!err)
		err = xs_gdb_release(&s->bps, t);
	if (err) {
		if (s->bps.stepping >= 0)
			xs_gdb_set_step(&s->bps, t, s->bps.stepping, false);
		if (s->lifted) {
			xs_gdb_sw_replant(&s->bps, t);
			xs_gdb_hw_apply(&s->bps, t, false);
			s->lifted = false;
		}
		return xs_gdb_error(s, reply, err, "cannot resume domain %u: %s", t->domid,
				    strerror(-err));
	}
	s->running = true;
	return XS_GDB_NO_REPLY;
}

/* "TYPE,ADDR,KIND" after Z or z; conditions (";...") are not offered. */
static int parse_z(const struct args *a, unsigned int *type, uint64_t *addr, uint64_t *kind)
{
	const char *p = a->rest;

	if (a->rest_len < 1 || p[0] < '0' || p[0] > '4' || p[1] != ',')
		return -EINVAL;
	*type = (unsigned int)(p[0] - '0');
	p += 2;
	if (xs_gdb_parse_hex(&p, addr) || *p++ != ',' || xs_gdb_parse_hex(&p, kind) || *p)
		return -EINVAL;
	return 0;
}

static enum xs_gdb_action z_packet(struct xs_gdb_server *s, const struct args *a, bool insert,
				   struct xs_buf *reply)
{
	unsigned int type;
	uint64_t addr, kind;
	int err;

	if (!xs_gdb_server_can_run(s))
		return XS_GDB_REPLY; /* empty: a dump has no breakpoints */
	if (parse_z(a, &type, &addr, &kind))
		return xs_gdb_error(s, reply, -EINVAL, "Z wants TYPE,ADDR,KIND");
	if (!xs_gdb_canonical(addr))
		return xs_gdb_error(s, reply, -EFAULT, "non-canonical address %#llx",
				    (unsigned long long)addr);
	if (type == XS_GDB_BP_SW && kind != 1)
		return xs_gdb_error(s, reply, -EINVAL, "an x86 breakpoint is one byte, not %llu",
				    (unsigned long long)kind);
	if (insert) {
		err = xs_gdb_set_debugging(&s->bps, s->t, true);
		if (!err)
			err = type == XS_GDB_BP_SW
				      ? xs_gdb_sw_insert(&s->bps, s->t, s->g_vcpu, addr)
				      : xs_gdb_hw_insert(&s->bps, s->t, type, addr,
							 (unsigned int)kind);
	} else {
		err = type == XS_GDB_BP_SW
			      ? xs_gdb_sw_remove(&s->bps, s->t, addr)
			      : xs_gdb_hw_remove(&s->bps, s->t, type, addr, (unsigned int)kind);
		if (err == -ENOENT)
			err = 0; /* gdb removes what it believes inserted: nothing to do */
	}
	if (err == -ENOSPC)
		return xs_gdb_error(s, reply, err, "%s",
				    type == XS_GDB_BP_SW ? "too many breakpoints"
							 : "all four debug registers are in use");
	if (err)
		return xs_gdb_error(s, reply, err, "cannot %s the breakpoint at %#llx: %s",
				    insert ? "insert" : "remove", (unsigned long long)addr,
				    strerror(-err));
	return xs_gdb_ok(reply);
}

enum xs_gdb_action xs_gdb_cmd_insert(struct xs_gdb_server *s, const struct args *a,
				     struct xs_buf *reply)
{
	return z_packet(s, a, true, reply);
}

enum xs_gdb_action xs_gdb_cmd_remove(struct xs_gdb_server *s, const struct args *a,
				     struct xs_buf *reply)
{
	return z_packet(s, a, false, reply);
}
