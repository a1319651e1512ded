// SPDX-License-Identifier: MIT
/*
 * `xl dump-core` files as a GDB target, read-only.  The format is libxc's
 * (tools/libs/guest/xg_core.c): an ELF file whose sections are
 *	.note.Xen       notes; DUMPCORE_HEADER gives nr_vcpus, nr_pages, magic
 *	.xen_prstatus   vcpu_guest_context[nr_vcpus] (the 64-bit x86 layout)
 *	.xen_pages      nr_pages pages of 4 KiB
 *	.xen_p2m        PV: {pfn, gmfn}[nr_pages], page i's frame numbers
 *	.xen_pfn        HVM: pfn[nr_pages]
 * A PV guest's page tables hold mfns, so its pages are found by gmfn;
 * an HVM/PVH guest's by pfn.  Every offset and size is checked against the
 * file before use.
 */
#include <errno.h>
#include <fcntl.h>
#include <gelf.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <sys/stat.h>
#include <unistd.h>

#include "xenscope/gdb/target.h"

#define NOTE_HEADER 0x2000001 /* XEN_ELFNOTE_DUMPCORE_HEADER */
#define MAGIC_PV 0xF00FEBEDULL
#define MAGIC_HVM 0xF00FEBEEULL

/* struct vcpu_guest_context (x86_64) offsets, from xen/arch-x86/xen.h. */
#define CTX_SIZE 5168
#define CTX_FLAGS 512
#define CTX_REGS 520 /* struct cpu_user_regs */
#define CTX_CTRLREG 4984
#define CTX_FS_BASE 5144
#define CTX_GS_KERNEL 5152
#define CTX_GS_USER 5160
#define VGCF_IN_KERNEL (1U << 2)
#define VGCF_ONLINE (1U << 5)
#define CR0_PG (1ULL << 31)
#define CR4_PAE (1ULL << 5)

struct entry {
	uint64_t frame, index; /* frame number; page index in .xen_pages */
};

struct core_target {
	struct xs_gdb_target base; /* first: the ops receive &base */
	const uint8_t *map;
	size_t size;
	const uint8_t *ctx; /* nr_vcpus records of ctx_size bytes */
	size_t ctx_size;
	const uint8_t *pages;
	struct entry *index; /* sorted by frame */
	uint64_t nr_pages;
};

static struct core_target *core(struct xs_gdb_target *t)
{
	return (struct core_target *)t;
}

static uint64_t u64_at(const uint8_t *p, size_t off)
{
	uint64_t v;

	memcpy(&v, p + off, 8);
	return v;
}

static uint16_t u16_at(const uint8_t *p, size_t off)
{
	uint16_t v;

	memcpy(&v, p + off, 2);
	return v;
}

static int core_read_regs(struct xs_gdb_target *t, unsigned int vcpu, struct xs_gdb_regs *r)
{
	/* struct cpu_user_regs order: r15 r14 r13 r12 rbp rbx r11 r10 r9 r8 rax rcx rdx rsi rdi */
	static const int gpr_of[15] = { 15, 14, 13, 12, 6, 1, 11, 10, 9, 8, 0, 2, 3, 4, 5 };
	struct core_target *c = core(t);
	const uint8_t *x, *u;
	uint64_t flags;

	if (vcpu >= t->nr_vcpus)
		return -ENOENT;
	x = c->ctx + (size_t)vcpu * c->ctx_size;
	u = x + CTX_REGS;
	memset(r, 0, sizeof(*r));
	flags = u64_at(x, CTX_FLAGS);
	if (!(flags & VGCF_ONLINE))
		return 0;
	for (int i = 0; i < 15; i++)
		r->gpr[gpr_of[i]] = u64_at(u, 8 * (size_t)i);
	r->rip = u64_at(u, 128);
	r->cs = u16_at(u, 136);
	r->rflags = u64_at(u, 144);
	r->gpr[7] = u64_at(u, 152);
	r->ss = u16_at(u, 160), r->es = u16_at(u, 168), r->ds = u16_at(u, 176);
	r->fs = u16_at(u, 184), r->gs = u16_at(u, 192);
	r->cr0 = u64_at(x, CTX_CTRLREG);
	r->cr2 = u64_at(x, CTX_CTRLREG + 16);
	r->cr3 = u64_at(x, CTX_CTRLREG + 24) & ~0xfffULL; /* a 64-bit PV cr3 is mfn << 12 */
	r->cr4 = u64_at(x, CTX_CTRLREG + 32);
	r->fs_base = u64_at(x, CTX_FS_BASE);
	if (t->pv || (flags & VGCF_IN_KERNEL)) {
		r->gs_base = u64_at(x, CTX_GS_KERNEL);
		r->gs_base_kernel = u64_at(x, CTX_GS_USER);
	} else {
		r->gs_base = u64_at(x, CTX_GS_USER);
		r->gs_base_kernel = u64_at(x, CTX_GS_KERNEL);
	}
	r->flags = XS_GDB_REGS_ONLINE;
	/*
	 * PV runs paged.  The HVM context has no EFER: paging with PAE is taken
	 * for long mode, the only mode a 64-bit PVH kernel pages in.
	 */
	if (t->pv || ((r->cr0 & CR0_PG) && (r->cr4 & CR4_PAE)))
		r->flags |= XS_GDB_REGS_PAGING;
	else if (r->cr0 & CR0_PG)
		r->flags |= XS_GDB_REGS_LEGACY;
	return 0;
}

