// SPDX-License-Identifier: MIT
/*
 * The GDB stub's q and Q packets: what the stub supports, the target
 * description and the thread list (one thread per vCPU).
 */
#include <errno.h>
#include <stdlib.h>
#include <string.h>

#include "xenscope/gdb/packet.h"
#include "xenscope/gdb/server.h"

#include "gdb/cmd.h"

/* Whether gdb's qSupported list @list (after the ':') holds @feature. */
static bool peer_has(const char *list, size_t len, const char *feature)
{
	size_t n = strlen(feature);

	for (const char *p = list, *end = list + len; p < end;) {
		const char *semi = memchr(p, ';', (size_t)(end - p));
		size_t l = semi ? (size_t)(semi - p) : (size_t)(end - p);

		if (l == n && !memcmp(p, feature, n))
			return true;
		p += l + 1;
	}
	return false;
}

/*
 * Only what is implemented: binary x reads, the two qXfer objects, no-ack
 * mode, vCont, and textual errors.  Breakpoint kinds (swbreak, hwbreak) are
 * added when the target can plant them.
 */
enum xs_gdb_action xs_gdb_cmd_supported(struct xs_gdb_server *s, const struct args *a,
					struct xs_buf *reply)
{
	const char *list = a->rest_len && a->rest[0] == ':' ? a->rest + 1 : a->rest;
	size_t len = a->rest_len - (size_t)(list - a->rest);

	s->error_message = peer_has(list, len, "error-message+");
	xs_buf_addf(reply,
		    "PacketSize=%x;qXfer:features:read+;qXfer:threads:read+;QStartNoAckMode+;"
		    "vContSupported+;binary-upload+;error-message+%s",
		    XS_GDB_PACKET_MAX, xs_gdb_server_can_run(s) ? ";swbreak+;hwbreak+" : "");
	return XS_GDB_REPLY;
}

/*
 * Answer qXfer ...:OFFSET,LENGTH from the whole object @obj: "m" and a
 * piece, or "l" and the last piece.
 */
static enum xs_gdb_action xfer_reply(struct xs_gdb_server *s, const char *p,
				     const struct xs_buf *obj, struct xs_buf *reply)
{
	uint64_t off, len;

	if (xs_gdb_parse_hex(&p, &off) || *p++ != ',' || xs_gdb_parse_hex(&p, &len) || *p)
		return xs_gdb_error(s, reply, -EINVAL, "qXfer wants OFFSET,LENGTH");
	/* Escaping can double the size: keep each chunk within half a packet. */
	if (len > XS_GDB_PACKET_MAX / 2 - 1)
		len = XS_GDB_PACKET_MAX / 2 - 1;
	if (off >= obj->len) {
		xs_buf_addstr(reply, "l");
	} else {
		size_t n = obj->len - off < len ? obj->len - off : (size_t)len;

		xs_buf_addstr(reply, off + n >= obj->len ? "l" : "m");
		xs_buf_add(reply, obj->buf + off, n);
	}
	return XS_GDB_REPLY;
}

/* qXfer:features:read:ANNEX:OFFSET,LENGTH */
enum xs_gdb_action xs_gdb_cmd_xfer_features(struct xs_gdb_server *s, const struct args *a,
					    struct xs_buf *reply)
{
	static const char annex[] = "target.xml:";
	struct xs_buf xml = XS_BUF_INIT;
	enum xs_gdb_action act;

	if (strncmp(a->rest, annex, strlen(annex)))
		return xs_gdb_error(s, reply, -ENOENT, "only target.xml is described");
	if (xs_gdb_target_xml(&xml))
		act = xs_gdb_error(s, reply, -ENOMEM, NULL);
	else
		act = xfer_reply(s, a->rest + strlen(annex), &xml, reply);
	xs_buf_release(&xml);
	return act;
}

/* "vCPU N (state)": the extra information gdb shows next to a thread. */
static int vcpu_text(struct xs_gdb_server *s, unsigned int vcpu, struct xs_buf *out)
{
	struct xs_gdb_regs r;
	int err = s->t->ops->read_regs(s->t, vcpu, &r);

	return xs_buf_addf(out, "vCPU %u (%s)", vcpu, err ? "unreadable" : xs_gdb_vcpu_state(&r))
		       ? -ENOMEM
		       : 0;
}

/* qXfer:threads:read::OFFSET,LENGTH */
enum xs_gdb_action xs_gdb_cmd_xfer_threads(struct xs_gdb_server *s, const struct args *a,
					   struct xs_buf *reply)
{
	struct xs_buf xml = XS_BUF_INIT;
	enum xs_gdb_action act;
	int err = 0;

	if (a->rest[0] != ':')
		return xs_gdb_error(s, reply, -ENOENT, "the thread list takes no annex");
	err = xs_buf_addstr(&xml, "<?xml version=\"1.0\"?>\n<threads>\n");
	for (unsigned int v = 0; !err && v < s->t->nr_vcpus; v++) {
		err = xs_buf_addf(&xml, "<thread id=\"%x\">", xs_gdb_thread_id(v)) ||
		      vcpu_text(s, v, &xml) || xs_buf_addstr(&xml, "</thread>\n");
	}
	if (!err)
		err = xs_buf_addstr(&xml, "</threads>\n");
	if (err)
		act = xs_gdb_error(s, reply, -ENOMEM, NULL);
	else
		act = xfer_reply(s, a->rest + 1, &xml, reply);
	xs_buf_release(&xml);
	return act;
}

