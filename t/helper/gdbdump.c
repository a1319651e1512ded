// SPDX-License-Identifier: MIT
/*
 * Guest dumps for the GDB stub's tests, built from a readable description
 * (one directive a line, '#' comments):
 *
 *	domain 7 pv              domain id; "pv" or "hvm"
 *	pml4 0x100               frame of the top page table; more tables from 0x101 up
 *	vcpu 0 rip=0x... rsp=... registers (rax..r15 rip rflags cs ss ds es fs gs
 *	                          fs_base gs_base cr0 cr2 cr4 efer; cr3 = pml4 frame)
 *	map VADDR FRAME          a 4 KiB mapping
 *	map2m VADDR FRAME        a 2 MiB mapping (FRAME 512-aligned)
 *	qword FRAME OFF VALUE    8 bytes into a data frame
 *	string FRAME OFF TEXT    bytes of TEXT (to the end of the line)
 *	fill VADDR PAGES FRAME   PAGES 4 KiB mappings at VADDR onto FRAME, FRAME + 1, ...,
 *	                          each frame filled with gdbfill's bytes
 *
 * Also: gdbpkt frames payloads for --stdio scripts; gdbnoise writes
 * reproducible garbage for the hostile-input test.
 */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "xenscope/gdb/packet.h"
#include "xenscope/gdb/target.h"

#include "gdbdump.h"

#define MAX_FRAMES 20000
#define HASH_SLOTS 65536 /* a power of two above MAX_FRAMES: frame lookup by number */
#define PTE_FLAGS 0x7ULL /* present, writable, user */

struct frame {
	uint64_t nr;
	uint8_t data[XS_GDB_PAGE_SIZE];
};

struct desc {
	uint32_t domid;
	bool pv;
	uint64_t pml4, next_table;
	struct xs_gdb_regs regs[8];
	unsigned int nr_vcpus;
	struct frame *frames; /* MAX_FRAMES */
	size_t nr_frames;
	uint32_t *hash; /* HASH_SLOTS: index + 1 into frames, 0 for free */
};

static uint8_t *frame(struct desc *d, uint64_t nr)
{
	size_t h = (size_t)(nr * 0x9e3779b97f4a7c15ULL >> 48) & (HASH_SLOTS - 1);

	for (; d->hash[h]; h = (h + 1) & (HASH_SLOTS - 1))
		if (d->frames[d->hash[h] - 1].nr == nr)
			return d->frames[d->hash[h] - 1].data;
	if (d->nr_frames == MAX_FRAMES)
		return NULL;
	d->frames[d->nr_frames].nr = nr;
	d->hash[h] = (uint32_t)++d->nr_frames;
	return d->frames[d->nr_frames - 1].data;
}

/* The bytes "fill" puts in frame @nr: xorshift64 seeded by the frame number. */
static void fill_frame(uint64_t nr, uint8_t *p)
{
	uint64_t x = nr * 0x9e3779b97f4a7c15ULL + 1;

	for (size_t i = 0; i < XS_GDB_PAGE_SIZE; i += 8) {
		x ^= x << 13;
		x ^= x >> 7;
		x ^= x << 17;
		memcpy(p + i, &x, 8);
	}
}

/* The entry for @vaddr at @level, creating tables on the way down. */
static int map(struct desc *d, uint64_t vaddr, uint64_t target, int leaf_level)
{
	uint64_t table = d->pml4;

	for (int level = 4; level >= leaf_level; level--) {
		uint8_t *t = frame(d, table);
		unsigned int idx = (vaddr >> (12 + 9 * (level - 1))) & 511;
		uint64_t pte;

		if (!t)
			return -ENOSPC;
		memcpy(&pte, t + 8 * idx, 8);
		if (level == leaf_level) {
			pte = target << 12 | PTE_FLAGS | (leaf_level > 1 ? 1ULL << 7 : 0);
			memcpy(t + 8 * idx, &pte, 8);
			return 0;
		}
		if (!(pte & 1)) {
			pte = d->next_table++ << 12 | PTE_FLAGS;
			memcpy(t + 8 * idx, &pte, 8);
		}
		table = (pte & 0x000ffffffffff000ULL) >> 12;
	}
	return 0;
}

