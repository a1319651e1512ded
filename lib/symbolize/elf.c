// SPDX-License-Identifier: MIT
/* The symbol table and build id of an ELF file, through libelf. */
#include <errno.h>
#include <fcntl.h>
#include <gelf.h>
#include <libelf.h>
#include <string.h>
#include <unistd.h>

#include "internal.h"

/* Symbols that name code: functions first, then untyped labels (asm). */
static int sym_rank(const GElf_Sym *sym, const char *name)
{
	int type = GELF_ST_TYPE(sym->st_info), bind = GELF_ST_BIND(sym->st_info);

	if (!*name || name[0] == '.' || name[0] == '$')
		return -1;
	if (type == STT_FUNC)
		return bind == STB_GLOBAL ? 0 : 1;
	if (type == STT_NOTYPE)
		return 2;
	return -1;
}

static int add_symbols(struct xs_syms *s, Elf *elf, Elf_Scn *scn, const GElf_Shdr *sh)
{
	Elf_Data *data = elf_getdata(scn, NULL);
	size_t n = sh->sh_entsize ? sh->sh_size / sh->sh_entsize : 0;

	if (!data)
		return xs_error(-EINVAL, "cannot read the symbol table: %s", elf_errmsg(-1));
	for (size_t i = 0; i < n; i++) {
		GElf_Shdr target;
		GElf_Sym sym;
		Elf_Scn *tscn;
		const char *name;
		uint32_t off;
		int rank, err;

		if (!gelf_getsym(data, (int)i, &sym) || sym.st_shndx == SHN_UNDEF ||
		    sym.st_shndx >= SHN_LORESERVE)
			continue;
		tscn = elf_getscn(elf, sym.st_shndx);
		if (!tscn || !gelf_getshdr(tscn, &target) || !(target.sh_flags & SHF_EXECINSTR))
			continue;
		name = elf_strptr(elf, sh->sh_link, sym.st_name);
		if (!name || (rank = sym_rank(&sym, name)) < 0)
			continue;
		err = xs_array_grow(s->syms, s->alloc_syms, s->nr_syms + 1);
		if (!err)
			err = xs_syms_add_name(s, name, &off);
		if (err)
			return xs_error(err, "out of memory");
		s->syms[s->nr_syms++] = (struct xs_sym_entry){
			.addr = sym.st_value,
			.size = sym.st_size,
			.name = off,
			.rank = (uint32_t)rank,
		};
	}
	return 0;
}

static void read_build_id(struct xs_syms *s, Elf_Scn *scn)
{
	Elf_Data *data = elf_getdata(scn, NULL);
	size_t off = 0, name_off, desc_off;
	GElf_Nhdr nh;

	while (data && (off = gelf_getnote(data, off, &nh, &name_off, &desc_off)) > 0) {
		if (nh.n_type == NT_GNU_BUILD_ID && nh.n_namesz == 4 &&
		    !memcmp((const char *)data->d_buf + name_off, "GNU", 4) &&
		    nh.n_descsz <= sizeof(s->build_id)) {
			memcpy(s->build_id, (const char *)data->d_buf + desc_off, nh.n_descsz);
			s->build_id_len = nh.n_descsz;
			return;
		}
	}
}

int xs_syms_read_elf(struct xs_syms *s, const char *path)
{
	Elf_Scn *scn = NULL;
	bool have_symtab = false;
	int fd, err = 0;
	Elf *elf;

	if (elf_version(EV_CURRENT) == EV_NONE)
		return xs_error(-EINVAL, "libelf is too old");
	fd = open(path, O_RDONLY | O_CLOEXEC);
	if (fd < 0)
		return xs_error(-errno, "cannot open %s: %s", path, strerror(errno));
	elf = elf_begin(fd, ELF_C_READ, NULL);
	if (!elf || elf_kind(elf) != ELF_K_ELF) {
		err = xs_error(-EINVAL, "%s is not an ELF file", path);
		goto out_end;
	}
	while (!err && (scn = elf_nextscn(elf, scn))) {
		GElf_Shdr sh;

		if (!gelf_getshdr(scn, &sh))
			continue;
		if (sh.sh_type == SHT_SYMTAB) {
			have_symtab = true;
			err = add_symbols(s, elf, scn, &sh);
		} else if (sh.sh_type == SHT_NOTE && !s->build_id_len) {
			read_build_id(s, scn);
		}
	}
	if (!err && !have_symtab)
		err = xs_error(-ENOENT, "%s has no symbol table (stripped?)", path);
out_end:
	elf_end(elf);
	close(fd);
	return err;
}
