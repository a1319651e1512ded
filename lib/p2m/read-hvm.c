// SPDX-License-Identifier: MIT
/*
 * An HVM or PVH domain's p2m: Xen's own, read through XENSCOPE_OP_P2M as
 * records (one per p2m entry that maps a frame, a superpage as one record,
 * runs of frameless entries as one), then spread out by gfn so that the
 * audit checks every gfn's frame against the m2p and its owner the way it
 * checks a PV guest's entries.  The records come from the hypervisor or a
 * snapshot file, so they are checked before anything trusts them.
 */
#include <errno.h>
#include <inttypes.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "xenscope/core/common.h"
#include "xenscope/p2m/hvm.h"
#include "xenscope/p2m/live.h"

/* No guest needs more gfns than this (16 TiB); a bigger span is damage. */
#define HVM_MAX_GFNS (1ULL << 32)

static const char *const type_names[XENSCOPE_P2MT_NR] = {
	[XENSCOPE_P2MT_RAM_RW] = "ram_rw",
	[XENSCOPE_P2MT_INVALID] = "invalid",
	[XENSCOPE_P2MT_RAM_LOGDIRTY] = "ram_logdirty",
	[XENSCOPE_P2MT_RAM_RO] = "ram_ro",
	[XENSCOPE_P2MT_MMIO_DM] = "mmio_dm",
	[XENSCOPE_P2MT_MMIO_DIRECT] = "mmio_direct",
	[XENSCOPE_P2MT_POD] = "populate_on_demand",
	[XENSCOPE_P2MT_GRANT_MAP_RW] = "grant_map_rw",
	[XENSCOPE_P2MT_GRANT_MAP_RO] = "grant_map_ro",
	[XENSCOPE_P2MT_PAGING_OUT] = "ram_paging_out",
	[XENSCOPE_P2MT_PAGED] = "ram_paged",
	[XENSCOPE_P2MT_PAGING_IN] = "ram_paging_in",
	[XENSCOPE_P2MT_RAM_SHARED] = "ram_shared",
	[XENSCOPE_P2MT_RAM_BROKEN] = "ram_broken",
	[XENSCOPE_P2MT_MAP_FOREIGN] = "map_foreign",
	[XENSCOPE_P2MT_IOREQ_SERVER] = "ioreq_server",
};

static const char *const access_names[XENSCOPE_P2MA_NR] = {
	"n", "r", "w", "rw", "x", "rx", "wx", "rwx", "rx2rw", "n2rwx",
};

const char *xs_p2m_type_name(unsigned int t)
{
	return t < XENSCOPE_P2MT_NR ? type_names[t] : t == XS_P2M_TYPE_HOLE ? "hole" : "?";
}

const char *xs_p2m_access_name(unsigned int a)
{
	return a < XENSCOPE_P2MA_NR ? access_names[a] : "?";
}

bool xs_p2m_type_audited(unsigned int t)
{
	/* Frames the domain's memory is made of; MMIO and holes are not. */
	return t < XENSCOPE_P2MT_NR && t != XENSCOPE_P2MT_INVALID && t != XENSCOPE_P2MT_MMIO_DM &&
	       t != XENSCOPE_P2MT_MMIO_DIRECT && t != XENSCOPE_P2MT_IOREQ_SERVER;
}

bool xs_p2m_type_foreign(unsigned int t)
{
	return t == XENSCOPE_P2MT_GRANT_MAP_RW || t == XENSCOPE_P2MT_GRANT_MAP_RO ||
	       t == XENSCOPE_P2MT_MAP_FOREIGN || t == XENSCOPE_P2MT_RAM_SHARED;
}

static int bad_record(size_t i, const char *why)
{
	return xs_error(-EINVAL, "p2m record %zu: %s", i, why);
}

