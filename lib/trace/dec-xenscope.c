// SPDX-License-Identifier: MIT
/*
 * The xenscope records (XENSCOPE_TRC_* of xenscope.h, the header the
 * hypervisor patch builds with): their names, and their fields read at the
 * offsets of the very structures the hypervisor fills, so that a field
 * moved in the header moves here at the next build.
 */
#include <stddef.h>
#include <stdio.h>

#include "xenscope/trace/decode.h"

enum kind { U32, X32, U64, ADDR, DOMID, STAGE, LEVEL, X16, LDPATH, U16, S16 };

struct field {
	const char *name;
	size_t off;
	enum kind kind;
};

#define REF(m, k)                                           \
	{                                                   \
#m, offsetof(struct xenscope_trc_ref, m), k \
	}
#define STG(m, k)                                             \
	{                                                     \
#m, offsetof(struct xenscope_trc_stage, m), k \
	}
#define MAP(m, k)                                           \
	{                                                   \
#m, offsetof(struct xenscope_trc_map, m), k \
	}
#define SHD(m, k)                                              \
	{                                                      \
#m, offsetof(struct xenscope_trc_shadow, m), k \
	}
#define ASG(m, k)                                              \
	{                                                      \
#m, offsetof(struct xenscope_trc_assign, m), k \
	}

#define LD(m, k)                                           \
	{                                                  \
#m, offsetof(struct xenscope_trc_ld, m), k \
	}
#define LDO(m, k)                                             \
	{                                                     \
#m, offsetof(struct xenscope_trc_ld_op, m), k \
	}
#define LDM(m, k)                                               \
	{                                                       \
#m, offsetof(struct xenscope_trc_ld_mark, m), k \
	}
#define LDS(m, k)                                                \
	{                                                        \
#m, offsetof(struct xenscope_trc_ld_split, m), k \
	}
#define LDP(m, k)                                              \
	{                                                      \
#m, offsetof(struct xenscope_trc_ld_pml, m), k \
	}

#define SHR(m, k)                                           \
	{                                                   \
#m, offsetof(struct xenscope_trc_shr, m), k \
	}

static const struct field shr[] = {
	SHR(domid, U16),       SHR(rc, S16),	       SHR(gfn, U64),
	SHR(mfn, U64),	       SHR(count_before, U16), SHR(count_after, U16),
	SHR(type_before, U16), SHR(type_after, U16),   { 0 }
};
static const struct field shr_unshare[] = { SHR(domid, U16),
					    { "flags", offsetof(struct xenscope_trc_shr, rc), X16 },
					    SHR(gfn, U64),
					    SHR(mfn, U64),
					    SHR(count_before, U16),
					    SHR(type_before, U16),
					    { 0 } };

static const struct field ld[] = {
	LD(domid, DOMID), LD(flags, X32), LD(dirty_count, U32), LD(fault_count, U32), { 0 }
};
static const struct field ld_op[] = { LDO(domid, DOMID),     LDO(reported, U32),
				      LDO(cleared, U32),     LDO(flags, X32),
				      LDO(first_pfn, U32),   LDO(end_pfn, U32),
				      LDO(dirty_count, U32), { 0 } };
static const struct field ld_mark[] = {
	LDM(domid, DOMID), LDM(gfn, U64), LDM(path, LDPATH), LDM(flags, X16), { 0 }
};
static const struct field ld_split[] = {
	LDS(domid, DOMID), LDS(gfn, U64), LDS(order, U32), LDS(p2mt, U32), { 0 }
};
static const struct field ld_pml[] = {
	LDP(domid, DOMID), LDP(vcpu, U32), LDP(entries, U32), { 0 }
};

