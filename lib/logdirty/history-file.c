// SPDX-License-Identifier: MIT
/*
 * A running xs-dirty's rounds, published next to its marker
 * (RUN_DIR/xs-dirty.DOMID.HANDLE.rounds) in the section's layout, so that
 * xstop can show a watch without touching the domain.  Written to a
 * temporary name and renamed, so a reader never sees half a file; a file
 * whose xs-dirty is gone (killed) is not a watch and is ignored.
 */
#include <errno.h>
#include <glob.h>
#include <inttypes.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "xenscope/core/common.h"
#include "xenscope/logdirty/history.h"

#define ROUNDS_SUFFIX ".rounds"

int xs_dirty_history_publish(const char *marker, const struct xs_dirty_history *h)
{
	char path[256], tmp[264];
	void *data;
	size_t len;
	FILE *f;
	int err = xs_dirty_history_encode(h, &data, &len);

	if (err)
		return err;
	snprintf(path, sizeof(path), "%s" ROUNDS_SUFFIX, marker);
	snprintf(tmp, sizeof(tmp), "%s.new", path);
	f = fopen(tmp, "w");
	if (!f) {
		err = xs_error(-errno, "cannot write %s: %s", tmp, strerror(errno));
		goto free_data;
	}
	if (fwrite(data, 1, len, f) != len)
		err = -EIO;
	if (fclose(f) || err || rename(tmp, path) < 0) {
		unlink(tmp);
		err = xs_error(-EIO, "cannot write %s", path);
	}
free_data:
	free(data);
	return err;
}

void xs_dirty_history_unpublish(const char *marker)
{
	char path[256];

	snprintf(path, sizeof(path), "%s" ROUNDS_SUFFIX, marker);
	unlink(path);
}

static bool alive(uint32_t pid)
{
	return pid && (kill((pid_t)pid, 0) == 0 || errno == EPERM);
}

/* One published file, if it is a running watch of @domid. */
static int read_one(const char *path, uint32_t domid, struct xs_dirty_history *out)
{
	static char buf[sizeof(struct xs_dirty_sect_head) +
			XS_DIRTY_HISTORY_MAX * sizeof(struct xs_dirty_sect_round) + 1];
	FILE *f = fopen(path, "r");
	size_t len;

	if (!f)
		return -ENOENT;
	len = fread(buf, 1, sizeof(buf), f);
	fclose(f);
	if (xs_dirty_history_decode(buf, len, out) < 0)
		return -EINVAL;
	return out->domid == domid && alive(out->pid) ? 0 : -ENOENT;
}

int xs_dirty_history_published(uint32_t domid, struct xs_dirty_history *out)
{
	char pattern[128];
	glob_t g;
	int err = -ENOENT;

	snprintf(pattern, sizeof(pattern), XS_DIRTY_RUN_DIR "/xs-dirty.%" PRIu32 ".*" ROUNDS_SUFFIX,
		 domid);
	if (glob(pattern, 0, NULL, &g))
		return -ENOENT;
	for (size_t i = 0; i < g.gl_pathc && err; i++) {
		int e = read_one(g.gl_pathv[i], domid, out);

		if (e != -ENOENT)
			err = e;
	}
	globfree(&g);
	return err;
}
