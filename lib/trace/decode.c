// SPDX-License-Identifier: MIT
/*
 * Record decoding: the class of an event, the fields of a record by a
 * spec string, the context every record needs (which vCPU runs on its CPU,
 * which CPU vendor wrote the VMEXIT reasons).
 */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "ctx.h"

#define CTX_MAX_CPUS 4096

static const char *const class_names[XS_TC_MAX] = {
	[XS_TC_GEN] = "gen",	       [XS_TC_SCHED] = "sched", [XS_TC_DOM0OP] = "dom0op",
	[XS_TC_HVM] = "hvm",	       [XS_TC_MEM] = "mem",	[XS_TC_PV] = "pv",
	[XS_TC_SHADOW] = "shadow",     [XS_TC_HW] = "hw",	[XS_TC_GUEST] = "guest",
	[XS_TC_XENSCOPE] = "xenscope", [XS_TC_OTHER] = "other",
};

const char *xs_trace_class_name(enum xs_trace_class c)
{
	return c < XS_TC_MAX ? class_names[c] : "other";
}

int xs_trace_class_parse(const char *name)
{
	for (int i = 0; i < XS_TC_MAX; i++)
		if (!strcmp(name, class_names[i]))
			return i;
	return -1;
}

int xs_trace_ctx_new(struct xs_trace_ctx **out)
{
	struct xs_trace_ctx *c = calloc(1, sizeof(*c));

	*out = c;
	if (!c)
		return xs_error(-ENOMEM, "out of memory");
	/* Without them decoding is only slower. */
	c->specs = calloc(SPEC_SLOTS, sizeof(*c->specs));
	c->rows = calloc(ROW_SLOTS, sizeof(*c->rows));
	return 0;
}

void xs_trace_ctx_free(struct xs_trace_ctx *c)
{
	if (c) {
		free(c->cpu);
		free(c->cache);
		free(c->specs);
		free(c->rows);
	}
	free(c);
}

enum xs_trace_vendor xs_trace_ctx_vendor(const struct xs_trace_ctx *c)
{
	return c->vendor;
}

static struct running *running_of(struct xs_trace_ctx *c, uint32_t cpu)
{
	if (cpu >= CTX_MAX_CPUS)
		return NULL;
	if (cpu >= c->nr_cpu) {
		size_t n = c->nr_cpu ? c->nr_cpu : 8;
		struct running *v;

		while (n <= cpu)
			n *= 2;
		v = realloc(c->cpu, n * sizeof(*v));
		if (!v)
			return NULL;
		for (size_t i = c->nr_cpu; i < n; i++)
			v[i] = (struct running){ XS_TRACE_DOM_NONE, 0 };
		c->cpu = v;
		c->nr_cpu = n;
	}
	return &c->cpu[cpu];
}

void xs_trace_ctx_set_running(struct xs_trace_ctx *c, uint32_t cpu, uint16_t dom, uint16_t vcpu)
{
	struct running *p = running_of(c, cpu);

	if (p)
		*p = (struct running){ dom, vcpu };
}

void xs_trace_ctx_running(const struct xs_trace_ctx *c, uint32_t cpu, uint16_t *dom, uint16_t *vcpu)
{
	*dom = cpu < c->nr_cpu ? c->cpu[cpu].dom : XS_TRACE_DOM_NONE;
	*vcpu = cpu < c->nr_cpu ? c->cpu[cpu].vcpu : 0;
}

/*
 * The vendor from the exit reasons themselves: VMX's basic reasons are all
 * below 0x50, and a VMX trace is full of external interrupts (1), CPUID
 * (10), HLT (12) and I/O (30); SVM's codes for those are 0x60, 0x72, 0x78
 * and 0x7b, and SVM's 1, 10, 12 would be reads of CR1, CR10, CR12, which do
 * not exist.
 */
void xs_trace_ctx_note_vmexit_reason(struct xs_trace_ctx *c, uint32_t reason)
{
	if (c->vendor != XS_VENDOR_UNKNOWN)
		return;
	if (reason >= 0x60 && reason <= 0x403)
		c->vendor = XS_VENDOR_AMD;
	else if (reason == 1 || reason == 2 || reason == 7 || reason == 10 || reason == 12 ||
		 reason == 30)
		c->vendor = XS_VENDOR_INTEL;
}

void xs_trace_ctx_sniff(struct xs_trace_ctx *c, const struct xs_trace_rec *r)
{
	uint32_t e = r->event & ~0x400U; /* without the nested flag */

	if ((e == 0x00081002 || e == 0x00081102) && r->nr >= 1)
		xs_trace_ctx_note_vmexit_reason(c, r->data[0] & 0xffffU);
}

void xs_trace_ctx_names_only(struct xs_trace_ctx *c, bool on)
{
	c->no_fields = on;
	if (on && !c->cache)
		c->cache = calloc(CACHE_SIZE, sizeof(*c->cache));
}

