// SPDX-License-Identifier: MIT
/* One gdb connection: bytes in, packets through the server, framed replies out. */
#include <errno.h>
#include <poll.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <unistd.h>

#include "xenscope/gdb/packet.h"
#include "xenscope/gdb/server.h"

/*
 * How often a running domain is asked whether it stopped: a trap pauses it
 * at once, we notice within this.  One domctl each time.
 */
#define RUN_POLL_MS 20

/* Set from a signal handler: end the session at the next chance. */
static volatile sig_atomic_t stop_requested;

void xs_gdb_session_stop(void)
{
	stop_requested = 1;
}

bool xs_gdb_session_stopping(void)
{
	return stop_requested;
}

struct session {
	struct xs_gdb_server *s;
	int out_fd;
	struct xs_gdb_rx rx;
	struct xs_buf reply; /* payload being built */
	struct xs_buf last;  /* last framed packet, resent on '-' */
	bool ack_pending;    /* a '+' to send in front of the next reply */
};

static int write_all(int fd, const void *data, size_t len)
{
	const char *p = data;

	while (len) {
		ssize_t n = write(fd, p, len);

		if (n < 0 && errno == EINTR)
			continue;
		if (n <= 0)
			return -EPIPE; /* gdb went away: end quietly */
		p += n;
		len -= (size_t)n;
	}
	return 0;
}

static int send_ack(struct session *x, const char *c)
{
	return x->s->no_ack ? 0 : write_all(x->out_fd, c, 1);
}

/*
 * The '+' for a packet goes out in the same write as its reply: two small
 * writes in a row meet Nagle's algorithm and the peer's delayed ACK on TCP
 * and cost tens of milliseconds per packet.
 */
static int send_reply(struct session *x)
{
	bool ack = x->ack_pending && !x->s->no_ack;
	struct xs_buf *out = &x->last;
	int err;

	x->ack_pending = false;
	xs_buf_reset(out);
	err = ack ? xs_buf_add(out, "+", 1) : 0;
	if (!err)
		err = xs_gdb_frame(out, x->reply.buf, x->reply.len);
	if (!err)
		err = write_all(x->out_fd, out->buf, out->len);
	/* Keep only the packet for a resend on '-'. */
	if (ack && out->len)
		memmove(out->buf, out->buf + 1, --out->len);
	xs_buf_reset(&x->reply);
	return err;
}

/* Returns 1 when the session should end. */
static int on_packet(struct session *x)
{
	struct xs_gdb_server *s = x->s;
	enum xs_gdb_action act;
	int err;

	x->ack_pending = true;
	act = xs_gdb_server_handle(s, x->rx.buf, x->rx.len, &x->reply);
	if (act == XS_GDB_NO_REPLY) {
		x->ack_pending = false;
		return send_ack(x, "+");
	}
	err = send_reply(x);
	if (err)
		return err;
	/* The OK to QStartNoAckMode is itself still acknowledged; then no more. */
	if (x->rx.len == 15 && !memcmp(x->rx.buf, "QStartNoAckMode", 15))
		s->no_ack = true;
	return act == XS_GDB_CLOSE || s->detached;
}

static int on_byte(struct session *x, uint8_t c)
{
	switch (xs_gdb_rx_feed(&x->rx, c)) {
	case XS_GDB_RX_PACKET:
		return on_packet(x);
	case XS_GDB_RX_BAD_SUM:
		return x->s->no_ack ? 0 : send_ack(x, "-");
	case XS_GDB_RX_TOO_LONG:
		x->ack_pending = true;
		xs_buf_addstr(&x->reply, "E07"); /* E2BIG */
		return send_reply(x);
	case XS_GDB_RX_NACK:
		return x->last.len ? write_all(x->out_fd, x->last.buf, x->last.len) : 0;
	case XS_GDB_RX_INTERRUPT:
		if (!x->s->running)
			return 0;
		xs_gdb_server_interrupt(x->s, &x->reply);
		return send_reply(x);
	case XS_GDB_RX_ACK:
	case XS_GDB_RX_NONE:
		break;
	}
	return 0;
}

