// SPDX-License-Identifier: MIT
/*
 * Reading a 64-bit PV guest's p2m in either published format.  The checks
 * are migration's (xg_sr_save_x86_pv.c), so a p2m this reader refuses is one
 * `xl migrate` would refuse too, and the message says where it broke.
 */
#include <errno.h>
#include <inttypes.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "xenscope/core/common.h"
#include "internal.h"

/* Frames read per call of the memory's read op. */
#define READ_BATCH 64

const char *xs_p2m_format_name(enum xs_p2m_format f)
{
	return f == XS_P2M_FORMAT_LIST	 ? "list"
	       : f == XS_P2M_FORMAT_TREE ? "tree"
	       : f == XS_P2M_FORMAT_HVM	 ? "hvm"
					 : "?";
}

void xs_p2m_release(struct xs_p2m *p)
{
	free(p->entry);
	free(p->frames);
	free(p->m2p);
	free(p->owner);
	free(p->type);
	free(p->rec);
	memset(p, 0, sizeof(*p));
}

bool xs_p2m_mfn_ok(const struct xs_guest_mem *mem, uint64_t mfn)
{
	return mfn != 0 && mfn <= mem->max_mfn;
}

/* Copy the leaf frames @leaves into out->entry, then keep the first @nr. */
int xs_p2m_read_leaves(const struct xs_guest_mem *mem, const uint64_t *leaves, size_t nr_leaves,
		       uint64_t nr, struct xs_p2m *out)
{
	uint64_t *entry;
	int ret;

	if (nr_leaves > SIZE_MAX / XS_PAGE_SIZE)
		return xs_error(-ENOMEM, "p2m of %zu frames is too large", nr_leaves);
	entry = malloc(nr_leaves * XS_PAGE_SIZE);
	out->frames = malloc(nr_leaves * sizeof(*out->frames));
	if (!entry || !out->frames) {
		free(entry);
		return xs_error(-ENOMEM, "out of memory for a p2m of %zu frames", nr_leaves);
	}
	memcpy(out->frames, leaves, nr_leaves * sizeof(*leaves));
	out->nr_frames = nr_leaves;
	for (size_t i = 0; i < nr_leaves; i += READ_BATCH) {
		size_t n = nr_leaves - i < READ_BATCH ? nr_leaves - i : READ_BATCH;

		ret = mem->ops->read(mem->ctx, leaves + i, n,
				     (char *)entry + i * XS_PAGE_SIZE);
		if (ret < 0) {
			free(entry);
			return ret;
		}
	}
	out->entry = entry;
	out->nr = nr < (uint64_t)nr_leaves * XS_P2M_PER_FRAME ? nr
							       : (uint64_t)nr_leaves * XS_P2M_PER_FRAME;
	return 0;
}

/*
 * Index of the first entry of the trailing run of identical values in
 * @v[0..n), if that run is longer than one entry: those all point at the
 * same page of invalid entries, which cannot be real memory (two pfns cannot
 * share an mfn across a migration), so migration stops before them.
 * Returns @n when there is nothing to trim.
 */
size_t xs_p2m_trailing_run(const uint64_t *v, size_t n)
{
	size_t start = n - 1;

	while (start > 0 && v[start - 1] == v[n - 1])
		start--;
	return (n - start >= 2 && start > 0) ? start : n;
}

/* Every frame a level of the tree names must be inside the host. */
static int check_frames(const struct xs_guest_mem *mem, const uint64_t *v, size_t n,
			const char *level)
{
	for (size_t i = 0; i < n; i++)
		if (!xs_p2m_mfn_ok(mem, v[i]))
			return xs_error(-ERANGE,
					"bad mfn %#" PRIx64 " at index %zu (of %zu) in the p2m %s",
					v[i], i, n, level);
	return 0;
}

int xs_p2m_read_tree(const struct xs_guest_mem *mem, const struct xs_p2m_anchor *a,
		     struct xs_p2m *out)
{
	uint64_t *fll = NULL, *fl = NULL;
	uint64_t last_pfn = a->max_pfn - 1;
	size_t fll_entries, fl_entries, keep;
	int ret;

