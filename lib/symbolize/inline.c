// SPDX-License-Identifier: MIT
/*
 * Where inlined code was inlined.  The line table maps an address inside an
 * inlined copy of, say, get_page_and_type() to that function's header; the
 * reader wants the line of the real function that made the call.  DWARF has
 * it on each DW_TAG_inlined_subroutine (DW_AT_call_file, DW_AT_call_line),
 * with the code's ranges.  Only the outermost inline of a function body is
 * kept: its call site is a line of the function the symbol table names.
 */
#include <errno.h>
#include <stdbool.h>
#include <stdlib.h>

#include <dwarf.h>
#include <libdwarf.h>

#include "internal.h"

struct unit {
	struct xs_syms *s;
	Dwarf_Debug dbg;
	char **files; /* the unit's file names (dwarf_srcfiles) */
	Dwarf_Signed nr_files;
	unsigned int version; /* of the line table: 5 numbers files from 0 */
	uint64_t base;	      /* the unit's low_pc: DWARF 4 ranges are relative */
};

/* Malformed or unsupported pieces are skipped: inline data is a bonus. */
static void drop(Dwarf_Debug dbg, Dwarf_Error e)
{
	if (e)
		dwarf_dealloc_error(dbg, e);
}

static bool attr_udata(struct unit *u, Dwarf_Die die, Dwarf_Half at, Dwarf_Unsigned *out)
{
	Dwarf_Attribute a = NULL;
	Dwarf_Error e = NULL;
	bool ok;

	if (dwarf_attr(die, at, &a, &e) != DW_DLV_OK) {
		drop(u->dbg, e);
		return false;
	}
	ok = dwarf_formudata(a, out, &e) == DW_DLV_OK;
	drop(u->dbg, e);
	dwarf_dealloc_attribute(a);
	return ok;
}

/* The name of the inlined function, through its abstract origin. */
static uint32_t origin_name(struct unit *u, Dwarf_Die die)
{
	Dwarf_Attribute a = NULL;
	Dwarf_Error e = NULL;
	Dwarf_Off off;
	Dwarf_Die origin = NULL;
	char *name = NULL;
	uint32_t out = XS_INLINE_NO_NAME;

	if (dwarf_attr(die, DW_AT_abstract_origin, &a, &e) != DW_DLV_OK)
		goto out;
	if (dwarf_global_formref(a, &off, &e) != DW_DLV_OK ||
	    dwarf_offdie_b(u->dbg, off, 1, &origin, &e) != DW_DLV_OK)
		goto out_attr;
	if (dwarf_diename(origin, &name, &e) == DW_DLV_OK && xs_syms_add_name(u->s, name, &out))
		out = XS_INLINE_NO_NAME;
	dwarf_dealloc_die(origin);
out_attr:
	dwarf_dealloc_attribute(a);
out:
	drop(u->dbg, e);
	return out;
}

static int add_range(struct unit *u, uint64_t lo, uint64_t hi, uint32_t file, uint32_t line,
		     uint32_t name)
{
	struct xs_syms *s = u->s;

	if (hi <= lo)
		return 0;
	if (xs_array_grow(s->inl, s->alloc_inl, s->nr_inl + 1))
		return xs_error(-ENOMEM, "out of memory");
	s->inl[s->nr_inl++] = (struct xs_inline_range){
		.addr = lo, .end = hi, .call_file = file, .call_line = line, .name = name
	};
	return 0;
}

/* DW_AT_ranges of DWARF 5 (.debug_rnglists) or 4 (.debug_ranges). */
static int add_ranges(struct unit *u, Dwarf_Die die, uint32_t file, uint32_t line, uint32_t name)
{
	Dwarf_Attribute a = NULL;
	Dwarf_Error e = NULL;
	Dwarf_Half form;
	Dwarf_Unsigned val, count = 0, global;
	Dwarf_Rnglists_Head head = NULL;
	int err = 0;

	if (dwarf_attr(die, DW_AT_ranges, &a, &e) != DW_DLV_OK)
		goto out;
	if (dwarf_whatform(a, &form, &e) != DW_DLV_OK)
		goto out_attr;
	if (form == DW_FORM_rnglistx ? dwarf_formudata(a, &val, &e) != DW_DLV_OK
				     : dwarf_global_formref(a, &val, &e) != DW_DLV_OK)
		goto out_attr;
	if (u->version >= 5) {
		if (dwarf_rnglists_get_rle_head(a, form, val, &head, &count, &global, &e) !=
		    DW_DLV_OK)
			goto out_attr;
		for (Dwarf_Unsigned i = 0; i < count && !err; i++) {
			Dwarf_Unsigned raw1, raw2, lo, hi;
			unsigned int len, rle;
			Dwarf_Bool unavailable = 0;

			if (dwarf_get_rnglists_entry_fields_a(head, i, &len, &rle, &raw1, &raw2,
							      &unavailable, &lo, &hi,
							      &e) != DW_DLV_OK)
				break;
			if (rle == DW_RLE_end_of_list)
				break;
			if (!unavailable && rle != DW_RLE_base_address &&
			    rle != DW_RLE_base_addressx)
				err = add_range(u, lo, hi, file, line, name);
		}
		dwarf_dealloc_rnglists_head(head);
	} else {
		Dwarf_Ranges *r = NULL;
		Dwarf_Signed n = 0;
		Dwarf_Unsigned bytes;
		Dwarf_Off real;
		uint64_t base = u->base;

		if (dwarf_get_ranges_b(u->dbg, val, die, &real, &r, &n, &bytes, &e) != DW_DLV_OK)
			goto out_attr;
		for (Dwarf_Signed i = 0; i < n && !err; i++) {
			if (r[i].dwr_type == DW_RANGES_ADDRESS_SELECTION)
				base = r[i].dwr_addr2;
			else if (r[i].dwr_type == DW_RANGES_ENTRY)
				err = add_range(u, base + r[i].dwr_addr1, base + r[i].dwr_addr2,
						file, line, name);
		}
		dwarf_ranges_dealloc(u->dbg, r, n);
	}
out_attr:
	dwarf_dealloc_attribute(a);
out:
	drop(u->dbg, e);
	return err;
}

