/* SPDX-License-Identifier: MIT */
/*
 * xstop, a live view of domains, their page references and shadows.
 *
 * Views draw into a canvas of text lines, never into curses: the terminal
 * front end (term.c) copies a canvas to the screen, and --batch prints it,
 * so every view is tested by feeding keys and comparing text.
 */
#ifndef XSTOP_UI_H
#define XSTOP_UI_H

#include <stdbool.h>
#include <stddef.h>
#include <stdio.h>

#include "xenscope/core/exit.h"
#include "xenscope/target/target.h"

#define UI_MAX_COLS 200

/* A screen's worth of text: the views' only output. */
struct ui_canvas {
	int rows, cols;
	char (*line)[UI_MAX_COLS + 1];
	int cursor; /* highlighted line, -1 for none */
	char status[UI_MAX_COLS + 1];
};

struct ui;
struct ui_view;

/* What a key did, for the main loop. */
enum ui_action { UI_NONE, UI_REDRAW, UI_RELOAD, UI_PUSH, UI_POP, UI_QUIT };

struct ui_view_ops {
	const char *name;			       /* in the title line */
	int (*load)(struct ui *ui, struct ui_view *v); /* read from the target */
	void (*draw)(struct ui *ui, struct ui_view *v, struct ui_canvas *c); /* fill rows */
	/* A key: the action, and with UI_PUSH the view to push in *next. */
	enum ui_action (*key)(struct ui *ui, struct ui_view *v, int key,
			      const struct ui_view_ops **next);
	void (*release)(struct ui_view *v); /* free what load made */
};

struct ui_view {
	const struct ui_view_ops *ops;
	void *data;   /* the view's own */
	int sel, top; /* selected item, first item shown */
	int nr_items;
};

struct ui {
	struct xs_target *t;
	const char *target_name;
	bool live;		/* the running hypervisor: refreshes */
	struct xs_domains doms; /* as of the last load */
	uint32_t domid;		/* the domain the inner views show */
	struct ui_view stack[4];
	int depth;
};

/* Views (view-*.c). */
extern const struct ui_view_ops ui_domains_view, ui_refs_view, ui_shadows_view, ui_shadow_tree_view,
	ui_dirty_view;

/* ui.c: the loop shared by the terminal and batch front ends. */
int ui_push(struct ui *ui, const struct ui_view_ops *ops);
void ui_pop(struct ui *ui);
void ui_render(struct ui *ui, struct ui_canvas *c);
/* Returns false when the user quit. */
bool ui_handle_key(struct ui *ui, int key);
int ui_reload(struct ui *ui);

/* Canvas helpers. */
void ui_canvas_clear(struct ui_canvas *c);
void ui_canvas_printf(struct ui_canvas *c, int row, const char *fmt, ...)
	__attribute__((format(printf, 3, 4)));
/* Keep the selection visible in a list drawn from row @first down. */
void ui_list_scroll(struct ui_view *v, const struct ui_canvas *c, int first);
void ui_canvas_print(const struct ui_canvas *c, FILE *f);

/* Keys the views know, beyond plain characters. */
#define UI_KEY_UP 0x101
#define UI_KEY_DOWN 0x102
#define UI_KEY_ENTER '\n'
#define UI_KEY_BACK 0x103

/* term.c: the curses front end; returns an exit status. */
int ui_run_terminal(struct ui *ui, double interval);

#endif
