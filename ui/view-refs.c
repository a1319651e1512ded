// SPDX-License-Identifier: MIT
/*
 * References of one domain's pages, grouped by holder, with the pages
 * nobody accounts for: the audit's view (lib/audit/audit.c).
 */
#include <errno.h>
#include <inttypes.h>
#include <stdlib.h>
#include <string.h>

#include "xenscope/audit/audit.h"
#include "xenscope/core/json.h"

#include "ui.h"

struct refs {
	struct xs_audit a;
	int err;
};

static int load(struct ui *ui, struct ui_view *v)
{
	struct refs *r = calloc(1, sizeof(*r));

	if (!r)
		return -ENOMEM;
	v->data = r;
	if (!xs_target_has(ui->t, XS_OP_PAGES, ui->domid))
		r->err = -EOPNOTSUPP;
	else
		r->err = xs_audit_run(ui->t, ui->domid, NULL, NULL, &r->a);
	v->nr_items = r->err ? 0 : (int)r->a.nr_holders;
	return r->err;
}

static void draw(struct ui *ui, struct ui_view *v, struct ui_canvas *c)
{
	const struct refs *r = v->data;
	const int first = 3;

	ui_canvas_printf(c, 1, "domain %u", ui->domid);
	if (r->err == -EOPNOTSUPP) {
		ui_canvas_printf(c, 2, "no page records of domain %u in %s", ui->domid,
				 ui->target_name);
		return;
	}
	if (r->err) {
		ui_canvas_printf(c, 2, "cannot audit domain %u: %s", ui->domid, strerror(-r->err));
		return;
	}
	ui_canvas_printf(c, 1,
			 "domain %u: %" PRIu64 " pages, %" PRIu64 " held, %" PRIu64
			 " with unexplained references%s",
			 ui->domid, r->a.nr_pages, r->a.held_pages, r->a.unexplained_pages,
			 r->a.unexplained_pages ? " (a hypervisor bug)" : "");
	ui_canvas_printf(c, 2, "%-12s %7s %10s %10s %10s %8s", "HOLDS", "BY DOM", "PAGES",
			 "RECORDS", "GENERAL", "TYPE");
	ui_list_scroll(v, c, first);
	for (int i = v->top, row = first; i < v->nr_items && row < c->rows - 1; i++, row++) {
		const struct xs_audit_holder *h = &r->a.holders[i];
		const char *kind = xs_ref_kind_name(h->kind);

		ui_canvas_printf(
			c, row, "%-12s %7u %10" PRIu64 " %10" PRIu64 " %10" PRIu64 " %8" PRIu64,
			kind ? kind : "?", h->holder, h->pages, h->refs, h->general, h->type);
		if (i == v->sel)
			c->cursor = row;
	}
}

static enum ui_action key(struct ui *ui, struct ui_view *v, int key,
			  const struct ui_view_ops **next)
{
	if (key != 's')
		return UI_NONE;
	*next = &ui_shadows_view;
	return UI_PUSH;
}

static void release(struct ui_view *v)
{
	struct refs *r = v->data;

	if (r)
		xs_audit_release(&r->a);
	free(r);
	v->data = NULL;
}

const struct ui_view_ops ui_refs_view = {
	.name = "references",
	.load = load,
	.draw = draw,
	.key = key,
	.release = release,
};
