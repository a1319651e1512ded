/* SPDX-License-Identifier: MIT */
/*
 * Trace files as xentrace writes them (the format xenalyze reads), and the
 * xenscope records in them (XENSCOPE_TRC_* in xenscope.h).
 *
 * A file is a sequence of records: one 32-bit header (event in bits 0-27,
 * number of 32-bit data words in 28-30, bit 31 set when a 64-bit TSC
 * follows), the TSC, then the data.  xentrace starts every window it copies
 * from one CPU's buffer with a TRC_TRACE_CPU_CHANGE record (cpu, window
 * size).  Xen reports records it had to drop, when the buffer was full, with
 * TRC_LOST_RECORDS (first word: how many).
 */
#ifndef XENSCOPE_TRACE_H
#define XENSCOPE_TRACE_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include <xenscope.h>

#include "xenscope/core/common.h"

#define XS_TRC_LOST_RECORDS 0x0001f001U
#define XS_TRC_CPU_CHANGE 0x0001f003U
#define XS_TRC_EXTRA_MAX 7
#define XS_TRACE_REC_MAX 40 /* bytes: header, TSC, 7 words */

/* Bytes of the record whose header word is @h. */
static inline size_t xs_trace_rec_size(uint32_t h)
{
	return 4 + (h >> 31) * 8 + ((h >> 28) & 7) * 4;
}

struct xs_trace_rec {
	uint32_t event;
	uint32_t cpu; /* from the last CPU change record */
	uint64_t tsc; /* valid when has_tsc */
	uint64_t seq; /* position in the file, for stable ordering */
	bool has_tsc;
	uint32_t nr; /* data words */
	uint32_t data[XS_TRC_EXTRA_MAX];
};

/* Called for every record but CPU changes; non-zero stops the walk. */
typedef int (*xs_trace_fn)(const struct xs_trace_rec *r, void *arg);

/*
 * Walk the records of a trace file held in memory.  A truncated or
 * malformed record is an error (-EINVAL, message with its offset).
 */
int xs_trace_walk(const void *buf, size_t len, xs_trace_fn fn, void *arg);

/* Counts of a whole file: records, ours, lost ones Xen reported. */
struct xs_trace_stats {
	uint64_t records, ours, lost, lost_reports;
};
int xs_trace_stats(const void *buf, size_t len, struct xs_trace_stats *out);

/* Name of a xenscope event ("get", "type_put", "stage"), NULL for others. */
const char *xs_trace_event_name(uint32_t event);
/* Name of a XENSCOPE_STAGE_* value ("relinquish:l4 reached"). */
const char *xs_trace_stage_name(uint32_t stage, char *buf, size_t len);
/* A log-dirty mark's path (XENSCOPE_LDP_*): "shadow_fault", "pml", ... */
const char *xs_trace_ld_path_name(uint32_t path);

/* A 64-bit payload value (two words, low first). */
static inline uint64_t xs_trace_u64(const uint32_t *w)
{
	return (uint64_t)w[0] | (uint64_t)w[1] << 32;
}

/* ------------------------------------------------------------ history */

/* What made a reference of the history. */
enum xs_trace_get_kind {
	XS_TRACE_GET_REF,    /* get_page() and the type gets */
	XS_TRACE_GET_ASSIGN, /* assign_pages(): PGC_allocated, no caller */
	XS_TRACE_GET_SHARE,  /* share_xen_page_with_guest(), general or type */
};

struct xs_trace_get {
	uint64_t tsc, seq;
	uint64_t caller;
	uint64_t val; /* count_info or type_info after the get */
	uint32_t cpu;
	uint32_t mapper; /* domain id + 1 of a foreign mapping it made, 0: none */
	enum xs_trace_get_kind kind;
};

/* A page of the domain with references the trace cannot show were put. */
struct xs_trace_held {
	uint64_t mfn;
	uint64_t count_info, type_info;	       /* last seen in the trace */
	struct xs_trace_get *gets, *type_gets; /* unbalanced, oldest first */
	size_t nr_gets, nr_type_gets;
};

struct xs_trace_history {
	uint32_t domid;
	struct xs_trace_held *pages; /* by mfn */
	size_t nr_pages;
	/* Records of the domain, puts with no get in the trace (references
	 * taken before tracing started), and its destruction stages. */
	uint64_t nr_records, early_puts, early_type_puts;
	/* Grant mappings of its pages released by a dying mapper. */
	uint64_t grant_releases;
	struct xs_trace_rec *stages;
	size_t nr_stages;
	struct xs_trace_stats stats;
};

/*
 * Pair gets and puts of @domid's pages in @buf, in TSC order: a put balances
 * the newest unbalanced get of its page, except the put that drops
 * PGC_allocated (it balances the allocation: the get of an assign_pages()
 * or share_xen_page_with_guest() record, when the trace has one), and gets and
 * puts made for a foreign mapping (XENSCOPE_TRC_FOREIGN_* right after the
 * gets / before the puts on the same CPU) pair only with each other, by
 * mapping domain.  Repeated destruction stages (domain_kill continuations)
 * are kept once, the first time.  Gets left
 * over on pages whose count is not back to zero are the history.  @layout
 * gives the count_info bits (xenscope_info from the hypervisor or snapshot).
 */
int xs_trace_history_build(const void *buf, size_t len, uint32_t domid,
			   const struct xenscope_info *layout, struct xs_trace_history *out);
void xs_trace_history_release(struct xs_trace_history *h);

#endif
