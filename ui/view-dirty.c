// SPDX-License-Identifier: MIT
/*
 * One domain's log-dirty rounds, newest first: what a running xs-dirty
 * publishes, or what a snapshot kept (xenscope/logdirty/history.h).  The
 * words are the library's.
 */
#include <errno.h>
#include <stdlib.h>

#include "xenscope/logdirty/history.h"

#include "ui.h"

struct dirty {
	struct xs_dirty_history h;
	int err;
};

static int load(struct ui *ui, struct ui_view *v)
{
	struct dirty *d = calloc(1, sizeof(*d));

	if (!d)
		return -ENOMEM;
	v->data = d;
	d->err = xs_dirty_history_load(ui->t, ui->domid, &d->h);
	v->nr_items = d->err ? 0 : (int)d->h.nr;
	/* A missing watch is a screen's message, not a failure. */
	return d->err == -ENOENT ? 0 : d->err;
}

static void draw(struct ui *ui, struct ui_view *v, struct ui_canvas *c)
{
	const struct dirty *d = v->data;
	const int first = 3;
	char buf[UI_MAX_COLS + 1];

	if (d->err) {
		ui_canvas_printf(c, 1, "%s", xs_dirty_history_none(ui->domid, d->err, buf, sizeof(buf)));
		return;
	}
	ui_canvas_printf(c, 1, "%s", xs_dirty_history_title(&d->h, buf, sizeof(buf)));
	ui_canvas_printf(c, 2, "%s", xs_dirty_history_heads());
	ui_list_scroll(v, c, first);
	for (int i = v->top, row = first; i < v->nr_items && row < c->rows - 1; i++, row++) {
		/* Newest first: the rate now is on top. */
		const struct xs_dirty_sect_round *r = &d->h.r[d->h.nr - 1 - (unsigned int)i];

		ui_canvas_printf(c, row, "%s", xs_dirty_history_row(r, buf, sizeof(buf)));
		if (i == v->sel)
			c->cursor = row;
	}
}

static void release(struct ui_view *v)
{
	free(v->data);
	v->data = NULL;
}

const struct ui_view_ops ui_dirty_view = {
	.name = "log-dirty rounds",
	.load = load,
	.draw = draw,
	.release = release,
};
