// SPDX-License-Identifier: MIT
/*
 * References of one domain's pages, grouped by holder, with the pages
 * nobody accounts for: the audit's view (lib/audit/audit.c), with the
 * verdict in the words refaudit uses (lib/audit/explain-text.c).
 */
#include <errno.h>
#include <inttypes.h>
#include <stdlib.h>
#include <string.h>

#include "xenscope/audit/explain.h"
#include "xenscope/core/buf.h"
#include "xenscope/core/json.h"

#include "ui.h"

struct refs {
	struct xs_explain e;	       /* e.audit holds the table's rows */
	struct xs_buf counts, verdict; /* the library's words for it */
	int err;
};

static int explain(struct ui *ui, struct refs *r)
{
	/* The table needs no pages: only the summary, as refaudit's. */
	static const struct xs_explain_opts eo = { .keep_pages = 0 };
	const struct xs_domain *d = NULL;
	int err;

	for (size_t i = 0; i < ui->doms.nr && !d; i++)
		if (ui->doms.v[i].domid == ui->domid)
			d = &ui->doms.v[i];
	if (!d)
		return -ENOENT;
	err = xs_explain_run(ui->t, d, &eo, &r->e);
	if (!err)
		err = xs_audit_counts(&r->e.audit, &r->counts);
	if (!err)
		err = xs_explain_verdict(&r->e, &r->verdict);
	return err;
}

static int load(struct ui *ui, struct ui_view *v)
{
	struct refs *r = calloc(1, sizeof(*r));

	if (!r)
		return -ENOMEM;
	r->counts = (struct xs_buf)XS_BUF_INIT;
	r->verdict = (struct xs_buf)XS_BUF_INIT;
	v->data = r;
	if (!xs_target_has(ui->t, XS_OP_PAGES, ui->domid))
		r->err = -EOPNOTSUPP;
	else
		r->err = explain(ui, r);
	v->nr_items = r->err ? 0 : (int)r->e.audit.nr_holders;
	return r->err;
}

static void draw(struct ui *ui, struct ui_view *v, struct ui_canvas *c)
{
	const struct refs *r = v->data;
	const struct xs_audit *a = &r->e.audit;
	const int first = 4;

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
	ui_canvas_printf(c, 1, "domain %u: %s", ui->domid, r->counts.buf);
	ui_canvas_printf(c, 2, "verdict: %s", r->verdict.buf);
	ui_canvas_printf(c, 3, "%-12s %7s %10s %10s %10s %8s", "HOLDS", "BY DOM", "PAGES",
			 "RECORDS", "GENERAL", "TYPE");
	ui_list_scroll(v, c, first);
	for (int i = v->top, row = first; i < v->nr_items && row < c->rows - 1; i++, row++) {
		const struct xs_audit_holder *h = &a->holders[i];
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

	if (r) {
		xs_explain_release(&r->e);
		xs_buf_release(&r->counts);
		xs_buf_release(&r->verdict);
	}
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