static int set_reg(struct xs_gdb_regs *r, const char *name, uint64_t v)
{
	static const char *const gpr[] = { "rax", "rbx", "rcx", "rdx", "rsi", "rdi", "rbp", "rsp",
					   "r8",  "r9",	 "r10", "r11", "r12", "r13", "r14", "r15" };
	static const struct {
		const char *name;
		size_t off;
	} other[] = {
		{ "rip", offsetof(struct xs_gdb_regs, rip) },
		{ "rflags", offsetof(struct xs_gdb_regs, rflags) },
		{ "cs", offsetof(struct xs_gdb_regs, cs) },
		{ "ss", offsetof(struct xs_gdb_regs, ss) },
		{ "ds", offsetof(struct xs_gdb_regs, ds) },
		{ "es", offsetof(struct xs_gdb_regs, es) },
		{ "fs", offsetof(struct xs_gdb_regs, fs) },
		{ "gs", offsetof(struct xs_gdb_regs, gs) },
		{ "fs_base", offsetof(struct xs_gdb_regs, fs_base) },
		{ "gs_base", offsetof(struct xs_gdb_regs, gs_base) },
		{ "cr0", offsetof(struct xs_gdb_regs, cr0) },
		{ "cr2", offsetof(struct xs_gdb_regs, cr2) },
		{ "cr4", offsetof(struct xs_gdb_regs, cr4) },
		{ "efer", offsetof(struct xs_gdb_regs, efer) },
	};

	for (size_t i = 0; i < XS_ARRAY_SIZE(gpr); i++)
		if (!strcmp(name, gpr[i])) {
			r->gpr[i] = v;
			return 0;
		}
	for (size_t i = 0; i < XS_ARRAY_SIZE(other); i++)
		if (!strcmp(name, other[i].name)) {
			memcpy((char *)r + other[i].off, &v, 8);
			return 0;
		}
	return -EINVAL;
}

static int parse_vcpu(struct desc *d, char *args)
{
	char *save, *tok = strtok_r(args, " \t\n", &save);
	struct xs_gdb_regs *r;
	uint64_t v;

	if (!tok || xs_parse_u64(tok, &v) || v != d->nr_vcpus || v >= XS_ARRAY_SIZE(d->regs))
		return -EINVAL;
	r = &d->regs[d->nr_vcpus++];
	r->cr3 = d->pml4 << 12;
	r->flags = XS_GDB_REGS_ONLINE | XS_GDB_REGS_PAGING;
	while ((tok = strtok_r(NULL, " \t\n", &save))) {
		char *eq = strchr(tok, '=');

		if (!eq)
			return -EINVAL;
		*eq = '\0';
		if (xs_parse_u64(eq + 1, &v) || set_reg(r, tok, v))
			return -EINVAL;
	}
	return 0;
}

static int parse_line(struct desc *d, char *line)
{
	char kw[16], arg[64];
	uint64_t a, b, c;
	int n = 0;

	if (sscanf(line, "%15s%n", kw, &n) != 1 || kw[0] == '#')
		return 0;
	if (!strcmp(kw, "domain")) {
		if (sscanf(line + n, "%u %63s", &d->domid, arg) != 2)
			return -EINVAL;
		d->pv = !strcmp(arg, "pv");
		return 0;
	}
	if (!strcmp(kw, "pml4")) {
		if (sscanf(line + n, "%63s", arg) != 1 || xs_parse_u64(arg, &d->pml4))
			return -EINVAL;
		d->next_table = d->pml4 + 1;
		return frame(d, d->pml4) ? 0 : -ENOSPC;
	}
	if (!strcmp(kw, "vcpu"))
		return parse_vcpu(d, line + n);
	if (!strcmp(kw, "map") || !strcmp(kw, "map2m")) {
		char va[64], fr[64];

		if (sscanf(line + n, "%63s %63s", va, fr) != 2 || xs_parse_u64(va, &a) ||
		    xs_parse_u64(fr, &b))
			return -EINVAL;
		return map(d, a, b, kw[3] ? 2 : 1);
	}
	if (!strcmp(kw, "fill")) {
		char va[64], np[64], fr[64];

		if (sscanf(line + n, "%63s %63s %63s", va, np, fr) != 3 || xs_parse_u64(va, &a) ||
		    xs_parse_u64(np, &b) || xs_parse_u64(fr, &c))
			return -EINVAL;
		for (uint64_t i = 0; i < b; i++) {
			uint8_t *p;

			if (map(d, a + i * XS_GDB_PAGE_SIZE, c + i, 1) || !(p = frame(d, c + i)))
				return -ENOSPC;
			fill_frame(c + i, p);
		}
		return 0;
	}
	if (!strcmp(kw, "qword") || !strcmp(kw, "string")) {
		char fr[64], off[64], val[64];
		int m = 0;
		uint8_t *p;

		if (sscanf(line + n, "%63s %63s %n", fr, off, &m) != 2 || xs_parse_u64(fr, &a) ||
		    xs_parse_u64(off, &b))
			return -EINVAL;
		p = frame(d, a);
		if (!p)
			return -ENOSPC;
		if (kw[0] == 'q') {
			if (sscanf(line + n + m, "%63s", val) != 1 || xs_parse_u64(val, &c) ||
			    b > XS_GDB_PAGE_SIZE - 8)
				return -EINVAL;
			memcpy(p + b, &c, 8);
		} else {
			size_t len = strcspn(line + n + m, "\n");

			if (b > XS_GDB_PAGE_SIZE || len > XS_GDB_PAGE_SIZE - b)
				return -EINVAL;
			memcpy(p + b, line + n + m, len);
		}
		return 0;
	}
	return -EINVAL;
}

