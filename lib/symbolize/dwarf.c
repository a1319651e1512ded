// SPDX-License-Identifier: MIT
/*
 * DWARF line tables (any version libdwarf reads, DWARF 5 included) into
 * struct xs_line_row arrays.  File names are interned once per unit through
 * the unit's file index, so the string work is per file, not per row.
 */
#include <errno.h>
#include <stdlib.h>
#include <string.h>

#include <libdwarf.h>

#include "internal.h"

struct unit_files {
	uint32_t *map; /* unit file number -> interned index + 1; 0 = not yet */
	size_t alloc;
};

static int dw_error(Dwarf_Debug dbg, Dwarf_Error e, const char *what)
{
	int err = xs_error(-EINVAL, "%s: %s", what, e ? dwarf_errmsg(e) : "no detail");

	if (e && dbg)
		dwarf_dealloc_error(dbg, e);
	return err;
}

static int row_file(struct xs_syms *s, Dwarf_Debug dbg, Dwarf_Line line, struct unit_files *uf,
		    uint32_t *out)
{
	Dwarf_Unsigned fno = 0;
	Dwarf_Error e = NULL;
	char *src = NULL;
	int err;

	if (dwarf_line_srcfileno(line, &fno, &e) != DW_DLV_OK)
		return dw_error(dbg, e, "bad line table");
	if (fno < 4096 && fno < uf->alloc && uf->map[fno]) {
		*out = uf->map[fno] - 1;
		return 0;
	}
	if (dwarf_linesrc(line, &src, &e) != DW_DLV_OK)
		return dw_error(dbg, e, "bad line table file");
	err = xs_syms_add_file(s, src, out);
	dwarf_dealloc(dbg, src, DW_DLA_STRING);
	if (err)
		return err;
	if (fno < 4096) {
		size_t old = uf->alloc;

		if (xs_array_grow(uf->map, uf->alloc, fno + 1))
			return xs_error(-ENOMEM, "out of memory");
		memset(uf->map + old, 0, (uf->alloc - old) * sizeof(*uf->map));
		uf->map[fno] = *out + 1;
	}
	return 0;
}

static int add_rows(struct xs_syms *s, Dwarf_Debug dbg, Dwarf_Line *lines, Dwarf_Signed n)
{
	struct unit_files uf = { 0 };
	int err = 0;

	if (xs_array_grow(s->rows, s->alloc_rows, s->nr_rows + (size_t)n)) {
		err = xs_error(-ENOMEM, "out of memory");
		goto out_free;
	}
	for (Dwarf_Signed i = 0; i < n; i++) {
		Dwarf_Unsigned lineno = 0;
		Dwarf_Addr addr = 0;
		Dwarf_Bool end = 0;
		Dwarf_Error e = NULL;
		uint32_t file;

		if (dwarf_lineaddr(lines[i], &addr, &e) != DW_DLV_OK ||
		    dwarf_lineno(lines[i], &lineno, &e) != DW_DLV_OK ||
		    dwarf_lineendsequence(lines[i], &end, &e) != DW_DLV_OK) {
			err = dw_error(dbg, e, "bad line table row");
			goto out_free;
		}
		err = row_file(s, dbg, lines[i], &uf, &file);
		if (err)
			goto out_free;
		s->rows[s->nr_rows++] = (struct xs_line_row){
			.addr = addr,
			.file = file,
			.line = end ? 0 : (uint32_t)lineno,
			.end = end ? 1 : 0,
		};
	}
out_free:
	free(uf.map);
	return err;
}

static int read_unit(struct xs_syms *s, Dwarf_Debug dbg)
{
	Dwarf_Line_Context ctx = NULL;
	Dwarf_Line *lines = NULL;
	Dwarf_Signed n = 0;
	Dwarf_Unsigned version;
	Dwarf_Small tables;
	Dwarf_Error e = NULL;
	Dwarf_Die die = NULL;
	int rc, err = 0;

	rc = dwarf_siblingof_b(dbg, NULL, 1, &die, &e);
	if (rc == DW_DLV_ERROR)
		return dw_error(dbg, e, "bad compilation unit");
	if (rc == DW_DLV_NO_ENTRY)
		return 0;
	rc = dwarf_srclines_b(die, &version, &tables, &ctx, &e);
	if (rc == DW_DLV_ERROR) {
		err = dw_error(dbg, e, "bad line table header");
		goto out_die;
	}
	if (rc == DW_DLV_NO_ENTRY)
		goto out_die;
	if (dwarf_srclines_from_linecontext(ctx, &lines, &n, &e) != DW_DLV_OK)
		err = dw_error(dbg, e, "bad line table");
	else
		err = add_rows(s, dbg, lines, n);
	dwarf_srclines_dealloc_b(ctx);
	if (!err)
		err = xs_syms_read_inlines(s, dbg, die, (unsigned int)version);
out_die:
	dwarf_dealloc_die(die);
	return err;
}

int xs_syms_read_dwarf(struct xs_syms *s, const char *path)
{
	Dwarf_Unsigned next = 0;
	Dwarf_Half cu_type = 0;
	Dwarf_Debug dbg = NULL;
	Dwarf_Error e = NULL;
	int rc, err = 0;

	rc = dwarf_init_path(path, NULL, 0, DW_DLC_READ, DW_GROUPNUMBER_ANY, NULL, NULL, &dbg, NULL,
			     0, NULL, &e);
	if (rc == DW_DLV_NO_ENTRY)
		return 0; /* no DWARF: symbols only */
	if (rc != DW_DLV_OK)
		return dw_error(NULL, e, path);
	for (;;) {
		rc = dwarf_next_cu_header_d(dbg, 1, NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL,
					    &next, &cu_type, &e);
		if (rc == DW_DLV_NO_ENTRY)
			break;
		if (rc != DW_DLV_OK) {
			err = dw_error(dbg, e, "bad compilation unit header");
			break;
		}
		err = read_unit(s, dbg);
		if (err)
			break;
	}
	dwarf_finish(dbg, NULL);
	return err;
}
