// SPDX-License-Identifier: MIT
/*
 * Breakpoint bookkeeping: which int3 bytes are planted where and what they
 * replaced, which debug-register slots hold what, and the pause, trap flag
 * and intercepts we hold.  Every change to the guest is journaled first
 * (journal.c), so that nothing we did outlives a dead stub.
 */
#include <errno.h>
#include <string.h>

#include "xenscope/gdb/bp.h"

#define DR6_DEFAULT 0xffff0ff0ULL /* reserved bits as the CPU sets them */
#define DR7_DEFAULT 0x400ULL	  /* bit 10 always reads as one */

void xs_gdb_bps_init(struct xs_gdb_bps *b, uint32_t domid, const char *journal)
{
	memset(b, 0, sizeof(*b));
	b->domid = domid;
	b->journal = journal;
	b->stepping = -1;
	b->insn = XS_GDB_INT3;
}

int xs_gdb_bps_set_insn(struct xs_gdb_bps *b, const char *name)
{
	if (!strcmp(name, "int3"))
		b->insn = XS_GDB_INT3;
	else if (!strcmp(name, "icebp"))
		b->insn = XS_GDB_ICEBP;
	else
		return xs_error(-EINVAL, "unknown breakpoint instruction '%s' (int3 or icebp)",
				name);
	return 0;
}

bool xs_gdb_bps_active(const struct xs_gdb_bps *b)
{
	for (size_t i = 0; i < XS_GDB_MAX_SW_BPS; i++)
		if (b->sw[i].used)
			return true;
	return b->debugging || b->hw_set || b->stepping >= 0;
}

struct xs_gdb_sw_bp *xs_gdb_sw_find(struct xs_gdb_bps *b, uint64_t addr)
{
	for (size_t i = 0; i < XS_GDB_MAX_SW_BPS; i++)
		if (b->sw[i].used && b->sw[i].addr == addr)
			return &b->sw[i];
	return NULL;
}

static int poke(struct xs_gdb_target *t, const struct xs_gdb_sw_bp *bp, uint8_t byte)
{
	return t->ops->write_code(t, bp->frame, bp->off, &byte, 1);
}

int xs_gdb_sw_insert(struct xs_gdb_bps *b, struct xs_gdb_target *t, unsigned int vcpu,
		     uint64_t addr)
{
	struct xs_gdb_sw_bp *bp = xs_gdb_sw_find(b, addr);
	struct xs_gdb_regs regs;
	size_t off;
	int err;

	if (!t->ops->write_code)
		return -EOPNOTSUPP;
	if (bp)
		return 0; /* gdb inserts each location once; a repeat changes nothing */
	for (size_t i = 0; i < XS_GDB_MAX_SW_BPS && !bp; i++)
		if (!b->sw[i].used)
			bp = &b->sw[i];
	if (!bp)
		return -ENOSPC;
	err = t->ops->read_regs(t, vcpu, &regs);
	if (!err)
		err = xs_gdb_translate(t, &regs, addr, &bp->frame, &off);
	if (!err && xs_gdb_read_pmem(t, bp->frame * XS_GDB_PAGE_SIZE + off, &bp->orig, 1) != 1)
		err = -EFAULT;
	if (err)
		return err;
	bp->off = (uint16_t)off;
	bp->addr = addr;
	bp->used = bp->planted = true;
	/* On disk before in memory: a crash in between finds the original byte. */
	err = xs_gdb_journal_write(b);
	if (!err)
		err = poke(t, bp, b->insn);
	if (err) {
		bp->used = bp->planted = false;
		xs_gdb_journal_write(b);
	}
	return err;
}

int xs_gdb_sw_remove(struct xs_gdb_bps *b, struct xs_gdb_target *t, uint64_t addr)
{
	struct xs_gdb_sw_bp *bp = xs_gdb_sw_find(b, addr);
	int err = 0;

	if (!bp)
		return -ENOENT;
	if (bp->planted)
		err = poke(t, bp, bp->orig);
	if (err)
		return err;
	bp->used = bp->planted = false;
	return xs_gdb_journal_write(b);
}

/* No journal change: recovery restores only bytes it finds as int3. */
int xs_gdb_sw_lift(struct xs_gdb_bps *b, struct xs_gdb_target *t, struct xs_gdb_sw_bp *bp)
{
	int err = bp->planted ? poke(t, bp, bp->orig) : 0;

	(void)b;
	if (!err)
		bp->planted = false;
	return err;
}