/* qThreadExtraInfo,ID: the same text, hex-encoded. */
enum xs_gdb_action xs_gdb_cmd_extra_info(struct xs_gdb_server *s, const struct args *a,
					 struct xs_buf *reply)
{
	struct xs_buf text = XS_BUF_INIT;
	int err;

	if (a->addr == 0 || a->addr > s->t->nr_vcpus)
		return xs_gdb_error(s, reply, -ENOENT, "no thread %#llx",
				    (unsigned long long)a->addr);
	err = vcpu_text(s, (unsigned int)a->addr - 1, &text);
	if (!err)
		err = xs_gdb_add_hex(reply, text.buf, text.len);
	xs_buf_release(&text);
	return err ? xs_gdb_error(s, reply, -ENOMEM, NULL) : XS_GDB_REPLY;
}

enum xs_gdb_action xs_gdb_cmd_first_thread(struct xs_gdb_server *s, const struct args *a,
					   struct xs_buf *reply)
{
	xs_buf_addstr(reply, "m");
	for (unsigned int v = 0; v < s->t->nr_vcpus; v++)
		xs_buf_addf(reply, "%s%x", v ? "," : "", xs_gdb_thread_id(v));
	return XS_GDB_REPLY;
}

enum xs_gdb_action xs_gdb_cmd_next_thread(struct xs_gdb_server *s, const struct args *a,
					  struct xs_buf *reply)
{
	xs_buf_addstr(reply, "l"); /* everything went in the first reply */
	return XS_GDB_REPLY;
}

enum xs_gdb_action xs_gdb_cmd_current_thread(struct xs_gdb_server *s, const struct args *a,
					     struct xs_buf *reply)
{
	xs_buf_addf(reply, "QC%x", xs_gdb_thread_id(s->g_vcpu));
	return XS_GDB_REPLY;
}

/* "1": gdb attached to something that existed, so quitting detaches. */
enum xs_gdb_action xs_gdb_cmd_attached(struct xs_gdb_server *s, const struct args *a,
				       struct xs_buf *reply)
{
	xs_buf_addstr(reply, "1");
	return XS_GDB_REPLY;
}

enum xs_gdb_action xs_gdb_cmd_symbol(struct xs_gdb_server *s, const struct args *a,
				     struct xs_buf *reply)
{
	return xs_gdb_ok(reply); /* no symbols wanted */
}

enum xs_gdb_action xs_gdb_cmd_no_ack(struct xs_gdb_server *s, const struct args *a,
				     struct xs_buf *reply)
{
	return xs_gdb_ok(reply); /* the session switches after sending the OK */
}

/* The chunk qSearch reads at a time; the pattern may straddle two. */
#define SEARCH_CHUNK 0x10000

/* The first @plen-byte match of @pat in @buf, or NULL. */
static const uint8_t *find(const uint8_t *buf, size_t len, const uint8_t *pat, size_t plen)
{
	const uint8_t *p = buf, *end = buf + len;

	while ((size_t)(end - p) >= plen && (p = memchr(p, pat[0], (size_t)(end - p) - plen + 1))) {
		if (!memcmp(p, pat, plen))
			return p;
		p++;
	}
	return NULL;
}

/*
 * qSearch:memory:ADDR;LEN;PATTERN (binary): "1,ADDR" at the first match,
 * "0" for none.  Searching here saves gdb reading the whole range.
 */
enum xs_gdb_action xs_gdb_cmd_search(struct xs_gdb_server *s, const struct args *a,
				     struct xs_buf *reply)
{
	const char *p = a->rest, *end = a->rest + a->rest_len;
	uint64_t addr, len, done = 0;
	size_t plen, keep = 0;
	uint8_t *buf;

	if (xs_gdb_parse_hex(&p, &addr) || *p++ != ';' || xs_gdb_parse_hex(&p, &len) ||
	    *p++ != ';' || p > end || addr + len < addr)
		return xs_gdb_error(s, reply, -EINVAL, "qSearch:memory wants ADDR;LEN;PATTERN");
	plen = (size_t)(end - p);
	if (plen == 0 || plen > SEARCH_CHUNK)
		return xs_gdb_error(s, reply, -EINVAL, "pattern of %zu bytes", plen);
	buf = malloc(SEARCH_CHUNK + plen);
	if (!buf)
		return xs_gdb_error(s, reply, -ENOMEM, NULL);
	/* buf holds the last @keep bytes of the previous chunk, then the new one. */
	while (done < len) {
		size_t want = len - done < SEARCH_CHUNK ? (size_t)(len - done) : SEARCH_CHUNK;
		long n = xs_gdb_session_read(s, addr + done, buf + keep, want);
		size_t got = n > 0 ? (size_t)n : 0;
		const uint8_t *hit = find(buf, keep + got, (const uint8_t *)p, plen);

		if (hit) {
			xs_buf_addf(reply, "1,%llx",
				    (unsigned long long)(addr + done - keep + (size_t)(hit - buf)));
			free(buf);
			return XS_GDB_REPLY;
		}
		if (got < want) {
			free(buf);
			return xs_gdb_error(s, reply, -EFAULT, "cannot read %#llx, search stopped",
					    (unsigned long long)(addr + done + got));
		}
		done += want;
		/* Keep the tail a match could start in. */
		size_t tot = keep + want;

		keep = plen - 1 < tot ? plen - 1 : tot;
		memmove(buf, buf + tot - keep, keep);
	}
	free(buf);
	xs_buf_addstr(reply, "0");
	return XS_GDB_REPLY;
}
