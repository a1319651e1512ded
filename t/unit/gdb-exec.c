// SPDX-License-Identifier: MIT
/*
 * Execution control against a fake target that behaves as Xen does with
 * its debugger intercepts on: an int3 pauses the domain with rip one past
 * it, TF pauses it after one instruction, a write to a watched address
 * pauses it with the slot's bit in DR6.  Breakpoint bookkeeping, the step
 * over a planted breakpoint, the journal and the recovery after a stub
 * that died are checked from the fake's memory and pause count.
 */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "xenscope/gdb/bp.h"
#include "xenscope/gdb/server.h"

#include "../tap.h"

#define NFRAMES 4
#define LOOP_START 0x1000 /* the guest loops over 0x1000..0x1017, 3-byte instructions */
#define LOOP_END 0x1018
#define STORE_AT 0x1009 /* the instruction there writes WATCHED */
#define WATCHED 0x2000

struct fake {
	struct xs_gdb_target base;
	uint8_t mem[NFRAMES][XS_GDB_PAGE_SIZE];
	struct xs_gdb_dbg v;
	int count; /* Xen's controller_pause_count */
	bool ours; /* the stub's paused_by_us */
	bool debugging;
	int ended; /* what paused() says of a domain that crashed or went away */
};

static struct fake *F(struct xs_gdb_target *t)
{
	return (struct fake *)t;
}

static int f_regs(struct xs_gdb_target *t, unsigned int vcpu, struct xs_gdb_regs *r)
{
	memset(r, 0, sizeof(*r));
	r->rip = F(t)->v.rip;
	r->rflags = F(t)->v.rflags;
	r->flags = XS_GDB_REGS_ONLINE; /* paging off: virtual == physical */
	return vcpu ? -ENOENT : 0;
}

static int f_frame(struct xs_gdb_target *t, uint64_t frame, void *buf)
{
	if (frame >= NFRAMES)
		return -EFAULT;
	memcpy(buf, F(t)->mem[frame], XS_GDB_PAGE_SIZE);
	return 0;
}

static int f_code(struct xs_gdb_target *t, uint64_t frame, size_t off, const void *d, size_t len)
{
	if (frame >= NFRAMES || off + len > XS_GDB_PAGE_SIZE)
		return -EFAULT;
	memcpy(F(t)->mem[frame] + off, d, len);
	return 0;
}

static int f_pause(struct xs_gdb_target *t)
{
	if (!F(t)->ours) {
		F(t)->count++;
		F(t)->ours = true;
	}
	return 0;
}

static int f_unpause(struct xs_gdb_target *t)
{
	if (!F(t)->ours)
		return 0;
	if (!F(t)->count)
		return -EINVAL;
	F(t)->count--;
	F(t)->ours = false;
	return 0;
}

static int f_debugging(struct xs_gdb_target *t, bool on)
{
	F(t)->debugging = on;
	return 0;
}

static int f_get(struct xs_gdb_target *t, unsigned int vcpu, struct xs_gdb_dbg *d)
{
	*d = F(t)->v;
	return vcpu ? -ENOENT : 0;
}

static int f_set(struct xs_gdb_target *t, unsigned int vcpu, const struct xs_gdb_dbg *d)
{
	if (vcpu)
		return -ENOENT;
	F(t)->v = *d;
	return 0;
}

static int f_paused(struct xs_gdb_target *t)
{
	if (F(t)->ended)
		return F(t)->ended;
	return F(t)->count > 0;
}

static void f_own(struct xs_gdb_target *t)
{
	F(t)->ours = true;
}

static void f_close(struct xs_gdb_target *t)
{
}

static const struct xs_gdb_target_ops fake_ops = {
	.name = "fake",
	.read_regs = f_regs,
	.read_frame = f_frame,
	.pause = f_pause,
	.unpause = f_unpause,
	.set_debugging = f_debugging,
	.get_dbg = f_get,
	.set_dbg = f_set,
	.paused = f_paused,
	.own_pause = f_own,
	.write_code = f_code,
	.close = f_close,
};

static uint8_t byte_at(struct fake *f, uint64_t a)
{
	return f->mem[a >> 12][a & 0xfff];
}

/* Trap into the hypervisor: the domain pauses (domain_pause_for_debugger). */
static void trap(struct fake *f)
{
	f->count++;
}

