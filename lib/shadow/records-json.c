// SPDX-License-Identifier: MIT
/*
 * XENSCOPE_OP_SHADOW records as JSON and back: the readable form of the
 * snapshot's .xs.shadow.D section (xs-test-tool dumpsnap/mksnap) and of
 * test fixtures.  Flags are lists of names, frames and entries hex strings,
 * levels names ("l1", "fl1", ...).
 */
#include <errno.h>
#include <stdlib.h>
#include <string.h>

#include "xenscope/core/common.h"
#include "xenscope/core/json.h"
#include "xenscope/shadow/records.h"

struct flag_name {
	uint32_t bit;
	const char *name;
};

static const struct flag_name dom_flags[] = {
	{ XENSCOPE_SHD_REFCOUNTS, "refcounts" }, { XENSCOPE_SHD_TRANSLATE, "translate" },
	{ XENSCOPE_SHD_LOG_DIRTY, "log_dirty" }, { XENSCOPE_SHD_HVM, "hvm" },
	{ XENSCOPE_SHD_PV32, "pv32" },		 { XENSCOPE_SHD_DYING, "dying" },
	{ XENSCOPE_SHD_FAST_PATH, "fast_path" },
};
static const struct flag_name vcpu_flags[] = {
	{ XENSCOPE_SHV_ONLINE, "online" },
	{ XENSCOPE_SHV_PAGING, "paging" },
};
static const struct flag_name shadow_flags[] = {
	{ XENSCOPE_SHS_PINNED, "pinned" },
	{ XENSCOPE_SHS_BACK_OWNED, "back_owned" },
	{ XENSCOPE_SHS_BACK_PT, "back_pt" },
	{ XENSCOPE_SHS_OOS, "oos" },
	{ XENSCOPE_SHS_OOS_MAY_WRITE, "oos_may_write" },
	{ XENSCOPE_SHS_OOS_SNAPSHOT, "oos_snapshot" },
	{ XENSCOPE_SHS_GUEST_READ, "guest_read" },
	{ XENSCOPE_SHS_TOP, "top" },
};
static const struct flag_name entry_flags[] = {
	{ XENSCOPE_SHE_MAGIC, "magic" },	 { XENSCOPE_SHE_GNP, "gnp" },
	{ XENSCOPE_SHE_MMIO, "mmio" },		 { XENSCOPE_SHE_P2M_VALID, "p2m_valid" },
	{ XENSCOPE_SHE_TGT_PT, "tgt_pt" },	 { XENSCOPE_SHE_TGT_DIRTY, "tgt_dirty" },
	{ XENSCOPE_SHE_TGT_OWNED, "tgt_owned" }, { XENSCOPE_SHE_TGT_SHADOW, "tgt_shadow" },
	{ XENSCOPE_SHE_SNAP, "snap" },		 { XENSCOPE_SHE_P2M_GRANT, "p2m_grant" },
	{ XENSCOPE_SHE_P2M_RO, "p2m_ro" },	 { XENSCOPE_SHE_P2M_MMIO, "p2m_mmio" },
	{ XENSCOPE_SHE_NO_GUEST, "no_guest" },	 { XENSCOPE_SHE_XEN_SLOT, "xen_slot" },
};
#define FLAGS(t) t, XS_ARRAY_SIZE(t)

static json_t *flags_json(uint32_t v, const struct flag_name *t, size_t n)
{
	json_t *a = json_array();

	for (size_t i = 0; i < n; i++)
		if (v & t[i].bit)
			json_array_append_new(a, json_string(t[i].name));
	return a;
}

static int flags_parse(json_t *a, const struct flag_name *t, size_t n, uint32_t *out)
{
	size_t i;
	json_t *f;

	*out = 0;
	json_array_foreach (a, i, f) {
		size_t k;

		for (k = 0; k < n; k++)
			if (json_is_string(f) && !strcmp(json_string_value(f), t[k].name))
				break;
		if (k == n)
			return xs_error(-EINVAL, "shadow records: unknown flag '%s'",
					json_is_string(f) ? json_string_value(f) : "?");
		*out |= t[k].bit;
	}
	return 0;
}

static json_t *level_json(uint32_t level)
{
	return json_string(xs_sh_level_name(level));
}

static int level_parse(json_t *j, uint32_t *out)
{
	static const char *const names[] = { "l1", "l2", "l3", "l4" };
	const char *s = json_string_value(j);

	*out = 0;
	if (!j)
		return 0;
	if (json_is_integer(j)) {
		*out = (uint32_t)json_integer_value(j);
		return 0;
	}
	if (s && !strcmp(s, "fl1")) {
		*out = 1 | XENSCOPE_SH_FL1;
		return 0;
	}
	for (unsigned int i = 0; s && i < 4; i++)
		if (!strcmp(s, names[i])) {
			*out = i + 1;
			return 0;
		}
	return xs_error(-EINVAL, "shadow records: bad level");
}

