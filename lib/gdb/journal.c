// SPDX-License-Identifier: MIT
/*
 * The breakpoint journal: what a stub changed in a guest, on disk, so that
 * a stub killed by SIGKILL or a crash can be undone by the next one.  A
 * small text file, rewritten whole (temporary file, fsync, rename) before
 * each change to the guest and removed when nothing is left to undo:
 *
 *	xs-gdbstub-journal 1
 *	domid 5
 *	paused 0|1		we hold a pause of the domain
 *	debugging 0|1		we turned the debugger intercepts on
 *	hw 0|1			we wrote debug registers
 *	step VCPU		we set TF on VCPU (-1: none)
 *	insn BYTE		the breakpoint byte, when not int3 (0xcc)
 *	sw ADDR FRAME OFF ORIG	our breakpoint byte at ADDR (frame, offset), over byte ORIG
 *
 * The insn line is left out for int3, so that a journal of int3s reads
 * the same to a stub from before it.
 */
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "xenscope/gdb/bp.h"

#define MAGIC "xs-gdbstub-journal 1"
#define DEFAULT_DIR "/run/xs-gdbstub"

const char *xs_gdb_journal_path(uint32_t domid)
{
	static char path[64];

	snprintf(path, sizeof(path), DEFAULT_DIR "/dom%u.journal", domid);
	return path;
}

int xs_gdb_journal_write(const struct xs_gdb_bps *b)
{
	char tmp[4200];
	FILE *f;
	int err = 0;

	if (!b->journal)
		return 0;
	if (!xs_gdb_bps_active(b) && !b->paused)
		return unlink(b->journal) && errno != ENOENT ? -errno : 0;
	if (snprintf(tmp, sizeof(tmp), "%s.new", b->journal) >= (int)sizeof(tmp))
		return -ENAMETOOLONG;
	/* The default directory may not exist yet (a tmpfs after boot). */
	if (!strncmp(b->journal, DEFAULT_DIR "/", sizeof(DEFAULT_DIR)))
		mkdir(DEFAULT_DIR, 0700);
	f = fopen(tmp, "w");
	if (!f)
		return xs_error(-errno, "cannot write the breakpoint journal %s: %s", tmp,
				strerror(errno));
	fprintf(f, MAGIC "\ndomid %u\npaused %d\ndebugging %d\nhw %d\nstep %d\n", b->domid,
		b->paused, b->debugging, b->hw_set, b->stepping);
	if (b->insn != XS_GDB_INT3)
		fprintf(f, "insn %#x\n", b->insn);
	for (size_t i = 0; i < XS_GDB_MAX_SW_BPS; i++)
		if (b->sw[i].used)
			fprintf(f, "sw %#llx %#llx %u %u\n", (unsigned long long)b->sw[i].addr,
				(unsigned long long)b->sw[i].frame, b->sw[i].off, b->sw[i].orig);
	if (fflush(f) || fsync(fileno(f)))
		err = -errno;
	if (fclose(f) && !err)
		err = -errno;
	if (!err && rename(tmp, b->journal))
		err = -errno;
	if (err) {
		unlink(tmp);
		return xs_error(err, "cannot write the breakpoint journal %s: %s", b->journal,
				strerror(-err));
	}
	return 0;
}

/* Parse the journal at @path into @b; -ENOENT when there is none. */
static int journal_read(const char *path, struct xs_gdb_bps *b)
{
	char line[256];
	size_t nsw = 0;
	int err = 0, v;
	FILE *f = fopen(path, "r");

	if (!f)
		return -errno;
	xs_gdb_bps_init(b, 0, NULL);
	if (!fgets(line, sizeof(line), f) || strncmp(line, MAGIC, strlen(MAGIC)))
		err = -EINVAL;
	while (!err && fgets(line, sizeof(line), f)) {
		unsigned long long addr, frame;
		unsigned int off, orig, domid;

		if (sscanf(line, "domid %u", &domid) == 1)
			b->domid = domid;
		else if (sscanf(line, "paused %d", &v) == 1)
			b->paused = v;
		else if (sscanf(line, "debugging %d", &v) == 1)
			b->debugging = v;
		else if (sscanf(line, "hw %d", &v) == 1)
			b->hw_set = v;
		else if (sscanf(line, "step %d", &v) == 1)
			b->stepping = v;
		else if (sscanf(line, "insn %x", &orig) == 1 &&
			 (orig == XS_GDB_INT3 || orig == XS_GDB_ICEBP))
			b->insn = (uint8_t)orig;
		else if (sscanf(line, "sw %llx %llx %u %u", &addr, &frame, &off, &orig) == 4 &&
			 nsw < XS_GDB_MAX_SW_BPS && off < XS_GDB_PAGE_SIZE && orig < 256)
			b->sw[nsw++] = (struct xs_gdb_sw_bp){ .used = true,
							      .planted = true,
							      .addr = addr,
							      .frame = frame,
							      .off = (uint16_t)off,
							      .orig = (uint8_t)orig };
		else
			err = -EINVAL;
	}
	fclose(f);
	return err;
}

