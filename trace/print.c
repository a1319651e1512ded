// SPDX-License-Identifier: MIT
/* One event as a line: text (--dump) or a JSON object (--json). */
#include <inttypes.h>
#include <string.h>

#include "xs-trace.h"

double clock_sec(const struct clock *c, uint64_t tsc)
{
	return tsc >= c->first ? (double)(tsc - c->first) / c->hz
			       : -(double)(c->first - tsc) / c->hz;
}

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
 * A text line is built by hand: printf's parsing of its format and its
 * floating point are most of the time of a dump.
 */
struct line {
	char b[8192];
	size_t n;
};

static void put_s(struct line *l, const char *s)
{
	/* Numbers after a string need no check: 64 bytes are kept for them. */
	size_t k = strlen(s), room = l->n < sizeof(l->b) - 64 ? sizeof(l->b) - 64 - l->n : 0;

	if (k > room)
		k = room;
	memcpy(l->b + l->n, s, k);
	l->n += k;
}

static void put_c(struct line *l, char c)
{
	l->b[l->n++] = c;
}

/* @v in decimal, at least @width digits (zero padded). */
static void put_u(struct line *l, uint64_t v, int width)
{
	char t[24];
	int k = 0;

	do {
		t[k++] = (char)('0' + v % 10);
		v /= 10;
	} while (v);
	while (k < width)
		t[k++] = '0';
	while (k)
		l->b[l->n++] = t[--k];
}

/* As printf's %#x: 0x prefix, but plain 0 for zero. */
static void put_x(struct line *l, uint64_t v)
{
	static const char hex[] = "0123456789abcdef";
	char t[16];
	int k = 0;

	if (!v) {
		put_c(l, '0');
		return;
	}
	while (v) {
		t[k++] = hex[v & 15];
		v >>= 4;
	}
	put_s(l, "0x");
	while (k)
		l->b[l->n++] = t[--k];
}

/* Seconds with nine decimals. */
static void put_time(struct line *l, double t)
{
	uint64_t ns;

	if (t < 0) {
		put_c(l, '-');
		t = -t;
	}
	ns = (uint64_t)(t * 1e9 + 0.5);
	put_u(l, ns / 1000000000, 1);
	put_c(l, '.');
	put_u(l, ns % 1000000000, 9);
}

static void text_field(struct line *l, const struct xs_trace_field *f, const struct xs_syms *s)
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
		if ((name = sym(s, f->v, buf, sizeof(buf)))) {
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

void print_event(FILE *out, const struct xs_trace_event *ev, double t, const struct xs_syms *s,
		 bool json)
{
	const struct xs_trace_rec *r = ev->rec;

	if (json) {
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
	struct line l;

	l.n = 0; /* not the whole buffer: it is 8 KiB */

	put_time(&l, t);
	put_s(&l, " cpu");
	put_u(&l, r->cpu, 1);
	if (ev->dom != XS_TRACE_DOM_NONE) {
		put_s(&l, " d");
		put_u(&l, ev->dom, 1);
		put_s(&l, ":v");
		put_u(&l, ev->vcpu, 1);
	} else {
		put_s(&l, " d?:v?");
	}
	put_c(&l, ' ');
	put_s(&l, xs_trace_class_name(ev->cls));
	put_c(&l, ' ');
	put_s(&l, ev->name);
	if (!ev->known) {
		put_s(&l, " id=");
		put_x(&l, r->event);
	}
	for (unsigned int i = 0; i < ev->nr_fields; i++)
		text_field(&l, &ev->f[i], s);
	put_c(&l, '\n');
	fwrite(l.b, 1, l.n, out);
}

/*
 * Where records were lost: the CPU, the time span Xen gives (from the first
 * record it dropped to the report) and who was running when it reported.
 */
void print_lost(FILE *out, const struct xs_trace_event *ev, double t, bool json)
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
