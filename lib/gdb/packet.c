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
	uint8_t sum = 0;

	while (len--)
		sum = (uint8_t)(sum + *p++);
	return sum;
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

static bool needs_escape(uint8_t c)
{
	return c == '}' || c == '#' || c == '$' || c == '*';
}

int xs_gdb_frame(struct xs_buf *out, const void *payload, size_t len)
{
	const uint8_t *p = payload;
	uint8_t sum = 0;
	char tail[4];

	if (xs_buf_grow(out, 2 * len + 4))
		return -ENOMEM;
	xs_buf_add(out, "$", 1);
	for (size_t i = 0; i < len; i++) {
		uint8_t c[2] = { '}', (uint8_t)(p[i] ^ 0x20) };
		const uint8_t *w = needs_escape(p[i]) ? c : &p[i];
		size_t n = needs_escape(p[i]) ? 2 : 1;

		sum = (uint8_t)(sum + xs_gdb_checksum(w, n));
		xs_buf_add(out, w, n);
	}
	tail[0] = '#';
	tail[1] = "0123456789abcdef"[sum >> 4];
	tail[2] = "0123456789abcdef"[sum & 15];
	return xs_buf_add(out, tail, 3) ? -ENOMEM : 0;
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

int xs_gdb_add_hex(struct xs_buf *out, const void *data, size_t len)
{
	const uint8_t *p = data;

	if (xs_buf_grow(out, 2 * len))
		return -ENOMEM;
	for (size_t i = 0; i < len; i++) {
		char h[2] = { "0123456789abcdef"[p[i] >> 4], "0123456789abcdef"[p[i] & 15] };

		xs_buf_add(out, h, 2);
	}
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