	if (a->max_pfn == 0)
		return xs_error(-ERANGE, "the guest publishes no p2m (max_pfn is 0)");
	fll_entries = last_pfn / (XS_P2M_PER_FRAME * XS_P2M_PER_FRAME) + 1;
	if (fll_entries > XS_P2M_PER_FRAME)
		return xs_error(-ERANGE, "max_pfn %#" PRIx64 " is too large for the p2m tree",
				a->max_pfn);
	if (!xs_p2m_mfn_ok(mem, a->fll_mfn))
		return xs_error(-ERANGE, "bad mfn %#" PRIx64 " for the p2m frame list list",
				a->fll_mfn);

	fll = malloc(XS_PAGE_SIZE);
	if (!fll)
		return xs_error(-ENOMEM, "out of memory");
	ret = mem->ops->read(mem->ctx, &a->fll_mfn, 1, fll);
	if (ret < 0)
		goto out_free_fll;
	ret = check_frames(mem, fll, fll_entries, "frame list list");
	if (ret < 0)
		goto out_free_fll;
	keep = xs_p2m_trailing_run(fll, fll_entries);
	if (keep < fll_entries) {
		last_pfn = (uint64_t)keep * XS_P2M_PER_FRAME * XS_P2M_PER_FRAME - 1;
		fll_entries = keep;
	}
	fl_entries = last_pfn / XS_P2M_PER_FRAME + 1;

	fl = malloc(fll_entries * XS_PAGE_SIZE);
	if (!fl) {
		ret = xs_error(-ENOMEM, "out of memory");
		goto out_free_fll;
	}
	ret = mem->ops->read(mem->ctx, fll, fll_entries, fl);
	if (ret < 0)
		goto out_free_fl;
	ret = check_frames(mem, fl, fl_entries, "frame list");
	if (ret < 0)
		goto out_free_fl;
	out->format = XS_P2M_FORMAT_TREE;
	ret = xs_p2m_read_leaves(mem, fl, fl_entries, last_pfn + 1, out);

out_free_fl:
	free(fl);
out_free_fll:
	free(fll);
	return ret;
}

/*
 * The list can change under us; p2m_generation says when.  Read it before
 * and after: even and unchanged means the list we read was one the guest
 * had, the rule migration applies (x86_pv_check_vm_state_p2m_list) except
 * that we try again instead of aborting.
 */
int xs_p2m_read_pv(const struct xs_guest_mem *mem, unsigned int max_retries, struct xs_p2m *out)
{
	struct xs_p2m_anchor a, after;
	unsigned int tries = 0;
	int ret;

	memset(out, 0, sizeof(*out));
	for (;;) {
		ret = mem->ops->anchor(mem->ctx, &a);
		if (ret < 0)
			return ret;
		if (!a.p2m_cr3) {
			ret = xs_p2m_read_tree(mem, &a, out);
			if (!ret)
				snprintf(out->why, sizeof(out->why),
					 "tree: p2m_cr3 is 0, so the guest publishes only the frame "
					 "list list (mfn %#" PRIx64 ")",
					 a.fll_mfn);
			return ret;
		}
		if (!(a.generation & 1)) {
			ret = xs_p2m_read_list(mem, &a, out);
			if (ret < 0)
				return ret;
			ret = mem->ops->anchor(mem->ctx, &after);
			if (ret < 0) {
				xs_p2m_release(out);
				return ret;
			}
			if (after.generation == a.generation)
				break;
			xs_p2m_release(out);
		}
		if (tries++ >= max_retries)
			return xs_error(-EAGAIN,
					"the guest kept changing its p2m list (generation %" PRIu64
					" after %u tries): no consistent read",
					a.generation, tries);
		if (mem->ops->wait)
			mem->ops->wait(mem->ctx, tries, a.generation);
	}
	out->generation = a.generation;
	out->retries = tries;
	snprintf(out->why, sizeof(out->why),
		 "list: p2m_cr3 %#" PRIx64 " is set, so the guest maps its p2m at %#" PRIx64
		 "%s",
		 a.p2m_cr3, a.p2m_vaddr,
		 a.fll_mfn == ~0ULL ? " (frame list list ~0: too big for the tree)" : "");
	return 0;
}