static int add_inline(struct unit *u, Dwarf_Die die)
{
	Dwarf_Unsigned fno, line;
	Dwarf_Addr lo, hi;
	Dwarf_Half form;
	enum Dwarf_Form_Class cls;
	Dwarf_Error e = NULL;
	uint32_t file, name;
	Dwarf_Signed idx;
	int err;

	if (!attr_udata(u, die, DW_AT_call_file, &fno) ||
	    !attr_udata(u, die, DW_AT_call_line, &line))
		return 0;
	/* DWARF 5 numbers files from 0, earlier versions from 1. */
	idx = (Dwarf_Signed)fno - (u->version >= 5 ? 0 : 1);
	if (idx < 0 || idx >= u->nr_files || line > UINT32_MAX)
		return 0;
	err = xs_syms_add_file(u->s, u->files[idx], &file);
	if (err)
		return err;
	name = origin_name(u, die);
	if (dwarf_lowpc(die, &lo, &e) == DW_DLV_OK &&
	    dwarf_highpc_b(die, &hi, &form, &cls, &e) == DW_DLV_OK)
		return add_range(u, lo, cls == DW_FORM_CLASS_CONSTANT ? lo + hi : hi, file,
				 (uint32_t)line, name);
	drop(u->dbg, e);
	return add_ranges(u, die, file, (uint32_t)line, name);
}

/*
 * Walk @die and its siblings.  @in_func: inside a real (not inlined)
 * function, where an inlined subroutine is an outermost one and is not
 * descended into.
 */
static int walk(struct unit *u, Dwarf_Die die, bool in_func)
{
	int err = 0;

	while (die && !err) {
		Dwarf_Die child = NULL, next = NULL;
		Dwarf_Error e = NULL;
		Dwarf_Half tag = 0;

		if (dwarf_tag(die, &tag, &e) != DW_DLV_OK)
			drop(u->dbg, e), e = NULL;
		if (tag == DW_TAG_inlined_subroutine && in_func) {
			err = add_inline(u, die);
		} else if (dwarf_child(die, &child, &e) == DW_DLV_OK) {
			err = walk(u, child, in_func || tag == DW_TAG_subprogram);
		} else {
			drop(u->dbg, e);
			e = NULL;
		}
		if (dwarf_siblingof_b(u->dbg, die, 1, &next, &e) != DW_DLV_OK) {
			drop(u->dbg, e);
			next = NULL;
		}
		dwarf_dealloc_die(die);
		die = next;
	}
	if (die)
		dwarf_dealloc_die(die);
	return err;
}

int xs_syms_read_inlines(struct xs_syms *s, void *dbg, void *cu_die, unsigned int line_version)
{
	struct unit u = { .s = s, .dbg = dbg, .version = line_version };
	Dwarf_Die child = NULL;
	Dwarf_Error e = NULL;
	Dwarf_Addr base;
	int err = 0;

	if (dwarf_lowpc(cu_die, &base, &e) == DW_DLV_OK)
		u.base = base;
	drop(u.dbg, e);
	e = NULL;

	if (dwarf_srcfiles(cu_die, &u.files, &u.nr_files, &e) != DW_DLV_OK) {
		drop(u.dbg, e);
		return 0;
	}
	if (dwarf_child(cu_die, &child, &e) == DW_DLV_OK)
		err = walk(&u, child, false);
	else
		drop(u.dbg, e);
	for (Dwarf_Signed i = 0; i < u.nr_files; i++)
		dwarf_dealloc(u.dbg, u.files[i], DW_DLA_STRING);
	dwarf_dealloc(u.dbg, u.files, DW_DLA_LIST);
	return err;
}