static int check_records(const struct xenscope_p2m *rec, size_t nr, uint64_t *span)
{
	uint64_t end = 0;

	for (size_t i = 0; i < nr; i++) {
		const struct xenscope_p2m *r = &rec[i];

		if (r->_pad0 || r->_pad1)
			return bad_record(i, "non-zero padding");
		if (r->type >= XENSCOPE_P2MT_NR || r->access >= XENSCOPE_P2MA_NR)
			return bad_record(i, "unknown p2m type or access");
		if (r->order != 0 && r->order != 9 && r->order != 18)
			return bad_record(i, "page order is not 0, 9 or 18");
		if (r->nr == 0 || r->gfn < end || r->gfn >= HVM_MAX_GFNS ||
		    r->nr > HVM_MAX_GFNS - r->gfn)
			return bad_record(i, "gfn range out of order, overlapping or too large");
		if (r->mfn != XENSCOPE_P2M_NO_MFN && r->nr > (1ULL << r->order))
			return bad_record(i, "more gfns than its page order holds");
		end = r->gfn + r->nr;
	}
	*span = end;
	return 0;
}

int xs_p2m_from_records(const struct xenscope_p2m *rec, size_t nr, struct xs_p2m *out)
{
	uint64_t span = 0;
	int ret;

	memset(out, 0, sizeof(*out));
	ret = check_records(rec, nr, &span);
	if (ret < 0)
		return ret;
	out->entry = malloc(span * sizeof(*out->entry) + 1);
	out->type = malloc(span + 1);
	out->rec = malloc(nr * sizeof(*rec) + 1);
	out->frames = malloc(1);
	if (!out->entry || !out->type || !out->rec || !out->frames) {
		xs_p2m_release(out);
		return xs_error(-ENOMEM, "out of memory for a p2m of %" PRIu64 " gfns", span);
	}
	memset(out->entry, 0xFF, span * sizeof(*out->entry));
	memset(out->type, XS_P2M_TYPE_HOLE, span);
	for (size_t i = 0; i < nr; i++)
		for (uint64_t g = 0; g < rec[i].nr; g++) {
			out->entry[rec[i].gfn + g] = rec[i].mfn == XENSCOPE_P2M_NO_MFN
							     ? XS_P2M_ENTRY_INVALID
							     : rec[i].mfn + g;
			out->type[rec[i].gfn + g] = rec[i].type;
		}
	if (nr)
		memcpy(out->rec, rec, nr * sizeof(*rec));
	out->nr_rec = nr;
	out->nr = span;
	out->format = XS_P2M_FORMAT_HVM;
	snprintf(out->why, sizeof(out->why),
		 "hvm: Xen's own p2m of the domain (XENSCOPE_OP_P2M), %zu records", nr);
	return 0;
}

struct collect {
	struct xenscope_p2m *v;
	size_t nr, alloc;
};

static int collect(const struct xenscope_p2m *recs, size_t nr, void *arg)
{
	struct collect *c = arg;

	if (xs_array_grow(c->v, c->alloc, c->nr + nr) < 0)
		return xs_error(-ENOMEM, "out of memory");
	memcpy(c->v + c->nr, recs, nr * sizeof(*recs));
	c->nr += nr;
	return 0;
}

int xs_p2m_read_hvm(struct xs_target *t, uint32_t domid, struct xs_p2m *out, uint64_t *max_mfn)
{
	struct xenscope_info info;
	struct collect c = { 0 };
	int ret;

	memset(out, 0, sizeof(*out));
	ret = xs_target_info(t, &info);
	if (ret < 0)
		return ret;
	if (!(info.features & XENSCOPE_INFO_FEAT_P2M))
		return xs_error(-EOPNOTSUPP,
				"domain %" PRIu32 " is HVM or PVH and this hypervisor cannot show "
				"its p2m (no XENSCOPE_OP_P2M: hv-probes 0014, CONFIG_HVM)",
				domid);
	ret = xs_target_p2m(t, domid, collect, &c);
	if (!ret)
		ret = xs_p2m_from_records(c.v, c.nr, out);
	free(c.v);
	if (!ret) {
		ret = xs_p2m_fill_m2p_live(out, max_mfn);
		if (ret < 0)
			xs_p2m_release(out);
	}
	return ret;
}
