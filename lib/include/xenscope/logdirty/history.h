/* SPDX-License-Identifier: MIT */
/*
 * The rounds of one domain's log-dirty watch, kept for other readers: a
 * running xs-dirty publishes its last rounds next to its marker (under
 * /run/xenscope), `xs-dirty --save` keeps them in a snapshot (.xs.dirty.D,
 * docs/snapshot-format.md), and xstop shows them: a dirty-rate column for
 * the domains in log-dirty mode and a view of one domain's rounds.  Both
 * carry the same bytes, so a snapshot shows what the live view showed.
 */
#ifndef XENSCOPE_LOGDIRTY_HISTORY_H
#define XENSCOPE_LOGDIRTY_HISTORY_H

#include <stddef.h>
#include <stdint.h>

#include "xenscope/logdirty/logdirty.h"
#include "xenscope/target/target.h"

#define XS_DIRTY_HISTORY_MAX 64u /* rounds kept, the newest */

/* The section's (and the published file's) layout, little-endian. */
#define XS_DIRTY_SECT_MAGIC "XSDIRTY"
#define XS_DIRTY_SECT_VERSION 1u

struct xs_dirty_sect_head {
	char magic[8];	  /* "XSDIRTY" */
	uint32_t version; /* 1 */
	uint32_t nr;	  /* rounds that follow, at most XS_DIRTY_HISTORY_MAX */
	uint64_t pages;	  /* frames the bitmaps cover */
	uint32_t domid;
	uint32_t pid; /* the xs-dirty that watched (0: unknown) */
};

struct xs_dirty_sect_round {
	uint32_t index;
	uint32_t _pad0;	  /* 0 */
	uint64_t usec;	  /* the round's length, microseconds */
	uint64_t dirty;	  /* frames dirtied in the round */
	uint64_t working_set;
	uint32_t xen_faults; /* Xen's counters for the round */
	uint32_t xen_dirty;
};

_Static_assert(sizeof(struct xs_dirty_sect_head) == 32, "head layout");
_Static_assert(sizeof(struct xs_dirty_sect_round) == 40, "round layout");

struct xs_dirty_history {
	uint32_t domid;
	uint32_t pid;
	uint64_t pages;
	unsigned int nr; /* rounds in r[], oldest first */
	struct xs_dirty_sect_round r[XS_DIRTY_HISTORY_MAX];
};

/* Append round @r, dropping the oldest when full. */
void xs_dirty_history_add(struct xs_dirty_history *h, const struct xs_dirty_round *r);

/* The section's bytes for @h (free() them), and back: -EINVAL, one line, when damaged. */
int xs_dirty_history_encode(const struct xs_dirty_history *h, void **data, size_t *len);
int xs_dirty_history_decode(const void *data, size_t len, struct xs_dirty_history *out);

/*
 * The rounds of @domid as @t has them: a snapshot's .xs.dirty.D, or, on
 * the live hypervisor, what a running xs-dirty publishes.  -ENOENT (no
 * message): none, i.e. no log-dirty watch of that domain is known.
 */
int xs_dirty_history_load(struct xs_target *t, uint32_t domid, struct xs_dirty_history *out);

/* A snapshot of @t's domains holding @h (xs-dirty --save). */
int xs_dirty_history_save(struct xs_target *t, const struct xs_dirty_history *h,
			  const char *creator, const char *path);

/* A running xs-dirty's published rounds (history-live.c): write, remove, read. */
int xs_dirty_history_publish(const char *marker, const struct xs_dirty_history *h);
void xs_dirty_history_unpublish(const char *marker);
int xs_dirty_history_published(uint32_t domid, struct xs_dirty_history *out);

/* Words, for every front end. */
double xs_dirty_history_rate(const struct xs_dirty_history *h); /* pages/s, last round */
/* The domain list's cell: "1003/s", or "" when there is no watch. */
const char *xs_dirty_rate_cell(const struct xs_dirty_history *h, char *buf, size_t len);
/* The rounds view's title, its column heads and one round. */
const char *xs_dirty_history_title(const struct xs_dirty_history *h, char *buf, size_t len);
const char *xs_dirty_history_heads(void);
const char *xs_dirty_history_row(const struct xs_dirty_sect_round *r, char *buf, size_t len);
/* Why there are no rounds to show (after xs_dirty_history_load). */
const char *xs_dirty_history_none(uint32_t domid, int err, char *buf, size_t len);

#endif
