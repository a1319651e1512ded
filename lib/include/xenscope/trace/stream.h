/* SPDX-License-Identifier: MIT */
/*
 * Streaming xentrace reader: a file or a pipe, read once, in constant memory,
 * records handed out in TSC order across CPUs.
 *
 * xentrace copies each CPU's buffer in windows, each one after a
 * TRC_TRACE_CPU_CHANGE record (cpu, window size in bytes); inside a window
 * the records of that CPU are in time order, but windows of different CPUs
 * overlap in time.  The reader keeps a per-CPU queue and releases the
 * oldest record once every CPU seen has one queued, or once the queues hold
 * more than a lookahead bounded from the window sizes (so a CPU that went
 * quiet cannot hold the others back, and memory does not grow with the
 * file).  Records without a TSC (the shadow code writes its records so)
 * take the TSC of the record before them on their CPU.
 *
 * Damage does not stop the reader: bytes outside any window are skipped to
 * the next CPU change record, a record cut by the end of the file or of its
 * window is dropped; both are counted with where they were, and the first
 * of each kind is reported through xs_warn().
 */
#ifndef XENSCOPE_TRACE_STREAM_H
#define XENSCOPE_TRACE_STREAM_H

#include <stdbool.h>
#include <stdint.h>

#include "xenscope/trace/trace.h"

struct xs_trace_reader;

struct xs_trace_read_stats {
	uint64_t bytes;	      /* read from the input */
	uint64_t records;     /* handed out (CPU change records excluded) */
	uint64_t windows;     /* CPU change records */
	uint64_t garbage;     /* bytes skipped outside windows */
	uint64_t garbage_at;  /* offset of the first skipped byte */
	uint64_t cut;	      /* bytes of a record cut short (end of file/window) */
	uint64_t cut_at;      /* its offset */
	uint64_t reordered;   /* released out of TSC order (lookahead too short) */
	uint64_t peak_queued; /* most records held at once */
	uint32_t nr_cpus;     /* highest CPU seen + 1 */
};

/*
 * Read from @fd (not closed by the reader); @name is used in messages.
 * Returns 0 or negative errno (one line printed).
 */
int xs_trace_reader_open(int fd, const char *name, struct xs_trace_reader **out);
/*
 * The next record in time order: 1 and *@rec filled, 0 at the end, negative
 * errno on a read error (one line printed).  rec->seq is its file offset.
 */
int xs_trace_reader_next(struct xs_trace_reader *r, struct xs_trace_rec *rec);
/*
 * Records in file order instead: each CPU's in time order, CPUs one window
 * after the other.  Enough for whatever is computed per CPU (which vCPU
 * runs there, per-domain counts, VMEXIT times), and much cheaper.
 */
void xs_trace_reader_set_unordered(struct xs_trace_reader *r, bool on);
/* No warnings (a read-ahead pass that will be repeated). */
void xs_trace_reader_set_quiet(struct xs_trace_reader *r, bool quiet);
/*
 * Records in place, in file order (set_unordered, nothing queued): a run
 * of CPU @cpu's records from @p on, as they lie in the input.  The caller
 * walks them with xs_trace_rec_size() while it is before @limit (every
 * record that starts there lies whole in the span; the one it ends on may
 * go up to 39 bytes past @limit), a record without a TSC taking the one
 * before it (@last_tsc at the start), then says where it stopped.
 * xs_trace_reader_span() returns 0 when there is no such run here (a
 * window's start or last bytes, the end of a buffer, damage, the end of
 * the input): xs_trace_reader_next() takes that record, then try again.
 */
struct xs_trace_span {
	const unsigned char *p, *limit;
	uint32_t cpu;
	uint64_t off;	   /* file offset of p */
	uint64_t last_tsc; /* of the CPU's record before p */
};
int xs_trace_reader_span(struct xs_trace_reader *r, struct xs_trace_span *s);
/* Up to @to (a record's start), @records records, the last TSC @last_tsc. */
void xs_trace_reader_span_done(struct xs_trace_reader *r, const struct xs_trace_span *s,
			       const unsigned char *to, uint64_t records, uint64_t last_tsc);

/*
 * Read ahead for the CPU vendor (xs_trace_ctx_vendor()): at most
 * @max_records records, in file order (the reader is set so), until a
 * VMEXIT reason decides.  0, or negative errno on a read error.
 */
struct xs_trace_ctx;
int xs_trace_sniff(struct xs_trace_reader *r, struct xs_trace_ctx *c, uint64_t max_records);

const struct xs_trace_read_stats *xs_trace_reader_stats(const struct xs_trace_reader *r);
void xs_trace_reader_close(struct xs_trace_reader *r);

#endif
