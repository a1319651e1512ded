// SPDX-License-Identifier: MIT
/*
 * Writing snapshot files with libelf.  Records are collected in memory,
 * laid out by libelf as sections of an ET_CORE file, then the whole file
 * is checksummed and the sum patched into .xs.sum.
 */
#include <errno.h>
#include <fcntl.h>
#include <gelf.h>
#include <libelf.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>
#include <zlib.h>

#include "format.h"
#include "xenscope/core/buf.h"

/* A per-domain section (pages, refs, trace, shadow). */
struct wsect {
	enum xs_snap_kind kind;
	uint32_t domid;
	struct xs_buf data;
};

struct xs_snap_writer {
	struct xs_snap_header hdr;
	struct xenscope_info info;
	bool have_info, have_procs, have_backends;
	struct xs_buf domains, procs, backends, strings;
	struct wsect *sects;
	size_t nr_sects, sects_alloc;
};

int xs_snap_writer_new(struct xs_snap_writer **out)
{
	struct xs_snap_writer *w = calloc(1, sizeof(*w));

	if (!w)
		return xs_error(-ENOMEM, "out of memory");
	memcpy(w->hdr.magic, XS_SNAP_MAGIC, sizeof(w->hdr.magic));
	w->hdr.version = XS_SNAP_VERSION;
	w->hdr.created = (uint64_t)time(NULL);
	xs_buf_init(&w->domains);
	xs_buf_init(&w->procs);
	xs_buf_init(&w->backends);
	xs_buf_init(&w->strings);
	/* Offset 0 is the empty string, as in ELF string tables. */
	if (xs_buf_add(&w->strings, "", 1)) {
		free(w);
		return xs_error(-ENOMEM, "out of memory");
	}
	*out = w;
	return 0;
}

void xs_snap_writer_free(struct xs_snap_writer *w)
{
	if (!w)
		return;
	for (size_t i = 0; i < w->nr_sects; i++)
		xs_buf_release(&w->sects[i].data);
	free(w->sects);
	xs_buf_release(&w->domains);
	xs_buf_release(&w->procs);
	xs_buf_release(&w->backends);
	xs_buf_release(&w->strings);
	free(w);
}

void xs_snap_writer_set_source(struct xs_snap_writer *w, const char *creator, const char *source)
{
	memset(w->hdr.creator, 0, sizeof(w->hdr.creator));
	memset(w->hdr.source, 0, sizeof(w->hdr.source));
	snprintf(w->hdr.creator, sizeof(w->hdr.creator), "%s", creator ? creator : "");
	snprintf(w->hdr.source, sizeof(w->hdr.source), "%s", source ? source : "");
}

void xs_snap_writer_set_time(struct xs_snap_writer *w, uint64_t unix_seconds)
{
	w->hdr.created = unix_seconds;
}

int xs_snap_writer_set_info(struct xs_snap_writer *w, const struct xenscope_info *info)
{
	w->info = *info;
	w->have_info = true;
	return 0;
}

static int oom(void)
{
	return xs_error(-ENOMEM, "out of memory while building the snapshot");
}

int xs_snap_writer_add_domain(struct xs_snap_writer *w, const struct xs_domain *d)
{
	struct xs_domain c = *d;

	c.name[XS_DOMAIN_NAME_MAX - 1] = '\0';
	c._pad0 = 0;
	return xs_buf_add(&w->domains, &c, sizeof(c)) ? oom() : 0;
}

static struct wsect *find_sect(struct xs_snap_writer *w, enum xs_snap_kind kind, uint32_t domid)
{
	for (size_t i = 0; i < w->nr_sects; i++)
		if (w->sects[i].kind == kind && w->sects[i].domid == domid)
			return &w->sects[i];
	if (xs_array_grow(w->sects, w->sects_alloc, w->nr_sects + 1))
		return NULL;
	w->sects[w->nr_sects] = (struct wsect){ .kind = kind, .domid = domid, .data = XS_BUF_INIT };
	return &w->sects[w->nr_sects++];
}

static int add_domain_data(struct xs_snap_writer *w, enum xs_snap_kind kind, uint32_t domid,
			   const void *data, size_t len)
{
	struct wsect *s = find_sect(w, kind, domid);

	if (!s || xs_buf_add(&s->data, data, len))
		return oom();
	return 0;
}