int xs_gdb_sw_replant(struct xs_gdb_bps *b, struct xs_gdb_target *t)
{
	int first = 0;

	for (size_t i = 0; i < XS_GDB_MAX_SW_BPS; i++) {
		struct xs_gdb_sw_bp *bp = &b->sw[i];
		int err;

		if (!bp->used || bp->planted)
			continue;
		err = poke(t, bp, b->insn);
		if (!err)
			bp->planted = true;
		else if (!first)
			first = err;
	}
	return first;
}

/* DR7 length field: 00 one byte, 01 two, 11 four, 10 eight. */
static int len_bits(unsigned int len)
{
	switch (len) {
	case 1:
		return 0;
	case 2:
		return 1;
	case 4:
		return 3;
	case 8:
		return 2;
	}
	return -1;
}

/* DR7 R/W field: 00 execute, 01 write, 11 read or write (x86 has no read-only). */
static unsigned int rw_bits(enum xs_gdb_bp_type type)
{
	return type == XS_GDB_BP_HW ? 0 : type == XS_GDB_BP_WRITE ? 1 : 3;
}

static uint64_t dr7_of(const struct xs_gdb_bps *b, bool skip_exec)
{
	uint64_t dr7 = DR7_DEFAULT;

	for (unsigned int i = 0; i < XS_GDB_DR_SLOTS; i++) {
		const struct xs_gdb_hw_bp *h = &b->hw[i];

		if (!h->used || (skip_exec && h->type == XS_GDB_BP_HW))
			continue;
		dr7 |= 1ULL << (2 * i); /* L0..L3: Xen switches them with the vCPU */
		dr7 |= (uint64_t)rw_bits(h->type) << (16 + 4 * i);
		dr7 |= (uint64_t)len_bits(h->type == XS_GDB_BP_HW ? 1 : h->len) << (18 + 4 * i);
	}
	return dr7;
}

int xs_gdb_hw_apply(struct xs_gdb_bps *b, struct xs_gdb_target *t, bool skip_exec)
{
	uint64_t dr7 = dr7_of(b, skip_exec);
	int first = 0;

	if (!t->ops->set_dbg)
		return -EOPNOTSUPP;
	if (dr7 != DR7_DEFAULT && !b->hw_set) {
		b->hw_set = true;
		first = xs_gdb_journal_write(b);
		if (first)
			return first;
	}
	for (unsigned int v = 0; v < t->nr_vcpus; v++) {
		struct xs_gdb_dbg d;
		int err = t->ops->get_dbg(t, v, &d);

		for (unsigned int i = 0; !err && i < XS_GDB_DR_SLOTS; i++)
			d.dr[i] = b->hw[i].used ? b->hw[i].addr : 0;
		d.dr7 = dr7;
		d.dr6 = DR6_DEFAULT;
		if (!err)
			err = t->ops->set_dbg(t, v, &d);
		/* An offline vCPU has no context to take them: not an error. */
		if (err && err != -ENOENT && !first)
			first = err;
	}
	return first;
}

int xs_gdb_hw_exec_at(const struct xs_gdb_bps *b, uint64_t addr)
{
	for (int i = 0; i < XS_GDB_DR_SLOTS; i++)
		if (b->hw[i].used && b->hw[i].type == XS_GDB_BP_HW && b->hw[i].addr == addr)
			return i;
	return -1;
}

int xs_gdb_hw_insert(struct xs_gdb_bps *b, struct xs_gdb_target *t, enum xs_gdb_bp_type type,
		     uint64_t addr, unsigned int len)
{
	struct xs_gdb_hw_bp *free = NULL;
	int err;

	if (type < XS_GDB_BP_HW || type > XS_GDB_BP_ACCESS)
		return -EINVAL;
	if (type == XS_GDB_BP_HW)
		len = 1;
	/* The CPU compares aligned ranges: a misaligned one would watch other bytes. */
	if (len_bits(len) < 0 || (addr & (len - 1)))
		return -EINVAL;
	for (unsigned int i = 0; i < XS_GDB_DR_SLOTS; i++) {
		struct xs_gdb_hw_bp *h = &b->hw[i];

		if (h->used && h->type == type && h->addr == addr && h->len == len)
			return 0;
		if (!h->used && !free)
			free = h;
	}
	if (!free)
		return -ENOSPC;
	*free = (struct xs_gdb_hw_bp){
		.used = true, .type = (uint8_t)type, .len = (uint8_t)len, .addr = addr
	};
	err = xs_gdb_hw_apply(b, t, false);
	if (err) {
		free->used = false;
		xs_gdb_hw_apply(b, t, false);
	}
	return err;
}