/* Run the guest while it is not paused, for at most @n instructions. */
static void run(struct fake *f, int n)
{
	while (!f->count && n-- > 0) {
		uint64_t at = f->v.rip;

		if (byte_at(f, at) == XS_GDB_INT3 && f->debugging) {
			f->v.rip = at + 1; /* int3 is a trap: rip past it */
			trap(f);
			return;
		}
		/* As SVM's ICEBP intercept of an HVM guest: fault-like, rip on it. */
		if (byte_at(f, at) == XS_GDB_ICEBP) {
			trap(f);
			return;
		}
		f->v.rip = at + 3 >= LOOP_END ? LOOP_START : at + 3;
		if (at == STORE_AT && (f->v.dr7 & 3) && f->v.dr[0] == WATCHED) {
			f->v.dr6 |= 1;
			trap(f);
			return;
		}
		if (f->v.rflags & XS_GDB_RFLAGS_TF) {
			trap(f);
			return;
		}
	}
}

static struct xs_buf reply = XS_BUF_INIT;

static enum xs_gdb_action pkt(struct xs_gdb_server *s, const char *p)
{
	xs_buf_reset(&reply);
	return xs_gdb_server_handle(s, p, strlen(p), &reply);
}

static const char *poll_reply(struct xs_gdb_server *s)
{
	xs_buf_reset(&reply);
	if (xs_gdb_server_poll(s, &reply) != 1)
		return "(none)";
	xs_buf_add(&reply, "", 1);
	return reply.buf;
}

static const char *text(void)
{
	xs_buf_add(&reply, "", 1);
	return reply.buf;
}

static bool journal_has(const char *path, const char *line)
{
	char buf[256];
	bool found = false;
	FILE *f = fopen(path, "r");

	while (f && !found && fgets(buf, sizeof(buf), f))
		found = !strncmp(buf, line, strlen(line));
	if (f)
		fclose(f);
	return found;
}

/* The library's notes (recovery steps) as TAP comments. */
static void to_diag(enum xs_level level, const char *line, void *ctx)
{
	diag("%s", line);
}

static void init_fake(struct fake *f)
{
	memset(f, 0, sizeof(*f));
	f->base.ops = &fake_ops;
	f->base.domid = 7;
	f->base.nr_vcpus = 1;
	for (uint64_t a = LOOP_START; a < LOOP_END; a++)
		f->mem[a >> 12][a & 0xfff] = (uint8_t)(0x90 + (a & 7));
	f->v.rip = LOOP_START;
	f->v.dr6 = 0xffff0ff0;
	f->v.dr7 = 0x400;
}

/* A fresh session on a fresh fake, a breakpoint at 0x1006, running. */
static void run_with_breakpoint(struct fake *f, struct xs_gdb_server *s, const char *journal)
{
	init_fake(f);
	xs_gdb_server_init(s, &f->base, false);
	s->bps.journal = journal;
	xs_gdb_hold(&s->bps, &f->base);
	pkt(s, "Z0,1006,1");
	pkt(s, "c");
}

