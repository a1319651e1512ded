// SPDX-License-Identifier: MIT
/*
 * Sorting for the audit: the references of a big domain by mfn, and grant
 * refs.  A 64 GiB zombie has tens of millions of references in the order
 * the hypervisor walked them, which is no order by mfn; a comparison sort
 * of the 48-byte records took most of the audit's time.  Here an index of
 * the references (an 8-byte word each) is sorted by a stable LSD radix
 * sort over the bits the mfns actually use, a few sequential passes
 * whatever the order they came in; then the records are gathered in that
 * order and each page's few are sorted by holder.
 */
#include <errno.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>

#include "xenscope/core/common.h"

#include "sort.h"

/* Digits of at most 11 bits: their counters and write heads stay in cache. */
#define DIGIT_MAX 11

/*
 * Stable LSD radix sort of @v by the @bits bits above bit @shift; @tmp
 * holds as many.  Returns the array holding the result (@v or @tmp).
 */
static uint64_t *radix_u64(uint64_t *v, uint64_t *tmp, size_t nr, unsigned int shift,
			   unsigned int bits)
{
	unsigned int passes = (bits + DIGIT_MAX - 1) / DIGIT_MAX;
	unsigned int digit = passes ? (bits + passes - 1) / passes : 0;
	size_t *count = NULL;

	if (!passes)
		return v;
	count = calloc((size_t)1 << digit, sizeof(*count));
	if (!count)
		return NULL;
	for (unsigned int p = 0; p < passes; p++) {
		unsigned int sh = shift + p * digit;
		uint64_t mask = ((uint64_t)1 << digit) - 1, *t;
		size_t sum = 0;

		memset(count, 0, sizeof(*count) << digit);
		for (size_t i = 0; i < nr; i++)
			count[(v[i] >> sh) & mask]++;
		for (size_t d = 0; d <= mask; d++) {
			size_t c = count[d];

			count[d] = sum;
			sum += c;
		}
		for (size_t i = 0; i < nr; i++)
			tmp[count[(v[i] >> sh) & mask]++] = v[i];
		t = v, v = tmp, tmp = t;
	}
	free(count);
	return v;
}

static unsigned int bits_of(uint64_t x)
{
	unsigned int n = 0;

	for (; x; x >>= 1)
		n++;
	return n;
}

#define CMP(x, y) (((x) > (y)) - ((x) < (y)))

/*
 * The full order: mfn, then within a page kind, holder, via, slot, and the
 * position the target gave (parked in _pad0 while sorting), so the sort
 * needs no stability of its own.
 */
static int cmp_ref(const struct xenscope_ref *a, const struct xenscope_ref *b)
{
	int c = CMP(a->mfn, b->mfn);

	if (!c)
		c = CMP(a->kind, b->kind);
	if (!c)
		c = CMP(a->holder, b->holder);
	if (!c)
		c = CMP(a->via, b->via);
	if (!c)
		c = CMP(a->slot, b->slot);
	return c ? c : CMP(a->_pad0, b->_pad0);
}

static int cmp_ref_q(const void *a, const void *b)
{
	return cmp_ref(a, b);
}

static void insertion_sort(struct xenscope_ref *v, size_t nr)
{
	for (size_t i = 1; i < nr; i++) {
		struct xenscope_ref x = v[i];
		size_t j = i;

		for (; j > 0 && cmp_ref(&v[j - 1], &x) > 0; j--)
			v[j] = v[j - 1];
		v[j] = x;
	}
}

/* Buckets this small are sorted by comparisons. */
#define SMALL 32

struct flag_sort {
	uint64_t lo; /* smallest mfn */
	size_t count[1 << DIGIT_MAX], next[1 << DIGIT_MAX];
};

/*
 * In-place MSD radix sort (American flag sort) of @v by the bits of
 * mfn - lo below @bits: each record moves once per digit, straight to its
 * bucket, and no second array of records is needed.
 */
