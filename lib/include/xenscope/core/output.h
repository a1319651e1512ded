/* SPDX-License-Identifier: MIT */
/* Human output: aligned columns, colour only on a terminal. */
#ifndef XENSCOPE_OUTPUT_H
#define XENSCOPE_OUTPUT_H

#include <stdbool.h>
#include <stdio.h>

#include "xenscope/core/common.h"

enum xs_color { XS_COLOR_NONE, XS_COLOR_RED, XS_COLOR_YELLOW, XS_COLOR_GREEN, XS_COLOR_BOLD };

/* True when @f is a terminal, NO_COLOR is unset or empty and TERM != dumb. */
bool xs_color_enabled(FILE *f);
/* The escape sequence for @c, or "" when colour is off for @f. */
const char *xs_color(FILE *f, enum xs_color c);

#define XS_TABLE_MAX_COLS 16

/* Column alignment, one letter per column: 'l' or 'r'. */
struct xs_table {
	size_t ncols;
	const char *align;
	char **cells; /* row-major, ncols per row; row 0 is the header */
	enum xs_color *row_color;
	size_t nrows, alloc, color_alloc;
	size_t cur; /* cells filled in the row being built */
};

/* @headers: ncols strings; @align: NULL (all left) or ncols of 'l'/'r'. */
int xs_table_init(struct xs_table *t, size_t ncols, const char *const *headers, const char *align);
/* Add the next cell of the current row; a row ends after ncols cells. */
int xs_table_cell(struct xs_table *t, const char *fmt, ...) XS_PRINTF(2, 3);
/* Colour of the row being built (or just finished, before the next cell). */
void xs_table_color(struct xs_table *t, enum xs_color c);
/* Print with columns padded to their widest cell, two spaces apart. */
void xs_table_print(const struct xs_table *t, FILE *f);
void xs_table_release(struct xs_table *t);

#endif
