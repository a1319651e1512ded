// SPDX-License-Identifier: MIT
/*
 * A domain's p2m from whichever target a tool has: the .xs.p2m.D section of
 * a snapshot, or the running guest (its own p2m through foreign mappings,
 * owners from the xenscope interface).  Front ends call this and never ask
 * which one it was.
 */
#include <errno.h>
#include <inttypes.h>
#include <stdlib.h>

#include "xenscope/core/common.h"
#include "xenscope/p2m/hvm.h"
#include "xenscope/p2m/live.h"
#include "xenscope/p2m/owners.h"
#include "xenscope/p2m/snap.h"
#include "xenscope/p2m/target.h"
#include "xenscope/snap/snap.h"

/* 1 if @domid is HVM or PVH (its p2m is Xen's), 0 if PV. */
static int is_translated(struct xs_target *t, uint32_t domid)
{
	struct xs_domains doms = { 0 };
	int ret = xs_target_domains(t, &doms);

	if (ret < 0)
		return ret;
	ret = -ESRCH;
	for (size_t i = 0; i < doms.nr; i++)
		if (doms.v[i].domid == domid)
			ret = (doms.v[i].flags & XS_DOM_HVM) != 0;
	xs_domains_release(&doms);
	return ret == -ESRCH ? xs_error(ret, "no domain %" PRIu32, domid) : ret;
}

int xs_p2m_read_target(struct xs_target *t, uint32_t domid, unsigned int max_retries,
		       struct xs_p2m *out, uint64_t *max_mfn)
{
	const void *data;
	size_t len;
	int ret;

	ret = xs_snap_blob(t, XS_SNAP_P2M, domid, &data, &len);
	if (!ret)
		return xs_p2m_from_section(data, len, out, max_mfn);
	if (xs_target_kind(t) == XS_TARGET_SNAP)
		return xs_error(-ENOENT, "%s holds no p2m of domain %" PRIu32
					 " (saved by p2mdump --save)",
				xs_target_name(t), domid);
	ret = is_translated(t, domid);
	if (ret < 0)
		return ret;
	if (ret)
		ret = xs_p2m_read_hvm(t, domid, out, max_mfn);
	else
		ret = xs_p2m_read_live(domid, max_retries, out, max_mfn);
	if (ret < 0)
		return ret;
	ret = xs_p2m_fill_owners(t, domid, out);
	if (ret < 0)
		xs_p2m_release(out);
	return ret;
}

int xs_p2m_save(struct xs_target *t, uint32_t domid, const struct xs_p2m *p, uint64_t max_mfn,
		const char *creator, const char *path)
{
	struct xs_snap_blob_in blob = { .kind = XS_SNAP_P2M, .domid = domid };
	void *data;
	int ret;

	ret = xs_p2m_to_section(p, max_mfn, &data, &blob.len);
	if (ret < 0)
		return ret;
	blob.data = data;
	ret = xs_snap_save_blobs(t, &domid, 1, &blob, 1, creator, path);
	free(data);
	return ret;
}