int xs_snap_writer_add_pages(struct xs_snap_writer *w, uint32_t domid,
			     const struct xenscope_page *p, size_t nr)
{
	return add_domain_data(w, XS_SNAP_PAGES, domid, p, nr * sizeof(*p));
}

int xs_snap_writer_add_cow(struct xs_snap_writer *w, uint32_t domid, const struct xenscope_cow *c,
			   size_t nr)
{
	return add_domain_data(w, XS_SNAP_COW, domid, c, nr * sizeof(*c));
}

int xs_snap_writer_add_refs(struct xs_snap_writer *w, uint32_t domid, const struct xenscope_ref *r,
			    size_t nr)
{
	return add_domain_data(w, XS_SNAP_REFS, domid, r, nr * sizeof(*r));
}

int xs_snap_writer_add_blob(struct xs_snap_writer *w, enum xs_snap_kind kind, uint32_t domid,
			    const void *data, size_t len)
{
	if (kind != XS_SNAP_TRACE && kind != XS_SNAP_SHADOW && kind != XS_SNAP_GUEST &&
	    kind != XS_SNAP_P2M && kind != XS_SNAP_DIRTY)
		return xs_error(-EINVAL, "section kind %d cannot hold opaque data", (int)kind);
	return add_domain_data(w, kind, domid, data, len);
}

/* Store @s in .xs.strings; its offset goes to *off. */
static int add_string(struct xs_snap_writer *w, const char *s, uint32_t *off)
{
	if (!s || !*s) {
		*off = 0;
		return 0;
	}
	if (w->strings.len > UINT32_MAX - strlen(s) - 1)
		return xs_error(-E2BIG, "snapshot string table over 4 GiB");
	*off = (uint32_t)w->strings.len;
	return xs_buf_add(&w->strings, s, strlen(s) + 1) ? oom() : 0;
}

int xs_snap_writer_add_proc(struct xs_snap_writer *w, const struct xs_proc *p)
{
	struct xs_snap_proc r = { .pid = p->pid, .xen_domid = p->xen_domid };
	int err;

	memcpy(r.fds, p->fds, sizeof(r.fds));
	memcpy(r.maps, p->maps, sizeof(r.maps));
	memcpy(r.map_pages, p->map_pages, sizeof(r.map_pages));
	err = add_string(w, p->comm, &r.comm);
	if (!err)
		err = add_string(w, p->cmdline, &r.cmdline);
	if (err)
		return err;
	w->have_procs = true;
	return xs_buf_add(&w->procs, &r, sizeof(r)) ? oom() : 0;
}

int xs_snap_writer_add_backend(struct xs_snap_writer *w, const struct xs_backend *b)
{
	struct xs_snap_backend r = { .domid = b->domid,
				     .backend_domid = b->backend_domid,
				     .state = b->state };
	int err;

	err = add_string(w, b->type, &r.type);
	if (!err)
		err = add_string(w, b->dev, &r.dev);
	if (!err)
		err = add_string(w, b->path, &r.path);
	if (err)
		return err;
	w->have_backends = true;
	return xs_buf_add(&w->backends, &r, sizeof(r)) ? oom() : 0;
}

void xs_snap_writer_have_procs(struct xs_snap_writer *w)
{
	w->have_procs = true;
}

void xs_snap_writer_have_backends(struct xs_snap_writer *w)
{
	w->have_backends = true;
}

/* The ELF side of writing: one function per step, all state in here. */
struct elfw {
	Elf *elf;
	struct xs_buf shstrtab;
	Elf_Scn *sum_scn;
	const char *path;
};

static int elf_fail(const struct elfw *e, const char *what)
{
	return xs_error(-EIO, "%s: %s: %s", e->path, what, elf_errmsg(-1));
}

