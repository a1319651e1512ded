// SPDX-License-Identifier: MIT
/* The view stack and the key loop, shared by the terminal and --batch. */
#include <errno.h>
#include <stdarg.h>
#include <string.h>

#include "ui.h"

void ui_canvas_clear(struct ui_canvas *c)
{
	for (int r = 0; r < c->rows; r++)
		c->line[r][0] = '\0';
	c->cursor = -1;
	c->status[0] = '\0';
}

void ui_canvas_printf(struct ui_canvas *c, int row, const char *fmt, ...)
{
	va_list ap;
	size_t n = (size_t)c->cols < UI_MAX_COLS ? (size_t)c->cols : UI_MAX_COLS;

	if (row < 0 || row >= c->rows)
		return;
	va_start(ap, fmt);
	vsnprintf(c->line[row], n + 1, fmt, ap);
	va_end(ap);
}

void ui_canvas_print(const struct ui_canvas *c, FILE *f)
{
	for (int r = 0; r < c->rows; r++) {
		const char *l = c->line[r];
		size_t n = strlen(l);

		while (n && l[n - 1] == ' ')
			n--;
		fprintf(f, "%c%.*s\n", r == c->cursor ? '>' : ' ', (int)n, l);
	}
}

void ui_list_scroll(struct ui_view *v, const struct ui_canvas *c, int first)
{
	int shown = c->rows - 1 - first; /* the last row is the help line */

	if (shown < 1)
		shown = 1;
	if (v->sel < v->top)
		v->top = v->sel;
	if (v->sel >= v->top + shown)
		v->top = v->sel - shown + 1;
}

static struct ui_view *top(struct ui *ui)
{
	return ui->depth ? &ui->stack[ui->depth - 1] : NULL;
}

int ui_push(struct ui *ui, const struct ui_view_ops *ops)
{
	struct ui_view *v;

	if (ui->depth == (int)(sizeof(ui->stack) / sizeof(ui->stack[0])))
		return -ENOSPC;
	v = &ui->stack[ui->depth++];
	*v = (struct ui_view){ .ops = ops };
	return ops->load(ui, v);
}

void ui_pop(struct ui *ui)
{
	struct ui_view *v = top(ui);

	if (!v)
		return;
	if (v->ops->release)
		v->ops->release(v);
	ui->depth--;
}

/* Re-read the domain list and every view on the stack, keeping selections. */
int ui_reload(struct ui *ui)
{
	struct xs_domains doms = { 0 };
	int err = xs_target_domains(ui->t, &doms);

	if (err)
		return err;
	xs_domains_release(&ui->doms);
	ui->doms = doms;
	for (int i = 0; i < ui->depth; i++) {
		struct ui_view *v = &ui->stack[i];
		int sel = v->sel, topi = v->top;

		if (v->ops->release)
			v->ops->release(v);
		*v = (struct ui_view){ .ops = v->ops };
		err = v->ops->load(ui, v);
		v->sel = v->nr_items ? (sel < v->nr_items ? sel : v->nr_items - 1) : 0;
		v->top = topi <= v->sel ? topi : v->sel;
	}
	return err;
}

void ui_render(struct ui *ui, struct ui_canvas *c)
{
	struct ui_view *v = top(ui);

	ui_canvas_clear(c);
	if (!v)
		return;
	ui_canvas_printf(c, 0, "xstop - %s - %s%s", ui->target_name, v->ops->name,
			 ui->live ? "" : " (snapshot)");
	v->ops->draw(ui, v, c);
	ui_canvas_printf(c, c->rows - 1, "%s",
			 c->status[0] ? c->status
				      : "j/k move  Enter references  s shadows  d dirty  r reload  q back");
}

bool ui_handle_key(struct ui *ui, int key)
{
	struct ui_view *v = top(ui);
	const struct ui_view_ops *next = NULL;
	enum ui_action a = UI_NONE;

	if (!v)
		return false;
	/* vi-style aliases: l opens, h goes back. */
	if (key == 'l')
		key = UI_KEY_ENTER;
	else if (key == 'h')
		key = UI_KEY_BACK;
	switch (key) {
	case 'q':
	case UI_KEY_BACK:
		a = UI_POP;
		break;
	case 'r':
		a = UI_RELOAD;
		break;
	case 'j':
	case UI_KEY_DOWN:
		if (v->sel + 1 < v->nr_items)
			v->sel++;
		break;
	case 'k':
	case UI_KEY_UP:
		if (v->sel > 0)
			v->sel--;
		break;
	default:
		a = v->ops->key ? v->ops->key(ui, v, key, &next) : UI_NONE;
	}
	switch (a) {
	case UI_QUIT:
		return false;
	case UI_POP:
		ui_pop(ui);
		return ui->depth > 0;
	case UI_PUSH:
		ui_push(ui, next);
		break;
	case UI_RELOAD:
		ui_reload(ui);
		break;
	default:
		break;
	}
	return true;
}