static int core_read_frame(struct xs_gdb_target *t, uint64_t frame, void *buf)
{
	struct core_target *c = core(t);
	uint64_t lo = 0, hi = c->nr_pages;

	while (lo < hi) {
		uint64_t mid = lo + (hi - lo) / 2;

		if (c->index[mid].frame == frame) {
			memcpy(buf, c->pages + c->index[mid].index * XS_GDB_PAGE_SIZE,
			       XS_GDB_PAGE_SIZE);
			return 0;
		}
		if (c->index[mid].frame < frame)
			lo = mid + 1;
		else
			hi = mid;
	}
	return -EFAULT;
}

static void core_close(struct xs_gdb_target *t)
{
	struct core_target *c = core(t);

	munmap((void *)c->map, c->size);
	free(c->index);
	free(c);
}

static const struct xs_gdb_target_ops core_ops = {
	.name = "dump-core",
	.read_regs = core_read_regs,
	.read_frame = core_read_frame,
	.close = core_close,
};

/* The sections we need, located by name. */
struct sections {
	GElf_Shdr note, prstatus, pages, p2m, pfn;
	bool has_note, has_prstatus, has_pages, has_p2m, has_pfn;
};

static void find_sections(Elf *elf, struct sections *s)
{
	size_t shstrndx;
	Elf_Scn *scn = NULL;

	if (elf_getshdrstrndx(elf, &shstrndx))
		return;
	while ((scn = elf_nextscn(elf, scn))) {
		GElf_Shdr sh;
		const char *name;

		if (!gelf_getshdr(scn, &sh) || !(name = elf_strptr(elf, shstrndx, sh.sh_name)))
			continue;
#define SEC(n, f)                  \
	if (!strcmp(name, n)) {    \
		s->f = sh;         \
		s->has_##f = true; \
	}
		SEC(".note.Xen", note)
		SEC(".xen_prstatus", prstatus)
		SEC(".xen_pages", pages)
		SEC(".xen_p2m", p2m)
		SEC(".xen_pfn", pfn)
#undef SEC
	}
}

static bool in_file(const struct core_target *c, const GElf_Shdr *sh)
{
	return sh->sh_offset <= c->size && sh->sh_size <= c->size - sh->sh_offset;
}

/* The DUMPCORE_HEADER note: magic, nr_vcpus, nr_pages, page size. */
static int read_header(const struct core_target *c, const GElf_Shdr *note, uint64_t hdr[4])
{
	const uint8_t *p = c->map + note->sh_offset, *end = p + note->sh_size;

	while (end - p >= 12) {
		uint32_t namesz, descsz, type;
		size_t desc_off;

		memcpy(&namesz, p, 4), memcpy(&descsz, p + 4, 4), memcpy(&type, p + 8, 4);
		desc_off = 12 + (((size_t)namesz + 3) & ~(size_t)3);
		if ((size_t)(end - p) < desc_off || (size_t)(end - p) - desc_off < descsz)
			break;
		if (type == NOTE_HEADER && descsz >= 32) {
			memcpy(hdr, p + desc_off, 32);
			return 0;
		}
		p += desc_off + (((size_t)descsz + 3) & ~(size_t)3);
	}
	return -ENOENT;
}

static int cmp_entry(const void *a, const void *b)
{
	uint64_t x = ((const struct entry *)a)->frame, y = ((const struct entry *)b)->frame;

	return x < y ? -1 : x > y;
}

