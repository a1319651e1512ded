// SPDX-License-Identifier: MIT
/*
 * The linear p2m list: walk the guest's own page tables from p2m_cr3 for
 * [p2m_vaddr, p2m_vaddr + frames * 4 KiB), level by level, the way
 * map_p2m_list() in xg_sr_save_x86_pv.c does, with its checks (canonical
 * range, outside the hypervisor's hole, every frame in range, trailing
 * identical L2 entries trimmed) and two of ours that migration leaves to
 * chance: non-present entries and tables that appear at two levels (a loop).
 */
#include <errno.h>
#include <inttypes.h>
#include <stdlib.h>
#include <string.h>

#include "xenscope/core/common.h"
#include "internal.h"

#define VA_MASK ((1ULL << 48) - 1)
/* The 64-bit PV hypervisor hole (xen/include/public/arch-x86/xen-x86_64.h). */
#define HV_HOLE_START 0xFFFF800000000000ULL
#define HV_HOLE_END 0xFFFF880000000000ULL
#define PTE_PRESENT (1ULL << 0)
#define PTE_PSE (1ULL << 7)
#define PTE_FRAME 0x000FFFFFFFFFF000ULL
#define LEVELS 4

struct table_use {
	uint64_t mfn;
	unsigned int level;
};

struct walk {
	const struct xs_guest_mem *mem;
	uint64_t vaddr, end;
	struct table_use *used;
	size_t nr_used, alloc_used;
};

static bool canonical(uint64_t va)
{
	uint64_t top = va >> 47;

	return top == 0 || top == 0x1FFFF;
}

static int note_tables(struct walk *w, const uint64_t *mfns, size_t n, unsigned int level)
{
	if (xs_array_grow(w->used, w->alloc_used, w->nr_used + n) < 0)
		return xs_error(-ENOMEM, "out of memory");
	for (size_t i = 0; i < n; i++)
		w->used[w->nr_used++] = (struct table_use){ mfns[i], level };
	return 0;
}

static int cmp_use(const void *a, const void *b)
{
	const struct table_use *x = a, *y = b;

	if (x->mfn != y->mfn)
		return x->mfn < y->mfn ? -1 : 1;
	return (int)x->level - (int)y->level;
}

static const char *use_name(unsigned int level)
{
	static const char *const names[] = { "a p2m frame", "an L1 table", "an L2 table",
					      "an L3 table", "an L4 table" };

	return level < XS_ARRAY_SIZE(names) ? names[level] : "?";
}

/*
 * A frame may stand several times at one level (Linux points every missing
 * range at one shared page), never at two: that would be a loop.
 */
static int check_loops(struct walk *w)
{
	if (w->nr_used < 2)
		return 0;
	qsort(w->used, w->nr_used, sizeof(*w->used), cmp_use);
	for (size_t i = 1; i < w->nr_used; i++)
		if (w->used[i].mfn == w->used[i - 1].mfn && w->used[i].level != w->used[i - 1].level)
			return xs_error(-ELOOP,
					"p2m list page tables loop: mfn %#" PRIx64
					" is used as an L%u table and as %s",
					w->used[i].mfn, w->used[i].level, use_name(w->used[i - 1].level));
	return 0;
}

