// SPDX-License-Identifier: MIT
/* Aligned text tables and terminal colour. */
#include <errno.h>
#include <stdarg.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "xenscope/core/buf.h"
#include "xenscope/core/output.h"

bool xs_color_enabled(FILE *f)
{
	const char *no = getenv("NO_COLOR");
	const char *term = getenv("TERM");

	/* https://no-color.org: any non-empty NO_COLOR turns colour off. */
	if (no && *no)
		return false;
	if (term && !strcmp(term, "dumb"))
		return false;
	return isatty(fileno(f));
}

const char *xs_color(FILE *f, enum xs_color c)
{
	static const char *const seq[] = {
		[XS_COLOR_NONE] = "\033[0m",	[XS_COLOR_RED] = "\033[31m",
		[XS_COLOR_YELLOW] = "\033[33m", [XS_COLOR_GREEN] = "\033[32m",
		[XS_COLOR_BOLD] = "\033[1m",
	};

	if ((size_t)c >= XS_ARRAY_SIZE(seq) || !xs_color_enabled(f))
		return "";
	return seq[c];
}

int xs_table_init(struct xs_table *t, size_t ncols, const char *const *headers, const char *align)
{
	memset(t, 0, sizeof(*t));
	if (!ncols || ncols > XS_TABLE_MAX_COLS)
		return xs_error(-EINVAL, "table with %zu columns", ncols);
	t->ncols = ncols;
	t->align = align;
	for (size_t i = 0; i < ncols; i++) {
		int err = xs_table_cell(t, "%s", headers[i]);

		if (err) {
			xs_table_release(t);
			return err;
		}
	}
	return 0;
}

int xs_table_cell(struct xs_table *t, const char *fmt, ...)
{
	struct xs_buf b = XS_BUF_INIT;
	size_t idx = t->nrows * t->ncols + t->cur;
	va_list ap;
	int n, err;

	err = xs_array_grow(t->cells, t->alloc, idx + 1);
	if (!err && t->cur == 0)
		err = xs_array_grow(t->row_color, t->color_alloc, t->nrows + 1);
	if (err)
		return xs_error(err, "out of memory");
	va_start(ap, fmt);
	n = vsnprintf(NULL, 0, fmt, ap);
	va_end(ap);
	if (n < 0 || xs_buf_grow(&b, (size_t)n))
		return xs_error(-ENOMEM, "out of memory");
	va_start(ap, fmt);
	vsnprintf(b.buf, (size_t)n + 1, fmt, ap);
	va_end(ap);
	b.len = (size_t)n;
	if (t->cur == 0)
		t->row_color[t->nrows] = XS_COLOR_NONE;
	t->cells[idx] = xs_buf_detach(&b, NULL);
	if (++t->cur == t->ncols) {
		t->cur = 0;
		t->nrows++;
	}
	return 0;
}

void xs_table_color(struct xs_table *t, enum xs_color c)
{
	/* Before the first cell of a row, the row just finished is meant. */
	size_t row = t->cur ? t->nrows : t->nrows - 1;

	if (t->nrows || t->cur)
		t->row_color[row] = c;
}

void xs_table_print(const struct xs_table *t, FILE *f)
{
	size_t width[XS_TABLE_MAX_COLS] = { 0 };

	for (size_t r = 0; r < t->nrows; r++)
		for (size_t c = 0; c < t->ncols; c++) {
			size_t w = strlen(t->cells[r * t->ncols + c]);

			if (w > width[c])
				width[c] = w;
		}
	for (size_t r = 0; r < t->nrows; r++) {
		enum xs_color color = r ? t->row_color[r] : XS_COLOR_BOLD;
		const char *on = color != XS_COLOR_NONE ? xs_color(f, color) : "";

		fputs(on, f);
		for (size_t c = 0; c < t->ncols; c++) {
			const char *s = t->cells[r * t->ncols + c];
			bool right = t->align && t->align[c] == 'r';
			bool last = c + 1 == t->ncols;
			int w = (int)width[c];

			if (right)
				fprintf(f, "%*s", w, s);
			else if (last)
				fputs(s, f); /* no trailing blanks */
			else
				fprintf(f, "%-*s", w, s);
			if (!last)
				fputs("  ", f);
		}
		if (*on)
			fputs(xs_color(f, XS_COLOR_NONE), f);
		fputc('\n', f);
	}
}

void xs_table_release(struct xs_table *t)
{
	size_t n = t->nrows * t->ncols + t->cur;

	for (size_t i = 0; i < n; i++)
		free(t->cells[i]);
	free(t->cells);
	free(t->row_color);
	memset(t, 0, sizeof(*t));
}