static int core_parse(struct core_target *c, const char *path, Elf *elf)
{
	struct sections s = { 0 };
	const uint8_t *tab;
	uint64_t hdr[4];
	bool pv;

	find_sections(elf, &s);
	if (!s.has_note || !s.has_prstatus || !s.has_pages || !in_file(c, &s.note) ||
	    !in_file(c, &s.prstatus) || !in_file(c, &s.pages) || read_header(c, &s.note, hdr))
		return xs_error(-EINVAL, "%s: not an xl dump-core file", path);
	if (hdr[0] != MAGIC_PV && hdr[0] != MAGIC_HVM)
		return xs_error(-EINVAL, "%s: unknown dump-core magic %#llx", path,
				(unsigned long long)hdr[0]);
	pv = hdr[0] == MAGIC_PV;
	if (hdr[3] != XS_GDB_PAGE_SIZE || hdr[1] == 0 || hdr[1] > XS_GDB_MAX_VCPUS ||
	    s.prstatus.sh_size / hdr[1] < CTX_SIZE || hdr[2] > s.pages.sh_size / XS_GDB_PAGE_SIZE)
		return xs_error(-EINVAL, "%s: dump-core sizes do not add up", path);
	if (pv ? !s.has_p2m || !in_file(c, &s.p2m) || s.p2m.sh_size / 16 < hdr[2]
	       : !s.has_pfn || !in_file(c, &s.pfn) || s.pfn.sh_size / 8 < hdr[2])
		return xs_error(-EINVAL, "%s: dump-core has no usable %s section", path,
				pv ? ".xen_p2m" : ".xen_pfn");
	c->base.pv = pv;
	c->base.nr_vcpus = (unsigned int)hdr[1];
	c->ctx = c->map + s.prstatus.sh_offset;
	c->ctx_size = (size_t)(s.prstatus.sh_size / hdr[1]);
	c->pages = c->map + s.pages.sh_offset;
	c->nr_pages = hdr[2];
	c->index = calloc(c->nr_pages ? c->nr_pages : 1, sizeof(*c->index));
	if (!c->index)
		return xs_error(-ENOMEM, "out of memory");
	tab = c->map + (pv ? s.p2m.sh_offset : s.pfn.sh_offset);
	for (uint64_t i = 0; i < c->nr_pages; i++) {
		/* PV: {pfn, gmfn}, looked up by gmfn (what page tables hold). */
		c->index[i].frame = pv ? u64_at(tab, 16 * i + 8) : u64_at(tab, 8 * i);
		c->index[i].index = i;
	}
	qsort(c->index, c->nr_pages, sizeof(*c->index), cmp_entry);
	return 0;
}

bool xs_gdb_core_probe(const char *path)
{
	char head[4];
	int fd = open(path, O_RDONLY | O_CLOEXEC);
	bool elf = fd >= 0 && read(fd, head, 4) == 4 && !memcmp(head, ELFMAG, 4);
	Elf *e;
	struct sections s = { 0 };

	if (!elf) {
		if (fd >= 0)
			close(fd);
		return false;
	}
	elf_version(EV_CURRENT);
	e = elf_begin(fd, ELF_C_READ, NULL);
	if (e)
		find_sections(e, &s);
	elf_end(e);
	close(fd);
	return s.has_prstatus && s.has_pages;
}

int xs_gdb_core_open(const char *path, uint32_t domid, struct xs_gdb_target **out)
{
	struct core_target *c = calloc(1, sizeof(*c));
	struct stat st;
	Elf *elf = NULL;
	int fd, err;

	if (!c)
		return xs_error(-ENOMEM, "out of memory");
	c->base.ops = &core_ops;
	c->base.domid = domid;
	fd = open(path, O_RDONLY | O_CLOEXEC);
	if (fd < 0 || fstat(fd, &st)) {
		err = xs_error(-errno, "%s: %s", path, strerror(errno));
		goto err_close_fd;
	}
	c->size = (size_t)st.st_size;
	c->map = mmap(NULL, c->size, PROT_READ, MAP_PRIVATE, fd, 0);
	if (c->map == MAP_FAILED) {
		c->map = NULL;
		err = xs_error(-errno, "%s: cannot map: %s", path, strerror(errno));
		goto err_close_fd;
	}
	elf_version(EV_CURRENT);
	elf = elf_memory((char *)c->map, c->size);
	err = elf ? core_parse(c, path, elf) : xs_error(-EINVAL, "%s: not an ELF file", path);
	elf_end(elf);
	if (err)
		goto err_unmap;
	close(fd);
	*out = &c->base;
	return 0;

err_unmap:
	munmap((void *)c->map, c->size);
	free(c->index);
err_close_fd:
	if (fd >= 0)
		close(fd);
	free(c);
	return err;
}
