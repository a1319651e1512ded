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

long xs_gdb_read_vmem(struct xs_gdb_target *t, unsigned int vcpu, uint64_t vaddr, void *buf,
		      size_t len)
{
	uint8_t page[XS_GDB_PAGE_SIZE];
	struct xs_gdb_regs regs;
	size_t done = 0;
	int err;

	err = t->ops->read_regs(t, vcpu, &regs);
	if (err)
		return err;
	while (done < len) {
		uint64_t frame;
		size_t off, n;

		if (xs_gdb_translate(t, &regs, vaddr + done, &frame, &off) ||
		    t->ops->read_frame(t, frame, page))
			break;
		n = XS_GDB_PAGE_SIZE - off;
		if (n > len - done)
			n = len - done;
		memcpy((uint8_t *)buf + done, page + off, n);
		done += n;
	}
	return (long)done;
}

int xs_gdb_write_vmem(struct xs_gdb_target *t, unsigned int vcpu, uint64_t vaddr,
		      const void *data, size_t len)
{
	struct xs_gdb_regs regs;
	size_t done = 0;
	int err;

	if (!t->ops->write_frame)
		return -EROFS;
	err = t->ops->read_regs(t, vcpu, &regs);
	if (err)
		return err;
	/* Translate every page first so a write is all or nothing when unmapped. */
	for (size_t d = 0; d < len;) {
		uint64_t frame;
		size_t off;

		err = xs_gdb_translate(t, &regs, vaddr + d, &frame, &off);
		if (err)
			return err;
		d += XS_GDB_PAGE_SIZE - off;
	}
	while (done < len) {
		uint64_t frame;
		size_t off, n;

		err = xs_gdb_translate(t, &regs, vaddr + done, &frame, &off);
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