/* Entries [gs, ge] of the tables @tables (covering from @parent_gs). */
static int walk_level(struct walk *w, unsigned int level, const uint64_t *tables, size_t ntables,
		      uint64_t **next, size_t *nnext)
{
	unsigned int shift = 12 + 9 * (level - 1);
	uint64_t gs = (w->vaddr & VA_MASK) >> shift, ge = (w->end & VA_MASK) >> shift;
	uint64_t parent_gs = gs >> 9;
	uint64_t *buf, *out;
	int ret;

	buf = malloc(ntables * XS_PAGE_SIZE);
	out = malloc((ge - gs + 1) * sizeof(*out));
	if (!buf || !out) {
		ret = xs_error(-ENOMEM, "out of memory");
		goto out_free;
	}
	ret = w->mem->ops->read(w->mem->ctx, tables, ntables, buf);
	if (ret < 0)
		goto out_free;
	for (uint64_t gi = gs; gi <= ge; gi++) {
		uint64_t t = (gi >> 9) - parent_gs;
		uint64_t va = (gi << shift) | ((w->vaddr >> 47) ? ~VA_MASK : 0);
		uint64_t pte, mfn;

		if (t >= ntables) {
			ret = xs_error(-ERANGE, "p2m list: level %u walk left its tables", level);
			goto out_free;
		}
		pte = buf[t * XS_P2M_PER_FRAME + (gi & 511)];
		mfn = (pte & PTE_FRAME) >> 12;
		if (!(pte & PTE_PRESENT) || mfn == 0 || mfn > w->mem->max_mfn) {
			ret = xs_error(-ERANGE,
				       "bad mfn %#" PRIx64 " (pte %#" PRIx64 ") during the page-table "
				       "walk for va %#" PRIx64 " at level %u of the p2m list",
				       mfn, pte, va, level);
			goto out_free;
		}
		if (level > 1 && (pte & PTE_PSE)) {
			ret = xs_error(-ERANGE,
				       "superpage at level %u for va %#" PRIx64
				       " of the p2m list (PV guests cannot have them)",
				       level, va);
			goto out_free;
		}
		out[gi - gs] = mfn;
	}
	*nnext = ge - gs + 1;
	*next = out;
	out = NULL;
out_free:
	free(out);
	free(buf);
	return ret;
}

int xs_p2m_read_list(const struct xs_guest_mem *mem, const struct xs_p2m_anchor *a,
		     struct xs_p2m *out)
{
	struct walk w = { .mem = mem, .vaddr = a->p2m_vaddr };
	uint64_t root = a->p2m_cr3 >> 12, frames;
	uint64_t *tables = NULL;
	size_t ntables = 1;
	int ret;

	if (a->max_pfn == 0)
		return xs_error(-ERANGE, "the guest publishes no p2m (max_pfn is 0)");
	if (!xs_p2m_mfn_ok(mem, root))
		return xs_error(-ERANGE, "bad p2m_cr3 value %#" PRIx64, a->p2m_cr3);
	frames = (a->max_pfn - 1) / XS_P2M_PER_FRAME + 1;
	w.end = a->p2m_vaddr + frames * XS_PAGE_SIZE - 1;
	if (!canonical(w.vaddr) || !canonical(w.end) || w.end < w.vaddr ||
	    (w.vaddr <= HV_HOLE_END && w.end > HV_HOLE_START))
		return xs_error(-ERANGE, "bad virtual p2m address range %#" PRIx64 "-%#" PRIx64,
				w.vaddr, w.end);

	tables = malloc(sizeof(*tables));
	if (!tables)
		return xs_error(-ENOMEM, "out of memory");
	tables[0] = root;
	for (unsigned int level = LEVELS; level > 0; level--) {
		uint64_t *next = NULL;
		size_t nnext = 0;

		ret = note_tables(&w, tables, ntables, level);
		if (ret < 0)
			goto out_free;
		ret = walk_level(&w, level, tables, ntables, &next, &nnext);
		if (ret < 0)
			goto out_free;
		free(tables);
		tables = next;
		ntables = nnext;
		if (level == 2) {
			size_t keep = xs_p2m_trailing_run(tables, ntables);

			if (keep < ntables) {
				uint64_t stop = ((((w.vaddr & VA_MASK) >> 21) + keep) << 21);

				frames = (stop - (w.vaddr & VA_MASK)) / XS_PAGE_SIZE;
				w.end = w.vaddr + frames * XS_PAGE_SIZE - 1;
				ntables = keep;
			}
		}
	}
	ret = note_tables(&w, tables, ntables, 0);
	if (!ret)
		ret = check_loops(&w);
	if (!ret) {
		out->format = XS_P2M_FORMAT_LIST;
		ret = xs_p2m_read_leaves(mem, tables, ntables, a->max_pfn, out);
	}
out_free:
	free(tables);
	free(w.used);
	return ret;
}
