// SPDX-License-Identifier: MIT
/*
 * The lost-dirty audit's arithmetic (xenscope/logdirty/audit.h says which
 * bitmaps could hold a write, and why).  Pure: the live ledger reader and
 * the log-dirty session feed it.
 */
#include <errno.h>
#include <inttypes.h>
#include <stdlib.h>
#include <string.h>

#include "xenscope/core/common.h"
#include "xenscope/logdirty/audit.h"
#include "xenscope/logdirty/logdirty.h"

struct xs_dirty_audit {
	uint64_t pages;
	size_t bytes;
	unsigned int rounds; /* rounds seen, round 0 included */
	/* Round r's seq and bitmap at [r % XS_AUDIT_WINDOW]. */
	uint64_t seq[XS_AUDIT_WINDOW];
	uint8_t *bm[XS_AUDIT_WINDOW];
	uint8_t *written; /* this round's writes, cleared after it */
};

int xs_dirty_audit_new(uint64_t pages, struct xs_dirty_audit **out)
{
	struct xs_dirty_audit *a = calloc(1, sizeof(*a));

	if (!a)
		goto fail;
	a->pages = pages;
	a->bytes = (size_t)((pages + 7) / 8) + 1;
	a->written = calloc(a->bytes, 1);
	if (!a->written)
		goto free_audit;
	for (unsigned int i = 0; i < XS_AUDIT_WINDOW; i++) {
		a->bm[i] = calloc(a->bytes, 1);
		if (!a->bm[i])
			goto free_audit;
	}
	*out = a;
	return 0;
free_audit:
	xs_dirty_audit_free(a);
fail:
	return xs_error(-ENOMEM, "out of memory");
}

void xs_dirty_audit_free(struct xs_dirty_audit *a)
{
	if (!a)
		return;
	for (unsigned int i = 0; i < XS_AUDIT_WINDOW; i++)
		free(a->bm[i]);
	free(a->written);
	free(a);
}

static bool bit(const uint8_t *bm, uint64_t g)
{
	return bm[g / 8] & (1u << (g % 8));
}

/*
 * The oldest round whose bitmap may hold write @i: the last round k' < @k
 * that read a seq below @i.  -1 when that round is not kept (or before
 * round 0: the write may predate log-dirty mode).
 */
static long first_round(const struct xs_dirty_audit *a, unsigned int k, uint64_t i)
{
	long oldest = (long)k - (long)XS_AUDIT_WINDOW + 1;

	for (long j = (long)k - 1; j >= 0 && j >= oldest; j--)
		if (a->seq[j % XS_AUDIT_WINDOW] < i)
			return j;
	return -1;
}

static bool logged(const struct xs_dirty_audit *a, long from, unsigned int k, uint64_t pfn)
{
	for (long j = from; j <= (long)k; j++)
		if (bit(a->bm[j % XS_AUDIT_WINDOW], pfn))
			return true;
	return false;
}

static void check_writes(struct xs_dirty_audit *a, const struct xs_ledger_read *l, uint64_t from,
			 unsigned int k, struct xs_audit_round *r)
{
	for (uint64_t i = from; i < l->seq; i++) {
		uint64_t pfn = l->pfn[i % XS_LEDGER_SLOTS];
		long j = first_round(a, k, i);

		if (j < 0 || pfn >= a->pages) {
			r->unchecked++;
			continue;
		}
		a->written[pfn / 8] |= (uint8_t)(1u << (pfn % 8));
		r->checked++;
		if (logged(a, j, k, pfn))
			continue;
		if (r->nr_lost_shown < XS_AUDIT_SHOW_LOST)
			r->lost_pfn[r->nr_lost_shown++] = pfn;
		r->lost++;
	}
}

int xs_dirty_audit_round(struct xs_dirty_audit *a, const struct xs_ledger_read *l,
			 const uint8_t *bm, struct xs_audit_round *r)
{
	unsigned int k = a->rounds, slot = k % XS_AUDIT_WINDOW;
	uint64_t prev = k ? a->seq[(k - 1) % XS_AUDIT_WINDOW] : 0;

	*r = (struct xs_audit_round){ .index = k };
	if (k && (l->seq < prev || l->seq_after < l->seq))
		return xs_error(-EPROTO,
				"the ledger went backwards (seq %" PRIu64 " after %" PRIu64
				"): the guest restarted its workload",
				l->seq, prev);
	a->seq[slot] = l->seq;
	memcpy(a->bm[slot], bm, (size_t)((a->pages + 7) / 8));
	a->rounds++;
	if (!k)
		return 0;
	r->writes = l->seq - prev;
	/* The ring is good for writes from prev on while no later write has
	 * reused their slots, up to the one that may be under way. */
	if (l->seq_after + 1 - prev > XS_LEDGER_SLOTS) {
		r->overflow = true;
		r->unchecked = r->writes;
	} else {
		check_writes(a, l, prev, k, r);
	}
	r->dirty = xs_dirty_count(bm, a->pages);
	for (uint64_t g = 0; g < a->pages; g++)
		r->extra += bit(bm, g) && !bit(a->written, g);
	memset(a->written, 0, a->bytes);
	return 0;
}

void xs_audit_round_print(FILE *f, const struct xs_audit_round *r)
{
	fprintf(f,
		"round %u: %" PRIu64 " writes, %" PRIu64 " checked, %" PRIu64 " lost; %" PRIu64
		" pages logged, %" PRIu64 " of them not written in the round (fine)\n",
		r->index, r->writes, r->checked, r->lost, r->dirty, r->extra);
	if (r->overflow)
		fprintf(f,
			"  not checked: more writes than the ledger keeps (%u); use a shorter "
			"--interval\n",
			XS_LEDGER_SLOTS);
	for (unsigned int i = 0; i < r->nr_lost_shown; i++)
		fprintf(f, "  lost: gfn 0x%" PRIx64 " written, not in the log-dirty bitmap\n",
			r->lost_pfn[i]);
	if (r->lost > r->nr_lost_shown)
		fprintf(f, "  lost: %" PRIu64 " more\n", r->lost - r->nr_lost_shown);
}

void xs_audit_summary_print(FILE *f, uint32_t domid, const struct xs_audit_round *t,
			    unsigned int rounds)
{
	fprintf(f,
		"domain %" PRIu32 ": %u rounds, %" PRIu64 " writes checked, %" PRIu64
		" not checked, %" PRIu64 " lost: %s\n",
		domid, rounds, t->checked, t->unchecked, t->lost,
		t->lost ? "pages written but not logged (the hypervisor lost dirty marks: a "
			  "migration would not resend them)"
			: "no dirty page lost");
}
