// SPDX-License-Identifier: MIT
/*
 * --write FILE: the records kept by the filters, in xentrace's format
 * again, so that another tool can read a part of a trace (for instance
 * xenalyze, without the records it cannot read).  Consecutive records of
 * one CPU share a window, as xentrace writes them.
 */
#include <errno.h>
#include <stdlib.h>
#include <string.h>

#include "report-int.h"

#define WINDOW_MAX 65536

struct xs_trace_writer {
	FILE *f;
	const char *path;
	uint32_t cpu;
	size_t len; /* bytes of the open window in buf */
	unsigned char buf[WINDOW_MAX];
	int err;
};

int xs_trace_writer_open(const char *path, struct xs_trace_writer **out)
{
	struct xs_trace_writer *w = calloc(1, sizeof(*w));

	*out = NULL;
	if (!w)
		return xs_error(-ENOMEM, "out of memory");
	w->f = strcmp(path, "-") ? fopen(path, "wb") : stdout;
	if (!w->f) {
		free(w);
		return xs_error(-errno, "cannot create %s: %s", path, strerror(errno));
	}
	w->path = path;
	*out = w;
	return 0;
}

static void flush(struct xs_trace_writer *w)
{
	uint32_t hdr[3] = { 0x2001f003U, w->cpu, (uint32_t)w->len };

	if (!w->len)
		return;
	if (fwrite(hdr, sizeof(hdr), 1, w->f) != 1 || fwrite(w->buf, w->len, 1, w->f) != 1)
		w->err = -EIO;
	w->len = 0;
}

void xs_trace_writer_put(struct xs_trace_writer *w, const struct xs_trace_rec *r)
{
	uint32_t h = r->event | r->nr << 28 | (r->has_tsc ? 1U << 31 : 0);
	size_t size = 4 + (r->has_tsc ? 8 : 0) + 4 * r->nr;

	if (r->cpu != w->cpu || w->len + size > sizeof(w->buf))
		flush(w);
	w->cpu = r->cpu;
	memcpy(w->buf + w->len, &h, 4);
	w->len += 4;
	if (r->has_tsc) {
		memcpy(w->buf + w->len, &r->tsc, 8);
		w->len += 8;
	}
	memcpy(w->buf + w->len, r->data, 4 * r->nr);
	w->len += 4 * r->nr;
}

int xs_trace_writer_close(struct xs_trace_writer *w)
{
	int err;

	if (!w)
		return 0;
	flush(w);
	if ((w->f != stdout && fclose(w->f)) || (w->f == stdout && fflush(stdout)))
		w->err = -EIO;
	err = w->err ? xs_error(w->err, "cannot write %s", w->path) : 0;
	free(w);
	return err;
}
