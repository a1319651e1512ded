// SPDX-License-Identifier: MIT
/*
 * The curses front end: copy the canvas to the screen, read keys, reload
 * the live hypervisor's state every interval.  Nothing here knows a view.
 */
#include <curses.h>
#include <errno.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "ui.h"

/*
 * While curses owns the terminal the library's messages are kept here and
 * printed once the screen is restored, in order, through the default hook.
 */
struct held_line {
	enum xs_level level;
	char *text;
};
static struct held_line *held;
static size_t nr_held, held_alloc, held_lost;
static bool holding;

static void hold_line(enum xs_level level, const char *line, void *ctx)
{
	char *text = strdup(line);

	if (!text || xs_array_grow(held, held_alloc, nr_held + 1)) {
		free(text);
		held_lost++;
		return;
	}
	held[nr_held++] = (struct held_line){ .level = level, .text = text };
}

static void restore_terminal(void)
{
	if (!isendwin())
		endwin();
	if (!holding)
		return;
	holding = false;
	xs_set_print(NULL, NULL);
	for (size_t i = 0; i < nr_held; i++) {
		xs_print_stderr(held[i].level, held[i].text, NULL);
		free(held[i].text);
	}
	free(held);
	held = NULL;
	nr_held = held_alloc = 0;
	if (held_lost)
		xs_warn("%zu messages lost while the screen was in use (out of memory)", held_lost);
}

static int translate(int ch)
{
	switch (ch) {
	case KEY_UP:
		return UI_KEY_UP;
	case KEY_DOWN:
		return UI_KEY_DOWN;
	case KEY_RIGHT:
	case KEY_ENTER:
	case '\r':
		return UI_KEY_ENTER;
	case KEY_LEFT:
	case 27: /* Esc */
		return UI_KEY_BACK;
	}
	return ch;
}

static void blit(const struct ui_canvas *c)
{
	erase();
	for (int r = 0; r < c->rows; r++) {
		if (r == 0 || r == c->rows - 1 || r == c->cursor)
			attron(A_REVERSE);
		mvaddnstr(r, 0, c->line[r], c->cols);
		if (r == c->cursor || r == 0 || r == c->rows - 1)
			attroff(A_REVERSE);
	}
	refresh();
}

int ui_run_terminal(struct ui *ui, double interval)
{
	static char lines[256][UI_MAX_COLS + 1];
	struct ui_canvas c = { .line = lines };
	int tenths = (int)(interval * 10 + 0.5);

	if (!isatty(0) || !isatty(1)) {
		xs_error(-ENOTTY, "needs a terminal (use --batch KEYS for scripted use)");
		return XS_EXIT_USAGE;
	}
	xs_set_print(hold_line, NULL);
	holding = true;
	atexit(restore_terminal);
	initscr();
	cbreak();
	noecho();
	keypad(stdscr, TRUE);
	curs_set(0);
	if (ui->live)
		halfdelay(tenths < 1 ? 1 : tenths > 255 ? 255 : tenths);
	for (;;) {
		int ch;

		c.rows = LINES < 256 ? LINES : 256;
		c.cols = COLS < UI_MAX_COLS ? COLS : UI_MAX_COLS;
		ui_render(ui, &c);
		blit(&c);
		ch = getch();
		if (ch == ERR) { /* the interval passed: fresh numbers */
			ui_reload(ui);
			continue;
		}
		if (ch == KEY_RESIZE)
			continue;
		if (!ui_handle_key(ui, translate(ch)))
			break;
	}
	restore_terminal();
	return XS_EXIT_OK;
}