static int add_section(struct elfw *e, enum xs_snap_kind kind, uint32_t domid, const void *data,
		       size_t len, Elf_Scn **scn_out)
{
	static const char empty[8];
	Elf_Scn *scn;
	Elf_Data *d;
	GElf_Shdr sh;
	size_t name = e->shstrtab.len;
	int err;

	if (xs_snap_kind_per_domain(kind))
		err = xs_buf_addf(&e->shstrtab, "%s.%u", xs_snap_kind_name(kind), domid);
	else
		err = xs_buf_addstr(&e->shstrtab, xs_snap_kind_name(kind));
	if (err || xs_buf_add(&e->shstrtab, "", 1))
		return oom();

	scn = elf_newscn(e->elf);
	if (!scn || !gelf_getshdr(scn, &sh))
		return elf_fail(e, "cannot add a section");
	d = elf_newdata(scn);
	if (!d)
		return elf_fail(e, "cannot add section data");
	/* libelf only reads d_buf; the cast drops const for its API. */
	d->d_buf = (void *)(len ? data : empty);
	d->d_size = len;
	d->d_type = ELF_T_BYTE;
	d->d_align = 8;
	d->d_version = EV_CURRENT;
	sh.sh_name = name;
	sh.sh_type = XS_SNAP_SHT(kind);
	sh.sh_flags = 0;
	sh.sh_entsize = xs_snap_kind_entsize(kind);
	sh.sh_info = xs_snap_kind_per_domain(kind) ? domid : 0;
	sh.sh_addralign = 8;
	if (!gelf_update_shdr(scn, &sh))
		return elf_fail(e, "cannot set a section header");
	if (scn_out)
		*scn_out = scn;
	return 0;
}

static int add_shstrtab(struct elfw *e)
{
	static const char name[] = ".shstrtab";
	size_t off = e->shstrtab.len;
	GElf_Ehdr eh;
	GElf_Shdr sh;
	Elf_Scn *scn;
	Elf_Data *d;

	if (xs_buf_add(&e->shstrtab, name, sizeof(name)))
		return oom();
	scn = elf_newscn(e->elf);
	if (!scn || !gelf_getshdr(scn, &sh) || !(d = elf_newdata(scn)))
		return elf_fail(e, "cannot add the section name table");
	d->d_buf = e->shstrtab.buf;
	d->d_size = e->shstrtab.len;
	d->d_type = ELF_T_BYTE;
	d->d_align = 1;
	d->d_version = EV_CURRENT;
	sh.sh_name = off;
	sh.sh_type = SHT_STRTAB;
	sh.sh_addralign = 1;
	if (!gelf_update_shdr(scn, &sh) || !gelf_getehdr(e->elf, &eh))
		return elf_fail(e, "cannot add the section name table");
	eh.e_shstrndx = elf_ndxscn(scn);
	if (!gelf_update_ehdr(e->elf, &eh))
		return elf_fail(e, "cannot set the ELF header");
	return 0;
}

static int add_all_sections(struct xs_snap_writer *w, struct elfw *e)
{
	static const struct xs_snap_sum zero_sum;
	int err;

	err = add_section(e, XS_SNAP_HEADER, 0, &w->hdr, sizeof(w->hdr), NULL);
	if (!err)
		err = add_section(e, XS_SNAP_INFO, 0, &w->info, sizeof(w->info), NULL);
	if (!err)
		err = add_section(e, XS_SNAP_DOMAINS, 0, w->domains.buf, w->domains.len, NULL);
	for (size_t i = 0; !err && i < w->nr_sects; i++)
		err = add_section(e, w->sects[i].kind, w->sects[i].domid, w->sects[i].data.buf,
				  w->sects[i].data.len, NULL);
	if (!err && w->have_procs)
		err = add_section(e, XS_SNAP_PROCS, 0, w->procs.buf, w->procs.len, NULL);
	if (!err && w->have_backends)
		err = add_section(e, XS_SNAP_BACKENDS, 0, w->backends.buf, w->backends.len, NULL);
	if (!err)
		err = add_section(e, XS_SNAP_STRINGS, 0, w->strings.buf, w->strings.len, NULL);
	/* Written as zeros; the real sum is patched in once the file exists. */
	if (!err)
		err = add_section(e, XS_SNAP_SUM, 0, &zero_sum, sizeof(zero_sum), &e->sum_scn);
	if (!err)
		err = add_shstrtab(e);
	return err;
}