static void flag_sort(struct flag_sort *fs, struct xenscope_ref *v, size_t nr, unsigned int bits)
{
	unsigned int digit = bits < DIGIT_MAX ? bits : DIGIT_MAX, shift = bits - digit;
	size_t buckets = (size_t)1 << digit, mask = buckets - 1, sum = 0;
	size_t start[(size_t)1 << DIGIT_MAX];

	if (nr <= SMALL) {
		insertion_sort(v, nr);
		return;
	}
	if (!bits) { /* one mfn: by the rest of the key */
		qsort(v, nr, sizeof(*v), cmp_ref_q);
		return;
	}
#define DIGIT(r) ((size_t)(((r).mfn - fs->lo) >> shift) & mask)
	memset(fs->count, 0, buckets * sizeof(fs->count[0]));
	for (size_t i = 0; i < nr; i++)
		fs->count[DIGIT(v[i])]++;
	for (size_t d = 0; d < buckets; d++) {
		start[d] = fs->next[d] = sum;
		sum += fs->count[d];
	}
	for (size_t d = 0; d < buckets; d++) {
		size_t end = start[d] + fs->count[d];

		while (fs->next[d] < end) {
			struct xenscope_ref x = v[fs->next[d]];
			size_t dx = DIGIT(x);

			/* Carry x to its bucket, taking what was there, until one belongs here. */
			while (dx != d) {
				struct xenscope_ref y = v[fs->next[dx]];

				v[fs->next[dx]++] = x;
				x = y;
				dx = DIGIT(x);
			}
			v[fs->next[d]++] = x;
		}
	}
#undef DIGIT
	/* fs is reused below: the bucket bounds are in start[] and the sums. */
	for (size_t d = 0; d < buckets; d++) {
		size_t end = d + 1 < buckets ? start[d + 1] : nr;

		if (end - start[d] > 1)
			flag_sort(fs, v + start[d], end - start[d], shift);
	}
}

/*
 * A bucket left with at most COUNT_BITS bits of mfn is counting sorted
 * into a scratch array in one pass (stable, so ties keep the target's
 * order), then each page's few records sorted by holder: cheaper than
 * swapping cycles digit by digit.  Buckets bigger than the scratch array
 * (a skewed domain) keep the in-place sort.
 */
#define COUNT_BITS 16
#define SCRATCH_MAX ((size_t)1 << 20)

struct count_sort {
	struct xenscope_ref *tmp;
	size_t tmp_nr;
	uint32_t count[(size_t)1 << COUNT_BITS];
};

static void count_sort(struct count_sort *cs, struct xenscope_ref *v, size_t nr, uint64_t base,
		       unsigned int bits)
{
	size_t slots = (size_t)1 << bits, sum = 0;

	memset(cs->count, 0, slots * sizeof(cs->count[0]));
	for (size_t i = 0; i < nr; i++)
		cs->count[v[i].mfn - base]++;
	for (size_t d = 0; d < slots; d++) {
		uint32_t c = cs->count[d];

		cs->count[d] = (uint32_t)sum;
		sum += c;
	}
	for (size_t i = 0; i < nr; i++)
		cs->tmp[cs->count[v[i].mfn - base]++] = v[i];
	memcpy(v, cs->tmp, nr * sizeof(*v));
	/* count[d] is now the end of mfn base + d's records. */
	for (size_t d = 0, start = 0; d < slots && start < nr; start = cs->count[d++])
		if (cs->count[d] - start > 1)
			insertion_sort(v + start, cs->count[d] - start);
}

static unsigned int key_bits(const struct xenscope_ref *refs, size_t nr, uint64_t *lo)
{
	uint64_t min = UINT64_MAX, max = 0;

	for (size_t i = 0; i < nr; i++) {
		min = refs[i].mfn < min ? refs[i].mfn : min;
		max = refs[i].mfn > max ? refs[i].mfn : max;
	}
	*lo = min;
	return bits_of(max - min);
}

/* Sort each of the @buckets buckets ending at @ends by its low @bits bits. */
static void sort_buckets(struct flag_sort *fs, struct xenscope_ref *v, const size_t *ends,
			 size_t buckets, unsigned int bits)
{
	struct count_sort *cs = NULL;
	size_t biggest = 0;

	for (size_t d = 0, start = 0; d < buckets; start = ends[d++])
		biggest = ends[d] - start > biggest ? ends[d] - start : biggest;
	biggest = biggest < SCRATCH_MAX ? biggest : SCRATCH_MAX;
	if (bits <= COUNT_BITS)
		cs = malloc(sizeof(*cs));
	if (cs) {
		cs->tmp_nr = biggest;
		cs->tmp = malloc(biggest * sizeof(*cs->tmp));
	}
	for (size_t d = 0, start = 0; d < buckets; start = ends[d++]) {
		size_t n = ends[d] - start;

		if (n > 1 && cs && cs->tmp && n <= cs->tmp_nr)
			count_sort(cs, v + start, n, fs->lo + ((uint64_t)d << bits), bits);
		else if (n > 1)
			flag_sort(fs, v + start, n, bits); /* or for want of memory */
		for (size_t i = start; i < ends[d]; i++)   /* while the bucket is in cache */
			v[i]._pad0 = 0;
	}
	if (cs)
		free(cs->tmp);
	free(cs);
}

/*
 * The first digit is spread out of place: reading in order and writing to
 * a thousand bucket heads keeps many misses in flight, where swapping in
 * place over gigabytes waits for each one.  Buckets then fit in cache and
 * are sorted in place.
 */
#define SPREAD_DIGIT 10

