// SPDX-License-Identifier: MIT
/* The first view: every domain, dying ones marked; Enter looks inside one. */
#include <inttypes.h>

#include "ui.h"

static int load(struct ui *ui, struct ui_view *v)
{
	v->nr_items = (int)ui->doms.nr;
	return 0;
}

static void draw(struct ui *ui, struct ui_view *v, struct ui_canvas *c)
{
	const int first = 2;

	ui_canvas_printf(c, 1, "%5s  %-20s %-18s %10s %10s %9s", "ID", "NAME", "STATE", "PAGES",
			 "MAX", "DYING FOR");
	ui_list_scroll(v, c, first);
	for (int i = v->top, row = first; i < v->nr_items && row < c->rows - 1; i++, row++) {
		const struct xs_domain *d = &ui->doms.v[i];
		char state[64], since[32];

		ui_canvas_printf(c, row, "%5u  %-20.20s %-18.18s %10" PRIu64 " %10" PRIu64 " %9s",
				 d->domid, d->name, xs_domain_state(d->flags, state, sizeof(state)),
				 d->tot_pages, d->max_pages,
				 d->flags & XS_DOM_DYING ? xs_dying_for(d, since, sizeof(since))
							 : "");
		if (i == v->sel)
			c->cursor = row;
	}
	if (!v->nr_items)
		ui_canvas_printf(c, first, "  (no domains)");
}

static enum ui_action key(struct ui *ui, struct ui_view *v, int key,
			  const struct ui_view_ops **next)
{
	if (!v->nr_items || (key != UI_KEY_ENTER && key != 's'))
		return UI_NONE;
	ui->domid = ui->doms.v[v->sel].domid;
	*next = key == 's' ? &ui_shadows_view : &ui_refs_view;
	return UI_PUSH;
}

const struct ui_view_ops ui_domains_view = {
	.name = "domains",
	.load = load,
	.draw = draw,
	.key = key,
};
