// SPDX-License-Identifier: MIT
/*
 * A log-dirty watch's rounds kept for other readers (xenscope/logdirty/
 * history.h): the section's bytes both ways, where a target keeps them,
 * and their words.  The reader checks every count against the size before
 * trusting it: sections come from bug reports, files from /run.
 */
#include <errno.h>
#include <inttypes.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "xenscope/core/common.h"
#include "xenscope/logdirty/history.h"
#include "xenscope/snap/snap.h"

#define MIB_PAGES 256.0 /* 4 KiB frames in a MiB */

void xs_dirty_history_add(struct xs_dirty_history *h, const struct xs_dirty_round *r)
{
	double us = r->seconds > 0 ? r->seconds * 1e6 + 0.5 : 0;

	if (h->nr == XS_DIRTY_HISTORY_MAX) {
		memmove(&h->r[0], &h->r[1], (XS_DIRTY_HISTORY_MAX - 1) * sizeof(h->r[0]));
		h->nr--;
	}
	h->r[h->nr++] = (struct xs_dirty_sect_round){
		.index = r->index,
		.usec = (uint64_t)us,
		.dirty = r->dirty,
		.working_set = r->working_set,
		.xen_faults = r->xen_faults,
		.xen_dirty = r->xen_dirty,
	};
}

int xs_dirty_history_encode(const struct xs_dirty_history *h, void **data, size_t *len)
{
	struct xs_dirty_sect_head head = {
		.version = XS_DIRTY_SECT_VERSION,
		.nr = h->nr,
		.pages = h->pages,
		.domid = h->domid,
		.pid = h->pid,
	};
	size_t size = sizeof(head) + h->nr * sizeof(h->r[0]);
	char *buf = malloc(size);

	if (!buf)
		return xs_error(-ENOMEM, "out of memory for the log-dirty rounds");
	memcpy(head.magic, XS_DIRTY_SECT_MAGIC, sizeof(head.magic));
	memcpy(buf, &head, sizeof(head));
	memcpy(buf + sizeof(head), h->r, h->nr * sizeof(h->r[0]));
	*data = buf;
	*len = size;
	return 0;
}

int xs_dirty_history_decode(const void *data, size_t len, struct xs_dirty_history *out)
{
	struct xs_dirty_sect_head head;

	if (len < sizeof(head))
		return xs_error(-EINVAL, "log-dirty rounds: %zu bytes, shorter than their head", len);
	memcpy(&head, data, sizeof(head));
	if (memcmp(head.magic, XS_DIRTY_SECT_MAGIC, sizeof(head.magic)))
		return xs_error(-EINVAL, "log-dirty rounds: bad magic");
	if (head.version != XS_DIRTY_SECT_VERSION)
		return xs_error(-EINVAL, "log-dirty rounds: version %" PRIu32 " (this build reads %u)",
				head.version, XS_DIRTY_SECT_VERSION);
	if (head.nr > XS_DIRTY_HISTORY_MAX ||
	    len != sizeof(head) + head.nr * sizeof(struct xs_dirty_sect_round))
		return xs_error(-EINVAL,
				"log-dirty rounds: %" PRIu32 " rounds do not fit %zu bytes (at most %u)",
				head.nr, len, XS_DIRTY_HISTORY_MAX);
	*out = (struct xs_dirty_history){
		.domid = head.domid,
		.pid = head.pid,
		.pages = head.pages,
		.nr = head.nr,
	};
	memcpy(out->r, (const char *)data + sizeof(head), head.nr * sizeof(out->r[0]));
	for (unsigned int i = 0; i < out->nr; i++)
		if (out->r[i]._pad0 || out->r[i].dirty > out->pages ||
		    out->r[i].working_set > out->pages)
			return xs_error(-EINVAL,
					"log-dirty rounds: round %u counts more frames than the "
					"%" PRIu64 " the bitmap covers",
					out->r[i].index, out->pages);
	return 0;
}

int xs_dirty_history_load(struct xs_target *t, uint32_t domid, struct xs_dirty_history *out)
{
	const void *data;
	size_t len;
	int err = xs_snap_blob(t, XS_SNAP_DIRTY, domid, &data, &len);

	if (!err)
		return xs_dirty_history_decode(data, len, out);
	if (err == -ENOENT && xs_target_kind(t) == XS_TARGET_XEN)
		return xs_dirty_history_published(domid, out);
	return err;
}

int xs_dirty_history_save(struct xs_target *t, const struct xs_dirty_history *h,
			  const char *creator, const char *path)
{
	struct xs_snap_blob_in blob = { .kind = XS_SNAP_DIRTY, .domid = h->domid };
	void *data;
	int err = xs_dirty_history_encode(h, &data, &blob.len);

	if (err)
		return err;
	blob.data = data;
	err = xs_snap_save_blobs(t, NULL, 0, &blob, 1, creator, path);
	free(data);
	return err;
}

double xs_dirty_history_rate(const struct xs_dirty_history *h)
{
	const struct xs_dirty_sect_round *r = h->nr ? &h->r[h->nr - 1] : NULL;

	return r && r->usec ? (double)r->dirty * 1e6 / (double)r->usec : 0;
}

const char *xs_dirty_rate_cell(const struct xs_dirty_history *h, char *buf, size_t len)
{
	if (!h || !h->nr)
		snprintf(buf, len, "%s", h ? "on" : "");
	else
		snprintf(buf, len, "%.0f/s", xs_dirty_history_rate(h));
	return buf;
}

const char *xs_dirty_history_title(const struct xs_dirty_history *h, char *buf, size_t len)
{
	const struct xs_dirty_sect_round *r = h->nr ? &h->r[h->nr - 1] : NULL;
	char pid[32] = "";

	if (h->pid)
		snprintf(pid, sizeof(pid), ", pid %" PRIu32, h->pid);
	snprintf(buf, len,
		 "domain %" PRIu32 ": log-dirty watched by xs-dirty%s: %u rounds kept, working set "
		 "%" PRIu64 " of %" PRIu64 " pages",
		 h->domid, pid, h->nr, r ? r->working_set : 0, h->pages);
	return buf;
}

const char *xs_dirty_history_heads(void)
{
	return "ROUND   SECONDS      DIRTY    PAGES/S    MIB/S  WORKING SET  XEN DIRTY";
}

const char *xs_dirty_history_row(const struct xs_dirty_sect_round *r, char *buf, size_t len)
{
	double s = (double)r->usec / 1e6, rate = s > 0 ? (double)r->dirty / s : 0;

	snprintf(buf, len, "%5" PRIu32 " %9.2f %10" PRIu64 " %10.0f %8.2f %12" PRIu64 " %10" PRIu32,
		 r->index, s, r->dirty, rate, rate / MIB_PAGES, r->working_set, r->xen_dirty);
	return buf;
}

const char *xs_dirty_history_none(uint32_t domid, int err, char *buf, size_t len)
{
	if (err == -ENOENT)
		snprintf(buf, len,
			 "domain %" PRIu32 ": no log-dirty rounds known (no xs-dirty watches it; a "
			 "migration's log-dirty mode is not shown)",
			 domid);
	else
		snprintf(buf, len, "domain %" PRIu32 ": log-dirty rounds unreadable: %s", domid,
			 strerror(-err));
	return buf;
}