/* A hex string ("0x1f"), a number, or null (all ones). */
static uint64_t u64_of(json_t *j)
{
	uint64_t v = 0;

	if (json_is_integer(j))
		return (uint64_t)json_integer_value(j);
	if (json_is_null(j))
		return UINT64_MAX;
	if (json_is_string(j) && !xs_parse_u64(json_string_value(j), &v))
		return v;
	return 0;
}

static json_t *entry_json(const struct xenscope_sh_entry *e)
{
	json_t *j = json_object();

	json_object_set_new(j, "idx", json_integer(e->idx));
	json_object_set_new(j, "sl", xs_json_hex(e->sl));
	json_object_set_new(j, "gl", xs_json_hex(e->gl));
	json_object_set_new(j, "p2m_mfn", xs_json_hex(e->p2m_mfn));
	json_object_set_new(j, "target", xs_json_hex(e->target));
	json_object_set_new(j, "p2mt", json_integer(e->p2mt));
	json_object_set_new(j, "tlevel", level_json(e->tlevel));
	json_object_set_new(j, "flags", flags_json(e->flags, FLAGS(entry_flags)));
	return j;
}

json_t *xs_sh_records_json(const void *data, size_t len)
{
	json_t *a = json_array();
	const uint8_t *p = data;

	for (size_t off = 0; off + XENSCOPE_SH_REC_SIZE <= len; off += XENSCOPE_SH_REC_SIZE) {
		union xenscope_sh_rec r;
		json_t *j;

		memcpy(&r, p + off, sizeof(r));
		switch (r.raw[XENSCOPE_SH_KIND_OFFSET]) {
		case XENSCOPE_SHR_DOMAIN:
			j = json_pack("{s:s,s:i,s:I,s:I,s:I,s:i,s:o}", "kind", "domain", "domid",
				      r.domain.domid, "total_pages",
				      (json_int_t)r.domain.total_pages, "free_pages",
				      (json_int_t)r.domain.free_pages, "p2m_pages",
				      (json_int_t)r.domain.p2m_pages, "nr_vcpus", r.domain.nr_vcpus,
				      "flags", flags_json(r.domain.flags, FLAGS(dom_flags)));
			break;
		case XENSCOPE_SHR_VCPU:
			j = json_pack("{s:s,s:i,s:i,s:o,s:o,s:o,s:i,s:i,s:o}", "kind", "vcpu",
				      "vcpu", r.vcpu.vcpu, "slot", r.vcpu.slot, "smfn",
				      xs_json_hex(r.vcpu.smfn), "guest_mfn",
				      xs_json_hex(r.vcpu.guest_mfn), "guest_cr3",
				      xs_json_hex(r.vcpu.guest_cr3), "guest_levels",
				      r.vcpu.guest_levels, "shadow_levels", r.vcpu.shadow_levels,
				      "flags", flags_json(r.vcpu.flags, FLAGS(vcpu_flags)));
			break;
		case XENSCOPE_SHR_SHADOW:
			j = json_pack("{s:s,s:o,s:o,s:o,s:o,s:o,s:i,s:i,s:i,s:o}", "kind", "shadow",
				      "smfn", xs_json_hex(r.shadow.smfn), "back",
				      xs_json_hex(r.shadow.back), "gfn", xs_json_hex(r.shadow.gfn),
				      "up", xs_json_hex(r.shadow.up), "level",
				      level_json(r.shadow.level), "type",
				      r.shadow.level >> XENSCOPE_SH_TYPE_SHIFT, "pages",
				      r.shadow.pages, "count", r.shadow.count, "flags",
				      flags_json(r.shadow.flags, FLAGS(shadow_flags)));
			break;
		case XENSCOPE_SHR_ENTRY:
			j = entry_json(&r.entry);
			json_object_set_new(j, "kind", json_string("entry"));
			break;
		default:
			j = json_pack("{s:i}", "kind", r.raw[XENSCOPE_SH_KIND_OFFSET]);
			break;
		}
		json_array_append_new(a, j);
	}
	return a;
}

static int append(uint8_t **buf, size_t *len, const union xenscope_sh_rec *r)
{
	uint8_t *n = realloc(*buf, *len + sizeof(*r));

	if (!n)
		return xs_error(-ENOMEM, "out of memory");
	memcpy(n + *len, r, sizeof(*r));
	*buf = n;
	*len += sizeof(*r);
	return 0;
}

/*
 * One record from its JSON.  A shadow's "nr_entries" is counted from the
 * entry records that follow it unless given (fixtures of damage give it).
 */
