// SPDX-License-Identifier: MIT
/* xs_buf and array growth. */
#include <stdlib.h>

#include "xenscope/core/buf.h"

#include "../tap.h"

int main(void)
{
	struct xs_buf b = XS_BUF_INIT;
	size_t alloc = 0, len;
	int *v = NULL;
	uint64_t n;
	char *s;

	tap_plan(14);
	ok(b.buf && !b.buf[0] && !b.len, "a new buffer is an empty string");
	is_int(xs_buf_addstr(&b, "hello"), 0, "addstr");
	is_int(xs_buf_addf(&b, " %d %s", 42, "x"), 0, "addf");
	is_str(b.buf, "hello 42 x", "contents");
	xs_buf_reset(&b);
	is_str(b.buf, "", "reset empties");
	for (int i = 0; i < 1000; i++)
		xs_buf_add(&b, "ab", 2);
	ok(b.len == 2000 && b.buf[2000] == '\0', "grows and stays terminated");
	s = xs_buf_detach(&b, &len);
	ok(s && len == 2000 && b.buf == xs_buf_empty, "detach hands over the memory");
	free(s);
	s = xs_buf_detach(&b, NULL);
	is_str(s, "", "detaching an empty buffer gives an empty string");
	free(s);

	is_int(xs_array_grow(v, alloc, 100), 0, "array grows");
	ok(alloc >= 100, "to at least the size asked");
	is_int(xs_array_grow(v, alloc, SIZE_MAX / 2), -12, "overflowing sizes are -ENOMEM");
	free(v);

	ok(!xs_parse_u64("0x10", &n) && n == 16, "hex number");
	ok(xs_parse_u64("12a", &n) < 0 && xs_parse_u64("", &n) < 0, "junk refused");
	ok(xs_parse_u64("-1", &n) < 0, "negative refused");
	return tap_done();
}
