// SPDX-License-Identifier: MIT
/*
 * The streaming reader (xenscope/trace/stream.h): framing of xentrace's
 * windows into per-CPU queues, and the merge of the queues in TSC order.
 * The input itself: stream-input.c.
 */
#include <errno.h>
#include <limits.h>
#include <stdlib.h>
#include <string.h>

#include "stream-int.h"

static uint32_t get32(const unsigned char *p)
{
	uint32_t v;

	memcpy(&v, p, sizeof(v));
	return v; /* written by the x86 host that captured it */
}

static struct queue *queue_of(struct xs_trace_reader *r, uint32_t cpu)
{
	if (cpu >= r->nr_q) {
		size_t n = r->nr_q ? r->nr_q : 4;
		struct queue *q;

		while (n <= cpu)
			n *= 2;
		q = realloc(r->q, n * sizeof(*q));
		if (!q)
			return NULL;
		memset(q + r->nr_q, 0, (n - r->nr_q) * sizeof(*q));
		r->q = q;
		r->nr_q = n;
	}
	if (cpu >= r->st.nr_cpus)
		r->st.nr_cpus = cpu + 1;
	return &r->q[cpu];
}

static uint64_t ring_u64(const struct queue *q, size_t at)
{
	size_t m = q->alloc - 1;

	return (uint64_t)q->w[at & m] | (uint64_t)q->w[(at + 1) & m] << 32;
}

/*
 * @rec at the tail of its CPU's queue (made when its window started), a
 * record of @bytes in the file.
 */
static int push(struct xs_trace_reader *r, const struct xs_trace_rec *rec, size_t bytes)
{
	struct queue *q = &r->q[rec->cpu];
	size_t need = QREC_WORDS + rec->nr, m, t;

	if (q->used + need > q->alloc) {
		size_t n = q->alloc ? q->alloc * 2 : 4096;
		uint32_t *v;

		while (n < q->used + need)
			n *= 2;
		v = malloc(n * sizeof(*v));
		if (!v)
			return xs_error(-ENOMEM, "out of memory");
		for (size_t i = 0; i < q->used; i++)
			v[i] = q->w[(q->head + i) & (q->alloc - 1)];
		free(q->w);
		q->w = v;
		q->head = 0;
		q->alloc = n;
	}
	m = q->alloc - 1;
	t = q->head + q->used;
	if ((t & m) + QREC_WORDS + XS_TRC_EXTRA_MAX <= q->alloc &&
	    q->used + QREC_WORDS + XS_TRC_EXTRA_MAX <= q->alloc) {
		/* Room after the tail, short of the ring's end and of its head
		 * (nearly always): fixed-size stores, past the record's words
		 * only into free space. */
		uint32_t *w = q->w + (t & m);

		w[0] = rec->event | rec->nr << 28 | (uint32_t)rec->has_tsc << 31;
		memcpy(w + 1, &rec->tsc, 8);
		memcpy(w + 3, &rec->seq, 8);
		memcpy(w + QREC_WORDS, rec->data, sizeof(rec->data));
		goto pushed;
	}
	q->w[t & m] = rec->event | rec->nr << 28 | (uint32_t)rec->has_tsc << 31;
	q->w[(t + 1) & m] = (uint32_t)rec->tsc;
	q->w[(t + 2) & m] = (uint32_t)(rec->tsc >> 32);
	q->w[(t + 3) & m] = (uint32_t)rec->seq;
	q->w[(t + 4) & m] = (uint32_t)(rec->seq >> 32);
	for (uint32_t i = 0; i < rec->nr; i++)
		q->w[(t + QREC_WORDS + i) & m] = rec->data[i];
pushed:
	if (!q->nr)
		q->head_tsc = rec->tsc;
	q->used += need;
	q->nr++;
	r->queued++;
	r->queued_bytes += bytes;
	if (r->queued > r->st.peak_queued)
		r->st.peak_queued = r->queued;
	return 0;
}

static uint64_t lookahead(const struct xs_trace_reader *r);

static void skip_garbage(struct xs_trace_reader *r, size_t n)
{
	if (!r->st.garbage)
		r->st.garbage_at = r->off + r->pos;
	if (!r->st.garbage && !r->quiet) {
		xs_warn("%s: bytes outside any CPU window at offset %llu: skipped to the "
			"next CPU change record",
			r->name, (unsigned long long)r->st.garbage_at);
	}
	r->st.garbage += n;
	r->pos += n;
}

static void cut(struct xs_trace_reader *r, size_t n, const char *where)
{
	if (!r->st.cut)
		r->st.cut_at = r->off + r->pos;
	if (!r->st.cut && !r->quiet) {
		xs_warn("%s: record cut short by the end of %s at offset %llu (%zu bytes "
			"dropped)",
			r->name, where, (unsigned long long)r->st.cut_at, n);
	}
	r->st.cut += n;
	r->pos += n;
}