static int rec_parse(json_t *j, union xenscope_sh_rec *r)
{
	const char *kind = json_string_value(json_object_get(j, "kind"));
	int err = 0;

	memset(r, 0, sizeof(*r));
	if (!kind)
		return xs_error(-EINVAL, "shadow records: a record without a kind");
	if (!strcmp(kind, "domain")) {
		r->domain.domid = (uint16_t)u64_of(json_object_get(j, "domid"));
		r->domain.total_pages = u64_of(json_object_get(j, "total_pages"));
		r->domain.free_pages = u64_of(json_object_get(j, "free_pages"));
		r->domain.p2m_pages = u64_of(json_object_get(j, "p2m_pages"));
		r->domain.nr_vcpus = (uint32_t)u64_of(json_object_get(j, "nr_vcpus"));
		err = flags_parse(json_object_get(j, "flags"), FLAGS(dom_flags), &r->domain.flags);
		r->domain.kind = XENSCOPE_SHR_DOMAIN;
	} else if (!strcmp(kind, "vcpu")) {
		r->vcpu.vcpu = (uint16_t)u64_of(json_object_get(j, "vcpu"));
		r->vcpu.slot = (uint8_t)u64_of(json_object_get(j, "slot"));
		r->vcpu.smfn = u64_of(json_object_get(j, "smfn"));
		r->vcpu.guest_mfn = u64_of(json_object_get(j, "guest_mfn"));
		r->vcpu.guest_cr3 = u64_of(json_object_get(j, "guest_cr3"));
		r->vcpu.guest_levels = (uint16_t)u64_of(json_object_get(j, "guest_levels"));
		r->vcpu.shadow_levels = (uint16_t)u64_of(json_object_get(j, "shadow_levels"));
		err = flags_parse(json_object_get(j, "flags"), FLAGS(vcpu_flags), &r->vcpu.flags);
		r->vcpu.kind = XENSCOPE_SHR_VCPU;
	} else if (!strcmp(kind, "shadow")) {
		uint32_t type = (uint32_t)u64_of(json_object_get(j, "type"));
		uint32_t f = 0;

		r->shadow.smfn = u64_of(json_object_get(j, "smfn"));
		r->shadow.back = u64_of(json_object_get(j, "back"));
		r->shadow.gfn = u64_of(json_object_get(j, "gfn"));
		r->shadow.up = u64_of(json_object_get(j, "up"));
		r->shadow.pages = (uint8_t)u64_of(json_object_get(j, "pages"));
		r->shadow.count = (uint32_t)u64_of(json_object_get(j, "count"));
		r->shadow.nr_entries = (uint32_t)u64_of(json_object_get(j, "nr_entries"));
		err = level_parse(json_object_get(j, "level"), &r->shadow.level);
		r->shadow.level |= type << XENSCOPE_SH_TYPE_SHIFT;
		if (!err)
			err = flags_parse(json_object_get(j, "flags"), FLAGS(shadow_flags), &f);
		r->shadow.flags = (uint16_t)f;
		r->shadow.kind = XENSCOPE_SHR_SHADOW;
	} else if (!strcmp(kind, "entry")) {
		r->entry.idx = (uint16_t)u64_of(json_object_get(j, "idx"));
		r->entry.sl = u64_of(json_object_get(j, "sl"));
		r->entry.gl = u64_of(json_object_get(j, "gl"));
		r->entry.p2m_mfn = json_object_get(j, "p2m_mfn")
					   ? u64_of(json_object_get(j, "p2m_mfn"))
					   : UINT64_MAX;
		r->entry.target = u64_of(json_object_get(j, "target"));
		r->entry.p2mt = (uint8_t)u64_of(json_object_get(j, "p2mt"));
		err = level_parse(json_object_get(j, "tlevel"), &r->entry.tlevel);
		if (!err)
			err = flags_parse(json_object_get(j, "flags"), FLAGS(entry_flags),
					  &r->entry.flags);
		r->entry.kind = XENSCOPE_SHR_ENTRY;
	} else if (json_is_integer(json_object_get(j, "raw_kind"))) {
		r->raw[XENSCOPE_SH_KIND_OFFSET] = (uint8_t)u64_of(json_object_get(j, "raw_kind"));
	} else {
		return xs_error(-EINVAL, "shadow records: unknown kind '%s'", kind);
	}
	return err;
}

int xs_sh_records_from_json(json_t *j, uint8_t **buf, size_t *len)
{
	size_t i, shadow_at = SIZE_MAX;
	bool counted = false;
	json_t *rj;
	int err = 0;

	if (!json_is_array(j))
		return xs_error(-EINVAL, "shadow records: an array expected");
	json_array_foreach (j, i, rj) {
		union xenscope_sh_rec r;

		err = rec_parse(rj, &r);
		if (err)
			break;
		if (r.raw[XENSCOPE_SH_KIND_OFFSET] == XENSCOPE_SHR_SHADOW) {
			shadow_at = *len;
			counted = !json_object_get(rj, "nr_entries");
		}
		err = append(buf, len, &r);
		if (err)
			break;
		if (r.entry.kind == XENSCOPE_SHR_ENTRY && counted && shadow_at != SIZE_MAX) {
			union xenscope_sh_rec *sh = (union xenscope_sh_rec *)(*buf + shadow_at);

			sh->shadow.nr_entries++;
		}
	}
	return err;
}
