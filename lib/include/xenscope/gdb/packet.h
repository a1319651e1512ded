/* SPDX-License-Identifier: MIT */
/*
 * The GDB remote serial protocol's framing: "$payload#cs" packets, the
 * '+'/'-' acknowledgements, '}' escapes and '*' run-length encoding.
 * Nothing here knows about targets or commands (gdb-server.h).
 */
#ifndef XENSCOPE_GDB_PACKET_H
#define XENSCOPE_GDB_PACKET_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "xenscope/core/buf.h"

/*
 * Largest decoded payload we accept, advertised to gdb in qSupported as
 * PacketSize.  gdb then asks for XS_GDB_PACKET_MAX / 2 bytes per 'm' (the
 * hex reply fills the packet exactly) and splits writes to fit.  256 KiB
 * moves 32 pages per round trip: on a slow dom0 each round trip costs
 * milliseconds (bench/README.md), and it still bounds what a hostile peer
 * can make us buffer.
 */
#define XS_GDB_PACKET_MAX 0x40000

/* What feeding one byte produced. */
enum xs_gdb_rx_event {
	XS_GDB_RX_NONE,	     /* inside a packet, or noise between packets */
	XS_GDB_RX_PACKET,    /* a whole packet with a good checksum: rx->buf */
	XS_GDB_RX_BAD_SUM,   /* a whole packet with a bad checksum (send '-') */
	XS_GDB_RX_TOO_LONG,  /* good checksum but over XS_GDB_PACKET_MAX, or bad run length */
	XS_GDB_RX_ACK,	     /* '+' */
	XS_GDB_RX_NACK,	     /* '-': resend the last packet */
	XS_GDB_RX_INTERRUPT, /* 0x03 outside a packet: gdb's Ctrl-C */
};

enum xs_gdb_rx_state { XS_GDB_RX_IDLE, XS_GDB_RX_BODY, XS_GDB_RX_SUM1, XS_GDB_RX_SUM2 };

/* Receiver state; zero-initialise (or xs_gdb_rx_init) before use. */
struct xs_gdb_rx {
	enum xs_gdb_rx_state state;
	bool escape;   /* the previous body byte was '}' */
	bool repeat;   /* the previous body byte was '*' */
	bool overflow; /* decoded payload passed XS_GDB_PACKET_MAX */
	bool bad_rle;  /* '*' with nothing to repeat or an invalid count */
	uint8_t sum;   /* running checksum of the raw body */
	uint8_t want;  /* checksum sent by the peer */
	size_t len;    /* decoded bytes in buf */
	/* Decoded payload, NUL-terminated for convenience; may hold NULs ('X'). */
	char buf[XS_GDB_PACKET_MAX + 1];
};

void xs_gdb_rx_init(struct xs_gdb_rx *rx);
/* Feed one byte from the peer. */
enum xs_gdb_rx_event xs_gdb_rx_feed(struct xs_gdb_rx *rx, uint8_t c);

/* Append "$payload#cs" to @out, escaping '}', '#', '$' and '*'.  0 or -ENOMEM. */
int xs_gdb_frame(struct xs_buf *out, const void *payload, size_t len);
/* Modulo-256 sum of @len bytes. */
uint8_t xs_gdb_checksum(const void *data, size_t len);

/* Hex helpers shared by the packet handlers. */
int xs_gdb_hexval(int c); /* 0..15, or -1 */
/* Decode exactly 2 * @len hex digits from @hex into @out; -EINVAL on a bad digit. */
int xs_gdb_unhex(const char *hex, size_t len, uint8_t *out);
/* Append @len bytes as lowercase hex. */
int xs_gdb_add_hex(struct xs_buf *out, const void *data, size_t len);
/*
 * Parse a hex number at *@s, stopping at the first non-hex character, and
 * advance *@s.  -EINVAL when there are no digits or it overflows 64 bits.
 */
int xs_gdb_parse_hex(const char **s, uint64_t *out);

#endif