/*
 * A second gdb while one is attached: answer its first packet (qSupported)
 * with a reason gdb prints ("Remote failure reply: E.…") and hang up.
 */
static void refuse(struct xs_gdb_server *s, int listen_fd)
{
	struct xs_buf out = XS_BUF_INIT;
	struct xs_gdb_rx *rx = malloc(sizeof(*rx));
	char text[128];
	int fd = accept(listen_fd, NULL, NULL);

	if (fd < 0 || !rx)
		goto out_close;
	xs_gdb_rx_init(rx);
	snprintf(text, sizeof(text), "E.another gdb is attached to domain %u", s->t->domid);
	if (xs_buf_add(&out, "+", 1) || xs_gdb_frame(&out, text, strlen(text)))
		goto out_close;
	/*
	 * Answer gdb's first packet, then wait for its next one before hanging
	 * up: closing earlier makes gdb's ack of our reply fail with EPIPE, and
	 * gdb then shows "Broken pipe" instead of the reason.  2 s at most.
	 */
	for (int polls = 0, packets = 0; polls < 20 && packets < 2;) {
		struct pollfd p = { .fd = fd, .events = POLLIN };
		uint8_t c;

		if (poll(&p, 1, 100) != 1) {
			polls++;
			continue;
		}
		if (read(fd, &c, 1) != 1)
			break;
		if (xs_gdb_rx_feed(rx, c) == XS_GDB_RX_PACKET && ++packets == 1 &&
		    write(fd, out.buf, out.len) != (ssize_t)out.len)
			break;
	}
	xs_warn("refused a second connection: a gdb is attached already");
out_close:
	xs_buf_release(&out);
	free(rx);
	if (fd >= 0) {
		shutdown(fd, SHUT_WR);
		close(fd);
	}
}

int xs_gdb_session_run(struct xs_gdb_server *s, int in_fd, int out_fd, int busy_fd)
{
	struct session *x = calloc(1, sizeof(*x));
	uint8_t buf[4096];
	int err = 0;

	if (!x)
		return xs_error(-ENOMEM, "out of memory");
	x->s = s;
	x->out_fd = out_fd;
	xs_buf_init(&x->reply);
	xs_buf_init(&x->last);
	while (!err && !stop_requested) {
		struct pollfd p[2] = { { .fd = in_fd, .events = POLLIN },
				       { .fd = busy_fd, .events = POLLIN } };
		ssize_t n;

		int ready = poll(p, busy_fd >= 0 ? 2 : 1, s->running ? RUN_POLL_MS : -1);

		if (ready < 0) {
			if (errno == EINTR)
				continue;
			break;
		}
		/* A running domain is looked at between packets: did it stop? */
		if (s->running && xs_gdb_server_poll(s, &x->reply) > 0) {
			x->ack_pending = false;
			err = send_reply(x);
			if (s->detached)
				break; /* the domain ended: so does the session */
		}
		if (ready == 0 || err)
			continue;
		if (busy_fd >= 0 && (p[1].revents & POLLIN))
			refuse(s, busy_fd);
		if (!(p[0].revents & (POLLIN | POLLHUP | POLLERR)))
			continue;
		n = read(in_fd, buf, sizeof(buf));
		if (n < 0 && errno == EINTR)
			continue;
		if (n <= 0)
			break; /* gdb hung up */
		for (ssize_t i = 0; i < n && !err; i++)
			err = on_byte(x, buf[i]);
	}
	/* Whatever ended it, nothing planted or held stays behind. */
	if (xs_gdb_server_finish(s) && !err)
		err = -EIO;
	xs_buf_release(&x->reply);
	xs_buf_release(&x->last);
	free(x);
	return err < 0 && err != -EPIPE ? err : 0;
}
