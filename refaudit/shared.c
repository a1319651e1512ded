// SPDX-License-Identifier: MIT
/*
 * Shared pages as text, for a domain's view and for dom_cow's (--cow):
 * the summary, then every page (--pages) or those breaking a rule.
 */
#include <inttypes.h>
#include <stdio.h>

#include "xenscope/core/buf.h"
#include "xenscope/core/output.h"

#include "refaudit.h"

/* Pages breaking a sharing rule shown without --pages. */
#define MAX_BROKEN_SHOWN 20

static void print_shared_page(const struct xenscope_info *layout, const struct xs_shared_page *p)
{
	struct xs_buf b = XS_BUF_INIT;
	char gfn[24] = "-";

	if (p->page.gfn != XENSCOPE_COW_NO_GFN)
		snprintf(gfn, sizeof(gfn), "%#" PRIx64, p->page.gfn);
	if (!xs_shared_page_words(p, &b))
		printf("    mfn %#" PRIx64 "  gfn %s  %s\n", p->page.mfn, gfn, b.buf);
	for (unsigned int i = 0; i < XS_SHR_RULES; i++) {
		if (!(p->broken & (1U << i)))
			continue;
		xs_buf_reset(&b);
		if (!xs_shared_rule_words(layout, p, 1U << i, &b))
			printf("      %sbreaks: %s%s\n", xs_color(stdout, XS_COLOR_RED), b.buf,
			       xs_color(stdout, XS_COLOR_NONE));
	}
	xs_buf_release(&b);
}

void refaudit_show_shared(const struct xs_sharing *s, bool all)
{
	struct xs_buf b = XS_BUF_INIT;
	size_t shown = 0;

	if (s->nr && !xs_sharing_summary(s, &b))
		printf("%s* %s%s\n", xs_color(stdout, s->nr_broken ? XS_COLOR_RED : XS_COLOR_BOLD),
		       b.buf, xs_color(stdout, XS_COLOR_NONE));
	xs_buf_release(&b);
	for (size_t i = 0; i < s->nr; i++)
		if (all || (s->v[i].broken && shown++ < MAX_BROKEN_SHOWN))
			print_shared_page(&s->layout, &s->v[i]);
	if (s->nr && !all)
		printf("    (--pages lists every shared page with its sharers)\n");
}
