/* SPDX-License-Identifier: MIT */
/*
 * Log-dirty, watched: turn a running domain's log-dirty mode on the way
 * migration does (XEN_DOMCTL_SHADOW_OP_ENABLE_LOGDIRTY), read and clear the
 * bitmap in rounds (SHADOW_OP_CLEAN), and always turn it off again
 * (SHADOW_OP_OFF), also after a kill: a marker under /run names the process
 * that turned it on, so the next run can tell a stale mode of ours from a
 * migration's.
 *
 * Bitmaps are Xen's: bit g of byte g / 8 is guest frame g.
 */
#ifndef XENSCOPE_LOGDIRTY_H
#define XENSCOPE_LOGDIRTY_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>

#include <jansson.h>

/* Where a watch's marker (and its published rounds, history.h) live. */
#define XS_DIRTY_RUN_DIR "/run/xenscope"

/* Regions of 2 MiB (512 frames): the unit of "hot ranges". */
#define XS_DIRTY_REGION_PAGES 512u
#define XS_DIRTY_HOT_MAX 16u

struct xs_dirty_range {
	uint64_t first_gfn;
	uint64_t dirty; /* frames of the region dirtied in the round */
};

struct xs_dirty_round {
	unsigned int index;
	double seconds;	       /* since the previous round */
	double clean_seconds;  /* the round's CLEAN: the domain paused, the bitmap copied out */
	uint64_t dirty;	       /* frames dirtied in the round */
	uint64_t working_set;  /* frames dirtied in any round so far */
	uint32_t xen_faults;   /* Xen's own counters for the round */
	uint32_t xen_dirty;
	struct xs_dirty_range hot[XS_DIRTY_HOT_MAX];
	unsigned int nr_hot;
};

uint64_t xs_dirty_count(const uint8_t *bm, uint64_t pages);
/* OR @bm into @set; returns how many frames were new to @set. */
uint64_t xs_dirty_merge(uint8_t *set, const uint8_t *bm, uint64_t pages);
/* The @top regions with most dirty frames, most first (ties: lower gfn). */
unsigned int xs_dirty_hot(const uint8_t *bm, uint64_t pages, unsigned int top,
			  struct xs_dirty_range *out);

/* One line per round, and the run's closing line. */
void xs_dirty_round_print(FILE *f, const struct xs_dirty_round *r);
json_t *xs_dirty_round_json(uint32_t domid, const struct xs_dirty_round *r);
void xs_dirty_summary_print(FILE *f, uint32_t domid, unsigned int rounds, uint64_t working_set,
			    uint64_t pages);

/* A live log-dirty session on one domain (logdirty/session-live.c). */
struct xs_dirty_session;

/*
 * Turn log-dirty on for @domid.  Refuses (-EBUSY, one line) a domain
 * already in log-dirty mode unless the mode is a stale one of ours (the
 * marker's process is gone): that one is turned off first and *@recovered
 * set.  -ESRCH: no such domain.
 */
int xs_dirty_open(uint32_t domid, struct xs_dirty_session **out, bool *recovered);
/* Frames covered by the bitmap (the domain's highest gfn + 1). */
uint64_t xs_dirty_pages(const struct xs_dirty_session *s);
/* Read and clear the bitmap: *@bm is valid until the next call. */
int xs_dirty_clean(struct xs_dirty_session *s, const uint8_t **bm, uint32_t *faults,
		   uint32_t *dirty);
/* Publish @h next to the marker, for xstop (xenscope/logdirty/history.h). */
struct xs_dirty_history;
int xs_dirty_publish(struct xs_dirty_session *s, const struct xs_dirty_history *h);
/* Turn log-dirty off, remove the marker, free @s.  Reports a failure. */
int xs_dirty_close(struct xs_dirty_session *s);

#endif
