/* SPDX-License-Identifier: MIT */
/*
 * The streaming reader's insides, shared by stream.c (framing, queues,
 * merge), stream-input.c (opening and reading the input) and stream-span.c
 * (records in place).
 * Internal to lib/trace/.
 */
#ifndef XENSCOPE_TRACE_STREAM_INT_H
#define XENSCOPE_TRACE_STREAM_INT_H

#include "xenscope/trace/stream.h"

#define CHUNK (1U << 18)	    /* read() size: the buffer stays in cache */
#define MAX_CPUS 4096		    /* larger CPU numbers are garbage */
#define LOOKAHEAD_MIN (4ULL << 20)  /* bytes of input held back, at least */
#define LOOKAHEAD_MAX (64ULL << 20) /* and at most: the memory bound */
#define MAX_RECORD 40		    /* header, TSC, 7 words: also more than a CPU change */
_Static_assert(MAX_RECORD == XS_TRACE_REC_MAX, "the reader's and the spans' largest record");
#define CPU_CHANGE_HEADER 0x2001f003U /* TRC_TRACE_CPU_CHANGE, 2 words, no TSC */

/*
 * A CPU's records waiting for the merge, as words: the header as in the
 * file, TSC, file offset, then only the data words there are.  The merge
 * holds megabytes of records: a whole struct xs_trace_rec each (64 bytes
 * against 30 on average) made it wait for memory.
 */
#define QREC_WORDS 5 /* header, TSC, offset */
struct queue {
	uint32_t *w;		  /* ring */
	size_t head, used, alloc; /* in words; alloc: a power of two, 0 until a record */
	size_t nr;		  /* records */
	uint64_t head_tsc;	  /* of the record at head */
	uint64_t last_tsc;	  /* of the last record parsed, for those without one */
};

struct xs_trace_reader {
	int fd;
	const char *name;
	unsigned char *buf; /* read() buffer */
	size_t len, pos;    /* valid bytes in buf, parse position */
	uint64_t off;	    /* file offset of buf[0] */
	bool eof, done, quiet, primed;
	bool unordered; /* file order: no queues */
	struct xs_trace_rec *direct;
	/* unordered: where parse_one puts it */ /* input ended; nothing left to parse */
	uint32_t cpu;				 /* window being parsed */
	uint64_t win_left;			 /* bytes left in it */
	uint64_t max_window;
	uint64_t lookahead; /* lookahead() as of the last window start */
	struct queue *q;
	size_t nr_q;
	uint64_t queued, queued_bytes;
	uint64_t last_out;
	/* The merge's run: CPU run_c is oldest while its head is older than
	 * run_until (of CPU run_until_c, which wins ties if lower); -1: none. */
	long run_c, run_until_c;
	uint64_t run_until;
	struct xs_trace_read_stats st;
};

/* At least @need bytes at buf[pos], unless the input ends first. */
int xs_trace_reader_fill(struct xs_trace_reader *r, size_t need);

#endif
