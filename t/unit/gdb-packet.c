// SPDX-License-Identifier: MIT
/* The GDB packet layer: framing, checksums, escapes, run lengths, limits. */
#include <errno.h>
#include <stdlib.h>
#include <string.h>

#include "xenscope/gdb/packet.h"

#include "../tap.h"

static struct xs_gdb_rx rx;

/* Feed @s; return the last event that was not NONE. */
static enum xs_gdb_rx_event feed(const char *s, size_t len)
{
	enum xs_gdb_rx_event last = XS_GDB_RX_NONE, e;

	for (size_t i = 0; i < len; i++)
		if ((e = xs_gdb_rx_feed(&rx, (uint8_t)s[i])) != XS_GDB_RX_NONE)
			last = e;
	return last;
}

#define FEED(s) feed(s, sizeof(s) - 1)

int main(void)
{
	struct xs_buf b = XS_BUF_INIT;
	uint8_t bytes[4];
	const char *p;
	uint64_t v;
	char *big;

	tap_plan(37);
	xs_gdb_rx_init(&rx);

	is_int(FEED("$g#67"), XS_GDB_RX_PACKET, "a good packet");
	is_str(rx.buf, "g", "its payload");
	is_int(FEED("$g#68"), XS_GDB_RX_BAD_SUM, "a wrong checksum");
	is_int(FEED("$g#zz"), XS_GDB_RX_BAD_SUM, "a checksum that is not hex");
	is_int(FEED("$qSupported#37"), XS_GDB_RX_PACKET, "checksum digits in lowercase");
	is_int(FEED("+"), XS_GDB_RX_ACK, "ack");
	is_int(FEED("-"), XS_GDB_RX_NACK, "nack");
	is_int(FEED("\x03"), XS_GDB_RX_INTERRUPT, "Ctrl-C between packets");
	is_int(FEED("junk$g#67"), XS_GDB_RX_PACKET, "noise before a packet is skipped");
	is_int(FEED("$m1,$g#67"), XS_GDB_RX_PACKET, "'$' inside a packet restarts it");
	is_str(rx.buf, "g", "only the second packet is kept");

	/* "X0,1:" then an escaped '#': '}' followed by '#' ^ 0x20. */
	is_int(FEED("$X0,1:}\x03#9f"), XS_GDB_RX_PACKET, "escaped byte");
	is_int(rx.len, 6, "decoded length");
	is_int(rx.buf[5], '#', "escape undone");

	/* "0* " is '0' repeated 3 more times (' ' = 32 = 29 + 3). */
	is_int(FEED("$0* #7a"), XS_GDB_RX_PACKET, "run-length packet");
	is_str(rx.buf, "0000", "run length expanded");
	is_int(FEED("$*!#4b"), XS_GDB_RX_TOO_LONG, "run length with nothing to repeat");
	is_int(FEED("$0*\x01#5b"), XS_GDB_RX_TOO_LONG, "run length count out of range");

	big = malloc(XS_GDB_PACKET_MAX + 64);
	memset(big, 'a', XS_GDB_PACKET_MAX + 1);
	xs_buf_reset(&b);
	xs_gdb_frame(&b, big, XS_GDB_PACKET_MAX + 1);
	is_int(feed(b.buf, b.len), XS_GDB_RX_TOO_LONG, "one byte over the limit is refused");
	xs_buf_reset(&b);
	xs_gdb_frame(&b, big, XS_GDB_PACKET_MAX);
	is_int(feed(b.buf, b.len), XS_GDB_RX_PACKET, "exactly the limit is accepted");
	free(big);

	xs_buf_reset(&b);
	xs_gdb_frame(&b, "a}b#c$d*e", 9);
	is_str(b.buf,
	       "$a}]b}\x03"
	       "c}\x04"
	       "d}\x0a"
	       "e#51",
	       "framing escapes } # $ *");
	is_int(feed(b.buf, b.len), XS_GDB_RX_PACKET, "our own frame reads back");
	is_str(rx.buf, "a}b#c$d*e", "byte for byte");

	/*
	 * Runs: "X*N" is N - 29 more X.  Checked against the protocol's own
	 * examples (gdb manual, "Overview"): "0* " for "0000", and eight
	 * zeroes as "0*\"00" (counts '#' and '$' are never sent).
	 */
	xs_buf_reset(&b);
	xs_gdb_frame(&b, "0000", 4);
	is_str(b.buf, "$0* #7a", "four alike: one and a count of three");
	xs_buf_reset(&b);
	xs_gdb_frame(&b, "00000000", 8);
	is_int(strncmp(b.buf, "$0*\"00#", 7), 0,
	       "eight alike: five repeats and two literal, not '$'");
	xs_buf_reset(&b);
	xs_gdb_frame(&b, "0000000", 7);
	is_int(strncmp(b.buf, "$0*\"0#", 6), 0,
	       "seven alike: five repeats and one literal, not '#'");
	xs_buf_reset(&b);
	xs_gdb_frame(&b, "abbbc", 5);
	is_int(strncmp(b.buf, "$abbbc#", 7), 0, "three alike go literally");
	xs_buf_reset(&b);
	xs_gdb_frame(&b, "####", 4);
	is_int(strncmp(b.buf, "$}\x03}\x03}\x03}\x03#", 10), 0, "an escaped run is never counted");
	big = malloc(1000);
	memset(big, 'f', 1000);
	big[500] = '*';
	xs_buf_reset(&b);
	xs_gdb_frame(&b, big, 1000);
	is_int(b.len < 50 && !strstr(b.buf, "*}") && !strstr(b.buf, "*~"), 1,
	       "1000 alike around an escape: a few counts, none over '|'");
	is_int(feed(b.buf, b.len), XS_GDB_RX_PACKET, "runs read back");
	is_int(rx.len == 1000 && memcmp(rx.buf, big, 1000) == 0, 1, "byte for byte");
	free(big);
	/* Runs of every length up to 130, of many byte values, read back. */
	big = malloc(20000);
	{
		size_t n = 0;

		for (unsigned int r = 1; r <= 130; r++)
			for (unsigned int k = 0; k < r && n < 20000; k++)
				big[n++] = (char)((r * 37) & 0xff);
		xs_buf_reset(&b);
		xs_gdb_frame(&b, big, n);
		is_int(feed(b.buf, b.len), XS_GDB_RX_PACKET,
		       "runs of 1..130 of many byte values frame");
		is_int(rx.len == n && memcmp(rx.buf, big, n) == 0, 1,
		       "and read back byte for byte");
	}
	free(big);

	is_int(xs_gdb_unhex("0aFf", 2, bytes), 0, "hex decodes");
	is_int(xs_gdb_unhex("0g", 1, bytes), -EINVAL, "bad hex refused");
	p = "ffffffffffffffff0";
	is_int(xs_gdb_parse_hex(&p, &v), -EINVAL, "hex number over 64 bits refused");
	p = "1f,";
	is_int(xs_gdb_parse_hex(&p, &v) == 0 && v == 0x1f && *p == ',', 1, "hex number parsed");

	xs_buf_release(&b);
	return tap_done();
}
