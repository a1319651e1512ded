/* SPDX-License-Identifier: MIT */
/*
 * The lost-dirty audit: each round, the writes a guest's ledger
 * (xenscope/logdirty/ledger.h) records are held against Xen's log-dirty
 * bitmaps.  A page written but in no bitmap that could hold it was lost by
 * the hypervisor (a bug: migration would not resend it); a page logged but
 * not written is a false positive, fine and only counted.
 *
 * Which bitmaps could hold a write: the guest stores write i's data only
 * after it has recorded write i - 1 (seq = i).  A round reads seq, then
 * reads and clears the bitmap (CLEAN).  If round j read seq < i, write i
 * came after that read, so it is in round j's bitmap or a later one, up to
 * the round whose seq shows it done.  A write that may predate log-dirty
 * mode (the first one of round 1) or whose window is longer than the
 * bitmaps kept (a guest stalled for XS_AUDIT_WINDOW rounds) is not checked,
 * and counted as such.
 */
#ifndef XENSCOPE_LOGDIRTY_AUDIT_H
#define XENSCOPE_LOGDIRTY_AUDIT_H

#include <stdbool.h>
#include <stdint.h>
#include <stdio.h>

#include "xenscope/logdirty/ledger.h"

#define XS_AUDIT_WINDOW 4u     /* rounds of bitmaps kept */
#define XS_AUDIT_SHOW_LOST 16u /* lost pfns listed per round */

/* What a round read from the ledger page: seq, the ring, seq again. */
struct xs_ledger_read {
	uint64_t seq, seq_after;
	uint32_t pfn[XS_LEDGER_SLOTS];
};

struct xs_audit_round {
	unsigned int index;
	uint64_t writes;    /* writes the ledger recorded in the round */
	uint64_t checked;   /* of them, held against the bitmaps */
	uint64_t unchecked; /* may predate the mode, or the guest stalled */
	uint64_t lost;	    /* written, in no bitmap that could hold it */
	uint64_t dirty;	    /* pages the round's bitmap logged */
	uint64_t extra;	    /* of them, not written in the round (fine) */
	bool overflow;	    /* more writes than the ledger keeps: round too long */
	uint64_t lost_pfn[XS_AUDIT_SHOW_LOST];
	unsigned int nr_lost_shown;
};

struct xs_dirty_audit;

/* An audit of a domain whose bitmaps cover @pages frames. */
int xs_dirty_audit_new(uint64_t pages, struct xs_dirty_audit **out);
void xs_dirty_audit_free(struct xs_dirty_audit *a);
/*
 * One round: @l read from the ledger just before the CLEAN that gave @bm.
 * Round 0 (the first call) only sets the start.  -EPROTO: the ledger went
 * backwards (not the guest's, or it restarted).
 */
int xs_dirty_audit_round(struct xs_dirty_audit *a, const struct xs_ledger_read *l,
			 const uint8_t *bm, struct xs_audit_round *out);

/*
 * A guest's ledger page, mapped read-only (logdirty/ledger-live.c).
 * @frame is the number a foreign mapping takes: the machine frame for a
 * PV guest, the guest frame for PVH and HVM.  -EPROTO: no ledger there.
 */
struct xs_ledger;
int xs_ledger_open(uint32_t domid, uint64_t frame, struct xs_ledger **out);
/* seq, the ring, seq again: what one round needs. */
void xs_ledger_read(const struct xs_ledger *l, struct xs_ledger_read *out);
void xs_ledger_close(struct xs_ledger *l);

/* The report: a line per round, and the run's verdict line. */
void xs_audit_round_print(FILE *f, const struct xs_audit_round *r);
void xs_audit_summary_print(FILE *f, uint32_t domid, const struct xs_audit_round *total,
			    unsigned int rounds);

#endif
