// SPDX-License-Identifier: MIT
/* Saving a guest dump: what the page tables reach, read frame by frame. */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "xenscope/gdb/target.h"
#include "xenscope/snap/snap.h"

#define PTE_PRESENT (1ULL << 0)
#define PTE_PSE (1ULL << 7)
#define PTE_ADDR 0x000ffffffffff000ULL
/* L4 slots 256..271 of a PV guest map Xen itself, not guest memory. */
#define PV_XEN_SLOT_FIRST 256
#define PV_XEN_SLOT_LAST 271

struct frame_set {
	uint64_t *v;
	size_t nr, alloc;
	uint64_t max;
	bool full; /* hit max: the dump is partial, say so once */
};

static int frame_add(struct frame_set *s, uint64_t frame)
{
	if (s->nr >= s->max) {
		s->full = true;
		return 0;
	}
	if (xs_array_grow(s->v, s->alloc, s->nr + 1))
		return xs_error(-ENOMEM, "out of memory");
	s->v[s->nr++] = frame;
	return 0;
}

/* Add table @frame at @level and everything below it. */
static int walk_table(struct xs_gdb_target *t, struct frame_set *s, uint64_t frame, int level)
{
	uint64_t page[XS_GDB_PAGE_SIZE / 8];
	int err;

	/* A table we cannot read (not the guest's) is left out, not fatal. */
	if (t->ops->read_frame(t, frame, page))
		return 0;
	err = frame_add(s, frame);
	for (unsigned int i = 0; !err && i < 512 && !s->full; i++) {
		uint64_t next = (page[i] & PTE_ADDR) >> 12;

		if (!(page[i] & PTE_PRESENT))
			continue;
		if (level == 4 && t->pv && i >= PV_XEN_SLOT_FIRST && i <= PV_XEN_SLOT_LAST)
			continue;
		if (level == 1 || ((level == 2 || level == 3) && (page[i] & PTE_PSE))) {
			uint64_t n = 1ULL << (9 * (level - 1));

			next &= ~(n - 1); /* drops the large-page PAT bit */
			for (uint64_t k = 0; !err && k < n && !s->full; k++)
				err = frame_add(s, next + k);
		} else {
			err = walk_table(t, s, next, level - 1);
		}
	}
	return err;
}

static int cmp_u64(const void *a, const void *b)
{
	uint64_t x = *(const uint64_t *)a, y = *(const uint64_t *)b;

	return x < y ? -1 : x > y;
}

static void frame_set_sort_unique(struct frame_set *s)
{
	size_t o = 0;

	if (s->nr)
		qsort(s->v, s->nr, sizeof(*s->v), cmp_u64);
	for (size_t i = 0; i < s->nr; i++)
		if (o == 0 || s->v[o - 1] != s->v[i])
			s->v[o++] = s->v[i];
	s->nr = o;
}

int xs_gdb_dump_write(const char *path, uint32_t domid, bool pv, const void *blob, size_t len)
{
	struct xenscope_info info = { .interface_version = XENSCOPE_INTERFACE_VERSION };
	struct xs_domain d = { .domid = domid, .flags = pv ? 0 : XS_DOM_HVM | XS_DOM_PAUSED };
	struct xs_snap_writer *w;
	int err;

	snprintf(d.name, sizeof(d.name), "(null)");
	err = xs_snap_writer_new(&w);
	if (err)
		return err;
	xs_snap_writer_set_source(w, "xs-gdbstub", "guest dump");
	err = xs_snap_writer_set_info(w, &info);
	if (!err)
		err = xs_snap_writer_add_domain(w, &d);
	if (!err)
		err = xs_snap_writer_add_blob(w, XS_SNAP_GUEST, domid, blob, len);
	if (!err)
		err = xs_snap_write(w, path);
	xs_snap_writer_free(w);
	return err;
}

int xs_gdb_dump_save(struct xs_gdb_target *t, const char *path, uint64_t max_frames)
{
	struct xs_gdb_regs *regs = calloc(t->nr_vcpus, sizeof(*regs));
	struct frame_set s = { .max = max_frames };
	struct xs_buf blob = XS_BUF_INIT;
	uint8_t *data = NULL;
	size_t kept = 0;
	int err = 0;

	if (!regs)
		return xs_error(-ENOMEM, "out of memory");
	for (unsigned int v = 0; v < t->nr_vcpus; v++) {
		err = t->ops->read_regs(t, v, &regs[v]);
		if (err) {
			err = xs_error(err, "cannot read the registers of vCPU %u", v);
			goto out_free_regs;
		}
		if (!(regs[v].flags & XS_GDB_REGS_ONLINE) || !(regs[v].flags & XS_GDB_REGS_PAGING))
			continue;
		err = walk_table(t, &s, (regs[v].cr3 & PTE_ADDR) >> 12, 4);
		if (err)
			goto out_free_frames;
	}
	if (s.full)
		xs_warn("guest dump limited to %llu frames; the rest is left out",
			(unsigned long long)max_frames);
	frame_set_sort_unique(&s);
	data = malloc(s.nr ? s.nr * XS_GDB_PAGE_SIZE : 1);
	if (!data) {
		err = xs_error(-ENOMEM, "out of memory for %zu guest frames", s.nr);
		goto out_free_frames;
	}
	/* Frames that vanished or are not the guest's are dropped, in place. */
	for (size_t i = 0; i < s.nr; i++) {
		if (t->ops->read_frame(t, s.v[i], data + kept * XS_GDB_PAGE_SIZE))
			continue;
		s.v[kept++] = s.v[i];
	}
	err = xs_gdb_dump_build(&blob, t->pv ? XS_GDB_DUMP_PV : 0, regs, t->nr_vcpus, s.v, data,
				kept);
	if (!err)
		err = xs_gdb_dump_write(path, t->domid, t->pv, blob.buf, blob.len);
	xs_buf_release(&blob);
	free(data);
out_free_frames:
	free(s.v);
out_free_regs:
	free(regs);
	return err;
}
