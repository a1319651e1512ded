// SPDX-License-Identifier: MIT
/* Guest virtual memory through a GDB target: the x86-64 page-table walk. */
#include <errno.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "xenscope/gdb/target.h"

#define PTE_PRESENT (1ULL << 0)
#define PTE_PSE (1ULL << 7)		  /* large page at L3 (1 GiB) and L2 (2 MiB) */
#define PTE_ADDR 0x000ffffffffff000ULL /* bits 51:12 */
#define CR4_LA57 (1ULL << 12)

void xs_gdb_target_close(struct xs_gdb_target *t)
{
	if (t)
		t->ops->close(t);
}

/* Frames per read_frames call: one mapping per 64 KiB rather than per page. */
#define READ_BATCH 16

/*
 * The last table read at each level, for one read: the pages of a range
 * share their tables, so a 32 KiB read maps each table once, not once per
 * page.  Never kept across reads: the guest may change its tables.
 */
struct walk_cache {
	bool valid[5];
	uint64_t frame[5];
	uint64_t page[5][XS_GDB_PAGE_SIZE / 8];
};

static int read_pte(struct xs_gdb_target *t, struct walk_cache *wc, int level, uint64_t table,
		    unsigned int idx, uint64_t *pte)
{
	uint64_t page[XS_GDB_PAGE_SIZE / 8];
	int err;

	if (wc && wc->valid[level] && wc->frame[level] == table) {
		*pte = wc->page[level][idx];
		return 0;
	}
	err = t->ops->read_frame(t, table, wc ? wc->page[level] : page);
	if (err)
		return err;
	if (wc) {
		wc->valid[level] = true;
		wc->frame[level] = table;
	}
	*pte = wc ? wc->page[level][idx] : page[idx];
	return 0;
}

bool xs_gdb_canonical(uint64_t vaddr)
{
	uint64_t top = vaddr >> 47;

	return top == 0 || top == 0x1ffff;
}

static int translate(struct xs_gdb_target *t, const struct xs_gdb_regs *regs, uint64_t vaddr,
		     uint64_t *frame, size_t *off, struct walk_cache *wc)
{
	uint64_t table = (regs->cr3 & PTE_ADDR) >> 12;
	int err;

	if (!(regs->flags & XS_GDB_REGS_PAGING)) {
		*frame = vaddr >> 12;
		*off = vaddr & 0xfff;
		return 0;
	}
	if ((regs->flags & XS_GDB_REGS_LEGACY) || (regs->cr4 & CR4_LA57))
		return -EOPNOTSUPP;
	/* The hardware faults on these; the walk would alias them to other slots. */
	if (!xs_gdb_canonical(vaddr))
		return -EFAULT;
	/* Level 4 down to 1; index bits 47:39, 38:30, 29:21, 20:12. */
	for (int level = 4; level >= 1; level--) {
		unsigned int shift = 12 + 9 * (unsigned int)(level - 1);
		uint64_t pte;

		err = read_pte(t, wc, level, table, (vaddr >> shift) & 511, &pte);
		if (err)
			return err;
		if (!(pte & PTE_PRESENT))
			return -EFAULT;
		if (level == 1 || ((level == 2 || level == 3) && (pte & PTE_PSE))) {
			/* For a large page bits below its size (incl. PAT at bit 12) are not address. */
			uint64_t base = pte & PTE_ADDR & ~((1ULL << shift) - 1);
			uint64_t addr = base | (vaddr & ((1ULL << shift) - 1));

			*frame = addr >> 12;
			*off = addr & 0xfff;
			return 0;
		}
		table = (pte & PTE_ADDR) >> 12;
	}
	return -EFAULT;
}

int xs_gdb_translate(struct xs_gdb_target *t, const struct xs_gdb_regs *regs, uint64_t vaddr,
		     uint64_t *frame, size_t *off)
{
	return translate(t, regs, vaddr, frame, off, NULL);
}

/* Find @addr's frame through @regs, or physically when @regs is NULL. */
static int locate(struct xs_gdb_target *t, const struct xs_gdb_regs *regs, uint64_t addr,
		  uint64_t *frame, size_t *off, struct walk_cache *wc)
{
	if (regs)
		return translate(t, regs, addr, frame, off, wc);
	*frame = addr >> 12;
	*off = addr & 0xfff;
	return 0;
}

static uint64_t now_ns(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (uint64_t)ts.tv_sec * 1000000000u + (uint64_t)ts.tv_nsec;
}