static const struct field ref[] = {
	REF(domid, DOMID), REF(mfn, U64), REF(val, U64), REF(caller, ADDR), { 0 }
};
static const struct field stage[] = {
	STG(domid, DOMID), STG(stage, STAGE), STG(tot_pages, U32), STG(xenheap_pages, U32), { 0 }
};
static const struct field map[] = {
	MAP(mapper, DOMID), MAP(owner, DOMID), MAP(mfn, U64), MAP(ref, U32),
	MAP(flags, X32),    MAP(handle, U32),  { 0 }
};
static const struct field shadow[] = {
	SHD(domid, DOMID), SHD(level, LEVEL), SHD(gmfn, U64), SHD(smfn, U64), { 0 }
};
static const struct field assign[] = {
	ASG(domid, DOMID), ASG(mfn, U64), ASG(nr, U32), ASG(memflags, X32), { 0 }
};

static const struct xs_trace_ours {
	uint32_t event;
	const char *name;
	const struct field *fields;
	size_t size;
} ours[] = {
	{ XENSCOPE_TRC_GET, "get", ref, sizeof(struct xenscope_trc_ref) },
	{ XENSCOPE_TRC_PUT, "put", ref, sizeof(struct xenscope_trc_ref) },
	{ XENSCOPE_TRC_TYPE_GET, "type_get", ref, sizeof(struct xenscope_trc_ref) },
	{ XENSCOPE_TRC_TYPE_PUT, "type_put", ref, sizeof(struct xenscope_trc_ref) },
	{ XENSCOPE_TRC_STAGE, "stage", stage, sizeof(struct xenscope_trc_stage) },
	{ XENSCOPE_TRC_GRANT_MAP, "grant_map", map, sizeof(struct xenscope_trc_map) },
	{ XENSCOPE_TRC_GRANT_UNMAP, "grant_unmap", map, sizeof(struct xenscope_trc_map) },
	{ XENSCOPE_TRC_FOREIGN_MAP, "foreign_map", map, sizeof(struct xenscope_trc_map) },
	{ XENSCOPE_TRC_FOREIGN_UNMAP, "foreign_unmap", map, sizeof(struct xenscope_trc_map) },
	{ XENSCOPE_TRC_SH_CREATE, "shadow_create", shadow, sizeof(struct xenscope_trc_shadow) },
	{ XENSCOPE_TRC_SH_PROMOTE, "shadow_promote", shadow, sizeof(struct xenscope_trc_shadow) },
	{ XENSCOPE_TRC_SH_DEMOTE, "shadow_demote", shadow, sizeof(struct xenscope_trc_shadow) },
	{ XENSCOPE_TRC_SH_DESTROY, "shadow_destroy", shadow, sizeof(struct xenscope_trc_shadow) },
	{ XENSCOPE_TRC_ASSIGN, "assign", assign, sizeof(struct xenscope_trc_assign) },
	{ XENSCOPE_TRC_SHARE, "share", ref, sizeof(struct xenscope_trc_ref) },
	{ XENSCOPE_TRC_GRANT_RELEASE, "grant_release", map, sizeof(struct xenscope_trc_map) },
	{ XENSCOPE_TRC_LD_ENABLE, "ld_enable", ld, sizeof(struct xenscope_trc_ld) },
	{ XENSCOPE_TRC_LD_DISABLE, "ld_disable", ld, sizeof(struct xenscope_trc_ld) },
	{ XENSCOPE_TRC_LD_PEEK, "ld_peek", ld_op, sizeof(struct xenscope_trc_ld_op) },
	{ XENSCOPE_TRC_LD_CLEAN, "ld_clean", ld_op, sizeof(struct xenscope_trc_ld_op) },
	{ XENSCOPE_TRC_LD_MARK, "ld_mark", ld_mark, sizeof(struct xenscope_trc_ld_mark) },
	{ XENSCOPE_TRC_LD_SPLIT, "ld_split", ld_split, sizeof(struct xenscope_trc_ld_split) },
	{ XENSCOPE_TRC_LD_PML_FLUSH, "ld_pml_flush", ld_pml, sizeof(struct xenscope_trc_ld_pml) },
	{ XENSCOPE_TRC_SHR_NOMINATE, "shr_nominate", shr, sizeof(struct xenscope_trc_shr) },
	{ XENSCOPE_TRC_SHR_SHARE, "shr_share", shr, sizeof(struct xenscope_trc_shr) },
	{ XENSCOPE_TRC_SHR_UNSHARE, "shr_unshare", shr_unshare, sizeof(struct xenscope_trc_shr) },
};

