// SPDX-License-Identifier: MIT
/*
 * The streaming reader's input (stream-int.h).  A pipe is read 128 KiB at
 * a time; a regular file is mapped 16 MiB at a time instead, which spares
 * the kernel's copy (a tenth of a summary's time), and read on past the
 * size it had when opened.
 */
#include <errno.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <sys/stat.h>
#include <unistd.h>

#include "stream-int.h"

int xs_trace_reader_open(int fd, const char *name, struct xs_trace_reader **out)
{
	struct xs_trace_reader *r = calloc(1, sizeof(*r));

	struct stat st;
	off_t at;

	*out = NULL;
	if (!r || !(r->buf = r->chunk = malloc(CHUNK + 64))) {
		free(r);
		return xs_error(-ENOMEM, "out of memory");
	}
	if (!fstat(fd, &st) && S_ISREG(st.st_mode) && (at = lseek(fd, 0, SEEK_CUR)) >= 0 &&
	    st.st_size > at) {
		r->base = (uint64_t)at;
		r->map_end = (uint64_t)st.st_size;
	}
	r->fd = fd;
	r->name = name;
	r->lookahead = LOOKAHEAD_MIN;
	*out = r;
	return 0;
}

void xs_trace_reader_close(struct xs_trace_reader *r)
{
	if (!r)
		return;
	for (size_t i = 0; i < r->nr_q; i++)
		free(r->q[i].w);
	free(r->q);
	if (r->map)
		munmap(r->map, r->map_len);
	free(r->chunk);
	free(r);
}

void xs_trace_reader_set_quiet(struct xs_trace_reader *r, bool quiet)
{
	r->quiet = quiet;
}

const struct xs_trace_read_stats *xs_trace_reader_stats(const struct xs_trace_reader *r)
{
	return &r->st;
}

/*
 * The window of the file from the parse position on, or, past the size the
 * file had, what is left of the last window copied for read() to go on.
 */
static int slide(struct xs_trace_reader *r)
{
	uint64_t at = r->base + r->off + r->pos, start = at & ~(uint64_t)(MAP_ALIGN - 1);
	uint64_t end = start + MAP_WINDOW < r->map_end ? start + MAP_WINDOW : r->map_end;
	unsigned char *m = MAP_FAILED;

	if (at + MAX_RECORD <= r->map_end)
		m = mmap(NULL, end - start, PROT_READ, MAP_PRIVATE, r->fd, (off_t)start);
	if (m == MAP_FAILED) { /* near the end, or a file that cannot be mapped */
		size_t left = r->len - r->pos;

		memcpy(r->chunk, r->buf + r->pos, left);
		if (r->map)
			munmap(r->map, r->map_len);
		r->map = NULL;
		r->map_end = 0;
		r->off += r->pos;
		r->buf = r->chunk;
		r->len = left;
		r->pos = 0;
		if (lseek(r->fd, (off_t)(at + left), SEEK_SET) < 0)
			return xs_error(-errno, "%s: cannot seek: %s", r->name, strerror(errno));
		return 0;
	}
	if (r->map)
		munmap(r->map, r->map_len);
	r->map = m;
	r->map_len = end - start;
	r->off += r->pos;
	r->buf = m + (at - start);
	r->len = end - at;
	r->pos = 0;
	r->st.bytes = end - r->base;
	return 0;
}

/* At least @need bytes at buf[pos], unless the input ends first. */
int xs_trace_reader_fill(struct xs_trace_reader *r, size_t need)
{
	if (r->map_end) {
		int err = slide(r);

		if (err || r->map_end)
			return err;
	}
	if (r->pos) {
		memmove(r->buf, r->buf + r->pos, r->len - r->pos);
		r->off += r->pos;
		r->len -= r->pos;
		r->pos = 0;
	}
	while (!r->eof && r->len < need) {
		ssize_t n = read(r->fd, r->buf + r->len, CHUNK + 64 - r->len);

		if (n < 0 && errno == EINTR)
			continue;
		if (n < 0)
			return xs_error(-errno, "%s: read error: %s", r->name, strerror(errno));
		if (n == 0)
			r->eof = true;
		r->len += (size_t)n;
		r->st.bytes += (uint64_t)n;
	}
	return 0;
}