/* Read @n frames: in one go when the backend can, else one by one. */
static size_t read_frames(struct xs_gdb_target *t, const uint64_t *frames, size_t n, uint8_t *buf)
{
	uint64_t t0 = now_ns();
	size_t i;

	if (t->ops->read_frames) {
		i = t->ops->read_frames(t, frames, n, buf);
	} else {
		for (i = 0; i < n; i++)
			if (t->ops->read_frame(t, frames[i], buf + i * XS_GDB_PAGE_SIZE))
				break;
	}
	t->stats.frames_ns += now_ns() - t0;
	return i;
}

/*
 * Read through @regs, or physical addresses when @regs is NULL: translate
 * up to READ_BATCH pages, read their frames together, copy, repeat.
 */
static long read_mem(struct xs_gdb_target *t, const struct xs_gdb_regs *regs, uint64_t addr,
		     void *buf, size_t len)
{
	struct walk_cache *wc = calloc(1, sizeof(*wc));
	uint8_t *pages = malloc(READ_BATCH * XS_GDB_PAGE_SIZE);
	size_t done = 0;

	while (wc && pages && done < len) {
		uint64_t frames[READ_BATCH];
		size_t offs[READ_BATCH], lens[READ_BATCH], n = 0, got, d = done;

		while (n < READ_BATCH && d < len &&
		       !locate(t, regs, addr + d, &frames[n], &offs[n], wc)) {
			lens[n] = XS_GDB_PAGE_SIZE - offs[n];
			if (lens[n] > len - d)
				lens[n] = len - d;
			d += lens[n++];
		}
		got = read_frames(t, frames, n, pages);
		for (size_t i = 0; i < got; i++) {
			memcpy((uint8_t *)buf + done, pages + i * XS_GDB_PAGE_SIZE + offs[i], lens[i]);
			done += lens[i];
		}
		if (got < READ_BATCH)
			break; /* unmapped or unreadable: a short read */
	}
	free(pages);
	free(wc);
	return (long)done;
}

/* Count a read that started at @t0 and returned @got. */
static long counted(struct xs_gdb_target *t, uint64_t t0, long got)
{
	t->stats.reads++;
	t->stats.bytes += got > 0 ? (uint64_t)got : 0;
	t->stats.ns += now_ns() - t0;
	return got;
}

long xs_gdb_read_vmem(struct xs_gdb_target *t, unsigned int vcpu, uint64_t vaddr, void *buf,
		      size_t len)
{
	uint64_t t0 = now_ns();
	struct xs_gdb_regs regs;
	int err = t->ops->read_regs(t, vcpu, &regs);

	return counted(t, t0, err ? err : read_mem(t, &regs, vaddr, buf, len));
}

long xs_gdb_read_pmem(struct xs_gdb_target *t, uint64_t paddr, void *buf, size_t len)
{
	return counted(t, now_ns(), read_mem(t, NULL, paddr, buf, len));
}

static int write_mem(struct xs_gdb_target *t, const struct xs_gdb_regs *regs, uint64_t addr,
		     const void *data, size_t len)
{
	size_t done = 0;
	int err;

	/* Translate every page first so a write is all or nothing when unmapped. */
	for (size_t d = 0; d < len;) {
		uint64_t frame;
		size_t off;

		err = locate(t, regs, addr + d, &frame, &off, NULL);
		if (err)
			return err;
		d += XS_GDB_PAGE_SIZE - off;
	}
	while (done < len) {
		uint64_t frame;
		size_t off, n;

		err = locate(t, regs, addr + done, &frame, &off, NULL);
		if (err)
			return err;
		n = XS_GDB_PAGE_SIZE - off;
		if (n > len - done)
			n = len - done;
		err = t->ops->write_frame(t, frame, off, (const uint8_t *)data + done, n);
		if (err)
			return err;
		done += n;
	}
	return 0;
}

int xs_gdb_write_vmem(struct xs_gdb_target *t, unsigned int vcpu, uint64_t vaddr,
		      const void *data, size_t len)
{
	struct xs_gdb_regs regs;
	int err;

	if (!t->ops->write_frame)
		return -EROFS;
	err = t->ops->read_regs(t, vcpu, &regs);
	return err ? err : write_mem(t, &regs, vaddr, data, len);
}

int xs_gdb_write_pmem(struct xs_gdb_target *t, uint64_t paddr, const void *data, size_t len)
{
	return t->ops->write_frame ? write_mem(t, NULL, paddr, data, len) : -EROFS;
}
