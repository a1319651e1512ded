// SPDX-License-Identifier: MIT
/* One event as a line: text (--dump) or a JSON object (--json). */
#include <errno.h>
#include <inttypes.h>
#include <string.h>
#include <unistd.h>

#include "report-int.h"

/* "func+0x12 (file:line)" for a hypervisor address, NULL if none. */
static const char *sym(const struct xs_syms *s, uint64_t a, char *buf, size_t len)
{
	struct xs_sym x;

	if (!s || a < 0xffff800000000000ULL || xs_syms_lookup(s, a, &x) || !x.func)
		return NULL;
	return xs_syms_format(s, a, buf, len);
}

static void json_str(FILE *out, const char *s)
{
	putc('"', out);
	for (; *s; s++) {
		if (*s == '"' || *s == '\\')
			putc('\\', out);
		if ((unsigned char)*s < 0x20)
			fprintf(out, "\\u%04x", (unsigned char)*s);
		else
			putc(*s, out);
	}
	putc('"', out);
}

/*
 * A text line is built by hand, straight into the output buffer: printf's
 * parsing of its format and its floating point were most of the time of a
 * dump, then strlen, the digit loops and one fwrite() per line.
 */
struct line {
	char *b;
	size_t n;
};

/*
 * Every piece of a line is put in line, into the caller: a call kept the
 * line's length in memory, and each piece waited for the store of the one
 * before (a third of a dump's printing).
 */
#define PUT static inline __attribute__((always_inline))

/* Most bytes one line may take: what the former line buffer held. */
#define LINE_MAX 8192

/* Two decimal digits at a time. */
static const char digits2[201] = "00010203040506070809101112131415161718192021222324"
				 "25262728293031323334353637383940414243444546474849"
				 "50515253545556575859606162636465666768697071727374"
				 "75767778798081828384858687888990919293949596979899";

PUT void put_mem(struct line *l, const char *s, size_t k)
{
	/* Numbers after a string need no check: 64 bytes are kept for them. */
	size_t room = l->n < LINE_MAX - 64 ? LINE_MAX - 64 - l->n : 0;

	if (k <= room) { /* a constant k stays one: the copy is inlined */
		memcpy(l->b + l->n, s, k);
		l->n += k;
	} else {
		memcpy(l->b + l->n, s, room);
		l->n += room;
	}
}

/* Names are short: a byte loop beats strlen() and memcpy() calls. */
PUT void put_s(struct line *l, const char *s)
{
	size_t room = l->n < LINE_MAX - 64 ? LINE_MAX - 64 - l->n : 0, k = 0;
	char *d = l->b + l->n;

	for (; s[k] && k < room; k++)
		d[k] = s[k];
	l->n += k;
}

/* A string constant: its length is known when compiled. */
#define PUT_LIT(l, s) put_mem((l), (s), sizeof(s) - 1)

PUT void put_c(struct line *l, char c)
{
	l->b[l->n++] = c;
}

/* @v in decimal, at least @width digits (zero padded). */
PUT void put_u(struct line *l, uint64_t v, int width)
{
	char t[24];
	int k = 24;

	while (v >= 100) {
		k -= 2;
		memcpy(t + k, digits2 + 2 * (v % 100), 2);
		v /= 100;
	}
	if (v >= 10) {
		k -= 2;
		memcpy(t + k, digits2 + 2 * v, 2);
	} else {
		t[--k] = (char)('0' + v);
	}
	while (24 - k < width)
		t[--k] = '0';
	memcpy(l->b + l->n, t + k, (size_t)(24 - k));
	l->n += (size_t)(24 - k);
}

/* Two hexadecimal digits at a time, for byte b at hex2[2 * b]. */
static const char hex2[513] = "000102030405060708090a0b0c0d0e0f101112131415161718191a1b1c1d1e1f"
			      "202122232425262728292a2b2c2d2e2f303132333435363738393a3b3c3d3e3f"
			      "404142434445464748494a4b4c4d4e4f505152535455565758595a5b5c5d5e5f"
			      "606162636465666768696a6b6c6d6e6f707172737475767778797a7b7c7d7e7f"
			      "808182838485868788898a8b8c8d8e8f909192939495969798999a9b9c9d9e9f"
			      "a0a1a2a3a4a5a6a7a8a9aaabacadaeafb0b1b2b3b4b5b6b7b8b9babbbcbdbebf"
			      "c0c1c2c3c4c5c6c7c8c9cacbcccdcecfd0d1d2d3d4d5d6d7d8d9dadbdcdddedf"
			      "e0e1e2e3e4e5e6e7e8e9eaebecedeeeff0f1f2f3f4f5f6f7f8f9fafbfcfdfeff";

