/* SPDX-License-Identifier: MIT */
/*
 * Decoding of trace records: Xen's standard classes, by the ids of the
 * public xen/trace.h, and the xenscope records of xenscope.h.
 *
 * A record is decoded into a name and named fields; the front end prints
 * them (text, JSON, a format file) without knowing any event.  Which domain
 * and vCPU a record belongs to is not in the record: Xen writes it in the
 * context of whatever runs on the CPU, so the decoder follows the runstate
 * changes of every CPU (as xenalyze does) and gives each record the vCPU
 * running there.  Records of unknown events decode as "unknown" with their
 * raw words; nothing is fatal.
 */
#ifndef XENSCOPE_TRACE_DECODE_H
#define XENSCOPE_TRACE_DECODE_H

#include <stdbool.h>
#include <stdint.h>

#include "xenscope/trace/trace.h"

/* How a field is shown. */
enum xs_trace_fmt {
	XS_TF_DEC,  /* decimal */
	XS_TF_HEX,  /* 0x... */
	XS_TF_ADDR, /* hypervisor or guest address, symbolizable */
	XS_TF_STR,  /* .s */
};

struct xs_trace_field {
	const char *name;
	enum xs_trace_fmt fmt;
	uint64_t v;
	const char *s;
};

/* Classes, as the first component of an event's name ("hvm", "sched"). */
enum xs_trace_class {
	XS_TC_GEN,
	XS_TC_SCHED,
	XS_TC_DOM0OP,
	XS_TC_HVM,
	XS_TC_MEM,
	XS_TC_PV,
	XS_TC_SHADOW,
	XS_TC_HW,
	XS_TC_GUEST,
	XS_TC_XENSCOPE, /* ours, inside TRC_MEM */
	XS_TC_OTHER,
	XS_TC_MAX
};
const char *xs_trace_class_name(enum xs_trace_class c);
/* -1 if @name is no class. */
int xs_trace_class_parse(const char *name);

#define XS_TRACE_DOM_NONE 0xffffU /* no vCPU known on the CPU yet */
#define XS_TRACE_FIELDS_MAX 12

struct xs_trace_ctx;

struct xs_trace_event {
	const struct xs_trace_rec *rec;
	struct xs_trace_ctx *ctx; /* decoding it, for the class decoders */
	enum xs_trace_class cls;
	const char *name; /* "vmexit", "runstate_change", "unknown" */
	bool known;
	uint16_t dom, vcpu; /* running on the record's CPU (XS_TRACE_DOM_NONE) */
	unsigned int nr_fields;
	struct xs_trace_field f[XS_TRACE_FIELDS_MAX];
	/* Set for the events a summary keeps apart. */
	uint32_t exit_reason; /* vmexit */
	bool is_vmexit;
	bool no_fields;			     /* from the context: names only */
	char scratch[48];		     /* for names made up on the fly */
	char fname[XS_TRACE_FIELDS_MAX][20]; /* field names cut from a spec */
};

enum xs_trace_vendor { XS_VENDOR_UNKNOWN, XS_VENDOR_INTEL, XS_VENDOR_AMD };

/* Per-trace decoding state: CPUs' running vCPUs, the CPU vendor. */
struct xs_trace_ctx;

int xs_trace_ctx_new(struct xs_trace_ctx **out);
void xs_trace_ctx_free(struct xs_trace_ctx *c);
/*
 * Decode @r (which must outlive @ev's use) in trace order.  Updates the
 * context (runstates, vendor) from what it decodes.
 */
void xs_trace_decode(struct xs_trace_ctx *c, const struct xs_trace_rec *r,
		     struct xs_trace_event *ev);
/* Decode names, classes and contexts only, no fields (faster). */
void xs_trace_ctx_names_only(struct xs_trace_ctx *c, bool on);
/* The vendor seen so far: from the VMEXIT reasons in the trace itself. */
enum xs_trace_vendor xs_trace_ctx_vendor(const struct xs_trace_ctx *c);
/*
 * The vCPU running on @cpu as the next record there will see it (dom
 * XS_TRACE_DOM_NONE: none known yet).  It changes only by records of
 * TRC_SCHED and lost-records reports (which name the vCPU current when
 * Xen wrote them); a caller that skips decoding others can keep it
 * meanwhile.
 */
void xs_trace_ctx_running(const struct xs_trace_ctx *c, uint32_t cpu, uint16_t *dom,
			  uint16_t *vcpu);
/* Learn the vendor from one record, ahead of decoding (a look-ahead). */
void xs_trace_ctx_sniff(struct xs_trace_ctx *c, const struct xs_trace_rec *r);
/* Name of VMEXIT @reason for @vendor (NULL if unknown). */
const char *xs_trace_exit_name(enum xs_trace_vendor v, uint32_t reason);

/* ------------------------------------------------- for the class decoders */

/*
 * Fill @ev's fields from @r's words by @spec: space separated NAME:T where
 * T is u (u32 decimal), x (u32 hex), U/X (u64 from two words, low first),
 * a (u64 address), A (u32 address), d (dom:16 high, vcpu:16 low, as
 * "dom" and "vcpu"), D (dom:16 low, vcpu:16 high), h (u16 hex, two per
 * word, low first); a trailing '*' takes every word left as NAME0.. in hex.
 * Missing words end the fields early.  Field names live as long as the
 * event's context (a spec is parsed once per context).  @spec is a string
 * constant: its address names it.
 */
void xs_trace_fields(struct xs_trace_event *ev, const char *spec);
/* The same for a spec that is not a constant (built in a buffer): checked by its text. */
void xs_trace_fields_built(struct xs_trace_event *ev, const char *spec);
void xs_trace_field_add(struct xs_trace_event *ev, const char *name, enum xs_trace_fmt fmt,
			uint64_t v);
void xs_trace_field_str(struct xs_trace_event *ev, const char *name, const char *s);

/* Each class decoder: sets name/fields/known; false leaves it unknown. */
bool xs_trace_dec_gen(struct xs_trace_ctx *c, struct xs_trace_event *ev);
bool xs_trace_dec_sched(struct xs_trace_ctx *c, struct xs_trace_event *ev);
bool xs_trace_dec_dom0op(struct xs_trace_ctx *c, struct xs_trace_event *ev);
bool xs_trace_dec_hvm(struct xs_trace_ctx *c, struct xs_trace_event *ev);
bool xs_trace_dec_mem(struct xs_trace_ctx *c, struct xs_trace_event *ev);
bool xs_trace_dec_pv(struct xs_trace_ctx *c, struct xs_trace_event *ev);
bool xs_trace_dec_shadow(struct xs_trace_ctx *c, struct xs_trace_event *ev);
bool xs_trace_dec_hw(struct xs_trace_ctx *c, struct xs_trace_event *ev);
bool xs_trace_dec_guest(struct xs_trace_ctx *c, struct xs_trace_event *ev);
bool xs_trace_dec_xenscope(struct xs_trace_ctx *c, struct xs_trace_event *ev);

/* A table row for events decoded by a spec alone. */
struct xs_trace_simple {
	uint32_t event;
	const char *name, *spec;
};
bool xs_trace_dec_table(const struct xs_trace_simple *t, size_t n, struct xs_trace_event *ev);

/* The context's view of one CPU, for the sched decoder. */
void xs_trace_ctx_set_running(struct xs_trace_ctx *c, uint32_t cpu, uint16_t dom, uint16_t vcpu);
void xs_trace_ctx_note_vmexit_reason(struct xs_trace_ctx *c, uint32_t reason);

#endif
