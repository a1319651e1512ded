// SPDX-License-Identifier: MIT
/* Guest virtual memory through a GDB target: the x86-64 page-table walk. */
#include <errno.h>
#include <string.h>

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

static int read_pte(struct xs_gdb_target *t, uint64_t table, unsigned int idx, uint64_t *pte)
{
	uint64_t page[XS_GDB_PAGE_SIZE / 8];
	int err = t->ops->read_frame(t, table, page);

	if (err)
		return err;
	*pte = page[idx];
	return 0;
}

bool xs_gdb_canonical(uint64_t vaddr)
{
	uint64_t top = vaddr >> 47;

	return top == 0 || top == 0x1ffff;
}

int xs_gdb_translate(struct xs_gdb_target *t, const struct xs_gdb_regs *regs, uint64_t vaddr,
		     uint64_t *frame, size_t *off)
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

		err = read_pte(t, table, (vaddr >> shift) & 511, &pte);
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

/* Find @addr's frame through @regs, or physically when @regs is NULL. */
static int locate(struct xs_gdb_target *t, const struct xs_gdb_regs *regs, uint64_t addr,
		  uint64_t *frame, size_t *off)
{
	if (regs)
		return xs_gdb_translate(t, regs, addr, frame, off);
	*frame = addr >> 12;
	*off = addr & 0xfff;
	return 0;
}

/* Read through @regs, or physical addresses when @regs is NULL. */
static long read_mem(struct xs_gdb_target *t, const struct xs_gdb_regs *regs, uint64_t addr,
		     void *buf, size_t len)
{
	uint8_t page[XS_GDB_PAGE_SIZE];
	size_t done = 0;

	while (done < len) {
		uint64_t frame;
		size_t off, n;

		if (locate(t, regs, addr + done, &frame, &off) || t->ops->read_frame(t, frame, page))
			break;
		n = XS_GDB_PAGE_SIZE - off;
		if (n > len - done)
			n = len - done;
		memcpy((uint8_t *)buf + done, page + off, n);
		done += n;
	}
	return (long)done;
}

long xs_gdb_read_vmem(struct xs_gdb_target *t, unsigned int vcpu, uint64_t vaddr, void *buf,
		      size_t len)
{
	struct xs_gdb_regs regs;
	int err = t->ops->read_regs(t, vcpu, &regs);

	return err ? err : read_mem(t, &regs, vaddr, buf, len);
}

long xs_gdb_read_pmem(struct xs_gdb_target *t, uint64_t paddr, void *buf, size_t len)
{
	return read_mem(t, NULL, paddr, buf, len);
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

		err = locate(t, regs, addr + d, &frame, &off);
		if (err)
			return err;
		d += XS_GDB_PAGE_SIZE - off;
	}
	while (done < len) {
		uint64_t frame;
		size_t off, n;

		err = locate(t, regs, addr + done, &frame, &off);
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