/* As printf's %#x: 0x prefix, but plain 0 for zero. */
PUT void put_x(struct line *l, uint64_t v)
{
	char *d;
	int k;

	if (!v) {
		put_c(l, '0');
		return;
	}
	PUT_LIT(l, "0x");
	k = (67 - __builtin_clzll(v)) / 4; /* digits */
	d = l->b + l->n + k;
	l->n += (size_t)k;
	for (; k >= 2; k -= 2, v >>= 8) {
		d -= 2;
		memcpy(d, hex2 + 2 * (v & 0xff), 2);
	}
	if (k)
		d[-1] = hex2[2 * (v & 15) + 1];
}

/* Seconds with nine decimals. */
PUT void put_time(struct line *l, double t)
{
	uint64_t ns, sec;
	uint32_t frac, hi, lo; /* below 1e9: 32-bit divisions are cheaper */
	char *d;

	if (t < 0) {
		put_c(l, '-');
		t = -t;
	}
	ns = (uint64_t)(t * 1e9 + 0.5);
	sec = ns / 1000000000;
	frac = (uint32_t)(ns - sec * 1000000000);
	if (sec < 10)
		put_c(l, (char)('0' + sec));
	else
		put_u(l, sec, 1);
	/* '.', then nine digits: five and four, each split in two */
	hi = frac / 10000;
	lo = frac - hi * 10000;
	d = l->b + l->n;
	d[0] = '.';
	d[1] = (char)('0' + hi / 10000);
	hi %= 10000;
	memcpy(d + 2, digits2 + 2 * (hi / 100), 2);
	memcpy(d + 4, digits2 + 2 * (hi % 100), 2);
	memcpy(d + 6, digits2 + 2 * (lo / 100), 2);
	memcpy(d + 8, digits2 + 2 * (lo % 100), 2);
	l->n += 10;
}

PUT void text_field(struct line *l, const struct xs_trace_field *f, const struct xs_syms *s)
{
	char buf[XS_SYM_STRLEN];
	const char *name;

	put_c(l, ' ');
	put_s(l, f->name);
	put_c(l, '=');
	switch (f->fmt) {
	case XS_TF_DEC:
		put_u(l, f->v, 1);
		break;
	case XS_TF_HEX:
		put_x(l, f->v);
		break;
	case XS_TF_ADDR:
		put_x(l, f->v);
		if (s && (name = sym(s, f->v, buf, sizeof(buf)))) {
			put_c(l, '<');
			put_s(l, name);
			put_c(l, '>');
		}
		break;
	case XS_TF_STR:
		if (strchr(f->s, ' ')) {
			put_c(l, '"');
			put_s(l, f->s);
			put_c(l, '"');
		} else {
			put_s(l, f->s);
		}
		break;
	}
}

static void json_field(FILE *out, const struct xs_trace_field *f, const struct xs_syms *s)
{
	char buf[XS_SYM_STRLEN];
	const char *name;

	fprintf(out, ",\"%s\":", f->name);
	switch (f->fmt) {
	case XS_TF_DEC:
		fprintf(out, "%" PRIu64, f->v);
		break;
	case XS_TF_HEX:
		fprintf(out, "\"%#" PRIx64 "\"", f->v);
		break;
	case XS_TF_ADDR:
		fprintf(out, "\"%#" PRIx64 "\"", f->v);
		if ((name = sym(s, f->v, buf, sizeof(buf)))) {
			fprintf(out, ",\"%s_sym\":", f->name);
			json_str(out, name);
		}
		break;
	case XS_TF_STR:
		json_str(out, f->s);
		break;
	}
}

/*
 * Straight to the file: through stdio, half of every block was copied into
 * its buffer first.  What stdio holds (other writers' output) goes first.
 */
/*
 * " cpuN dD:vV class " (or "d?:v?"): the same for long runs of a CPU's
 * lines, so made once into @w and copied whole while it stays so.
 */