static int cmp_frame(const void *a, const void *b)
{
	uint64_t x = ((const struct frame *)a)->nr, y = ((const struct frame *)b)->nr;

	return x < y ? -1 : x > y;
}

/* mkgdbdump DESC OUT */
int cmd_mkgdbdump(int argc, char **argv)
{
	struct desc d = { .pml4 = 0x100, .next_table = 0x101 };
	struct xs_buf blob = XS_BUF_INIT;
	uint64_t *nrs = NULL;
	uint8_t *data = NULL;
	char line[4200];
	int err = 0, lineno = 0;
	FILE *f;

	if (argc != 3)
		return xs_error(-EINVAL, "usage: mkgdbdump DESC OUT");
	f = fopen(argv[1], "r");
	if (!f)
		return xs_error(-errno, "%s: %s", argv[1], strerror(errno));
	d.frames = calloc(MAX_FRAMES, sizeof(*d.frames));
	d.hash = calloc(HASH_SLOTS, sizeof(*d.hash));
	if (!d.frames || !d.hash) {
		err = -ENOMEM;
		goto out_close;
	}
	while (!err && fgets(line, sizeof(line), f)) {
		lineno++;
		if (parse_line(&d, line))
			err = xs_error(-EINVAL, "%s:%d: bad line", argv[1], lineno);
	}
	if (err)
		goto out_free;
	qsort(d.frames, d.nr_frames, sizeof(*d.frames), cmp_frame);
	nrs = calloc(d.nr_frames + 1, sizeof(*nrs));
	data = calloc(d.nr_frames + 1, XS_GDB_PAGE_SIZE);
	if (!nrs || !data) {
		err = -ENOMEM;
		goto out_free;
	}
	for (size_t i = 0; i < d.nr_frames; i++) {
		nrs[i] = d.frames[i].nr;
		memcpy(data + i * XS_GDB_PAGE_SIZE, d.frames[i].data, XS_GDB_PAGE_SIZE);
	}
	err = xs_gdb_dump_build(&blob, d.pv ? XS_GDB_DUMP_PV : 0, d.regs, d.nr_vcpus, nrs, data,
				d.nr_frames);
	if (!err)
		err = xs_gdb_dump_write(argv[2], d.domid, d.pv, blob.buf, blob.len);
out_free:
	xs_buf_release(&blob);
	free(nrs);
	free(data);
	free(d.frames);
	free(d.hash);
out_close:
	fclose(f);
	return err;
}

/* gdbfill FRAME PAGES: the bytes "fill" put in those frames, to stdout. */
int cmd_gdbfill(int argc, char **argv)
{
	uint8_t page[XS_GDB_PAGE_SIZE];
	uint64_t first, n;

	if (argc != 3 || xs_parse_u64(argv[1], &first) || xs_parse_u64(argv[2], &n))
		return xs_error(-EINVAL, "usage: gdbfill FRAME PAGES");
	for (uint64_t i = 0; i < n; i++) {
		fill_frame(first + i, page);
		if (fwrite(page, 1, sizeof(page), stdout) != sizeof(page))
			return xs_error(-EIO, "gdbfill: short write");
	}
	return 0;
}

/* gdbpkt PAYLOAD...: each payload framed, with its '+' ack in front, on one line. */
int cmd_gdbpkt(int argc, char **argv)
{
	struct xs_buf out = XS_BUF_INIT;
	int err = 0;

	for (int i = 1; !err && i < argc; i++)
		err = xs_gdb_frame(&out, argv[i], strlen(argv[i]));
	if (!err)
		fwrite(out.buf, 1, out.len, stdout);
	xs_buf_release(&out);
	return err;
}

/* gdbnoise SEED BYTES: garbage mixed with packet-ish bytes, reproducibly. */
int cmd_gdbnoise(int argc, char **argv)
{
	static const char alphabet[] = "$#}*+-0123456789abcdefmgpMXqvH,:;\x03";
	uint64_t seed, n;

	if (argc != 3 || xs_parse_u64(argv[1], &seed) || xs_parse_u64(argv[2], &n))
		return xs_error(-EINVAL, "usage: gdbnoise SEED BYTES");
	for (uint64_t i = 0; i < n; i++) {
		/* xorshift64: the same stream on every machine. */
		seed ^= seed << 13;
		seed ^= seed >> 7;
		seed ^= seed << 17;
		if (seed % 3)
			putchar(alphabet[(seed >> 8) % (sizeof(alphabet) - 1)]);
		else
			putchar((int)(seed >> 16) & 0xff);
	}
	return 0;
}
