// SPDX-License-Identifier: MIT
/*
 * Opening snapshot files.  The file may be truncated, corrupt or hostile:
 * every size and offset is checked against the file before use, records
 * are copied out of the mapping rather than cast in place, and any problem
 * is one error line and a negative errno.
 */
#include <errno.h>
#include <fcntl.h>
#include <gelf.h>
#include <libelf.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>
#include <zlib.h>

#include "read.h"

/* Reading state while the file is being validated. */
struct reader {
	struct xs_snap *s;
	const unsigned char *image;
	size_t size;
	/* Singleton sections; len == SIZE_MAX while absent. */
	struct xs_snap_sect one[XS_SNAP_KIND_MAX + 1];
	uint64_t sum_off;
};

static int corrupt(const struct xs_snap *s, const char *why)
{
	return xs_error(-EINVAL, "%s: truncated or corrupt snapshot (%s)", s->path, why);
}

static int not_snapshot(const struct xs_snap *s, const char *why)
{
	return xs_error(-EINVAL, "%s: not a xenscope snapshot (%s)", s->path, why);
}

static int check_elf_header(struct reader *r)
{
	struct xs_snap *s = r->s;
	GElf_Ehdr eh;

	if (r->size < EI_NIDENT || memcmp(r->image, ELFMAG, SELFMAG))
		return not_snapshot(s, "no ELF header");
	if (elf_kind(s->elf) != ELF_K_ELF || !gelf_getehdr(s->elf, &eh))
		return corrupt(s, elf_errmsg(-1));
	if (eh.e_ident[EI_CLASS] != ELFCLASS64 || eh.e_ident[EI_DATA] != ELFDATA2LSB ||
	    eh.e_type != ET_CORE || eh.e_machine != EM_X86_64)
		return not_snapshot(s, "an ELF file of another kind");
	/* Section headers must lie inside the file; libelf trusts e_shoff. */
	if (eh.e_shoff > r->size || eh.e_shentsize != sizeof(Elf64_Shdr) ||
	    (uint64_t)eh.e_shnum * sizeof(Elf64_Shdr) > r->size - eh.e_shoff)
		return corrupt(s, "section headers outside the file");
	return 0;
}

static int add_sect(struct reader *r, enum xs_snap_kind kind, const GElf_Shdr *sh)
{
	struct xs_snap *s = r->s;
	struct xs_snap_sect sect = {
		.kind = kind,
		.domid = sh->sh_info,
		.data = r->image + sh->sh_offset,
		.len = sh->sh_size,
	};
	size_t entsize = xs_snap_kind_entsize(kind);

	if (entsize && (sh->sh_entsize != entsize || sh->sh_size % entsize))
		return corrupt(s, "bad record size");
	if (!xs_snap_kind_per_domain(kind)) {
		if (r->one[kind].len != SIZE_MAX)
			return corrupt(s, "duplicate section");
		r->one[kind] = sect;
		if (kind == XS_SNAP_SUM)
			r->sum_off = sh->sh_offset;
		return 0;
	}
	if (xs_snap_find(s, kind, sect.domid))
		return corrupt(s, "duplicate domain section");
	if (xs_array_grow(s->sects, s->sects_alloc, s->nr_sects + 1))
		return xs_error(-ENOMEM, "out of memory");
	s->sects[s->nr_sects++] = sect;
	return 0;
}

static int scan_sections(struct reader *r)
{
	struct xs_snap *s = r->s;
	Elf_Scn *scn = NULL;

	for (size_t k = 0; k <= XS_SNAP_KIND_MAX; k++)
		r->one[k].len = SIZE_MAX;
	elf_errno(); /* clear, so a failure below is not confused with an old one */
	while ((scn = elf_nextscn(s->elf, scn))) {
		GElf_Shdr sh;
		uint32_t kind;
		int err;

		if (!gelf_getshdr(scn, &sh))
			return corrupt(s, elf_errmsg(-1));
		kind = sh.sh_type - XS_SNAP_SHT(0);
		if (sh.sh_type < XS_SNAP_SHT(1) || kind > XS_SNAP_KIND_MAX)
			continue; /* not ours: .shstrtab, or sections of later versions */
		if (sh.sh_offset > r->size || sh.sh_size > r->size - sh.sh_offset)
			return corrupt(s, "section data outside the file");
		err = add_sect(r, (enum xs_snap_kind)kind, &sh);
		if (err)
			return err;
	}
	if (elf_errno())
		return corrupt(s, elf_errmsg(-1));
	return 0;
}

