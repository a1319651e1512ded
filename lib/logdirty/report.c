// SPDX-License-Identifier: MIT
/* Rounds in words and in JSON Lines. */
#include <inttypes.h>

#include "xenscope/logdirty/logdirty.h"

#define MIB_PAGES 256.0 /* 4 KiB frames in a MiB */

void xs_dirty_round_print(FILE *f, const struct xs_dirty_round *r)
{
	double rate = r->seconds > 0 ? (double)r->dirty / r->seconds : 0;

	fprintf(f,
		"round %u: %" PRIu64 " pages dirtied in %.2f s (%.0f pages/s, %.2f MiB/s), "
		"working set %" PRIu64 " pages (%.1f MiB)\n",
		r->index, r->dirty, r->seconds, rate, rate / MIB_PAGES, r->working_set,
		(double)r->working_set / MIB_PAGES);
	if (r->nr_hot) {
		fputs("  hot:", f);
		for (unsigned int i = 0; i < r->nr_hot; i++)
			fprintf(f, " %#" PRIx64 "+512:%" PRIu64, r->hot[i].first_gfn, r->hot[i].dirty);
		fputc('\n', f);
	}
}

json_t *xs_dirty_round_json(uint32_t domid, const struct xs_dirty_round *r)
{
	json_t *o = json_object(), *hot = json_array();

	json_object_set_new(o, "domid", json_integer(domid));
	json_object_set_new(o, "round", json_integer(r->index));
	json_object_set_new(o, "seconds", json_real(r->seconds));
	json_object_set_new(o, "clean_seconds", json_real(r->clean_seconds));
	json_object_set_new(o, "dirty", json_integer((json_int_t)r->dirty));
	json_object_set_new(o, "pages_per_s",
			    json_real(r->seconds > 0 ? (double)r->dirty / r->seconds : 0));
	json_object_set_new(o, "working_set", json_integer((json_int_t)r->working_set));
	json_object_set_new(o, "xen_fault_count", json_integer(r->xen_faults));
	json_object_set_new(o, "xen_dirty_count", json_integer(r->xen_dirty));
	for (unsigned int i = 0; i < r->nr_hot; i++) {
		json_t *h = json_object();

		json_object_set_new(h, "first_gfn", json_integer((json_int_t)r->hot[i].first_gfn));
		json_object_set_new(h, "pages", json_integer(XS_DIRTY_REGION_PAGES));
		json_object_set_new(h, "dirty", json_integer((json_int_t)r->hot[i].dirty));
		json_array_append_new(hot, h);
	}
	json_object_set_new(o, "hot", hot);
	return o;
}

void xs_dirty_summary_print(FILE *f, uint32_t domid, unsigned int rounds, uint64_t working_set,
			    uint64_t pages)
{
	fprintf(f,
		"domain %" PRIu32 ": %u rounds, %" PRIu64 " of %" PRIu64
		" pages dirtied at least once; log-dirty mode turned off again\n",
		domid, rounds, working_set, pages);
}