int main(void)
{
	static struct fake f, g;
	static struct xs_gdb_server s;
	char path[] = "/tmp/xs-gdb-exec-XXXXXX";
	char journal[64];
	uint8_t orig;
	int fd = mkstemp(path);

	tap_plan(66);
	xs_set_print(to_diag, NULL);
	if (fd >= 0)
		close(fd);
	unlink(path);
	snprintf(journal, sizeof(journal), "%s", path);

	init_fake(&f);
	orig = byte_at(&f, 0x1006);
	xs_gdb_server_init(&s, &f.base, false);
	s.bps.journal = journal;
	ok(xs_gdb_server_can_run(&s), "the fake target can run under control");
	is_int(xs_gdb_hold(&s.bps, &f.base), 0, "the session pauses the domain");

	/* A breakpoint: planted, journaled with its original byte. */
	pkt(&s, "Z0,1006,1");
	is_str(text(), "OK", "Z0 answers OK");
	is_int(byte_at(&f, 0x1006), XS_GDB_INT3, "an int3 is planted");
	ok(f.debugging, "the debugger intercepts are on");
	{
		char want[64];

		snprintf(want, sizeof(want), "sw 0x1006 0x1 6 %u", orig);
		ok(journal_has(journal, want), "the journal holds the byte it replaced");
	}
	ok(journal_has(journal, "debugging 1"), "the journal says the intercepts are on");

	/* Continue: the guest hits it; the stop names it and rip is on it. */
	is_int(pkt(&s, "c"), XS_GDB_NO_REPLY, "c resumes without a reply");
	is_int(f.count, 0, "the domain runs");
	is_str(poll_reply(&s), "(none)", "no stop while it runs");
	run(&f, 100);
	is_str(poll_reply(&s), "T05thread:1;swbreak:;", "the stop is a software breakpoint");
	is_u64(f.v.rip, 0x1006, "rip is moved back onto the breakpoint");
	ok(journal_has(journal, "paused 1"), "the trap's pause is ours, journaled");

	/* Continue from the breakpoint: a step without it, then it goes back. */
	is_int(pkt(&s, "c"), XS_GDB_NO_REPLY, "c from the breakpoint");
	is_int(byte_at(&f, 0x1006), orig, "the original byte is back for the step");
	ok(f.v.rflags & XS_GDB_RFLAGS_TF, "the step runs with TF");
	run(&f, 100);
	is_u64(f.v.rip, 0x1009, "one instruction ran");
	is_str(poll_reply(&s), "(none)", "the step over is not reported");
	is_int(byte_at(&f, 0x1006), XS_GDB_INT3, "the int3 is back");
	ok(!(f.v.rflags & XS_GDB_RFLAGS_TF), "TF is cleared");
	is_int(f.count, 0, "and the domain runs on");
	run(&f, 100);
	is_str(poll_reply(&s), "T05thread:1;swbreak:;", "the next round stops there again");

	/* A single step from the breakpoint. */
	is_int(pkt(&s, "vCont;s:1;c"), XS_GDB_NO_REPLY, "vCont;s resumes");
	run(&f, 100);
	is_str(poll_reply(&s), "T05thread:1;", "the step is reported as a plain stop");
	is_u64(f.v.rip, 0x1009, "rip advanced by one instruction");
	is_int(byte_at(&f, 0x1006), XS_GDB_INT3, "the breakpoint it stepped from is planted");

	/* A write watchpoint through DR0/DR7. */
	pkt(&s, "z0,1006,1");
	is_int(byte_at(&f, 0x1006), orig, "z0 restores the byte");
	pkt(&s, "Z2,2000,8");
	is_str(text(), "OK", "Z2 answers OK");
	is_u64(f.v.dr[0], WATCHED, "DR0 holds the address");
	is_u64(f.v.dr7 & 0xf0003, 0x90001, "DR7 enables slot 0 for 8-byte writes (RW=01, LEN=10)");
	pkt(&s, "c");
	run(&f, 100);
	is_str(poll_reply(&s), "T05thread:1;watch:2000;", "the stop names the watched address");
	pkt(&s, "Z2,2001,8");
	ok(!strncmp(text(), "E", 1), "a misaligned watchpoint is refused");
	pkt(&s, "z2,2000,8");
	is_u64(f.v.dr7 & 0xff, 0, "z2 disables the slot");

	/* Ctrl-C while it runs. */
	pkt(&s, "c");
	xs_buf_reset(&reply);
	xs_gdb_server_interrupt(&s, &reply);
	is_str(text(), "T02thread:1;", "Ctrl-C stops it with SIGINT");
	is_int(f.count, 1, "paused once, by us");

	/* The end of a session while a breakpoint is planted and it runs. */
	pkt(&s, "Z0,100c,1");
	pkt(&s, "Z1,1003,1");
	pkt(&s, "c");
	is_int(xs_gdb_server_finish(&s), 0, "the session end undoes everything");
	xs_gdb_release(&s.bps, &f.base);
	is_int(byte_at(&f, 0x100c), 0x90 + 4, "no int3 is left");
	is_u64(f.v.dr7 & 0xff, 0, "no debug register is left enabled");
	ok(!f.debugging && f.count == 0, "intercepts off, the domain runs");
	ok(access(journal, F_OK) != 0, "the journal is gone");

	/* A stub killed while its breakpoint stopped the guest: recovery. */
	xs_gdb_server_init(&s, &f.base, false);
	s.bps.journal = journal;
	xs_gdb_hold(&s.bps, &f.base);
	pkt(&s, "Z0,100f,1");
	pkt(&s, "c");
	run(&f, 100); /* hits 0x100f, the hypervisor pauses; the stub is gone */
	g = f;	      /* the restarted stub's view: same domain, no pause of its own */
	g.ours = false;
	is_int(xs_gdb_journal_recover(journal, &g.base), 1, "recovery finds the journal");
	is_int(byte_at(&g, 0x100f), 0x90 + 7, "recovery restores the byte");
	is_u64(g.v.rip, 0x100f, "and moves the vCPU back onto the instruction");
	ok(g.count == 0 && !g.debugging, "and leaves the domain running, intercepts off");

	/* Killed while gdb looked (the session's pause) with a byte planted. */
	init_fake(&f);
	xs_gdb_server_init(&s, &f.base, false);
	s.bps.journal = journal;
	xs_gdb_hold(&s.bps, &f.base);
	pkt(&s, "Z0,1003,1");
	g = f;
	g.ours = false;
	xs_gdb_journal_recover(journal, &g.base);
	ok(byte_at(&g, 0x1003) == 0x93 && g.count == 0 && g.v.rip == LOOP_START,
	   "a session's pause and byte are undone, rip untouched");
	is_int(xs_gdb_journal_recover(journal, &g.base), 0, "a second recovery finds nothing");

	/* The guest crashes while it runs with a breakpoint planted. */
	run_with_breakpoint(&f, &s, journal);
	f.ended = -EOWNERDEAD;
	is_str(poll_reply(&s), "X0b", "a crash while running ends gdb's process (SIGSEGV)");
	ok(s.detached && !s.running, "and the session");
	is_int(xs_gdb_server_finish(&s), 0, "the session end undoes what it can");
	is_int(byte_at(&f, 0x1006), orig, "the crashed guest's byte is put back");
	ok(access(journal, F_OK) != 0, "the journal is gone");
	/* Gone altogether: nothing to restore, nothing left behind. */
	run_with_breakpoint(&f, &s, journal);
	f.ended = -ENOENT;
	poll_reply(&s);
	ok(!strcmp(text(), "X09") && xs_gdb_server_finish(&s) == 0 && access(journal, F_OK) != 0,
	   "a domain gone while running: X09, no journal left");

	/* --break-insn icebp: planted, hit on it, stepped over, recovered. */
	init_fake(&f);
	xs_gdb_server_init(&s, &f.base, false);
	s.bps.journal = journal;
	is_int(xs_gdb_bps_set_insn(&s.bps, "icebp"), 0, "icebp is a breakpoint instruction");
	{
		struct xs_gdb_bps probe;

		xs_gdb_bps_init(&probe, 7, NULL);
		is_int(xs_gdb_bps_set_insn(&probe, "int1"), -EINVAL, "int1 is not one of ours");
	}
	xs_gdb_server_reset(&s); /* as for each new connection */
	is_int(s.bps.insn, XS_GDB_ICEBP, "the choice outlives a session's reset");
	xs_gdb_hold(&s.bps, &f.base);
	pkt(&s, "Z0,1006,1");
	is_int(byte_at(&f, 0x1006), XS_GDB_ICEBP, "an ICEBP is planted");
	ok(journal_has(journal, "insn 0xf1"), "the journal names the byte");
	pkt(&s, "c");
	run(&f, 100);
	is_str(poll_reply(&s), "T05thread:1;swbreak:;", "the stop is a software breakpoint");
	is_u64(f.v.rip, 0x1006, "rip is on it, not moved");
	pkt(&s, "c");
	is_int(byte_at(&f, 0x1006), orig, "the original byte is back for the step over");
	run(&f, 100);
	is_str(poll_reply(&s), "(none)", "the step over is not reported");
	is_int(byte_at(&f, 0x1006), XS_GDB_ICEBP, "and the ICEBP is back after it");
	run(&f, 100);
	is_str(poll_reply(&s), "T05thread:1;swbreak:;", "the next round stops there again");
	g = f; /* the stub killed there: the restarted one reads the journal */
	g.ours = false;
	is_int(xs_gdb_journal_recover(journal, &g.base), 1, "recovery finds the journal");
	ok(byte_at(&g, 0x1006) == orig && g.v.rip == 0x1006, "restores the byte, rip stays on it");
	ok(g.count == 0 && !g.debugging, "and leaves the domain running, intercepts off");

	xs_buf_release(&reply);
	unlink(journal);
	return tap_done();
}