/*
 * A record that lies whole in the buffer and in its window (the common
 * case): @size bytes at buf[pos], header @h.  The data words are copied as
 * a fixed 28 bytes, which the 40 bytes checked ahead always hold.
 */
static inline int take_record(struct xs_trace_reader *r, uint32_t h, size_t size)
{
	const unsigned char *p = r->buf + r->pos;
	struct queue *q = &r->q[r->cpu]; /* made at the window's start */
	struct xs_trace_rec tmp, *rec = r->direct ? r->direct : &tmp;
	uint32_t nr = (h >> 28) & 7;

	rec->event = h & 0x0fffffffU;
	rec->cpu = r->cpu;
	rec->has_tsc = h >> 31;
	rec->nr = nr;
	rec->seq = r->off + r->pos;
	memcpy(rec->data, p + size - 4 * nr, sizeof(rec->data));
	if (rec->has_tsc)
		q->last_tsc = rec->tsc = (uint64_t)get32(p + 4) | (uint64_t)get32(p + 8) << 32;
	else
		rec->tsc = q->last_tsc;
	r->pos += size;
	r->win_left -= size;
	if (!r->direct)
		return push(r, rec, size) ? -ENOMEM : 1;
	r->direct = NULL;
	return 1;
}

/* parse_one() near the ends of windows and buffers, and all damage. */
static int parse_slow(struct xs_trace_reader *r)
{
	struct xs_trace_rec rec;
	uint32_t h, nr;
	size_t size, avail;
	int err;

	if (r->len - r->pos < MAX_RECORD && (err = xs_trace_reader_fill(r, MAX_RECORD)))
		return err;
	avail = r->len - r->pos;
	if (!avail)
		return 0;
	if (!r->win_left) {
		if (avail < 12 || get32(r->buf + r->pos) != CPU_CHANGE_HEADER ||
		    get32(r->buf + r->pos + 4) >= MAX_CPUS) {
			if (avail < 4)
				cut(r, avail, "the file");
			else
				skip_garbage(r, 4);
			return 1;
		}
		r->cpu = get32(r->buf + r->pos + 4);
		r->win_left = get32(r->buf + r->pos + 8);
		if (r->win_left > r->max_window)
			r->max_window = r->win_left;
		if (!queue_of(r, r->cpu))
			return xs_error(-ENOMEM, "out of memory");
		r->st.windows++;
		r->pos += 12;
		r->lookahead = lookahead(r);
		return 1;
	}
	if (avail < 4 || r->win_left < 4) {
		size = avail < r->win_left ? avail : r->win_left;
		r->win_left -= size;
		cut(r, size, avail < 4 ? "the file" : "its window");
		return 1;
	}
	h = get32(r->buf + r->pos);
	nr = (h >> 28) & 7;
	size = 4 + (h >> 31 ? 8 : 0) + 4 * (size_t)nr;
	if (size > avail || size > r->win_left) {
		size = avail < r->win_left ? avail : r->win_left;
		r->win_left -= size;
		cut(r, size, size == avail ? "the file" : "its window");
		return 1;
	}
	if (avail >= MAX_RECORD)
		return take_record(r, h, size);
	/* Near the end of the input: copy only what the record has. */
	rec.event = h & 0x0fffffffU;
	rec.cpu = r->cpu;
	rec.has_tsc = h >> 31;
	rec.nr = nr;
	rec.seq = r->off + r->pos;
	memset(rec.data, 0, sizeof(rec.data));
	memcpy(rec.data, r->buf + r->pos + size - 4 * nr, 4 * nr);
	if (rec.has_tsc)
		rec.tsc = (uint64_t)get32(r->buf + r->pos + 4) |
			  (uint64_t)get32(r->buf + r->pos + 8) << 32;
	r->pos += size;
	r->win_left -= size;
	if (rec.has_tsc)
		r->q[r->cpu].last_tsc = rec.tsc;
	else
		rec.tsc = r->q[r->cpu].last_tsc;
	if (!r->direct)
		return push(r, &rec, size) ? -ENOMEM : 1;
	*r->direct = rec;
	r->direct = NULL;
	return 1;
}

/* Parse one item (record, window start, or damage); 0 at the end of input. */
static inline int parse_one(struct xs_trace_reader *r)
{
	if (r->win_left >= MAX_RECORD && r->len - r->pos >= MAX_RECORD) {
		uint32_t h = get32(r->buf + r->pos);

		return take_record(r, h, 4 + (h >> 31 ? 8 : 0) + 4 * (size_t)((h >> 28) & 7));
	}
	return parse_slow(r);
}

static uint64_t lookahead(const struct xs_trace_reader *r)
{
	uint64_t l = 4 * r->max_window * (r->st.nr_cpus ? r->st.nr_cpus : 1);

	return l < LOOKAHEAD_MIN ? LOOKAHEAD_MIN : l > LOOKAHEAD_MAX ? LOOKAHEAD_MAX : l;
}