static int write_elf(struct xs_snap_writer *w, int fd, const char *path, uint64_t *sum_off)
{
	struct elfw e = { .shstrtab = XS_BUF_INIT, .path = path };
	GElf_Ehdr eh;
	GElf_Shdr sh;
	int err;

	if (elf_version(EV_CURRENT) == EV_NONE)
		return xs_error(-EIO, "libelf is too old");
	/* Section names start after the mandatory empty name. */
	if (xs_buf_add(&e.shstrtab, "", 1))
		return oom();
	e.elf = elf_begin(fd, ELF_C_WRITE, NULL);
	if (!e.elf) {
		err = elf_fail(&e, "cannot start the ELF file");
		goto err_free_names;
	}
	if (!gelf_newehdr(e.elf, ELFCLASS64) || !gelf_getehdr(e.elf, &eh)) {
		err = elf_fail(&e, "cannot create the ELF header");
		goto err_end_elf;
	}
	eh.e_ident[EI_DATA] = ELFDATA2LSB;
	eh.e_ident[EI_OSABI] = ELFOSABI_NONE;
	eh.e_type = ET_CORE;
	eh.e_machine = EM_X86_64;
	eh.e_version = EV_CURRENT;
	if (!gelf_update_ehdr(e.elf, &eh)) {
		err = elf_fail(&e, "cannot set the ELF header");
		goto err_end_elf;
	}
	err = add_all_sections(w, &e);
	if (err)
		goto err_end_elf;
	if (elf_update(e.elf, ELF_C_WRITE) < 0) {
		err = elf_fail(&e, "cannot write");
		goto err_end_elf;
	}
	if (!gelf_getshdr(e.sum_scn, &sh)) {
		err = elf_fail(&e, "cannot locate the checksum");
		goto err_end_elf;
	}
	*sum_off = sh.sh_offset;

err_end_elf:
	elf_end(e.elf);
err_free_names:
	xs_buf_release(&e.shstrtab);
	return err;
}

/* Checksum the file as written (sum still zero) and patch the sum in. */
static int write_sum(int fd, const char *path, uint64_t sum_off)
{
	static unsigned char chunk[1 << 16];
	struct xs_snap_sum sum = { .crc32 = (uint32_t)crc32(0, NULL, 0),
				   .algo = XS_SNAP_SUM_CRC32 };
	uint64_t off = 0;
	ssize_t n;

	while ((n = pread(fd, chunk, sizeof(chunk), (off_t)off)) > 0) {
		sum.crc32 = xs_crc32(sum.crc32, chunk, (size_t)n);
		off += (uint64_t)n;
	}
	if (n < 0)
		return xs_error(-errno, "%s: cannot read back: %s", path, strerror(errno));
	sum.file_size = off;
	if (pwrite(fd, &sum, sizeof(sum), (off_t)sum_off) != (ssize_t)sizeof(sum))
		return xs_error(-EIO, "%s: cannot write the checksum", path);
	return 0;
}

int xs_snap_write(struct xs_snap_writer *w, const char *path)
{
	struct xs_buf tmp = XS_BUF_INIT;
	uint64_t sum_off = 0;
	int fd, err;

	if (!w->have_info)
		return xs_error(-EINVAL, "%s: no hypervisor information to save", path);
	if (xs_buf_addf(&tmp, "%s.XXXXXX", path))
		return oom();
	fd = mkstemp(tmp.buf);
	if (fd < 0) {
		err = xs_error(-errno, "cannot create %s: %s", tmp.buf, strerror(errno));
		goto err_free_tmp;
	}
	err = write_elf(w, fd, path, &sum_off);
	if (!err)
		err = write_sum(fd, path, sum_off);
	if (close(fd) && !err)
		err = xs_error(-errno, "%s: %s", path, strerror(errno));
	if (err)
		goto err_unlink;
	if (rename(tmp.buf, path)) {
		err = xs_error(-errno, "cannot rename %s to %s: %s", tmp.buf, path,
			       strerror(errno));
		goto err_unlink;
	}
	xs_buf_release(&tmp);
	return 0;

err_unlink:
	unlink(tmp.buf);
err_free_tmp:
	xs_buf_release(&tmp);
	return err;
}
