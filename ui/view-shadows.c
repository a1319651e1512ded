// SPDX-License-Identifier: MIT
/* Shadow page tables of one domain by level, then one line each (lib/shadow/shadow.c). */
#include <errno.h>
#include <inttypes.h>
#include <stdlib.h>
#include <string.h>

#include "xenscope/core/buf.h"
#include "xenscope/shadow/shadow.h"

#include "ui.h"

struct shadows {
	struct xs_shadows s;
	struct xs_buf summary; /* the library's words for s */
	int err;
};

static int load(struct ui *ui, struct ui_view *v)
{
	struct shadows *sh = calloc(1, sizeof(*sh));

	if (!sh)
		return -ENOMEM;
	sh->summary = (struct xs_buf)XS_BUF_INIT;
	v->data = sh;
	if (!xs_target_has(ui->t, XS_OP_REFS, ui->domid))
		sh->err = -EOPNOTSUPP;
	else
		sh->err = xs_shadows_collect(ui->t, ui->domid, &sh->s);
	if (!sh->err)
		sh->err = xs_shadows_summary(&sh->s, &sh->summary);
	v->nr_items = sh->err ? 0 : (int)sh->s.nr;
	return sh->err;
}

static void draw(struct ui *ui, struct ui_view *v, struct ui_canvas *c)
{
	const struct shadows *sh = v->data;
	const struct xs_shadows *s = &sh->s;
	const int first = 4;

	if (sh->err) {
		ui_canvas_printf(c, 1, "domain %u: %s", ui->domid,
				 sh->err == -EOPNOTSUPP ? "no reference records here"
							: strerror(-sh->err));
		return;
	}
	ui_canvas_printf(c, 1, "domain %u: %s", ui->domid, sh->summary.buf);
	ui_canvas_printf(c, 2,
			 "l4 %" PRIu64 "  l3 %" PRIu64 "  l2 %" PRIu64 "  l1 %" PRIu64
			 "  fl1 %" PRIu64 "  unknown %" PRIu64,
			 s->by_level[XS_SHADOW_L4], s->by_level[XS_SHADOW_L3],
			 s->by_level[XS_SHADOW_L2], s->by_level[XS_SHADOW_L1],
			 s->by_level[XS_SHADOW_FL1], s->by_level[XS_SHADOW_UNKNOWN]);
	ui_canvas_printf(c, 3, "%-18s %-7s %-18s %8s", "SHADOW MFN", "LEVEL", "SHADOWS MFN",
			 "ENTRIES");
	ui_list_scroll(v, c, first);
	for (int i = v->top, row = first; i < v->nr_items && row < c->rows - 1; i++, row++) {
		const struct xs_shadow *x = &s->v[i];
		char g[24] = "-";

		if (x->gmfn != XS_SHADOW_NO_MFN)
			snprintf(g, sizeof(g), "%#" PRIx64, x->gmfn);
		ui_canvas_printf(c, row, "%#-18" PRIx64 " %-7s %-18s %8u", x->smfn,
				 xs_shadow_class_name(x->cls), g, x->entries);
		if (i == v->sel)
			c->cursor = row;
	}
}

/* t: the tree from the vCPUs' top-level shadows, entry by entry. */
static enum ui_action key(struct ui *ui, struct ui_view *v, int k, const struct ui_view_ops **next)
{
	if (k != 't')
		return UI_NONE;
	*next = &ui_shadow_tree_view;
	return UI_PUSH;
}

static void release(struct ui_view *v)
{
	struct shadows *sh = v->data;

	if (sh) {
		xs_shadows_release(&sh->s);
		xs_buf_release(&sh->summary);
	}
	free(sh);
	v->data = NULL;
}

const struct ui_view_ops ui_shadows_view = {
	.name = "shadows",
	.load = load,
	.draw = draw,
	.key = key,
	.release = release,
};
