/* SPDX-License-Identifier: MIT */
/*
 * Hypervisor addresses to `function+offset (file:line)`, from an ELF file
 * with DWARF line tables (the hypervisor's xen-syms, built with
 * CONFIG_DEBUG_INFO).  The symbol table is read with libelf, line tables and
 * inlined subroutines with libdwarf; all are parsed once at open into sorted
 * arrays, so each lookup is three binary searches and no allocation.
 */
#ifndef XENSCOPE_SYMBOLIZE_H
#define XENSCOPE_SYMBOLIZE_H

#include <stddef.h>
#include <stdint.h>

#include "xenscope/core/common.h"

struct xs_syms;

/* What one address resolves to; strings belong to the xs_syms. */
struct xs_sym {
	const char *func; /* NULL: no symbol covers the address */
	uint64_t offset;  /* from the start of func */
	const char *file; /* NULL: no line information */
	unsigned int line;
	/*
	 * Inside inlined code: file:line above is the call in func, and this
	 * is the inlined function with the line the line table gives.
	 */
	const char *inlined; /* NULL: not inlined code */
	const char *inlined_file;
	unsigned int inlined_line;
};

/* Longest string xs_syms_format() writes (longer ones are truncated). */
#define XS_SYM_STRLEN 256

/*
 * Parse @path.  A file without a symbol table is an error; one without
 * DWARF line tables is not (lookups then give no file:line).
 */
int xs_syms_open(const char *path, struct xs_syms **out);
void xs_syms_close(struct xs_syms *s);

/* The file's NT_GNU_BUILD_ID; *len = 0 when it has none. */
void xs_syms_build_id(const struct xs_syms *s, const uint8_t **id, size_t *len);

/*
 * Refuse a file that is not the build it is used for: -ESTALE with a message
 * naming both build ids if @id differs from the file's, -ENOENT if either
 * has none.
 */
int xs_syms_check_build_id(const struct xs_syms *s, const uint8_t *id, size_t len);

/* Resolve @addr; 0 if anything was found, -ENOENT (no message) if not. */
int xs_syms_lookup(const struct xs_syms *s, uint64_t addr, struct xs_sym *out);

/*
 * "func+0x1a (dir/file.c:123)", for inlined code "func+0x1a (dir/file.c:123;
 * inlined get_page_and_type at dir/mm.h:445)", "func+0x1a" without line
 * information, or "0xffff82d040212345" when nothing is known.  Returns @buf.
 */
const char *xs_syms_format(const struct xs_syms *s, uint64_t addr, char *buf, size_t len);

/* Number of symbols and line rows parsed (for tests and benchmarks). */
size_t xs_syms_nr_symbols(const struct xs_syms *s);
size_t xs_syms_nr_lines(const struct xs_syms *s);

#endif