static void make_who(struct who *w, uint32_t cpu, const struct xs_trace_event *ev)
{
	char s[LINE_MAX]; /* the room the pieces assume; the result is short */
	struct line m = { s, 0 };

	PUT_LIT(&m, " cpu");
	put_u(&m, cpu, 1);
	if (ev->dom != XS_TRACE_DOM_NONE) {
		PUT_LIT(&m, " d");
		put_u(&m, ev->dom, 1);
		PUT_LIT(&m, ":v");
		put_u(&m, ev->vcpu, 1);
	} else {
		PUT_LIT(&m, " d?:v?");
	}
	put_c(&m, ' ');
	put_s(&m, xs_trace_class_name(ev->cls));
	put_c(&m, ' ');
	w->used = true;
	w->cls = (uint8_t)ev->cls;
	w->len = (uint8_t)(m.n < sizeof(w->s) ? m.n : sizeof(w->s));
	w->dom = ev->dom;
	w->vcpu = ev->vcpu;
	w->cpu = cpu;
	memcpy(w->s, s, w->len);
}

PUT void put_who(struct line *l, struct who *w, uint32_t cpu, const struct xs_trace_event *ev)
{
	if (!w->used || w->cpu != cpu || w->dom != ev->dom || w->vcpu != ev->vcpu ||
	    w->cls != ev->cls)
		make_who(w, cpu, ev);
	/* A line has LINE_MAX bytes of room: the whole array copies at once. */
	memcpy(l->b + l->n, w->s, sizeof(w->s));
	l->n += w->len;
}

void xs_trace_out_flush(struct xs_trace_out *o)
{
	size_t off = 0;

	if (!o->n)
		return;
	if (fflush(o->f))
		o->failed = true;
	while (off < o->n && !o->failed) {
		ssize_t k = write(fileno(o->f), o->b + off, o->n - off);

		if (k < 0 && errno == EINTR)
			continue;
		if (k <= 0)
			o->failed = true;
		else
			off += (size_t)k;
	}
	o->n = 0;
}

void xs_trace_print_event(struct xs_trace_out *o, const struct xs_trace_event *ev, double t,
			  const struct xs_syms *s, bool json)
{
	const struct xs_trace_rec *r = ev->rec;
	FILE *out = o->f;

	if (json) {
		xs_trace_out_flush(o);
		fprintf(out, "{\"t\":%.9f,\"tsc\":%" PRIu64 ",\"cpu\":%u,", t, r->tsc, r->cpu);
		if (ev->dom != XS_TRACE_DOM_NONE)
			fprintf(out, "\"dom\":%u,\"vcpu\":%u,", ev->dom, ev->vcpu);
		fprintf(out, "\"class\":\"%s\",\"event\":\"%s\",\"id\":\"%#x\"",
			xs_trace_class_name(ev->cls), ev->name, r->event);
		for (unsigned int i = 0; i < ev->nr_fields; i++)
			json_field(out, &ev->f[i], s);
		fputs("}\n", out);
		return;
	}
	if (sizeof(o->b) - o->n < LINE_MAX)
		xs_trace_out_flush(o);

	struct line l = { o->b + o->n, 0 };

	put_time(&l, t);
	put_who(&l, &o->who[(r->cpu * 16 + ev->cls) & 255], r->cpu, ev);
	put_s(&l, ev->name);
	if (!ev->known) {
		PUT_LIT(&l, " id=");
		put_x(&l, r->event);
	}
	for (unsigned int i = 0; i < ev->nr_fields; i++)
		text_field(&l, &ev->f[i], s);
	put_c(&l, '\n');
	o->n += l.n;
	if (o->unbuffered)
		xs_trace_out_flush(o);
}

/*
 * Where records were lost: the CPU, the time span Xen gives (from the first
 * record it dropped to the report) and who was running when it reported.
 */
void xs_trace_print_lost(FILE *out, const struct xs_trace_event *ev, double t, bool json)
{
	const struct xs_trace_rec *r = ev->rec;
	uint64_t first = r->nr >= 4 ? xs_trace_u64(&r->data[2]) : r->tsc;
	uint32_t n = r->nr ? r->data[0] : 0;

	if (json) {
		fprintf(out,
			"{\"lost_records\":%u,\"cpu\":%u,\"t\":%.9f,\"tsc\":%" PRIu64
			",\"first_tsc\":%" PRIu64 ",\"offset\":%" PRIu64 "}\n",
			n, r->cpu, t, r->tsc, first, r->seq);
		return;
	}
	fprintf(out,
		"lost %u records on cpu%u at %.9f s (tsc %" PRIu64 ", first lost at tsc %" PRIu64
		", %" PRIu64 " cycles before; file offset %" PRIu64 ")\n",
		n, r->cpu, t, r->tsc, first, r->tsc >= first ? r->tsc - first : 0, r->seq);
}
