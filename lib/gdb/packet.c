// SPDX-License-Identifier: MIT
/* GDB remote protocol framing (gdb-packet.h): a byte-at-a-time receiver. */
#include <errno.h>
#include <string.h>

#include "xenscope/gdb/packet.h"

void xs_gdb_rx_init(struct xs_gdb_rx *rx)
{
	memset(rx, 0, sizeof(*rx));
}

uint8_t xs_gdb_checksum(const void *data, size_t len)
{
	const uint8_t *p = data;
	unsigned int sum = 0; /* wider than the result: the loop vectorises */

	for (size_t i = 0; i < len; i++)
		sum += p[i];
	return (uint8_t)sum;
}

int xs_gdb_hexval(int c)
{
	if (c >= '0' && c <= '9')
		return c - '0';
	if (c >= 'a' && c <= 'f')
		return c - 'a' + 10;
	if (c >= 'A' && c <= 'F')
		return c - 'A' + 10;
	return -1;
}

/* Append decoded byte @c; past the limit only remember that it overflowed. */
static void rx_put(struct xs_gdb_rx *rx, uint8_t c)
{
	if (rx->len >= XS_GDB_PACKET_MAX) {
		rx->overflow = true;
		return;
	}
	rx->buf[rx->len++] = (char)c;
}

/*
 * '*' N repeats the previous character N - 29 more times.  N is printable
 * and never '#' or '$' (protocol rule), so 3..97 repeats.
 */
static void rx_repeat(struct xs_gdb_rx *rx, uint8_t n)
{
	if (rx->len == 0 || n < 32 || n > 126 || n == '#' || n == '$') {
		rx->bad_rle = true;
		return;
	}
	for (int i = 0; i < n - 29 && !rx->overflow; i++)
		rx_put(rx, (uint8_t)rx->buf[rx->len - 1]);
}

static void rx_body(struct xs_gdb_rx *rx, uint8_t c)
{
	rx->sum = (uint8_t)(rx->sum + c);
	if (rx->escape) {
		rx->escape = false;
		rx_put(rx, c ^ 0x20);
	} else if (rx->repeat) {
		rx->repeat = false;
		rx_repeat(rx, c);
	} else if (c == '}') {
		rx->escape = true;
	} else if (c == '*') {
		rx->repeat = true;
	} else {
		rx_put(rx, c);
	}
}

static void rx_start(struct xs_gdb_rx *rx)
{
	rx->state = XS_GDB_RX_BODY;
	rx->escape = rx->repeat = rx->overflow = rx->bad_rle = false;
	rx->sum = 0;
	rx->len = 0;
}

enum xs_gdb_rx_event xs_gdb_rx_feed(struct xs_gdb_rx *rx, uint8_t c)
{
	int v;

	switch (rx->state) {
	case XS_GDB_RX_IDLE:
		if (c == '$')
			rx_start(rx);
		else if (c == '+')
			return XS_GDB_RX_ACK;
		else if (c == '-')
			return XS_GDB_RX_NACK;
		else if (c == 0x03)
			return XS_GDB_RX_INTERRUPT;
		return XS_GDB_RX_NONE; /* noise between packets is ignored, as gdb does */
	case XS_GDB_RX_BODY:
		/* An unescaped '$' restarts: the peer gave up on the packet before. */
		if (c == '$' && !rx->escape && !rx->repeat)
			rx_start(rx);
		else if (c == '#' && !rx->escape && !rx->repeat)
			rx->state = XS_GDB_RX_SUM1;
		else
			rx_body(rx, c);
		return XS_GDB_RX_NONE;
	case XS_GDB_RX_SUM1:
		v = xs_gdb_hexval(c);
		rx->want = (uint8_t)(v < 0 ? 0 : v << 4);
		rx->state = v < 0 ? XS_GDB_RX_IDLE : XS_GDB_RX_SUM2;
		return v < 0 ? XS_GDB_RX_BAD_SUM : XS_GDB_RX_NONE;
	case XS_GDB_RX_SUM2:
		rx->state = XS_GDB_RX_IDLE;
		v = xs_gdb_hexval(c);
		if (v < 0 || (uint8_t)(rx->want | v) != rx->sum)
			return XS_GDB_RX_BAD_SUM;
		rx->buf[rx->len] = '\0';
		if (rx->overflow || rx->bad_rle || rx->escape || rx->repeat)
			return XS_GDB_RX_TOO_LONG;
		return XS_GDB_RX_PACKET;
	}
	return XS_GDB_RX_NONE;
}

/*
 * Longest run one '*' count says: 97 repeats would be '~', but a count of
 * '}' (96) reads as an escape to a careless decoder; 95 is '|'.
 */
#define RLE_MAX_REPEAT 95

/* The characters a frame must escape. */
static const uint8_t special[256] = { ['}'] = 1, ['#'] = 1, ['$'] = 1, ['*'] = 1 };

/* From @i, the first byte that must be escaped or starts four alike (or @len). */
static size_t literal_end(const uint8_t *p, size_t i, size_t len)
{
	for (; i < len; i++) {
		uint32_t w;

		if (special[p[i]])
			return i;
		if (i + 4 > len)
			continue;
		memcpy(&w, p + i, sizeof(w));
		if (w == p[i] * 0x01010101u)
			return i;
	}
	return len;
}

