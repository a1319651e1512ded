// SPDX-License-Identifier: MIT
/*
 * Who holds what, as a Graphviz graph: people would rather look at it than
 * read it.  Nodes: the domain, its held pages (or one node per group when
 * there are too many to draw), the holders, then dom0 processes and
 * backends with edges labelled by how sure the attribution is.
 */
#include <inttypes.h>
#include <stdio.h>

#include "xenscope/core/buf.h"
#include "xenscope/audit/explain.h"

/* Print @s as the inside of a DOT string: quotes and backslashes escaped. */
static void dot_str(FILE *f, const char *s)
{
	for (; *s; s++) {
		if (*s == '"' || *s == '\\')
			fputc('\\', f);
		if (*s == '\n')
			fputs("\\n", f);
		else
			fputc(*s, f);
	}
}

static int group_node(FILE *f, const struct xs_explain *e, size_t i)
{
	const struct xs_cause_group *g = &e->groups[i];
	struct xs_buf b = XS_BUF_INIT;
	int err = xs_group_summary(e, g, &b);

	if (err)
		return err;
	fprintf(f, "  g%zu [label=\"", i);
	dot_str(f, xs_cause_name(g->cause));
	if (g->holder != XS_HOLDER_NONE)
		fprintf(f, "\\nheld by domain %u", g->holder);
	fprintf(f, "\" tooltip=\"");
	dot_str(f, b.buf);
	fprintf(f, "\"%s];\n",
		g->cause == XS_CAUSE_UNEXPLAINED ? " color=red fontcolor=red shape=octagon" : "");
	xs_buf_release(&b);
	return 0;
}

static int suspect_nodes(FILE *f, const struct xs_explain *e, size_t i)
{
	const struct xs_cause_group *g = &e->groups[i];
	int err = 0;

	for (size_t k = 0; !err && k < g->nr_suspects; k++) {
		const struct xs_suspect *s = &g->suspects[k];
		struct xs_buf b = XS_BUF_INIT;

		err = xs_suspect_name(e, s, &b);
		if (err)
			break;
		/* One node per process or backend, shared by the groups it may hold. */
		fprintf(f, "  %s%zu [shape=%s label=\"", s->backend ? "b" : "p", s->index,
			s->backend ? "component" : "ellipse");
		dot_str(f, b.buf);
		fprintf(f, "\"];\n  g%zu -> %s%zu [label=\"%s\" tooltip=\"", i,
			s->backend ? "b" : "p", s->index, xs_certainty_name(s->certainty));
		dot_str(f, s->why);
		fprintf(f, "\"%s];\n", s->certainty == XS_CANDIDATE ? " style=dashed" : "");
		xs_buf_release(&b);
	}
	return err;
}

static void page_nodes(FILE *f, const struct xs_explain *e)
{
	for (size_t i = 0; i < e->nr_held; i++) {
		const struct xs_held_page *h = &e->held[i];
		const struct xenscope_ref *refs = e->audit.refs + h->first_ref;
		uint64_t linked = 0; /* groups already linked, by index (first 64) */

		fprintf(f, "  m%zu [shape=note label=\"mfn %#" PRIx64, i, h->page.mfn);
		if (h->page.flags & XENSCOPE_PAGE_GFN_VALID)
			fprintf(f, "\\ngfn %#" PRIx64, h->page.gfn);
		fprintf(f, "\"];\n  dom -> m%zu;\n", i);
		for (size_t k = 0; k < e->nr_groups; k++) {
			const struct xs_cause_group *g = &e->groups[k];
			bool in = g->cause == XS_CAUSE_UNEXPLAINED &&
				  (h->unexplained || h->unexplained_type);

			for (size_t r = 0; !in && r < h->nr_refs; r++)
				in = refs[r].kind != XENSCOPE_REF_INJECTED &&
				     refs[r].holder == g->holder &&
				     xs_explain_ref_cause(e, h, &refs[r]) == g->cause;
			if (in && !(k < 64 && (linked & (1ULL << k)))) {
				linked |= k < 64 ? 1ULL << k : 0;
				fprintf(f, "  m%zu -> g%zu;\n", i, k);
			}
		}
	}
}

int xs_explain_dot(const struct xs_explain *e, size_t max_page_nodes, FILE *f)
{
	bool per_page = !e->held_dropped && e->nr_held <= max_page_nodes;
	int err = 0;

	fprintf(f, "digraph refaudit {\n  rankdir=LR;\n  node [shape=box fontname=\"sans\"];\n"
		   "  edge [fontname=\"sans\" fontsize=10];\n");
	fprintf(f, "  dom [shape=doubleoctagon%s label=\"domain %u ", e->dying ? " color=red" : "",
		e->domain.domid);
	dot_str(f, e->domain.name);
	fprintf(f, "\\n%s%" PRIu64 " pages held\"];\n", e->dying ? "dying, " : "",
		e->audit.held_pages);
	for (size_t i = 0; !err && i < e->nr_groups; i++) {
		err = group_node(f, e, i);
		if (!err && !per_page)
			fprintf(f, "  dom -> g%zu [label=\"%" PRIu64 " page%s\"];\n", i,
				e->groups[i].pages, e->groups[i].pages == 1 ? "" : "s");
		if (!err)
			err = suspect_nodes(f, e, i);
	}
	if (!err && per_page)
		page_nodes(f, e);
	fprintf(f, "}\n");
	return err;
}
