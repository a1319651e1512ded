// SPDX-License-Identifier: MIT
/*
 * The live log-dirty session.  The order of the steps is what makes it
 * safe to kill: the marker is written before the mode is turned on and
 * removed only after it is off, so whenever the mode is ours, a marker says
 * so.
 */
#include <errno.h>
#include <fcntl.h>
#include <inttypes.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include <xenctrl.h>

#include "target/handle-live.h"
#include "xenscope/core/common.h"
#include "xenscope/logdirty/history.h"
#include "xenscope/logdirty/logdirty.h"

#define MARKER_DIR XS_DIRTY_RUN_DIR

struct xs_dirty_session {
	xc_interface *xch;
	uint32_t domid;
	uint64_t pages;
	char marker[96];
	uint8_t *bitmap; /* the last round's, (pages + 7) / 8 bytes */
};

static void marker_path(uint32_t domid, const xen_domain_handle_t handle, char *buf, size_t len)
{
	/* The handle tells a new domain that reused the id from the old one. */
	snprintf(buf, len,
		 MARKER_DIR "/xs-dirty.%" PRIu32 ".%02x%02x%02x%02x%02x%02x%02x%02x%02x%02x%02x%02x"
			    "%02x%02x%02x%02x",
		 domid, handle[0], handle[1], handle[2], handle[3], handle[4], handle[5],
		 handle[6], handle[7], handle[8], handle[9], handle[10], handle[11], handle[12],
		 handle[13], handle[14], handle[15]);
}

/* The pid a marker names, or 0 when there is no (readable) marker. */
static pid_t marker_pid(const char *path)
{
	FILE *f = fopen(path, "r");
	long pid = 0;

	if (!f)
		return 0;
	if (fscanf(f, "%ld", &pid) != 1)
		pid = 0;
	fclose(f);
	return (pid_t)pid;
}

static int marker_write(const char *path)
{
	FILE *f;

	if (mkdir(MARKER_DIR, 0755) < 0 && errno != EEXIST)
		return xs_error(-errno, "cannot create %s: %s", MARKER_DIR, strerror(errno));
	f = fopen(path, "w");
	if (!f)
		return xs_error(-errno, "cannot write %s: %s", path, strerror(errno));
	fprintf(f, "%ld\n", (long)getpid());
	if (fclose(f))
		return xs_error(-EIO, "cannot write %s", path);
	return 0;
}

static int turn_off(xc_interface *xch, uint32_t domid)
{
	if (xc_shadow_control(xch, domid, XEN_DOMCTL_SHADOW_OP_OFF, NULL, 0) < 0)
		return xs_error(-errno, "cannot turn log-dirty mode off for domain %" PRIu32 ": %s",
				domid, strerror(errno));
	return 0;
}

/*
 * Turn the mode on.  Xen refuses (-EINVAL) a domain already in log-dirty
 * mode: the only way to ask, as a PEEK or CLEAN succeeds either way.
 */
static int enable(struct xs_dirty_session *s)
{
	if (xc_shadow_control(s->xch, s->domid, XEN_DOMCTL_SHADOW_OP_ENABLE_LOGDIRTY, NULL, 0) < 0)
		return -errno;
	return 0;
}

/*
 * Turn the mode on, recovering one a killed xs-dirty left behind: its
 * marker names a process that is gone.  A mode that is on and not a stale
 * one of ours is a migration's or another tool's: refused, left alone.
 */
static int enable_or_recover(struct xs_dirty_session *s, pid_t stale, bool *recovered)
{
	int ret = enable(s);

	if (ret == -EINVAL && stale > 0) {
		xs_warn("domain %" PRIu32 " was left in log-dirty mode by xs-dirty (pid %ld, no "
			"longer running): turning it off first",
			s->domid, (long)stale);
		*recovered = true;
		ret = turn_off(s->xch, s->domid);
		if (!ret)
			ret = enable(s);
	}
	if (ret == -EINVAL)
		return xs_error(-EBUSY,
				"domain %" PRIu32 " is already in log-dirty mode (a migration or "
				"another xs-dirty is running): not touching it",
				s->domid);
	if (ret < 0)
		return xs_error(ret, "cannot turn log-dirty mode on for domain %" PRIu32 ": %s",
				s->domid, strerror(-ret));
	return 0;
}