/*
 * The CPU whose queue head is oldest (ties: the lowest CPU); -1 if some
 * seen CPU has none queued.  @next: the oldest head of the other CPUs and
 * its CPU, for the run of records the winner has before them.
 */
static inline long oldest(const struct xs_trace_reader *r, bool need_all, uint64_t *next,
			  long *next_c)
{
	long best = -1;

	*next = UINT64_MAX;
	*next_c = LONG_MAX;
	for (uint32_t c = 0; c < r->st.nr_cpus; c++) {
		const struct queue *q = &r->q[c];

		if (!q->nr) {
			if (need_all && q->alloc)
				return -1;
			continue;
		}
		if (best < 0 || q->head_tsc < r->q[best].head_tsc) {
			if (best >= 0) {
				*next = r->q[best].head_tsc;
				*next_c = best;
			}
			best = c;
		} else if (q->head_tsc < *next) {
			*next = q->head_tsc;
			*next_c = c;
		}
	}
	return best;
}

static inline void pop(struct xs_trace_reader *r, long c, struct xs_trace_rec *rec)
{
	struct queue *q = &r->q[c];
	size_t m = q->alloc - 1, h = q->head;
	uint32_t w0 = q->w[h], nr = (w0 >> 28) & 7;

	rec->event = w0 & 0x0fffffffU;
	rec->cpu = (uint32_t)c;
	rec->has_tsc = w0 >> 31;
	rec->nr = nr;
	if (h + QREC_WORDS + XS_TRC_EXTRA_MAX <= q->alloc) {
		/* Not at the ring's end: fixed-size loads, the words past the
		 * record's own zeroed. */
		const uint32_t *w = q->w + h;

		memcpy(&rec->tsc, w + 1, 8);
		memcpy(&rec->seq, w + 3, 8);
		memcpy(rec->data, w + QREC_WORDS, sizeof(rec->data));
		for (uint32_t i = nr; i < XS_TRC_EXTRA_MAX; i++)
			rec->data[i] = 0;
	} else {
		rec->tsc = ring_u64(q, h + 1);
		rec->seq = ring_u64(q, h + 3);
		for (uint32_t i = 0; i < XS_TRC_EXTRA_MAX; i++)
			rec->data[i] = i < nr ? q->w[(h + QREC_WORDS + i) & m] : 0;
	}
	q->head = (h + QREC_WORDS + nr) & m;
	q->used -= QREC_WORDS + nr;
	q->nr--;
	if (q->nr)
		q->head_tsc = ring_u64(q, q->head + 1);
	r->queued--;
	r->queued_bytes -= 4 + (rec->has_tsc ? 8 : 0) + 4 * rec->nr;
	if (rec->tsc < r->last_out)
		r->st.reordered++;
	else
		r->last_out = rec->tsc;
	r->st.records++;
}

void xs_trace_reader_set_unordered(struct xs_trace_reader *r, bool on)
{
	r->unordered = on;
}

/* File order: each CPU's records in order, CPUs interleaved by window. */
static int next_unordered(struct xs_trace_reader *r, struct xs_trace_rec *rec)
{
	for (;;) {
		int ret;

		r->direct = rec;
		ret = parse_one(r);
		if (ret <= 0 || !r->direct) {
			r->direct = NULL;
			if (ret > 0)
				r->st.records++;
			return ret;
		}
	}
}

/*
 * In time order.  Once every CPU has records queued, the oldest CPU's run
 * (its records older than the other CPUs' oldest) is handed out without
 * looking at the others again: they change only when more is parsed,
 * which happens only once the run has ended.
 */
int xs_trace_reader_next(struct xs_trace_reader *r, struct xs_trace_rec *rec)
{
	if (r->unordered && !r->queued)
		return next_unordered(r, rec);
	if (r->run_c >= 0) {
		const struct queue *q = &r->q[r->run_c];

		if (q->nr && (q->head_tsc < r->run_until ||
			      (q->head_tsc == r->run_until && r->run_c < r->run_until_c))) {
			pop(r, r->run_c, rec);
			return 1;
		}
		r->run_c = -1;
	}
	for (;;) {
		int ret;

		if (r->queued) {
			uint64_t until;
			long until_c, c = oldest(r, true, &until, &until_c);

			/* Until the look-ahead first fills, CPUs may still appear. */
			if (!r->primed && !r->done && r->queued_bytes <= r->lookahead)
				c = -1;
			else
				r->primed = true;
			if (c >= 0) {
				r->run_c = c;
				r->run_until = until;
				r->run_until_c = until_c;
			}
			if (c < 0 && (r->done || r->queued_bytes > r->lookahead))
				c = oldest(r, false, &until, &until_c);
			if (c >= 0) {
				pop(r, c, rec);
				return 1;
			}
		} else if (r->done) {
			return 0;
		}
		ret = parse_one(r);
		if (ret < 0)
			return ret;
		r->done = !ret;
	}
}