/*
 * Whether an event's name depends on its data or the context changes with
 * it: runstate changes, VM exits (reason, vendor), 64-bit and nested
 * alike.  (VM entries are names alone.)
 */
static bool needs_data(uint32_t event)
{
	return (event & 0xfffff000U) == 0x00021000U || (event & ~0x500U) == 0x00081002U ||
	       event == XS_TRC_LOST_RECORDS;
}

static enum xs_trace_class class_of(uint32_t event)
{
	switch ((event >> 16) & 0xfff) {
	case 0x001:
		return XS_TC_GEN;
	case 0x002:
		return XS_TC_SCHED;
	case 0x004:
		return XS_TC_DOM0OP;
	case 0x008:
		return XS_TC_HVM;
	case 0x010:
		return XS_TC_MEM;
	case 0x020:
		return XS_TC_PV;
	case 0x040:
		return XS_TC_SHADOW;
	case 0x080:
		return XS_TC_HW;
	case 0x800:
		return XS_TC_GUEST;
	}
	return XS_TC_OTHER;
}

static void decode_full(struct xs_trace_ctx *c, const struct xs_trace_rec *r,
			struct xs_trace_event *ev);

typedef bool (*dec_fn)(struct xs_trace_ctx *, struct xs_trace_event *);

static const dec_fn decoders[XS_TC_MAX] = {
	[XS_TC_GEN] = xs_trace_dec_gen,	      [XS_TC_SCHED] = xs_trace_dec_sched,
	[XS_TC_DOM0OP] = xs_trace_dec_dom0op, [XS_TC_HVM] = xs_trace_dec_hvm,
	[XS_TC_MEM] = xs_trace_dec_mem,	      [XS_TC_PV] = xs_trace_dec_pv,
	[XS_TC_SHADOW] = xs_trace_dec_shadow, [XS_TC_HW] = xs_trace_dec_hw,
	[XS_TC_GUEST] = xs_trace_dec_guest,
};

void xs_trace_decode(struct xs_trace_ctx *c, const struct xs_trace_rec *r,
		     struct xs_trace_event *ev)
{
	struct running *run = r->cpu < c->nr_cpu ? &c->cpu[r->cpu] : running_of(c, r->cpu);

	ev->rec = r;
	ev->ctx = c;
	ev->nr_fields = 0;
	ev->no_fields = c->no_fields;
	ev->is_vmexit = false;
	/* The vCPU running before the record: a runstate change moves it after. */
	ev->dom = run ? run->dom : XS_TRACE_DOM_NONE;
	ev->vcpu = run ? run->vcpu : 0;
	if (c->cache && !needs_data(r->event)) {
		/* The class too is the cached one: found first, before all else. */
		struct cached *e = &c->cache[(r->event * 2654435761U) >> 22];

		if (e->event == r->event && r->event) {
			ev->cls = e->cls;
			ev->known = e->known;
			ev->name = e->name;
			return;
		}
	}
	ev->name = "unknown";
	ev->cls = class_of(r->event);
	if (c->no_fields && r->nr >= 1 && (r->event & ~0x500U) == 0x00081002U) {
		/* A VM exit (64-bit, nested), as xs_trace_dec_hvm() names it. */
		ev->cls = XS_TC_HVM;
		ev->known = ev->is_vmexit = true;
		ev->exit_reason = r->data[0];
		xs_trace_ctx_note_vmexit_reason(c, r->data[0] & 0xffff);
		ev->name = r->event & 0x400U ? "nvmexit" : "vmexit";
		return;
	}
	if (c->cache && !needs_data(r->event)) {
		struct cached *e = &c->cache[(r->event * 2654435761U) >> 22];

		decode_full(c, r, ev);
		if (ev->known && ev->cls != XS_TC_XENSCOPE) {
			/* Ours decode by size too: not cached, they are few. */
			e->event = r->event;
			e->cls = (uint8_t)ev->cls;
			e->known = ev->known;
			snprintf(e->name, sizeof(e->name), "%s", ev->name);
		}
		return;
	}
	decode_full(c, r, ev);
}

static void decode_full(struct xs_trace_ctx *c, const struct xs_trace_rec *r,
			struct xs_trace_event *ev)
{
	/* Ours are all TRC_MEM minors: the test is made here, not in a call. */
	ev->known = (r->event & 0xfffff000U) == XENSCOPE_TRC_MEM && xs_trace_dec_xenscope(c, ev);
	if (ev->known) {
		ev->cls = XS_TC_XENSCOPE;
		return;
	}
	ev->known = decoders[ev->cls] && decoders[ev->cls](c, ev);
	if (!ev->known) {
		ev->name = "unknown";
		ev->nr_fields = 0;
		xs_trace_fields(ev, "*");
	}
}