/* Restore each byte still holding our breakpoint byte; how many were. */
static int restore_bytes(struct xs_gdb_bps *b, struct xs_gdb_target *t)
{
	int restored = 0;

	for (size_t i = 0; i < XS_GDB_MAX_SW_BPS; i++) {
		struct xs_gdb_sw_bp *bp = &b->sw[i];
		uint8_t byte;

		if (!bp->used)
			continue;
		if (xs_gdb_read_pmem(t, bp->frame * XS_GDB_PAGE_SIZE + bp->off, &byte, 1) != 1) {
			xs_warn("cannot read the breakpoint byte at %#llx",
				(unsigned long long)bp->addr);
			bp->planted = false;
			continue;
		}
		/* Not ours: never planted, or put back already. */
		bp->planted = byte == b->insn;
		if (!bp->planted)
			continue;
		if (t->ops->write_code(t, bp->frame, bp->off, &bp->orig, 1)) {
			xs_warn("cannot restore the byte at %#llx", (unsigned long long)bp->addr);
			continue;
		}
		xs_warn("restored the byte at %#llx (%#04x)", (unsigned long long)bp->addr,
			bp->orig);
		restored++;
	}
	return restored;
}

/*
 * A vCPU stopped by one of our int3s (or a PV guest's ICEBP) stands one
 * byte past it: back to the instruction; one an HVM/PVH guest's ICEBP
 * stopped is on it already.  TF and the debug registers are cleared as we
 * left them.
 */
static void fix_vcpus(struct xs_gdb_bps *b, struct xs_gdb_target *t, bool stopped)
{
	for (unsigned int v = 0; v < t->nr_vcpus; v++) {
		struct xs_gdb_dbg d;
		bool change = false;

		if (t->ops->get_dbg(t, v, &d))
			continue;
		if (stopped && b->debugging) {
			struct xs_gdb_sw_bp *bp = xs_gdb_sw_find(b, d.rip - 1);

			if (bp && bp->planted) {
				d.rip--;
				change = true;
				xs_warn("vCPU %u stopped at the breakpoint at %#llx: resumes there",
					v, (unsigned long long)d.rip);
			}
		}
		if ((int)v == b->stepping && (d.rflags & XS_GDB_RFLAGS_TF)) {
			d.rflags &= ~XS_GDB_RFLAGS_TF;
			change = true;
		}
		if (b->hw_set) {
			memset(d.dr, 0, sizeof(d.dr));
			d.dr6 = 0xffff0ff0;
			d.dr7 = 0x400;
			change = true;
		}
		if (change && t->ops->set_dbg(t, v, &d))
			xs_warn("cannot reset vCPU %u's registers", v);
	}
}

int xs_gdb_journal_recover(const char *path, struct xs_gdb_target *t)
{
	struct xs_gdb_bps b;
	int err = journal_read(path, &b), paused, ours;

	if (err == -ENOENT)
		return 0;
	if (err)
		return xs_error(err, "the breakpoint journal %s is unreadable: %s", path,
				strerror(-err));
	if (b.domid != t->domid)
		return xs_error(-EINVAL, "the breakpoint journal %s is for domain %u, not %u", path,
				b.domid, t->domid);
	if (!t->ops->write_code || !t->ops->paused || !t->ops->get_dbg)
		return xs_error(-EOPNOTSUPP, "domain %u cannot be recovered from here", t->domid);
	xs_warn("recovering domain %u from %s", t->domid, path);
	paused = t->ops->paused(t);
	if (paused < 0)
		return xs_error(paused, "cannot read domain %u's state: %s", t->domid,
				strerror(-paused));
	/* A pause held by the dead stub, or the hypervisor's after one of its traps. */
	ours = paused && (b.paused || b.debugging);
	if (!paused && t->ops->pause(t))
		return xs_error(-EIO, "cannot pause domain %u to restore it", t->domid);
	restore_bytes(&b, t);
	fix_vcpus(&b, t, paused);
	if (b.debugging && t->ops->set_debugging(t, false))
		xs_warn("cannot turn the debugger intercepts of domain %u off", t->domid);
	/* Ours to undo: the pause just taken, or the one the dead stub held. */
	if (ours)
		t->ops->own_pause(t);
	if (!paused || ours) {
		err = t->ops->unpause(t);
		if (err)
			return xs_error(err, "cannot unpause domain %u: %s", t->domid,
					strerror(-err));
		if (ours)
			xs_warn("domain %u unpaused", t->domid);
	}
	if (unlink(path) && errno != ENOENT)
		xs_warn("cannot remove %s: %s", path, strerror(errno));
	return 1;
}
