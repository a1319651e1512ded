// SPDX-License-Identifier: MIT
/*
 * Address to `function+offset (file:line)`.  Opening parses the symbol table
 * (symbolize-elf.c), the line tables (symbolize-dwarf.c) and the inlined
 * code's call sites (symbolize-inline.c) once into sorted arrays; a lookup
 * is then three binary searches.
 */
#include <errno.h>
#include <inttypes.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "internal.h"

int xs_syms_add_name(struct xs_syms *s, const char *name, uint32_t *off)
{
	size_t len = strlen(name) + 1;

	if (s->strs_len + len > UINT32_MAX)
		return -ENOMEM;
	if (xs_array_grow(s->strs, s->strs_alloc, s->strs_len + len))
		return -ENOMEM;
	memcpy(s->strs + s->strs_len, name, len);
	*off = (uint32_t)s->strs_len;
	s->strs_len += len;
	return 0;
}

static uint64_t fnv1a(const char *p)
{
	uint64_t h = 0xcbf29ce484222325ULL;

	while (*p)
		h = (h ^ (unsigned char)*p++) * 0x100000001b3ULL;
	return h;
}

/* File names are few and repeat in every unit: intern through a hash. */
static int hash_grow(struct xs_syms *s)
{
	size_t size = s->hash_size ? s->hash_size * 2 : 1024;
	uint32_t *slot = calloc(size, sizeof(*slot));

	if (!slot)
		return -ENOMEM;
	for (size_t i = 0; i < s->nr_files; i++) {
		size_t j = fnv1a(s->files[i]) & (size - 1);

		while (slot[j])
			j = (j + 1) & (size - 1);
		slot[j] = (uint32_t)i + 1;
	}
	free(s->hash);
	s->hash = slot;
	s->hash_size = size;
	return 0;
}

int xs_syms_add_file(struct xs_syms *s, const char *name, uint32_t *index)
{
	size_t j, mask;

	if ((s->nr_files + 1) * 2 > s->hash_size && hash_grow(s))
		return xs_error(-ENOMEM, "out of memory");
	mask = s->hash_size - 1;
	for (j = fnv1a(name) & mask; s->hash[j]; j = (j + 1) & mask) {
		if (!strcmp(s->files[s->hash[j] - 1], name)) {
			*index = s->hash[j] - 1;
			return 0;
		}
	}
	if (xs_array_grow(s->files, s->alloc_files, s->nr_files + 1) ||
	    !(s->files[s->nr_files] = strdup(name)))
		return xs_error(-ENOMEM, "out of memory");
	*index = (uint32_t)s->nr_files;
	s->hash[j] = (uint32_t)++s->nr_files;
	return 0;
}

static int cmp_sym(const void *a, const void *b)
{
	const struct xs_sym_entry *x = a, *y = b;

	if (x->addr != y->addr)
		return x->addr < y->addr ? -1 : 1;
	return x->rank < y->rank ? -1 : x->rank > y->rank;
}

/* At one address, end-of-sequence rows sort first: the row after wins. */
static int cmp_row(const void *a, const void *b)
{
	const struct xs_line_row *x = a, *y = b;

	if (x->addr != y->addr)
		return x->addr < y->addr ? -1 : 1;
	return (int)y->end - (int)x->end;
}

static int cmp_inline(const void *a, const void *b)
{
	const struct xs_inline_range *x = a, *y = b;

	return x->addr < y->addr ? -1 : x->addr > y->addr;
}

/* Keep the best-ranked symbol of each address. */
static void dedup_symbols(struct xs_syms *s)
{
	size_t out = 0;

	for (size_t i = 0; i < s->nr_syms; i++)
		if (!out || s->syms[out - 1].addr != s->syms[i].addr)
			s->syms[out++] = s->syms[i];
	s->nr_syms = out;
}

/*
 * Show file names relative to the directory all compilation units share:
 * "src/xen/arch/x86/mm.c" rather than a long absolute path.
 */
static void shorten_files(struct xs_syms *s)
{
	size_t prefix = SIZE_MAX;

	for (size_t i = 0; i < s->nr_files; i++) {
		const char *f = s->files[i], *p = s->files[0];
		size_t n = 0, slash = 0;

		if (f[0] != '/')
			return;
		while (f[n] && f[n] == p[n] && n < prefix) {
			if (f[n] == '/')
				slash = n + 1;
			n++;
		}
		if (slash < prefix)
			prefix = slash;
	}
	if (prefix == SIZE_MAX || prefix <= 1)
		return;
	for (size_t i = 0; i < s->nr_files; i++)
		memmove(s->files[i], s->files[i] + prefix, strlen(s->files[i] + prefix) + 1);
}

void xs_syms_close(struct xs_syms *s)
{
	if (!s)
		return;
	for (size_t i = 0; i < s->nr_files; i++)
		free(s->files[i]);
	free(s->files);
	free(s->syms);
	free(s->rows);
	free(s->inl);
	free(s->strs);
	free(s->hash);
	free(s);
}