/* Magic and version first: a newer file deserves that message, not "corrupt". */
static int check_header(struct reader *r)
{
	struct xs_snap *s = r->s;
	const struct xs_snap_sect *h = &r->one[XS_SNAP_HEADER];

	if (h->len == SIZE_MAX)
		return not_snapshot(s, "no .xs.header section");
	if (h->len != sizeof(s->hdr))
		return corrupt(s, "bad header size");
	memcpy(&s->hdr, h->data, sizeof(s->hdr));
	if (memcmp(s->hdr.magic, XS_SNAP_MAGIC, sizeof(s->hdr.magic)))
		return not_snapshot(s, "bad magic");
	if (s->hdr.version != XS_SNAP_VERSION)
		return xs_error(-EPROTONOSUPPORT,
				"%s: snapshot format version %u is not supported (this build reads "
				"version %u)",
				s->path, s->hdr.version, XS_SNAP_VERSION);
	if (s->hdr.flags)
		return corrupt(s, "unknown header flags");
	s->hdr.creator[sizeof(s->hdr.creator) - 1] = '\0';
	s->hdr.source[sizeof(s->hdr.source) - 1] = '\0';
	return 0;
}

static int check_sum(struct reader *r)
{
	static const struct xs_snap_sum zero;
	struct xs_snap *s = r->s;
	const struct xs_snap_sect *x = &r->one[XS_SNAP_SUM];
	struct xs_snap_sum sum;
	uint32_t crc = (uint32_t)crc32(0, NULL, 0);

	if (x->len == SIZE_MAX)
		return corrupt(s, "no .xs.sum section");
	if (x->len != sizeof(sum))
		return corrupt(s, "bad checksum section size");
	memcpy(&sum, x->data, sizeof(sum));
	if (sum.algo != XS_SNAP_SUM_CRC32)
		return corrupt(s, "unknown checksum algorithm");
	if (sum.file_size != r->size)
		return corrupt(s, "file size differs from the recorded one");
	/* The sum covers every byte of the file, with the sum itself as zeros. */
	crc = xs_crc32(crc, r->image, r->sum_off);
	crc = xs_crc32(crc, &zero, sizeof(zero));
	crc = xs_crc32(crc, r->image + r->sum_off + sizeof(sum),
		       r->size - r->sum_off - sizeof(sum));
	if (crc != sum.crc32)
		return corrupt(s, "checksum mismatch");
	return 0;
}

/* A string of .xs.strings; NULL if the offset is bad. */
static const char *string_at(const struct reader *r, uint32_t off)
{
	const struct xs_snap_sect *t = &r->one[XS_SNAP_STRINGS];

	if (t->len == SIZE_MAX || off >= t->len)
		return NULL;
	return (const char *)t->data + off;
}

static int load_info_domains(struct reader *r)
{
	struct xs_snap *s = r->s;
	const struct xs_snap_sect *i = &r->one[XS_SNAP_INFO], *d = &r->one[XS_SNAP_DOMAINS];

	if (i->len != sizeof(s->info))
		return corrupt(s, i->len == SIZE_MAX ? "no .xs.info section" : "bad info size");
	memcpy(&s->info, i->data, sizeof(s->info));
	s->info.xen_extra[sizeof(s->info.xen_extra) - 1] = '\0';
	if (d->len == SIZE_MAX)
		return 0;
	for (size_t off = 0; off < d->len; off += sizeof(struct xs_domain)) {
		struct xs_domain dom;

		memcpy(&dom, d->data + off, sizeof(dom));
		if (!memchr(dom.name, '\0', sizeof(dom.name)))
			return corrupt(s, "unterminated domain name");
		if (xs_domains_add(&s->domains, &dom))
			return xs_error(-ENOMEM, "out of memory");
	}
	return 0;
}

static int load_strings(struct reader *r)
{
	const struct xs_snap_sect *t = &r->one[XS_SNAP_STRINGS];

	/* Terminated at the end, every in-range offset is a C string. */
	if (t->len != SIZE_MAX && t->len && t->data[t->len - 1])
		return corrupt(r->s, "unterminated string table");
	return 0;
}

static int load_procs(struct reader *r)
{
	struct xs_snap *s = r->s;
	const struct xs_snap_sect *p = &r->one[XS_SNAP_PROCS];

	if (p->len == SIZE_MAX)
		return 0;
	s->have_procs = true;
	for (size_t off = 0; off < p->len; off += sizeof(struct xs_snap_proc)) {
		struct xs_snap_proc rec;
		struct xs_proc proc;

		memcpy(&rec, p->data + off, sizeof(rec));
		proc = (struct xs_proc){ .pid = rec.pid, .xen_domid = rec.xen_domid };
		memcpy(proc.fds, rec.fds, sizeof(proc.fds));
		memcpy(proc.maps, rec.maps, sizeof(proc.maps));
		memcpy(proc.map_pages, rec.map_pages, sizeof(proc.map_pages));
		proc.comm = (char *)string_at(r, rec.comm);
		proc.cmdline = (char *)string_at(r, rec.cmdline);
		if (!proc.comm || !proc.cmdline)
			return corrupt(s, "bad string offset");
		if (xs_procs_add(&s->procs, &proc))
			return xs_error(-ENOMEM, "out of memory");
	}
	return 0;
}