/*
 * The sorted copy is written once, all of it: faulting it in with one call
 * costs the kernel less than a trap per page.  (Huge pages were cheaper
 * still on a quiet machine, but their compaction made runs on a busy one
 * slower than small pages.)
 */
static struct xenscope_ref *alloc_refs(size_t nr)
{
	size_t len = nr * sizeof(struct xenscope_ref);
	void *p = malloc(len);

#ifdef MADV_POPULATE_WRITE
	/* A hint (Linux 5.14): without it, the same faults one by one. */
	size_t page = 4096;
	uintptr_t lo = ((uintptr_t)p + page - 1) & ~(uintptr_t)(page - 1);
	uintptr_t hi = ((uintptr_t)p + len) & ~(uintptr_t)(page - 1);

	if (p && hi > lo)
		madvise((void *)lo, hi - lo, MADV_POPULATE_WRITE);
#endif
	return p;
}

int xs_audit_sort_refs(const struct xenscope_ref *in, size_t nr, struct xenscope_ref **sorted)
{
	struct xenscope_ref *out;
	size_t ends[(size_t)1 << DIGIT_MAX];
	unsigned int bits, digit, shift;
	struct flag_sort *fs;
	size_t sum = 0, mask;

	*sorted = NULL;
	if (!nr)
		return 0;
	if (nr > UINT32_MAX)
		return -E2BIG;
	fs = malloc(sizeof(*fs));
	out = alloc_refs(nr);
	if (!fs || !out) {
		free(fs);
		free(out);
		return -ENOMEM;
	}
	bits = key_bits(in, nr, &fs->lo);
	digit = bits < SPREAD_DIGIT ? bits : SPREAD_DIGIT;
	shift = bits - digit;
	mask = ((size_t)1 << digit) - 1;
#define DIGIT(r) ((size_t)(((r).mfn - fs->lo) >> shift) & mask)
	memset(fs->count, 0, sizeof(fs->count));
	for (size_t i = 0; i < nr; i++)
		fs->count[DIGIT(in[i])]++;
	for (size_t d = 0; d <= mask; d++) {
		fs->next[d] = sum;
		sum += fs->count[d];
	}
	for (size_t i = 0; i < nr; i++) {
		size_t at = fs->next[DIGIT(in[i])]++;

		out[at] = in[i];
		out[at]._pad0 = (uint32_t)i; /* the target's order, for ties */
	}
#undef DIGIT
	*sorted = out;
	/* next[d] is now the end of bucket d; flag_sort() reuses fs. */
	memcpy(ends, fs->next, (mask + 1) * sizeof(*ends));
	sort_buckets(fs, out, ends, mask + 1, shift);
	free(fs);
	return 0;
}

/*
 * Values no bigger than 64 per element (a zombie's grant refs: millions,
 * below a few million each) are set in a bitmap and read back in order:
 * less memory than the radix sort's words and one pass.
 */
static int bitmap_uniq(uint32_t *v, size_t *nr, uint32_t max)
{
	size_t words = (size_t)max / 64 + 1, n = 0;
	uint64_t *bits = calloc(words, sizeof(*bits));

	if (!bits)
		return -ENOMEM;
	for (size_t i = 0; i < *nr; i++)
		bits[v[i] / 64] |= (uint64_t)1 << (v[i] % 64);
	for (size_t w = 0; w < words; w++)
		for (uint64_t b = bits[w]; b; b &= b - 1)
			v[n++] = (uint32_t)(w * 64 + (size_t)__builtin_ctzll(b));
	free(bits);
	*nr = n;
	return 0;
}

int xs_sort_uniq_u32(uint32_t *v, size_t *nr)
{
	uint64_t *w, *tmp, *sorted = NULL;
	uint32_t top = 0;
	size_t n = 0;

	if (*nr < 2)
		return 0;
	for (size_t i = 0; i < *nr; i++)
		top = v[i] > top ? v[i] : top;
	if (top / 64 <= *nr)
		return bitmap_uniq(v, nr, top);
	w = malloc(*nr * sizeof(*w));
	tmp = malloc(*nr * sizeof(*tmp));
	if (w && tmp) {
		uint32_t max = 0;

		for (size_t i = 0; i < *nr; i++) {
			w[i] = v[i];
			max = v[i] > max ? v[i] : max;
		}
		/* Only the bits in use: grant refs are small numbers. */
		sorted = radix_u64(w, tmp, *nr, 0, bits_of(max));
	}
	for (size_t i = 0; sorted && i < *nr; i++)
		if (!n || v[n - 1] != (uint32_t)sorted[i])
			v[n++] = (uint32_t)sorted[i];
	free(w);
	free(tmp);
	if (!sorted)
		return -ENOMEM;
	*nr = n;
	return 0;
}