int xs_syms_open(const char *path, struct xs_syms **out)
{
	struct xs_syms *s = calloc(1, sizeof(*s));
	int err;

	if (!s)
		return xs_error(-ENOMEM, "out of memory");
	err = xs_syms_read_elf(s, path);
	if (!err)
		err = xs_syms_read_dwarf(s, path);
	free(s->hash); /* only needed while reading */
	s->hash = NULL;
	if (err) {
		xs_syms_close(s);
		return err;
	}
	if (s->nr_syms)
		qsort(s->syms, s->nr_syms, sizeof(*s->syms), cmp_sym);
	dedup_symbols(s);
	if (s->nr_rows)
		qsort(s->rows, s->nr_rows, sizeof(*s->rows), cmp_row);
	if (s->nr_inl)
		qsort(s->inl, s->nr_inl, sizeof(*s->inl), cmp_inline);
	shorten_files(s);
	*out = s;
	return 0;
}

void xs_syms_build_id(const struct xs_syms *s, const uint8_t **id, size_t *len)
{
	*id = s->build_id;
	*len = s->build_id_len;
}

static void hex(const uint8_t *id, size_t len, char *buf, size_t size)
{
	size_t i;

	buf[0] = '\0';
	for (i = 0; i < len && 2 * i + 2 < size; i++)
		snprintf(buf + 2 * i, 3, "%02x", id[i]);
}

int xs_syms_check_build_id(const struct xs_syms *s, const uint8_t *id, size_t len)
{
	char want[130], have[130];

	if (!len)
		return xs_error(-ENOENT, "the hypervisor reports no build id: cannot check "
					 "that the symbol file matches it");
	if (!s->build_id_len)
		return xs_error(-ENOENT, "the symbol file has no build id: cannot check that "
					 "it matches the hypervisor");
	if (len == s->build_id_len && !memcmp(id, s->build_id, len))
		return 0;
	hex(id, len, want, sizeof(want));
	hex(s->build_id, s->build_id_len, have, sizeof(have));
	return xs_error(-ESTALE,
			"symbol file does not match the hypervisor: build id %s, the "
			"hypervisor's is %s (use the xen-syms of the running build)",
			have, want);
}

/*
 * Index of the last element of a sorted array with addr <= @addr, or -1.
 * Both table entry types start with their uint64_t address.
 */
static ptrdiff_t last_at_or_below(const void *base, size_t nr, size_t size, uint64_t addr)
{
	size_t lo = 0, hi = nr;

	while (lo < hi) {
		size_t mid = lo + (hi - lo) / 2;
		uint64_t at;

		memcpy(&at, (const char *)base + mid * size, sizeof(at));
		if (at <= addr)
			lo = mid + 1;
		else
			hi = mid;
	}
	return (ptrdiff_t)lo - 1;
}

int xs_syms_lookup(const struct xs_syms *s, uint64_t addr, struct xs_sym *out)
{
	ptrdiff_t i = last_at_or_below(s->syms, s->nr_syms, sizeof(*s->syms), addr);
	ptrdiff_t r = last_at_or_below(s->rows, s->nr_rows, sizeof(*s->rows), addr);

	*out = (struct xs_sym){ 0 };
	if (i >= 0) {
		const struct xs_sym_entry *e = &s->syms[i];
		bool inside = e->size ? addr - e->addr < e->size
				      : (size_t)i + 1 < s->nr_syms || addr - e->addr < 0x10000;

		if (inside) {
			out->func = s->strs + e->name;
			out->offset = addr - e->addr;
		}
	}
	ptrdiff_t n = last_at_or_below(s->inl, s->nr_inl, sizeof(*s->inl), addr);

	if (r >= 0 && !s->rows[r].end) {
		out->file = s->files[s->rows[r].file];
		out->line = s->rows[r].line;
	}
	/* Inlined code: the line is the call's, in the function named. */
	if (n >= 0 && addr < s->inl[n].end) {
		const struct xs_inline_range *in = &s->inl[n];

		out->inlined = in->name == XS_INLINE_NO_NAME ? "?" : s->strs + in->name;
		out->inlined_file = out->file;
		out->inlined_line = out->line;
		out->file = s->files[in->call_file];
		out->line = in->call_line;
	}
	return out->func || out->file ? 0 : -ENOENT;
}

const char *xs_syms_format(const struct xs_syms *s, uint64_t addr, char *buf, size_t len)
{
	struct xs_sym sym;
	int n = 0;

	if (!len)
		return buf;
	if (xs_syms_lookup(s, addr, &sym) || !sym.func)
		n = snprintf(buf, len, "0x%" PRIx64, addr);
	else
		n = snprintf(buf, len, "%s+0x%" PRIx64, sym.func, sym.offset);
	if (sym.file && sym.inlined && sym.inlined_file && n >= 0 && (size_t)n < len)
		snprintf(buf + n, len - (size_t)n, " (%s:%u; inlined %s at %s:%u)", sym.file,
			 sym.line, sym.inlined, sym.inlined_file, sym.inlined_line);
	else if (sym.file && n >= 0 && (size_t)n < len)
		snprintf(buf + n, len - (size_t)n, " (%s:%u)", sym.file, sym.line);
	return buf;
}

size_t xs_syms_nr_symbols(const struct xs_syms *s)
{
	return s->nr_syms;
}

size_t xs_syms_nr_lines(const struct xs_syms *s)
{
	return s->nr_rows;
}
