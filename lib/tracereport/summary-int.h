/* SPDX-License-Identifier: MIT */
/*
 * --summary's insides, shared by summary.c (counting), summary-print.c
 * (the report) and fast.c (the per-record loop over records in place).
 *
 * A record is counted by its header word (event, data words, TSC flag):
 * everything a summary needs of most records follows from it alone, so
 * each distinct header becomes a kind, decoded once, and a domain counts
 * its records in an array by kind.  The per-event maps of the report are
 * made from the arrays at the end, in the order their keys first came.
 */
#ifndef XS_TRACE_SUMMARY_INT_H
#define XS_TRACE_SUMMARY_INT_H

#include "report-int.h"

/* Open-addressing map from a 64-bit key to a small record. */
struct slot {
	uint64_t key;
	bool used;
	uint64_t n, cycles;
	int64_t a, b; /* pages: general and type balance */
	uint32_t aux; /* pages: owner; events: class */
	char *name;   /* events: first name seen */
};

struct map {
	struct slot *s;
	size_t nr, alloc; /* alloc: power of two */
};

struct slot *xs_trace_map_add(struct map *m, uint64_t key);
void xs_trace_map_free(struct map *m);

static inline uint64_t xs_trace_map_hash(const struct map *m, uint64_t key)
{
	return (key * 0x9e3779b97f4a7c15ULL) >> 40 & (m->alloc - 1);
}

/* The slot of @key, made if new (NULL: out of memory); in line if there. */
static inline struct slot *xs_trace_map_get(struct map *m, uint64_t key)
{
	if (m->alloc) {
		struct slot *s = &m->s[xs_trace_map_hash(m, key)];

		if (s->used && s->key == key)
			return s;
	}
	return xs_trace_map_add(m, key);
}

#define DENSE 256	 /* kinds counted in a domain's array; others in a map */
#define EXITS_DENSE 1024 /* VM exit reasons kept in an array; others in a map */

/* How the per-record loop takes a record of a kind. */
enum how {
	HOW_PLAIN,   /* counted */
	HOW_VMEXIT,  /* counted, opens its vCPU's exit */
	HOW_VMENTRY, /* counted, closes it */
	HOW_GENERIC, /* decoded and taken one by one (xs_trace_summary_add) */
};

/* What every record with one header decodes to. */
struct kind {
	uint32_t event, key; /* key: by-event, runstate changes as one */
	uint8_t cls;
	bool known;
	char *name;
};

/* A header's kind, in the table the loop looks headers up in. */
struct hent {
	uint32_t h;
	uint16_t kind;
	uint8_t how;
	bool used;
};

struct exitc {
	uint64_t n, cycles;
};

struct dom {
	bool seen; /* a record counted */
	uint64_t cnt[DENSE];
	struct map big;	 /* kinds from DENSE on: key kind, n */
	uint32_t *order; /* kinds in the order first counted */
	size_t nr_order, alloc_order;
	struct exitc *ex; /* by reason below EXITS_DENSE, or NULL */
	struct map exits; /* reasons from EXITS_DENSE on */
};

/* What summary-wake.c takes in TSC order. */
enum wake_type {
	WAKE_PARK, /* a vCPU blocked with an exit open */
	WAKE_WAKE, /* a vCPU made runnable from blocked or offline */
	WAKE_LOST, /* records lost on some CPU */
};

struct wake_ev {
	uint64_t tsc, seq, exit_tsc;
	uint32_t vkey, reason; /* vkey: dom << 16 | vcpu */
	uint8_t type;
};

/* A binary heap by (TSC, seq). */
struct wake_q {
	struct wake_ev *h;
	size_t nr, alloc;
	uint64_t seq;
};

struct xs_trace_summary {
	struct dom *dom[0x10000];
	struct dom none; /* records with no vCPU known: for the unknown ids */
	struct kind *kinds;
	size_t nr_kinds, alloc_kinds;
	struct hent *htab; /* by header, alloc a power of two */
	size_t nr_h, alloc_h;
	struct map pages;
	/* Per CPU and vCPU (cpu << 32 | dom << 16 | vcpu): the open VM exit,
	 * n: reason + 1, cycles: its TSC. */
	struct map open_exits;
	/* Per vCPU (dom << 16 | vcpu): the exit it blocked with, in TSC order. */
	struct map parked;
	struct wake_q wq;
	uint64_t *front; /* per CPU: the last TSC read + 1, 0 if none yet */
	size_t nr_front;
	uint32_t last_cpu; /* of the last record read */
	bool all_cpus;	   /* a CPU came back: every CPU has been seen */
	uint64_t lost, lost_reports, ref_records;
	/* The first lost-record reports, printed with the final clock (in file
	 * order, the first TSC is known only at the end). */
	struct xs_trace_rec lost_recs[32];
	size_t nr_lost_recs;
};

static inline uint32_t xs_trace_summary_header(const struct xs_trace_rec *r)
{
	return r->event | r->nr << 28 | (uint32_t)r->has_tsc << 31;
}

/* Where header @h is looked up first, in a table of @mask + 1 entries. */
static inline size_t hent_at(uint32_t h, size_t mask)
{
	return (size_t)((h * 0x9e3779b97f4a7c15ULL) >> 32) & mask;
}

/* A domain's struct (NULL: out of memory). */
struct dom *xs_trace_summary_dom(struct xs_trace_summary *s, uint16_t id);
/* The first count of @kind in @d: kept in order; 0 or -ENOMEM. */
int xs_trace_summary_first(struct dom *d, uint32_t kind);
/* An exit of @reason closed after @cycles: 0 or -ENOMEM. */
int xs_trace_summary_exit(struct dom *d, uint32_t reason, uint64_t cycles);

/* One record of @kind (below DENSE) counted in @d. */
static inline int xs_trace_summary_count(struct dom *d, uint32_t kind)
{
	return d->cnt[kind]++ ? 0 : xs_trace_summary_first(d, kind);
}

/* The key of @cpu's vCPU @dom:@vcpu in open_exits. */
static inline uint64_t xs_trace_summary_exit_key(uint32_t cpu, uint16_t dom, uint16_t vcpu)
{
	return (uint64_t)cpu << 32 | (uint32_t)dom << 16 | vcpu;
}

/* Note a park, wake or loss at @tsc (@exit: the parked exit): 0 or -ENOMEM. */
int xs_trace_summary_wake_note(struct xs_trace_summary *s, enum wake_type type, uint64_t tsc,
			       uint32_t vkey, const struct slot *exit);
/* @cpu's stream read up to @tsc: what every CPU has passed is taken. */
int xs_trace_summary_cpu_at(struct xs_trace_summary *s, uint32_t cpu, uint64_t tsc);
void xs_trace_summary_wake_free(struct xs_trace_summary *s);

/* The open exit @o closed at @tsc, in domain @d, as close_exit() does. */
static inline int xs_trace_summary_close(struct dom *d, struct slot *o, uint64_t tsc)
{
	uint64_t reason = o->n - 1;

	if (!o->n)
		return 0;
	o->n = 0;
	/* No domain (never, as exits are opened where their domain is counted),
	 * or closed before it opened (TSCs of two CPUs). */
	if (!d || tsc < o->cycles)
		return 0;
	if (reason < EXITS_DENSE && d->ex) {
		d->ex[reason].n++;
		d->ex[reason].cycles += tsc - o->cycles;
		return 0;
	}
	return xs_trace_summary_exit(d, (uint32_t)reason, tsc - o->cycles);
}

#endif