static int load_backends(struct reader *r)
{
	struct xs_snap *s = r->s;
	const struct xs_snap_sect *p = &r->one[XS_SNAP_BACKENDS];

	if (p->len == SIZE_MAX)
		return 0;
	s->have_backends = true;
	for (size_t off = 0; off < p->len; off += sizeof(struct xs_snap_backend)) {
		struct xs_snap_backend rec;
		struct xs_backend b;

		memcpy(&rec, p->data + off, sizeof(rec));
		b = (struct xs_backend){ .domid = rec.domid,
					 .backend_domid = rec.backend_domid,
					 .state = rec.state };
		b.type = (char *)string_at(r, rec.type);
		b.dev = (char *)string_at(r, rec.dev);
		b.path = (char *)string_at(r, rec.path);
		if (!b.type || !b.dev || !b.path)
			return corrupt(s, "bad string offset");
		if (xs_backends_add(&s->backends, &b))
			return xs_error(-ENOMEM, "out of memory");
	}
	return 0;
}

static int validate(struct reader *r)
{
	int err = check_elf_header(r);

	if (!err)
		err = scan_sections(r);
	if (!err)
		err = check_header(r);
	if (!err)
		err = check_sum(r);
	if (!err)
		err = load_info_domains(r);
	if (!err)
		err = load_strings(r);
	if (!err)
		err = load_procs(r);
	if (!err)
		err = load_backends(r);
	return err;
}

/* A snapshot named @name (for messages), nothing read yet. */
static int snap_new(const char *name, struct xs_snap **out)
{
	struct xs_snap *s;

	if (elf_version(EV_CURRENT) == EV_NONE)
		return xs_error(-EIO, "libelf is too old");
	s = calloc(1, sizeof(*s));
	if (!s)
		return xs_error(-ENOMEM, "out of memory");
	s->fd = -1;
	s->path = strdup(name);
	if (!s->path) {
		free(s);
		return xs_error(-ENOMEM, "out of memory");
	}
	*out = s;
	return 0;
}

/*
 * Check the image libelf has opened as s->elf (@size bytes, all of them)
 * and hand @s over in *@out; on failure @s is closed.
 */
static int finish_open(struct xs_snap *s, size_t size, struct xs_snap **out)
{
	struct reader r = { .s = s };
	int err;

	if (s->elf)
		r.image = (const unsigned char *)elf_rawfile(s->elf, &r.size);
	if (!s->elf || !r.image || r.size != size)
		err = corrupt(s, elf_errmsg(-1));
	else
		err = validate(&r);
	if (err) {
		xs_snap_close(s);
		return err;
	}
	*out = s;
	return 0;
}

int xs_snap_open(const char *path, struct xs_snap **out)
{
	struct xs_snap *s;
	struct stat st;
	int err;

	err = snap_new(path, &s);
	if (err)
		return err;
	s->fd = open(path, O_RDONLY | O_CLOEXEC);
	if (s->fd < 0) {
		err = xs_error(-errno, "cannot open %s: %s", path, strerror(errno));
		goto err_close;
	}
	if (fstat(s->fd, &st) || !S_ISREG(st.st_mode)) {
		err = xs_error(-EINVAL, "%s: not a regular file", path);
		goto err_close;
	}
	if (st.st_size < EI_NIDENT) {
		err = not_snapshot(s, "file too short");
		goto err_close;
	}
	s->elf = elf_begin(s->fd, ELF_C_READ_MMAP, NULL);
	return finish_open(s, (size_t)st.st_size, out);

err_close:
	xs_snap_close(s);
	return err;
}

int xs_snap_open_image(const void *data, size_t len, const char *name, struct xs_snap **out)
{
	struct xs_snap *s;
	int err;

	err = snap_new(name, &s);
	if (err)
		return err;
	if (len < EI_NIDENT) {
		err = not_snapshot(s, "file too short");
		goto err_close;
	}
	/*
	 * libelf wants a writable image but only reads one in the host's own
	 * class and byte order (x86-64: 64-bit little-endian), so refuse any
	 * other before libelf sees it: it would convert that in place.
	 */
	if (memcmp(data, ELFMAG, SELFMAG)) {
		err = not_snapshot(s, "no ELF header");
		goto err_close;
	}
	if (((const unsigned char *)data)[EI_CLASS] != ELFCLASS64 ||
	    ((const unsigned char *)data)[EI_DATA] != ELFDATA2LSB) {
		err = not_snapshot(s, "an ELF file of another kind");
		goto err_close;
	}
	s->elf = elf_memory((char *)data, len);
	return finish_open(s, len, out);

err_close:
	xs_snap_close(s);
	return err;
}

void xs_snap_close(struct xs_snap *s)
{
	if (!s)
		return;
	if (s->elf)
		elf_end(s->elf);
	if (s->fd >= 0)
		close(s->fd);
	xs_domains_release(&s->domains);
	xs_procs_release(&s->procs);
	xs_backends_release(&s->backends);
	free(s->sects);
	free(s->path);
	free(s);
}

const struct xs_snap_sect *xs_snap_find(const struct xs_snap *s, enum xs_snap_kind kind,
					uint32_t domid)
{
	for (size_t i = 0; i < s->nr_sects; i++)
		if (s->sects[i].kind == kind && s->sects[i].domid == domid)
			return &s->sects[i];
	return NULL;
}