int xs_gdb_hw_remove(struct xs_gdb_bps *b, struct xs_gdb_target *t, enum xs_gdb_bp_type type,
		     uint64_t addr, unsigned int len)
{
	if (type == XS_GDB_BP_HW)
		len = 1;
	for (unsigned int i = 0; i < XS_GDB_DR_SLOTS; i++) {
		struct xs_gdb_hw_bp *h = &b->hw[i];

		if (h->used && h->type == type && h->addr == addr && h->len == len) {
			h->used = false;
			return xs_gdb_hw_apply(b, t, false);
		}
	}
	return -ENOENT;
}

int xs_gdb_set_step(struct xs_gdb_bps *b, struct xs_gdb_target *t, int vcpu, bool on)
{
	struct xs_gdb_dbg d;
	int err;

	if (!t->ops->set_dbg)
		return -EOPNOTSUPP;
	if (on) {
		b->stepping = vcpu;
		err = xs_gdb_journal_write(b);
		if (err)
			return err;
	}
	err = t->ops->get_dbg(t, (unsigned int)vcpu, &d);
	if (!err) {
		d.rflags = on ? d.rflags | XS_GDB_RFLAGS_TF : d.rflags & ~XS_GDB_RFLAGS_TF;
		err = t->ops->set_dbg(t, (unsigned int)vcpu, &d);
	}
	if (!on && !err) {
		b->stepping = -1;
		err = xs_gdb_journal_write(b);
	}
	return err;
}

int xs_gdb_set_debugging(struct xs_gdb_bps *b, struct xs_gdb_target *t, bool on)
{
	int err;

	if (!t->ops->set_debugging)
		return -EOPNOTSUPP;
	if (b->debugging == on)
		return 0;
	if (on) {
		b->debugging = true;
		err = xs_gdb_journal_write(b);
		if (!err)
			err = t->ops->set_debugging(t, true);
		if (err) {
			b->debugging = false;
			xs_gdb_journal_write(b);
		}
		return err;
	}
	err = t->ops->set_debugging(t, false);
	if (!err) {
		b->debugging = false;
		err = xs_gdb_journal_write(b);
	}
	return err;
}

int xs_gdb_hold(struct xs_gdb_bps *b, struct xs_gdb_target *t)
{
	int err = t->ops->pause ? t->ops->pause(t) : 0;

	if (err || !t->ops->pause)
		return err;
	b->paused = true;
	return xs_gdb_journal_write(b);
}

int xs_gdb_release(struct xs_gdb_bps *b, struct xs_gdb_target *t)
{
	int err = t->ops->unpause ? t->ops->unpause(t) : 0;

	if (err || !t->ops->unpause)
		return err;
	b->paused = false;
	return xs_gdb_journal_write(b);
}

int xs_gdb_adopt_pause(struct xs_gdb_bps *b, struct xs_gdb_target *t)
{
	if (t->ops->own_pause)
		t->ops->own_pause(t);
	b->paused = true;
	return xs_gdb_journal_write(b);
}

int xs_gdb_bps_clear(struct xs_gdb_bps *b, struct xs_gdb_target *t)
{
	int first = 0, err;

	for (size_t i = 0; i < XS_GDB_MAX_SW_BPS; i++) {
		struct xs_gdb_sw_bp *bp = &b->sw[i];

		if (!bp->used)
			continue;
		err = bp->planted ? poke(t, bp, bp->orig) : 0;
		if (!err)
			bp->used = bp->planted = false;
		else if (!first)
			first = err;
	}
	if (b->stepping >= 0) {
		err = xs_gdb_set_step(b, t, b->stepping, false);
		if (err && !first)
			first = err;
	}
	if (b->hw_set) {
		memset(b->hw, 0, sizeof(b->hw));
		err = xs_gdb_hw_apply(b, t, false);
		if (!err)
			b->hw_set = false;
		else if (!first)
			first = err;
	}
	err = xs_gdb_set_debugging(b, t, false);
	if (err && err != -EOPNOTSUPP && !first)
		first = err;
	err = xs_gdb_journal_write(b);
	return first ? first : err;
}
