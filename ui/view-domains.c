// SPDX-License-Identifier: MIT
/*
 * The first view: every domain, dying ones marked, and the dirty rate of
 * those in log-dirty mode under a watch xstop can see; Enter looks inside
 * one, d shows its log-dirty rounds.
 */
#include <errno.h>
#include <inttypes.h>
#include <stdlib.h>

#include "xenscope/logdirty/history.h"

#include "ui.h"

#define RATE_LEN 16

static int load(struct ui *ui, struct ui_view *v)
{
	char (*rate)[RATE_LEN] = calloc(ui->doms.nr + 1, sizeof(*rate));
	struct xs_dirty_history *h = malloc(sizeof(*h));

	v->nr_items = (int)ui->doms.nr;
	v->data = rate;
	if (!rate || !h) {
		free(h);
		return -ENOMEM;
	}
	for (size_t i = 0; i < ui->doms.nr; i++)
		xs_dirty_rate_cell(xs_dirty_history_load(ui->t, ui->doms.v[i].domid, h) ? NULL : h,
				   rate[i], sizeof(rate[i]));
	free(h);
	return 0;
}

static void draw(struct ui *ui, struct ui_view *v, struct ui_canvas *c)
{
	const char (*rate)[RATE_LEN] = v->data;
	const int first = 2;

	ui_canvas_printf(c, 1, "%5s  %-16s %-17s %9s %9s %9s %8s", "ID", "NAME", "STATE", "PAGES",
			 "MAX", "DYING FOR", "DIRTY");
	ui_list_scroll(v, c, first);
	for (int i = v->top, row = first; i < v->nr_items && row < c->rows - 1; i++, row++) {
		const struct xs_domain *d = &ui->doms.v[i];
		char state[64], since[32];

		ui_canvas_printf(c, row,
				 "%5u  %-16.16s %-17.17s %9" PRIu64 " %9" PRIu64 " %9s %8s",
				 d->domid, d->name, xs_domain_state(d->flags, state, sizeof(state)),
				 d->tot_pages, d->max_pages,
				 d->flags & XS_DOM_DYING ? xs_dying_for(d, since, sizeof(since))
							 : "",
				 rate ? rate[i] : "");
		if (i == v->sel)
			c->cursor = row;
	}
	if (!v->nr_items)
		ui_canvas_printf(c, first, "  (no domains)");
}

static enum ui_action key(struct ui *ui, struct ui_view *v, int key,
			  const struct ui_view_ops **next)
{
	if (!v->nr_items || (key != UI_KEY_ENTER && key != 's' && key != 'd'))
		return UI_NONE;
	ui->domid = ui->doms.v[v->sel].domid;
	*next = key == 's' ? &ui_shadows_view : key == 'd' ? &ui_dirty_view : &ui_refs_view;
	return UI_PUSH;
}

static void release(struct ui_view *v)
{
	free(v->data);
	v->data = NULL;
}

const struct ui_view_ops ui_domains_view = {
	.name = "domains",
	.load = load,
	.draw = draw,
	.key = key,
	.release = release,
};