_Static_assert(sizeof(struct xenscope_trc_ref) <= 4 * XS_TRC_EXTRA_MAX,
	       "a trace record carries 28 bytes at most");

static const struct xs_trace_ours *find(uint32_t event)
{
	/* Our events are one small run of minors: a linear search will do. */
	for (size_t i = 0; i < XS_ARRAY_SIZE(ours); i++)
		if (ours[i].event == event)
			return &ours[i];
	return NULL;
}

const char *xs_trace_event_name(uint32_t event)
{
	const struct xs_trace_ours *o = find(event);

	return o ? o->name : NULL;
}

static uint64_t word_at(const struct xs_trace_rec *r, size_t off, bool wide)
{
	size_t w = off / 4;

	return wide ? xs_trace_u64(&r->data[w]) : r->data[w];
}

/* A 16-bit field: the low or the high half of its (little-endian) word. */
static uint32_t half_at(const struct xs_trace_rec *r, size_t off)
{
	return (r->data[off / 4] >> (8 * (off % 4))) & 0xffffu;
}

bool xs_trace_dec_xenscope(struct xs_trace_ctx *c, struct xs_trace_event *ev)
{
	const struct xs_trace_rec *r = ev->rec;
	const struct xs_trace_ours *o;

	/* Quick reject: ours are all TRC_MEM minors (0x20-0x42). */
	if ((r->event & 0xfffff000U) != XENSCOPE_TRC_MEM)
		return false;
	o = find(r->event);
	if (!o || 4 * r->nr < o->size)
		return false; /* short: shown raw, as unknown */
	ev->name = o->name;
	for (const struct field *f = o->fields; f->name; f++) {
		switch (f->kind) {
		case U32:
		case DOMID:
			xs_trace_field_add(ev, f->name, XS_TF_DEC, word_at(r, f->off, false));
			break;
		case X32:
			xs_trace_field_add(ev, f->name, XS_TF_HEX, word_at(r, f->off, false));
			break;
		case U64:
			xs_trace_field_add(ev, f->name, XS_TF_HEX, word_at(r, f->off, true));
			break;
		case ADDR:
			xs_trace_field_add(ev, f->name, XS_TF_ADDR, word_at(r, f->off, true));
			break;
		case STAGE:
			xs_trace_field_add(ev, f->name, XS_TF_HEX, word_at(r, f->off, false));
			xs_trace_field_str(ev, "stage_name",
					   xs_trace_stage_name((uint32_t)word_at(r, f->off, false),
							       ev->scratch, sizeof(ev->scratch)));
			break;
		case X16:
			xs_trace_field_add(ev, f->name, XS_TF_HEX, half_at(r, f->off));
			break;
		case U16:
			xs_trace_field_add(ev, f->name, XS_TF_DEC, half_at(r, f->off));
			break;
		case S16:
			/* A negative errno, in words a reader knows: "-7". */
			snprintf(ev->scratch, sizeof(ev->scratch), "%d",
				 (int16_t)half_at(r, f->off));
			xs_trace_field_str(ev, f->name, ev->scratch);
			break;
		case LDPATH:
			xs_trace_field_add(ev, f->name, XS_TF_DEC, half_at(r, f->off));
			xs_trace_field_str(ev, "path_name",
					   xs_trace_ld_path_name(half_at(r, f->off)));
			break;
		case LEVEL: {
			uint32_t l = (uint32_t)word_at(r, f->off, false);

			xs_trace_field_add(ev, "level", XS_TF_DEC, l & XENSCOPE_SH_LEVEL_MASK);
			xs_trace_field_add(ev, "fl1", XS_TF_DEC, !!(l & XENSCOPE_SH_FL1));
			xs_trace_field_add(ev, "sh_type", XS_TF_DEC, l >> XENSCOPE_SH_TYPE_SHIFT);
			break;
		}
		}
	}
	return true;
}
