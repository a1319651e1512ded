/* SPDX-License-Identifier: MIT */
/*
 * Inside the symbolizer: the parsed tables (symbolize.c) and the two readers
 * that fill them, symbolize-elf.c (libelf: symbols, build id) and
 * symbolize-dwarf.c (libdwarf: line tables).
 */
#ifndef XENSCOPE_SYMBOLIZE_INT_H
#define XENSCOPE_SYMBOLIZE_INT_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "xenscope/symbolize.h"

struct xs_sym_entry {
	uint64_t addr;
	uint64_t size; /* 0: up to the next symbol */
	uint32_t name; /* offset into strs */
	uint32_t rank; /* tie break at one address: lower wins */
};

struct xs_line_row {
	uint64_t addr;
	uint32_t file; /* index into files */
	uint32_t line; /* 0 with end: end of a sequence */
	uint32_t end;
};

/* symbolize.c searches both tables by their leading address. */
_Static_assert(offsetof(struct xs_sym_entry, addr) == 0, "addr first");
_Static_assert(offsetof(struct xs_line_row, addr) == 0, "addr first");

struct xs_syms {
	struct xs_sym_entry *syms;
	size_t nr_syms, alloc_syms;
	struct xs_line_row *rows;
	size_t nr_rows, alloc_rows;
	char *strs; /* symbol names, NUL-separated */
	size_t strs_len, strs_alloc;
	char **files; /* line-table file names as shown */
	size_t nr_files, alloc_files;
	uint32_t *hash; /* while reading: file index + 1 by name hash */
	size_t hash_size;
	uint8_t build_id[64];
	size_t build_id_len;
};

/* symbolize-elf.c: symbols of executable sections and the build id. */
int xs_syms_read_elf(struct xs_syms *s, const char *path);
/* symbolize-dwarf.c: every line table row; no DWARF is not an error. */
int xs_syms_read_dwarf(struct xs_syms *s, const char *path);

/* symbolize.c */
int xs_syms_add_name(struct xs_syms *s, const char *name, uint32_t *off);
int xs_syms_add_file(struct xs_syms *s, const char *name, uint32_t *index);

#endif
