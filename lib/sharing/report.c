// SPDX-License-Identifier: MIT
/*
 * Shared pages in words: who shares each page, the rules a page breaks in
 * the words of Xen's sharing code, a walk's summary, and the leftover of a
 * failed nomination.  Every front end takes these sentences from here.
 */
#include <errno.h>
#include <inttypes.h>

#include "xenscope/core/buf.h"
#include "xenscope/core/common.h"
#include "xenscope/core/pageinfo.h"
#include "xenscope/sharing/sharing.h"

static const char *const rule_names[XS_SHR_RULES] = {
	"owner", "type",     "type_count", "count",	 "allocated",
	"m2p",	 "unlocked", "no_info",	   "empty_rmap", "not_in_rmap",
};

const char *xs_shr_rule_name(enum xs_shr_rule rule)
{
	for (unsigned int i = 0; i < XS_SHR_RULES; i++)
		if (rule == 1U << i)
			return rule_names[i];
	return "?";
}

enum xs_exit xs_sharing_status(const struct xs_sharing *s)
{
	return s->nr_broken ? XS_EXIT_SUSPICIOUS : s->nr ? XS_EXIT_EXPECTED : XS_EXIT_OK;
}

const char *xs_sharing_unavailable(void)
{
	return "no shared-page records: the hypervisor needs CONFIG_MEM_SHARING and hv-probes' "
	       "XENSCOPE_OP_COW (a snapshot, to be saved from one)";
}

static int oom(void)
{
	return xs_error(-ENOMEM, "out of memory");
}

int xs_shared_page_words(const struct xs_shared_page *p, struct xs_buf *out)
{
	const struct xenscope_cow *r = &p->page;
	int err = 0;

	if (!p->nr_listed)
		return xs_buf_addstr(out, "shared by no domain") ? oom() : 0;
	err |= xs_buf_addf(out, "shared by domain%s ", r->nr_sharers == 1 ? "" : "s");
	for (size_t i = 0; i < p->nr_listed; i++) {
		const char *sep = !i ? ""
				  : i + 1 == p->nr_listed && !(r->flags & XENSCOPE_COWF_MORE) &&
						  p->nr_listed == r->nr_sharers
					  ? " and "
					  : ", ";

		err |= xs_buf_addf(out, "%s%u (gfn %#" PRIx64 ")", sep, p->sharers[i].domid,
				   p->sharers[i].gfn);
	}
	if (p->nr_listed < r->nr_sharers || (r->flags & XENSCOPE_COWF_MORE))
		err |= xs_buf_addf(out, " and %s%u more",
				   r->flags & XENSCOPE_COWF_MORE ? "over " : "",
				   r->nr_sharers - (unsigned int)p->nr_listed);
	err |= xs_buf_addf(out, ", handle %" PRIu64, r->handle);
	return err ? oom() : 0;
}

int xs_shared_rule_words(const struct xenscope_info *layout, const struct xs_shared_page *p,
			 enum xs_shr_rule rule, struct xs_buf *out)
{
	const struct xenscope_cow *r = &p->page;
	struct xs_caf caf;
	struct xs_taf taf;
	int err;

	xs_caf_decode(layout, r->count_info, &caf);
	xs_taf_decode(layout, r->type_info, &taf);
	switch (rule) {
	case XS_SHR_OWNER:
		err = xs_buf_addf(out,
				  "owned by domain %u, not dom_cow: page_make_sharable() "
				  "gives a page it shares to dom_cow",
				  r->domid);
		break;
	case XS_SHR_TYPE:
		err = xs_buf_addf(out,
				  "type %s, not shared: sharing takes the page with "
				  "get_page_and_type(PGT_shared_page)",
				  xs_pgt_type_name(taf.type));
		break;
	case XS_SHR_TYPE_COUNT:
		err = xs_buf_addf(out,
				  "type count %" PRIu64 ", but its rmap lists %u (domain, gfn) "
				  "pair%s: each pair holds one type reference (audit(): "
				  "\"Mismatched counts\")",
				  taf.count, r->nr_sharers, r->nr_sharers == 1 ? "" : "s");
		break;
	case XS_SHR_COUNT:
		err = xs_buf_addf(out,
				  "%" PRIu64 " general references, %u expected: PGC_allocated's "
				  "and one per rmap pair",
				  caf.count, r->nr_sharers + (caf.allocated ? 1 : 0));
		break;
	case XS_SHR_ALLOCATED:
		err = xs_buf_addstr(out, "PGC_allocated is clear on a shared page");
		break;
	case XS_SHR_M2P:
		err = xs_buf_addstr(out, "its m2p entry is not SHARED_M2P_ENTRY, which "
					 "nominate_page() sets");
		break;
	case XS_SHR_UNLOCKED:
		err = xs_buf_addstr(out, "its sharing lock cannot be taken (type not validated "
					 "or no type reference): mem_sharing_page_lock() fails");
		break;
	case XS_SHR_NO_INFO:
		err = xs_buf_addstr(out, "no page_sharing_info (pg->sharing) on a page of dom_cow");
		break;
	case XS_SHR_EMPTY:
		err = xs_buf_addstr(out, "its rmap is empty: the last unshare frees the page "
					 "(__mem_sharing_unshare_page())");
		break;
	case XS_SHR_NOT_IN_RMAP:
		err = xs_buf_addf(out,
				  "the p2m_ram_shared entry at gfn %#" PRIx64
				  " is not in the page's rmap (rmap_retrieve() finds no pair)",
				  r->gfn);
		break;
	default:
		err = xs_buf_addstr(out, "an unknown rule");
		break;
	}
	return err ? oom() : 0;
}

int xs_sharing_summary(const struct xs_sharing *s, struct xs_buf *out)
{
	int err;

	if (s->domid == XENSCOPE_DOMID_COW)
		err = xs_buf_addf(out, "dom_cow holds %zu shared page%s", s->nr,
				  s->nr == 1 ? "" : "s");
	else
		err = xs_buf_addf(out, "%zu gfn%s map%s pages shared through dom_cow", s->nr,
				  s->nr == 1 ? "" : "s", s->nr == 1 ? "s" : "");
	if (!err && s->nr)
		err = s->nr_broken
			      ? xs_buf_addf(out, ", %zu breaking a rule of Xen's sharing code",
					    s->nr_broken)
			      : xs_buf_addstr(out, ", every one as Xen's sharing code keeps it");
	return err ? oom() : 0;
}

int xs_leftover_words(const struct xenscope_info *layout, const struct xenscope_page *p,
		      struct xs_buf *out)
{
	struct xs_taf taf;

	xs_taf_decode(layout, p->type_info, &taf);
	return xs_buf_addf(out,
			   "type reference left by a failed nomination (page_make_sharable): "
			   "type shared with count %" PRIu64 " on a page domain %u still owns, "
			   "while a page that was shared belongs to dom_cow",
			   taf.count, p->owner)
		       ? oom()
		       : 0;
}
