/* SPDX-License-Identifier: MIT */
/*
 * The decoding context's insides, shared by decode.c (records, runstates,
 * vendor) and fields.c (field specs and tables).  Internal to lib/trace/.
 */
#ifndef XENSCOPE_TRACE_CTX_H
#define XENSCOPE_TRACE_CTX_H

#include "xenscope/trace/decode.h"

struct running {
	uint16_t dom, vcpu;
};

/* Names only: what an event id decodes to, once per id. */
#define CACHE_SIZE 1024
struct cached {
	uint32_t event; /* 0: empty (no record has event 0 and a name) */
	uint8_t cls;
	bool known;
	char name[48];
};

/*
 * A field spec, parsed once: each step takes one or two words (or all the
 * rest) into one or two fields.  Slots are filled once and never reused, so
 * the field names in them live as long as the context.
 */
#define SPEC_SLOTS 256
#define SPEC_LEN 64
struct spec_step {
	char type;	  /* the spec letter: u x A U X a d D, or '*' */
	const char *name; /* into names[] */
};
struct spec {
	const char *key; /* the spec's address; its text in text[] */
	char text[SPEC_LEN];
	unsigned int nr;
	struct spec_step step[XS_TRACE_FIELDS_MAX + 1];
	char names[XS_TRACE_FIELDS_MAX][20];
};

/* Which row of a table an event is (NULL: none), by table and event. */
#define ROW_SLOTS 1024
struct row {
	uint32_t event;
	const struct xs_trace_simple *table, *hit;
	const struct spec *spec; /* hit's, parsed (NULL: not kept) */
};

struct xs_trace_ctx {
	struct cached *cache;
	struct spec *specs; /* SPEC_SLOTS, or NULL: parsed every time */
	struct row *rows;   /* ROW_SLOTS, or NULL: searched every time */
	struct running *cpu;
	size_t nr_cpu;
	enum xs_trace_vendor vendor;
	bool no_fields; /* names only: a summary needs no fields */
};

#endif
