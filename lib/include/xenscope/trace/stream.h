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
const struct xs_trace_read_stats *xs_trace_reader_stats(const struct xs_trace_reader *r);
void xs_trace_reader_close(struct xs_trace_reader *r);

#endif
