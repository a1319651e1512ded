// SPDX-License-Identifier: MIT
/*
 * Fields of a record by a spec string (xs_trace_fields()), and the tables
 * of events decoded by a spec alone.  A dump decodes every record, so a
 * spec is parsed once per context and replayed from then on, and which row
 * of a table an event is, looked up once: parsing the text and scanning the
 * tables again for each record were much of a dump's time.
 */
#include <stdint.h>
#include <string.h>

#include "ctx.h"

void xs_trace_field_add(struct xs_trace_event *ev, const char *name, enum xs_trace_fmt fmt,
			uint64_t v)
{
	if (ev->nr_fields < XS_TRACE_FIELDS_MAX)
		ev->f[ev->nr_fields++] = (struct xs_trace_field){ name, fmt, v, NULL };
}

void xs_trace_field_str(struct xs_trace_event *ev, const char *name, const char *s)
{
	if (ev->nr_fields < XS_TRACE_FIELDS_MAX)
		ev->f[ev->nr_fields++] = (struct xs_trace_field){ name, XS_TF_STR, 0, s };
}

/* Field names of the raw words, for '*' and unknown records. */
static const char *const wname[] = { "w0", "w1", "w2", "w3", "w4", "w5", "w6" };

static enum xs_trace_fmt fmt_of(char t)
{
	return t == 'u' || t == 'U' ? XS_TF_DEC : t == 'x' || t == 'X' ? XS_TF_HEX : XS_TF_ADDR;
}

/*
 * Parse @text into @sp's steps, names into @names.  Parsing stops where
 * the fields would: a '*' (which takes every word left), a token without a
 * colon, a name too long, too many tokens, an unknown letter.
 */
static void parse_spec(const char *text, struct spec_step *step, unsigned int *nr,
		       char (*names)[20])
{
	unsigned int n = 0;

	*nr = 0;
	while (*text) {
		const char *colon = strchr(text, ':');
		size_t len = colon ? (size_t)(colon - text) : 0;
		char t;

		if (*text == '*') {
			step[(*nr)++] = (struct spec_step){ '*', NULL };
			return;
		}
		if (!colon || len >= sizeof(names[0]) || n >= XS_TRACE_FIELDS_MAX)
			return;
		t = colon[1];
		if (!strchr("uxAUXadD*", t) || !t)
			return;
		memcpy(names[n], text, len);
		names[n][len] = 0;
		step[(*nr)++] = (struct spec_step){ t, names[n] };
		if (t == '*')
			return;
		n++;
		text = colon + 2;
		while (*text == ' ')
			text++;
	}
}

/* The words of @ev's record as @nr parsed steps say. */
static void run_spec(struct xs_trace_event *ev, const struct spec_step *step, unsigned int nr)
{
	const struct xs_trace_rec *r = ev->rec;
	uint32_t w = 0;

	for (unsigned int i = 0; i < nr; i++) {
		char t = step[i].type;

		switch (t) {
		case 'u':
		case 'x':
		case 'A':
			if (w + 1 > r->nr)
				return;
			xs_trace_field_add(ev, step[i].name, fmt_of(t), r->data[w++]);
			break;
		case 'U':
		case 'X':
		case 'a':
			if (w + 2 > r->nr)
				return;
			xs_trace_field_add(ev, step[i].name, fmt_of(t), xs_trace_u64(&r->data[w]));
			w += 2;
			break;
		case 'd':
		case 'D':
			if (w + 1 > r->nr)
				return;
			xs_trace_field_add(ev, "dom", XS_TF_DEC,
					   t == 'd' ? r->data[w] >> 16 : r->data[w] & 0xffff);
			xs_trace_field_add(ev, "vcpu", XS_TF_DEC,
					   t == 'd' ? r->data[w] & 0xffff : r->data[w] >> 16);
			w++;
			break;
		default: /* '*' */
			for (; w < r->nr; w++)
				xs_trace_field_add(ev, wname[w], XS_TF_HEX, r->data[w]);
			return;
		}
	}
}

/*
 * The parsed form of @text, from the context's slots: keyed by the spec's
 * address, and checked by its text when @built (a spec a decoder built in
 * a buffer of its own; a constant's address names it), a few probes, and
 * no slot ever reused.  NULL: not kept.
 */
static const struct spec *spec_of(struct xs_trace_ctx *c, const char *text, bool built)
{
	size_t h = (size_t)(((uintptr_t)text >> 3) * 0x9e3779b97f4a7c15ULL >> 56);

	if (!c || !c->specs)
		return NULL;
	for (unsigned int probe = 0; probe < 4; probe++) {
		struct spec *sp = &c->specs[(h + probe) % SPEC_SLOTS];

		if (sp->key == text && (!built || !strcmp(sp->text, text)))
			return sp;
		if (sp->key)
			continue;
		if (strlen(text) >= sizeof(sp->text))
			return NULL;
		sp->key = text;
		strcpy(sp->text, text);
		parse_spec(text, sp->step, &sp->nr, sp->names);
		return sp;
	}
	return NULL;
}

static void fields(struct xs_trace_event *ev, const char *spec, bool built)
{
	struct spec_step step[XS_TRACE_FIELDS_MAX + 1];
	const struct spec *sp;
	unsigned int nr;

	if (ev->no_fields)
		return;
	sp = spec_of(ev->ctx, spec, built);
	if (sp) {
		run_spec(ev, sp->step, sp->nr);
		return;
	}
	/* Names into the event itself: they live as long as it does. */
	parse_spec(spec, step, &nr, ev->fname);
	run_spec(ev, step, nr);
}

void xs_trace_fields(struct xs_trace_event *ev, const char *spec)
{
	fields(ev, spec, false);
}

void xs_trace_fields_built(struct xs_trace_event *ev, const char *spec)
{
	fields(ev, spec, true);
}

bool xs_trace_dec_table(const struct xs_trace_simple *t, size_t n, struct xs_trace_event *ev)
{
	uint32_t e = ev->rec->event;
	struct row *row = NULL;
	const struct xs_trace_simple *hit = NULL;

	if (ev->ctx && ev->ctx->rows) {
		row = &ev->ctx->rows[(e * 2654435761U) >> 22];
		if (row->table == t && row->event == e) {
			if (!row->hit)
				return false;
			ev->name = row->hit->name;
			/* A table's spec is a constant: no need to check its text. */
			if (row->spec && !ev->no_fields)
				run_spec(ev, row->spec->step, row->spec->nr);
			else
				xs_trace_fields(ev, row->hit->spec);
			return true;
		}
	}
	for (size_t i = 0; i < n && !hit; i++)
		if (t[i].event == e)
			hit = &t[i];
	if (row) /* rows point at static tables: one may replace another */
		*row = (struct row){ e, t, hit, hit ? spec_of(ev->ctx, hit->spec, false) : NULL };
	if (!hit)
		return false;
	ev->name = hit->name;
	xs_trace_fields(ev, hit->spec);
	return true;
}
