// SPDX-License-Identifier: MIT
/*
 * The shadow tree of one domain: from each vCPU's top-level shadow down to
 * the L1s, one row per entry with the guest entry, the shadow entry and the
 * pair's verdict (lib/shadow/verdict.c), from the shadow walk records.  A
 * dying domain's shadows show as long as the hypervisor still has them.
 */
#include <errno.h>
#include <inttypes.h>
#include <stdlib.h>
#include <string.h>

#include "xenscope/shadow/report.h"

#include "ui.h"

struct row {
	const struct xs_sh_node *n;
	const struct xenscope_sh_entry *e; /* NULL: the shadow's own line */
	int depth;
	enum xs_shv v;
};

struct tree {
	struct xs_sh_read r;
	struct row *rows;
	size_t nr, alloc;
	uint64_t suspicious, expected;
	int err;
};

static int add(struct tree *t, const struct xs_sh_node *n, const struct xenscope_sh_entry *e,
	       int depth)
{
	char why[192];
	enum xs_shv v = e ? xs_sh_judge(&t->r.set, n, e, why, sizeof(why)) : XS_SHV_SAME;

	if (xs_array_grow(t->rows, t->alloc, t->nr + 1))
		return -ENOMEM;
	t->rows[t->nr++] = (struct row){ n, e, depth, v };
	if (xs_shv_suspicious(v))
		t->suspicious++;
	else if (v != XS_SHV_SAME)
		t->expected++;
	return 0;
}

static int walk(struct tree *t, const struct xs_sh_node *n, int depth)
{
	int err = add(t, n, NULL, depth);

	for (uint32_t i = 0; !err && i < n->rec.nr_entries; i++) {
		const struct xenscope_sh_entry *e = &n->ent[i];
		const struct xs_sh_node *c = NULL;

		err = add(t, n, e, depth + 1);
		if (xs_sh_level(n->rec.level) > 1 && (e->sl & XS_PTE_P) &&
		    (e->flags & XENSCOPE_SHE_TGT_SHADOW))
			c = xs_sh_find(&t->r.set, xs_pte_frame(e->sl));
		if (!err && c && depth < 4)
			err = walk(t, c, depth + 1);
	}
	return err;
}

static int load(struct ui *ui, struct ui_view *v)
{
	struct tree *t = calloc(1, sizeof(*t));

	if (!t)
		return -ENOMEM;
	v->data = t;
	if (!xs_target_has(ui->t, XS_OP_SHADOWS, ui->domid))
		t->err = -EOPNOTSUPP;
	else
		t->err = xs_sh_read_all(ui->t, ui->domid, &t->r);
	for (size_t i = 0; !t->err && i < t->r.set.nr_vcpu; i++) {
		const struct xs_sh_node *n = xs_sh_find(&t->r.set, t->r.set.vcpu[i].smfn);

		if (n)
			t->err = walk(t, n, 0);
	}
	v->nr_items = t->err ? 0 : (int)t->nr;
	return t->err;
}

static void draw(struct ui *ui, struct ui_view *v, struct ui_canvas *c)
{
	const struct tree *t = v->data;
	const int first = 3;

	if (t->err) {
		ui_canvas_printf(c, 1, "domain %u: %s", ui->domid,
				 t->err == -EOPNOTSUPP ? "no shadow walk records here"
						       : strerror(-t->err));
		return;
	}
	ui_canvas_printf(c, 1,
			 "domain %u: %zu shadows, %zu entries; %" PRIu64 " suspicious, %" PRIu64
			 " expected differences (in the tree)",
			 ui->domid, t->r.set.nr_sh, t->r.set.nr_ent, t->suspicious, t->expected);
	ui_canvas_printf(c, 2, "%-22s %-18s %-18s %s", "ENTRY", "GUEST", "SHADOW", "VERDICT");
	ui_list_scroll(v, c, first);
	for (int i = v->top, row = first; i < v->nr_items && row < c->rows - 1; i++, row++) {
		const struct row *r = &t->rows[i];
		char name[32];

		if (!r->e) {
			snprintf(name, sizeof(name), "%*s%s %#" PRIx64, r->depth * 2, "",
				 xs_sh_level_name(r->n->rec.level), r->n->rec.smfn);
			ui_canvas_printf(c, row, "%-22s gmfn %#-13" PRIx64 "%s", name,
					 r->n->rec.back,
					 r->n->rec.flags & XENSCOPE_SHS_OOS ? " out of sync" : "");
		} else {
			snprintf(name, sizeof(name), "%*s[%#x]", r->depth * 2, "", r->e->idx);
			ui_canvas_printf(c, row, "%-22s %#-18" PRIx64 " %#-18" PRIx64 " %s%s", name,
					 r->e->gl, r->e->sl, xs_shv_suspicious(r->v) ? "!" : "",
					 xs_shv_name(r->v));
		}
		if (i == v->sel)
			c->cursor = row;
	}
	if (!t->nr)
		ui_canvas_printf(c, first, "  (no vCPU runs on a shadow)");
}

static void release(struct ui_view *v)
{
	struct tree *t = v->data;

	if (t) {
		xs_sh_read_release(&t->r);
		free(t->rows);
	}
	free(t);
	v->data = NULL;
}

const struct ui_view_ops ui_shadow_tree_view = {
	.name = "shadow tree",
	.load = load,
	.draw = draw,
	.release = release,
};
