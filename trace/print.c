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

static void text_field(FILE *out, const struct xs_trace_field *f, const struct xs_syms *s)
{
	char buf[XS_SYM_STRLEN];
	const char *name;

	switch (f->fmt) {
	case XS_TF_DEC:
		fprintf(out, " %s=%" PRIu64, f->name, f->v);
		break;
	case XS_TF_HEX:
		fprintf(out, " %s=%#" PRIx64, f->name, f->v);
		break;
	case XS_TF_ADDR:
		fprintf(out, " %s=%#" PRIx64, f->name, f->v);
		if ((name = sym(s, f->v, buf, sizeof(buf))))
			fprintf(out, "<%s>", name);
		break;
	case XS_TF_STR:
		fprintf(out, strchr(f->s, ' ') ? " %s=\"%s\"" : " %s=%s", f->name, f->s);
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
	fprintf(out, "%.9f cpu%u ", t, r->cpu);
	if (ev->dom != XS_TRACE_DOM_NONE)
		fprintf(out, "d%u:v%u ", ev->dom, ev->vcpu);
	else
		fputs("d?:v? ", out);
	fprintf(out, "%s %s", xs_trace_class_name(ev->cls), ev->name);
	if (!ev->known)
		fprintf(out, " id=%#x", r->event);
	for (unsigned int i = 0; i < ev->nr_fields; i++)
		text_field(out, &ev->f[i], s);
	putc('\n', out);
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
