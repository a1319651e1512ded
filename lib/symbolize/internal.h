/* SPDX-License-Identifier: MIT */
/*
 * Inside the symbolizer: the parsed tables (symbolize.c) and the readers
 * that fill them, symbolize-elf.c (libelf: symbols, build id),
 * symbolize-dwarf.c (libdwarf: line tables) and symbolize-inline.c
 * (libdwarf: where inlined code was inlined).
 */
#ifndef XENSCOPE_SYMBOLIZE_INT_H
#define XENSCOPE_SYMBOLIZE_INT_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "xenscope/symbolize/symbolize.h"

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

/*
 * Code of an inlined function, as placed in the function that holds the
 * copy: only the outermost inline of each place is kept, so ranges do not
 * overlap and one search finds the call site in the real function.
 */
struct xs_inline_range {
	uint64_t addr, end; /* [addr, end) */
	uint32_t call_file; /* index into files */
	uint32_t call_line;
	uint32_t name; /* offset into strs, or XS_INLINE_NO_NAME */
	uint32_t _pad;
};
#define XS_INLINE_NO_NAME UINT32_MAX

/* symbolize.c searches the tables by their leading address. */
_Static_assert(offsetof(struct xs_sym_entry, addr) == 0, "addr first");
_Static_assert(offsetof(struct xs_line_row, addr) == 0, "addr first");
_Static_assert(offsetof(struct xs_inline_range, addr) == 0, "addr first");

struct xs_syms {
	struct xs_sym_entry *syms;
	size_t nr_syms, alloc_syms;
	struct xs_line_row *rows;
	size_t nr_rows, alloc_rows;
	struct xs_inline_range *inl;
	size_t nr_inl, alloc_inl;
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

/*
 * symbolize-inline.c: the outermost inlined subroutines of one unit
 * (@dbg a Dwarf_Debug, @cu_die its Dwarf_Die), whose line table is of DWARF
 * version @line_version.  Void pointers: this header needs no libdwarf.
 */
int xs_syms_read_inlines(struct xs_syms *s, void *dbg, void *cu_die, unsigned int line_version);

/* symbolize.c */
int xs_syms_add_name(struct xs_syms *s, const char *name, uint32_t *off);
int xs_syms_add_file(struct xs_syms *s, const char *name, uint32_t *index);

#endif
