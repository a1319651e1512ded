// SPDX-License-Identifier: MIT
/* xs_buf: see xenscope/buf.h for the invariants. */
#include <errno.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "xenscope/core/buf.h"

char xs_buf_empty[1];

void xs_buf_init(struct xs_buf *b)
{
	b->buf = xs_buf_empty;
	b->len = 0;
	b->alloc = 0;
}

void xs_buf_release(struct xs_buf *b)
{
	if (b->alloc)
		free(b->buf);
	xs_buf_init(b);
}

int xs_buf_grow(struct xs_buf *b, size_t extra)
{
	char *old = b->alloc ? b->buf : NULL;
	int err;

	if (extra > SIZE_MAX - b->len - 1)
		return -ENOMEM;
	if (b->len + extra + 1 <= b->alloc)
		return 0;
	err = xs_array_grow(old, b->alloc, b->len + extra + 1);
	if (err)
		return err;
	b->buf = old;
	b->buf[b->len] = '\0';
	return 0;
}

int xs_buf_add(struct xs_buf *b, const void *data, size_t len)
{
	int err = xs_buf_grow(b, len);

	if (err)
		return err;
	if (len)
		memcpy(b->buf + b->len, data, len);
	b->len += len;
	b->buf[b->len] = '\0';
	return 0;
}

int xs_buf_addstr(struct xs_buf *b, const char *s)
{
	return xs_buf_add(b, s, strlen(s));
}

int xs_buf_addf(struct xs_buf *b, const char *fmt, ...)
{
	va_list ap;
	int n, err;

	va_start(ap, fmt);
	n = vsnprintf(NULL, 0, fmt, ap);
	va_end(ap);
	if (n < 0)
		return -EINVAL;
	err = xs_buf_grow(b, (size_t)n);
	if (err)
		return err;
	va_start(ap, fmt);
	vsnprintf(b->buf + b->len, (size_t)n + 1, fmt, ap);
	va_end(ap);
	b->len += (size_t)n;
	return 0;
}

void xs_buf_reset(struct xs_buf *b)
{
	b->len = 0;
	if (b->alloc)
		b->buf[0] = '\0';
}

char *xs_buf_detach(struct xs_buf *b, size_t *len)
{
	char *r;

	if (!b->alloc && xs_buf_grow(b, 0))
		return NULL;
	r = b->buf;
	if (len)
		*len = b->len;
	xs_buf_init(b);
	return r;
}

void xs_fixbuf_init(struct xs_fixbuf *o, char *buf, size_t len)
{
	*o = (struct xs_fixbuf){ buf, len, 0 };
	if (len)
		buf[0] = '\0';
}

void xs_fixbuf_addf(struct xs_fixbuf *o, const char *fmt, ...)
{
	va_list ap;
	int n;

	if (o->used >= o->len)
		return;
	va_start(ap, fmt);
	n = vsnprintf(o->buf + o->used, o->len - o->used, fmt, ap);
	va_end(ap);
	if (n > 0)
		o->used += (size_t)n;
}
