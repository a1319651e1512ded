/* SPDX-License-Identifier: MIT */
/*
 * xs_buf: a growable byte buffer, NUL-terminated so text can be read
 * straight from it.
 *
 * Invariants: `buf` is never NULL (it points at a shared empty string until
 * the first growth), `buf[len]` is always '\0', and xs_buf_detach() is the
 * only way to take ownership of the memory.
 */
#ifndef XENSCOPE_BUF_H
#define XENSCOPE_BUF_H

#include <stddef.h>

#include "xenscope/core/common.h"

struct xs_buf {
	char *buf;
	size_t len;
	size_t alloc;
};

extern char xs_buf_empty[];
#define XS_BUF_INIT                 \
	{                           \
		.buf = xs_buf_empty \
	}

void xs_buf_init(struct xs_buf *b);
/* Free the memory and reinitialise. */
void xs_buf_release(struct xs_buf *b);
/* Make room for @extra more bytes (plus the terminator). */
int xs_buf_grow(struct xs_buf *b, size_t extra);
int xs_buf_add(struct xs_buf *b, const void *data, size_t len);
int xs_buf_addstr(struct xs_buf *b, const char *s);
int xs_buf_addf(struct xs_buf *b, const char *fmt, ...) XS_PRINTF(2, 3);
/* Empty the buffer, keeping its memory. */
void xs_buf_reset(struct xs_buf *b);
/* Hand the memory to the caller (malloc'd, never NULL on success). */
char *xs_buf_detach(struct xs_buf *b, size_t *len);

/*
 * Appending to a caller's fixed array (the decoders' "into @buf of @len"
 * calls): output is cut when full, never overrun, and always terminated.
 */
struct xs_fixbuf {
	char *buf;
	size_t len, used;
};

/* Start @o on @buf (@len > 0), emptying it. */
void xs_fixbuf_init(struct xs_fixbuf *o, char *buf, size_t len);
void xs_fixbuf_addf(struct xs_fixbuf *o, const char *fmt, ...) XS_PRINTF(2, 3);

#endif
