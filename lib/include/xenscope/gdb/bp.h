/* SPDX-License-Identifier: MIT */
/*
 * Breakpoints a GDB stub plants in a live guest: software ones (an int3
 * byte written over the code, the original kept here and in an on-disk
 * journal) and hardware ones (the vCPUs' DR0-DR3 and DR7), and the
 * recovery that undoes all of it after the stub died (docs/gdbstub.md).
 *
 * The journal is rewritten before each change to the guest, so that a
 * stub killed at any point leaves enough on disk for a restarted stub (or
 * `xs-gdbstub --recover`) to put back every byte, clear the debug
 * registers and the trap flag, turn the debugger intercepts off and
 * release the pause it held.
 */
#ifndef XENSCOPE_GDB_BP_H
#define XENSCOPE_GDB_BP_H

#include <stdbool.h>
#include <stdint.h>

#include "xenscope/gdb/target.h"

#define XS_GDB_MAX_SW_BPS 64
#define XS_GDB_INT3 0xcc
/*
 * ICEBP (INT1), planted instead of int3 on request (--break-insn icebp):
 * Xen always intercepts it for an HVM/PVH guest (SVM's ICEBP intercept,
 * fault-like, rip on it; VMX's #DB exit, rip on it), where an int3 reaches
 * Xen only through a #BP intercept that some CPUs' SVM emulation does not
 * check (QEMU's TCG, docs/gdbstub.md).  A PV guest's ICEBP is a #DB trap,
 * rip past it, like int3.
 */
#define XS_GDB_ICEBP 0xf1
#define XS_GDB_DR_SLOTS 4
#define XS_GDB_RFLAGS_TF (1ULL << 8)
#define XS_GDB_DR6_HITS 0xfULL /* B0..B3 */

/* Z packet types: Z0 software, Z1 hardware execute, Z2-Z4 watchpoints. */
enum xs_gdb_bp_type {
	XS_GDB_BP_SW = 0,
	XS_GDB_BP_HW = 1,
	XS_GDB_BP_WRITE = 2,
	XS_GDB_BP_READ = 3,
	XS_GDB_BP_ACCESS = 4,
};

struct xs_gdb_sw_bp {
	bool used;
	bool planted; /* int3 in guest memory now (else lifted for a step) */
	uint8_t orig;
	uint16_t off;
	uint64_t addr, frame;
};

struct xs_gdb_hw_bp {
	bool used;
	uint8_t type; /* enum xs_gdb_bp_type, 1..4 */
	uint8_t len;  /* 1, 2, 4 or 8 */
	uint64_t addr;
};

struct xs_gdb_bps {
	struct xs_gdb_sw_bp sw[XS_GDB_MAX_SW_BPS];
	struct xs_gdb_hw_bp hw[XS_GDB_DR_SLOTS];
	const char *journal; /* path, or NULL for none (dumps, tests) */
	uint32_t domid;
	bool debugging; /* we turned the hypervisor's debugger intercepts on */
	bool hw_set;	/* we wrote debug registers since they were last cleared */
	bool paused;	/* we hold a pause of the domain */
	int stepping;	/* vCPU whose TF we set, or -1 */
	uint8_t insn;	/* the byte planted: XS_GDB_INT3 (default) or XS_GDB_ICEBP */
};

void xs_gdb_bps_init(struct xs_gdb_bps *b, uint32_t domid, const char *journal);
/* The breakpoint instruction by name, "int3" or "icebp"; -EINVAL for another. */
int xs_gdb_bps_set_insn(struct xs_gdb_bps *b, const char *name);
/* Whether anything is planted, set or held: what a session end must undo. */
bool xs_gdb_bps_active(const struct xs_gdb_bps *b);

/* Software breakpoints; @vcpu's page tables translate @addr. */
int xs_gdb_sw_insert(struct xs_gdb_bps *b, struct xs_gdb_target *t, unsigned int vcpu,
		     uint64_t addr);
int xs_gdb_sw_remove(struct xs_gdb_bps *b, struct xs_gdb_target *t, uint64_t addr);
/* The planted breakpoint at @addr, or NULL. */
struct xs_gdb_sw_bp *xs_gdb_sw_find(struct xs_gdb_bps *b, uint64_t addr);
/* Put the original byte back for a step over it, and the int3 again. */
int xs_gdb_sw_lift(struct xs_gdb_bps *b, struct xs_gdb_target *t, struct xs_gdb_sw_bp *bp);
int xs_gdb_sw_replant(struct xs_gdb_bps *b, struct xs_gdb_target *t);

/* Hardware breakpoints and watchpoints, the same on every vCPU. */
int xs_gdb_hw_insert(struct xs_gdb_bps *b, struct xs_gdb_target *t, enum xs_gdb_bp_type type,
		     uint64_t addr, unsigned int len);
int xs_gdb_hw_remove(struct xs_gdb_bps *b, struct xs_gdb_target *t, enum xs_gdb_bp_type type,
		     uint64_t addr, unsigned int len);
/* Write DR0-3/DR7 from the table into every vCPU; @skip_exec leaves the
 * execute breakpoints out (a step over one). */
int xs_gdb_hw_apply(struct xs_gdb_bps *b, struct xs_gdb_target *t, bool skip_exec);
/* The slot of an execute breakpoint at @addr, or -1. */
int xs_gdb_hw_exec_at(const struct xs_gdb_bps *b, uint64_t addr);

/* Set or clear TF on @vcpu (b->stepping follows). */
int xs_gdb_set_step(struct xs_gdb_bps *b, struct xs_gdb_target *t, int vcpu, bool on);
/* Debugger intercepts on or off, journaled. */
int xs_gdb_set_debugging(struct xs_gdb_bps *b, struct xs_gdb_target *t, bool on);
/* Pause and unpause the domain, journaled (the target undoes only its own). */
int xs_gdb_hold(struct xs_gdb_bps *b, struct xs_gdb_target *t);
int xs_gdb_release(struct xs_gdb_bps *b, struct xs_gdb_target *t);
/* A debug trap paused the domain: that pause is now ours. */
int xs_gdb_adopt_pause(struct xs_gdb_bps *b, struct xs_gdb_target *t);

/*
 * Undo everything while the domain is paused: every byte back, debug
 * registers and TF cleared, intercepts off; the journal then says only
 * whether we still hold the pause.  Returns the first error.
 */
int xs_gdb_bps_clear(struct xs_gdb_bps *b, struct xs_gdb_target *t);

/* Journal (lib/gdb/journal.c). */
/* Rewrite the journal from @b, or remove it when nothing is to undo. */
int xs_gdb_journal_write(const struct xs_gdb_bps *b);
/* The default journal path of domain @domid (a static buffer). */
const char *xs_gdb_journal_path(uint32_t domid);
/*
 * Undo what the journal at @path says a dead stub left in @t's domain and
 * remove the journal.  1 when there was a journal, 0 when none, or a
 * negative errno.  Each step taken is printed as a note.
 */
int xs_gdb_journal_recover(const char *path, struct xs_gdb_target *t);

#endif