/*
 * Frame @payload: escapes for '}', '#', '$', '*', then run-length encoding
 * of runs of a literal character (gdb's "X*N": N - 29 more of X).  gdb
 * expands runs before it undoes escapes, so only a literal is repeated,
 * never the second character of an escape; six and seven repeats (counts
 * '#' and '$') go as five and the rest literally.  Hex replies of memory
 * are most of a debugging session's bytes, and the runs in them (zeroes,
 * padding) are bytes neither side has to handle one by one.  Written
 * straight into @out, literal spans copied whole: this is the stub's inner
 * loop for big reads.
 */
int xs_gdb_frame(struct xs_buf *out, const void *payload, size_t len)
{
	static const char digits[] = "0123456789abcdef";
	const uint8_t *p = payload;
	uint8_t sum;
	char *w, *body;
	size_t i = 0;

	/* At worst every byte is escaped: two characters each. */
	if (len > (SIZE_MAX - 4) / 2 || xs_buf_grow(out, 2 * len + 4))
		return -ENOMEM;
	w = out->buf + out->len;
	*w++ = '$';
	body = w;
	while (i < len) {
		size_t end = literal_end(p, i, len), run = 1, rep;
		uint8_t c;

		memcpy(w, p + i, end - i);
		w += end - i;
		i = end;
		if (i == len)
			break;
		c = p[i];
		if (special[c]) {
			*w++ = '}';
			*w++ = (char)(c ^ 0x20);
			i++;
			continue;
		}
		/* Four alike at least: one literal and a count. */
		while (i + run < len && p[i + run] == c && run <= RLE_MAX_REPEAT)
			run++;
		i += run;
		rep = run - 1;
		*w++ = (char)c;
		*w++ = '*';
		if (rep == 6 || rep == 7) {
			*w++ = (char)(5 + 29);
			memset(w, c, rep - 5);
			w += rep - 5;
		} else {
			*w++ = (char)(rep + 29);
		}
	}
	sum = xs_gdb_checksum(body, (size_t)(w - body));
	*w++ = '#';
	*w++ = digits[sum >> 4];
	*w++ = digits[sum & 15];
	out->len = (size_t)(w - out->buf);
	out->buf[out->len] = '\0';
	return 0;
}

int xs_gdb_unhex(const char *hex, size_t len, uint8_t *out)
{
	for (size_t i = 0; i < len; i++) {
		int hi = xs_gdb_hexval((unsigned char)hex[2 * i]);
		int lo = hi < 0 ? -1 : xs_gdb_hexval((unsigned char)hex[2 * i + 1]);

		if (lo < 0)
			return -EINVAL;
		out[i] = (uint8_t)(hi << 4 | lo);
	}
	return 0;
}

/* The two hex digits of every byte value, in order. */
/* clang-format off */
static const char hex_pairs[513] =
	"000102030405060708090a0b0c0d0e0f"
	"101112131415161718191a1b1c1d1e1f"
	"202122232425262728292a2b2c2d2e2f"
	"303132333435363738393a3b3c3d3e3f"
	"404142434445464748494a4b4c4d4e4f"
	"505152535455565758595a5b5c5d5e5f"
	"606162636465666768696a6b6c6d6e6f"
	"707172737475767778797a7b7c7d7e7f"
	"808182838485868788898a8b8c8d8e8f"
	"909192939495969798999a9b9c9d9e9f"
	"a0a1a2a3a4a5a6a7a8a9aaabacadaeaf"
	"b0b1b2b3b4b5b6b7b8b9babbbcbdbebf"
	"c0c1c2c3c4c5c6c7c8c9cacbcccdcecf"
	"d0d1d2d3d4d5d6d7d8d9dadbdcdddedf"
	"e0e1e2e3e4e5e6e7e8e9eaebecedeeef"
	"f0f1f2f3f4f5f6f7f8f9fafbfcfdfeff";
/* clang-format on */

int xs_gdb_add_hex(struct xs_buf *out, const void *data, size_t len)
{
	const uint8_t *p = data;
	char *w;

	if (len > SIZE_MAX / 2 || xs_buf_grow(out, 2 * len))
		return -ENOMEM;
	w = out->buf + out->len;
	for (size_t i = 0; i < len; i++, w += 2)
		memcpy(w, hex_pairs + 2 * p[i], 2);
	out->len += 2 * len;
	out->buf[out->len] = '\0';
	return 0;
}

int xs_gdb_parse_hex(const char **s, uint64_t *out)
{
	const char *p = *s;
	uint64_t v = 0;
	int d;

	if (xs_gdb_hexval((unsigned char)*p) < 0)
		return -EINVAL;
	while ((d = xs_gdb_hexval((unsigned char)*p)) >= 0) {
		if (v >> 60)
			return -EINVAL;
		v = v << 4 | (uint64_t)d;
		p++;
	}
	*s = p;
	*out = v;
	return 0;
}
