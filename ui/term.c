// SPDX-License-Identifier: MIT
/*
 * The curses front end: copy the canvas to the screen, read keys, reload
 * the live hypervisor's state every interval.  Nothing here knows a view.
 */
#include <curses.h>
#include <stdio.h>
#include <stdlib.h>
#include <unistd.h>

#include "ui.h"

/* Messages written to stderr while curses owns the terminal come out after. */
static FILE *saved_errors;
static int stderr_copy = -1;

static void restore_terminal(void)
{
	char buf[512];
	size_t n;

	if (!isendwin())
		endwin();
	if (stderr_copy < 0)
		return;
	fflush(stderr);
	dup2(stderr_copy, 2);
	close(stderr_copy);
	stderr_copy = -1;
	rewind(saved_errors);
	while ((n = fread(buf, 1, sizeof(buf), saved_errors)) > 0)
		fwrite(buf, 1, n, stderr);
	fclose(saved_errors);
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
		fprintf(stderr, "%s: needs a terminal (use --batch KEYS for scripted use)\n",
			xs_prog());
		return EXIT_USAGE;
	}
	saved_errors = tmpfile();
	if (saved_errors) {
		stderr_copy = dup(2);
		dup2(fileno(saved_errors), 2);
	}
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
	return EXIT_OK;
}