int xs_dirty_open(uint32_t domid, struct xs_dirty_session **out, bool *recovered)
{
	struct xs_dirty_session *s = calloc(1, sizeof(*s));
	xc_dominfo_t info;
	xen_pfn_t gpfns;
	pid_t pid;
	int ret;

	*recovered = false;
	if (!s)
		return xs_error(-ENOMEM, "out of memory");
	s->domid = domid;
	ret = xs_xen_open(&s->xch);
	if (ret < 0)
		goto out_free;
	if (xc_domain_getinfo(s->xch, domid, 1, &info) != 1 || info.domid != domid ||
	    info.dying) {
		ret = xs_error(-ESRCH, "no running domain %" PRIu32, domid);
		goto out_close;
	}
	if (domid == 0) {
		ret = xs_error(-EINVAL, "domain 0's log-dirty mode is not ours to change");
		goto out_close;
	}
	marker_path(domid, info.handle, s->marker, sizeof(s->marker));
	pid = marker_pid(s->marker);
	if (pid > 0 && (kill(pid, 0) == 0 || errno != ESRCH)) {
		ret = xs_error(-EBUSY,
			       "domain %" PRIu32 " is already in log-dirty mode (another xs-dirty, "
			       "pid %ld, is running): not touching it",
			       domid, (long)pid);
		goto out_close;
	}
	if (xc_domain_maximum_gpfn(s->xch, domid, &gpfns) < 0) {
		ret = xs_error(-errno, "cannot read domain %" PRIu32 "'s highest gfn: %s", domid,
			       strerror(errno));
		goto out_close;
	}
	s->pages = gpfns + 1;
	s->bitmap = calloc((s->pages + 7) / 8 + 1, 1);
	if (!s->bitmap) {
		ret = xs_error(-ENOMEM, "cannot allocate a %" PRIu64 "-page bitmap", s->pages);
		goto out_close;
	}
	ret = marker_write(s->marker);
	if (ret < 0)
		goto out_free_bitmap;
	ret = enable_or_recover(s, pid, recovered);
	if (ret < 0)
		goto out_remove_marker;
	*out = s;
	return 0;

out_remove_marker:
	unlink(s->marker);
out_free_bitmap:
	free(s->bitmap);
out_close:
	xc_interface_close(s->xch);
out_free:
	free(s);
	return ret;
}

uint64_t xs_dirty_pages(const struct xs_dirty_session *s)
{
	return s->pages;
}

int xs_dirty_publish(struct xs_dirty_session *s, const struct xs_dirty_history *h)
{
	return xs_dirty_history_publish(s->marker, h);
}

int xs_dirty_clean(struct xs_dirty_session *s, const uint8_t **bm, uint32_t *faults,
		   uint32_t *dirty)
{
	DECLARE_HYPERCALL_BUFFER(uint8_t, hbm);
	size_t len = (s->pages + 7) / 8;
	xc_shadow_op_stats_t st = { 0 };
	long long rc;

	/* A buffer the hypercall can write, per round: bitmaps are small. */
	hbm = xc_hypercall_buffer_alloc(s->xch, hbm, len);
	if (!hbm)
		return xs_error(-ENOMEM, "cannot allocate a hypercall buffer of %zu bytes", len);
	rc = xc_logdirty_control(s->xch, s->domid, XEN_DOMCTL_SHADOW_OP_CLEAN,
				 HYPERCALL_BUFFER(hbm), s->pages, 0, &st);
	if (rc < 0) {
		rc = -errno;
		xc_hypercall_buffer_free(s->xch, hbm);
		return xs_error((int)rc, "cannot read domain %" PRIu32 "'s dirty bitmap: %s",
				s->domid, strerror((int)-rc));
	}
	memcpy(s->bitmap, hbm, len);
	xc_hypercall_buffer_free(s->xch, hbm);
	*bm = s->bitmap;
	*faults = st.fault_count;
	*dirty = st.dirty_count;
	return 0;
}

int xs_dirty_close(struct xs_dirty_session *s)
{
	int ret = turn_off(s->xch, s->domid);

	/* Keep the marker if the mode could not be turned off: it is still ours. */
	xs_dirty_history_unpublish(s->marker);
	if (!ret)
		unlink(s->marker);
	free(s->bitmap);
	xc_interface_close(s->xch);
	free(s);
	return ret;
}
