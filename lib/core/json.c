// SPDX-License-Identifier: MIT
/* Records as JSON (jansson); the schema is in docs/snapshot-format.md. */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "xenscope/core/common.h"
#include "xenscope/core/json.h"
#include "xenscope/core/pageinfo.h"

const char *xs_ref_kind_name(unsigned int kind)
{
	static const char *const names[] = {
		[XENSCOPE_REF_ALLOCATED] = "allocated", [XENSCOPE_REF_PV_L1] = "pv_l1",
		[XENSCOPE_REF_PV_L2] = "pv_l2",		[XENSCOPE_REF_PV_L3] = "pv_l3",
		[XENSCOPE_REF_PV_L4] = "pv_l4",		[XENSCOPE_REF_P2M_FOREIGN] = "p2m_foreign",
		[XENSCOPE_REF_GRANT] = "grant",		[XENSCOPE_REF_PIN] = "pin",
		[XENSCOPE_REF_VCPU_CR3] = "vcpu_cr3",	[XENSCOPE_REF_SEG_DESC] = "seg_desc",
		[XENSCOPE_REF_SHADOW] = "shadow",	[XENSCOPE_REF_XEN] = "xen",
		[XENSCOPE_REF_INJECTED] = "injected",	[XENSCOPE_REF_PARTIAL] = "partial",
	};

	return kind < XS_ARRAY_SIZE(names) ? names[kind] : NULL;
}

const char *xs_page_list_name(unsigned int list)
{
	static const char *const names[] = {
		[XENSCOPE_LIST_PAGE] = "page",
		[XENSCOPE_LIST_XENPAGE] = "xenpage",
		[XENSCOPE_LIST_EXTRA] = "extra",
		[XENSCOPE_LIST_NONE] = "none",
	};

	return list < XS_ARRAY_SIZE(names) ? names[list] : NULL;
}

json_t *xs_json_hex(uint64_t v)
{
	char s[24];

	snprintf(s, sizeof(s), "0x%016llx", (unsigned long long)v);
	return json_string(s);
}

/*
 * Strings from the outside world (domain names, command lines, xenstore)
 * need not be UTF-8; jansson refuses those, so replace stray bytes.
 */
static json_t *ext_string(const char *s)
{
	json_t *j = json_string(s ? s : "");
	char *copy;

	if (j)
		return j;
	copy = strdup(s);
	if (!copy)
		return NULL;
	for (char *c = copy; *c; c++)
		if ((unsigned char)*c >= 0x80 || (unsigned char)*c < 0x20)
			*c = '?';
	j = json_string(copy);
	free(copy);
	return j;
}

/* A name when there is one, the number otherwise: readable yet lossless. */
static json_t *name_or_int(const char *name, unsigned int v)
{
	return name ? json_string(name) : json_integer(v);
}

json_t *xs_json_info(const struct xenscope_info *i)
{
	static const char hexd[] = "0123456789abcdef";
	char bid[2 * sizeof(i->build_id) + 1];
	char extra[sizeof(i->xen_extra) + 1];
	size_t n = i->build_id_len < sizeof(i->build_id) ? i->build_id_len : sizeof(i->build_id);
	json_t *layout;

	for (size_t k = 0; k < n; k++) {
		bid[2 * k] = hexd[i->build_id[k] >> 4];
		bid[2 * k + 1] = hexd[i->build_id[k] & 15];
	}
	bid[2 * n] = '\0';
	memcpy(extra, i->xen_extra, sizeof(i->xen_extra));
	extra[sizeof(i->xen_extra)] = '\0';

	layout = json_pack("{s:o s:o s:o s:o s:o s:o s:o s:o s:o s:o s:o}", "pgc_allocated",
			   xs_json_hex(i->pgc_allocated), "pgc_xen_heap",
			   xs_json_hex(i->pgc_xen_heap), "pgc_page_table",
			   xs_json_hex(i->pgc_page_table), "pgc_broken", xs_json_hex(i->pgc_broken),
			   "pgc_state_mask", xs_json_hex(i->pgc_state_mask), "pgc_state_inuse",
			   xs_json_hex(i->pgc_state_inuse), "pgc_state_offlining",
			   xs_json_hex(i->pgc_state_offlining), "pgc_state_offlined",
			   xs_json_hex(i->pgc_state_offlined), "pgc_state_free",
			   xs_json_hex(i->pgc_state_free), "pgc_extra", xs_json_hex(i->pgc_extra),
			   "pgc_count_mask", xs_json_hex(i->pgc_count_mask));
	if (!layout)
		return NULL;
	if (json_object_update_new(layout,
				   json_pack("{s:o s:I s:o s:o s:o s:o s:o s:o s:o}",
					     "pgt_type_mask", xs_json_hex(i->pgt_type_mask),
					     "pgt_type_shift", (json_int_t)i->pgt_type_shift,
					     "pgt_locked", xs_json_hex(i->pgt_locked), "pgt_pinned",
					     xs_json_hex(i->pgt_pinned), "pgt_validated",
					     xs_json_hex(i->pgt_validated), "pgt_pae_xen_l2",
					     xs_json_hex(i->pgt_pae_xen_l2), "pgt_partial",
					     xs_json_hex(i->pgt_partial), "pgt_non_coherent",
					     xs_json_hex(i->pgt_non_coherent), "pgt_count_mask",
					     xs_json_hex(i->pgt_count_mask)))) {
		json_decref(layout);
		return NULL;
	}
	return json_pack("{s:I s:I s:I s:I s:o s:s s:I s:o}", "interface_version",
			 (json_int_t)i->interface_version, "features", (json_int_t)i->features,
			 "xen_major", (json_int_t)i->xen_major, "xen_minor",
			 (json_int_t)i->xen_minor, "xen_extra", ext_string(extra), "build_id", bid,
			 "max_page", (json_int_t)i->max_page, "layout", layout);
}

const char *xs_domain_flag_name(unsigned int bit)
{
	static const char *const names[] = {
		"dying", "hvm", "shutdown", "paused", "blocked", "running", "hap",
	};

	return bit < XS_ARRAY_SIZE(names) ? names[bit] : NULL;
}

json_t *xs_json_domain(const struct xs_domain *d)
{
	char name[XS_DOMAIN_NAME_MAX + 1];
	json_t *flags = json_array();

	if (!flags)
		return NULL;
	for (unsigned int bit = 0; bit < 32; bit++)
		if (d->flags & (1U << bit))
			json_array_append_new(flags,
					      name_or_int(xs_domain_flag_name(bit), 1U << bit));
	memcpy(name, d->name, XS_DOMAIN_NAME_MAX);
	name[XS_DOMAIN_NAME_MAX] = '\0';
	return json_pack(
		"{s:I s:o s:o s:I s:I s:I s:I s:I s:I s:o s:o}", "domid", (json_int_t)d->domid,
		"name", ext_string(name), "flags", flags, "tot_pages", (json_int_t)d->tot_pages,
		"max_pages", (json_int_t)d->max_pages, "shr_pages", (json_int_t)d->shr_pages,
		"outstanding_pages", (json_int_t)d->outstanding_pages, "cpu_time",
		(json_int_t)d->cpu_time, "shutdown_reason", (json_int_t)d->shutdown_reason,
		"dying_seconds",
		d->known & XS_DOMX_DYING ? json_real((double)d->dying_ns / 1e9) : json_null(),
		"refcnt", d->known & XS_DOMX_REFCNT ? json_integer(d->refcnt) : json_null());
}

json_t *xs_json_page(const struct xenscope_page *p, const struct xenscope_info *layout)
{
	json_t *gfn = (p->flags & XENSCOPE_PAGE_GFN_VALID) ? json_integer((json_int_t)p->gfn)
							   : json_null();
	json_t *j = json_pack("{s:I s:o s:o s:o s:I s:o s:I}", "mfn", (json_int_t)p->mfn, "gfn",
			      gfn, "count_info", xs_json_hex(p->count_info), "type_info",
			      xs_json_hex(p->type_info), "owner", (json_int_t)p->owner, "list",
			      name_or_int(xs_page_list_name(p->list), p->list), "flags",
			      (json_int_t)p->flags);
	char dec[XS_PAGEINFO_STRLEN];

	if (j && layout)
		json_object_set_new(
			j, "decoded",
			json_string(xs_pageinfo_format(layout, p->count_info, p->type_info, dec,
						       sizeof(dec))));
	return j;
}

json_t *xs_json_ref(const struct xenscope_ref *r)
{
	return json_pack("{s:I s:I s:o s:I s:I s:I s:I s:I s:I s:I s:I}", "mfn", (json_int_t)r->mfn,
			 "via", (json_int_t)r->via, "kind",
			 name_or_int(xs_ref_kind_name(r->kind), r->kind), "holder",
			 (json_int_t)r->holder, "slot", (json_int_t)r->slot, "flags",
			 (json_int_t)r->flags, "general", (json_int_t)r->general, "type",
			 (json_int_t)r->type, "grant_ref", (json_int_t)r->grant_ref, "handle",
			 (json_int_t)r->handle, "aux", (json_int_t)r->aux);
}

static json_t *per_dev(const uint32_t *v)
{
	return json_pack("{s:I s:I s:I}", xs_dev_names[XS_DEV_PRIVCMD],
			 (json_int_t)v[XS_DEV_PRIVCMD], xs_dev_names[XS_DEV_GNTDEV],
			 (json_int_t)v[XS_DEV_GNTDEV], xs_dev_names[XS_DEV_GNTALLOC],
			 (json_int_t)v[XS_DEV_GNTALLOC]);
}

json_t *xs_json_proc(const struct xs_proc *p)
{
	json_t *domid = p->xen_domid >= 0 ? json_integer(p->xen_domid) : json_null();

	return json_pack("{s:i s:o s:o s:o s:o s:o s:o}", "pid", (int)p->pid, "comm",
			 ext_string(p->comm), "cmdline", ext_string(p->cmdline), "xen_domid", domid,
			 "fds", per_dev(p->fds), "maps", per_dev(p->maps), "map_pages",
			 per_dev(p->map_pages));
}

json_t *xs_json_backend(const struct xs_backend *b)
{
	return json_pack("{s:o s:I s:o s:I s:i s:s s:o}", "type", ext_string(b->type), "domid",
			 (json_int_t)b->domid, "dev", ext_string(b->dev), "backend_domid",
			 (json_int_t)b->backend_domid, "state", (int)b->state, "state_name",
			 xs_xenbus_state_name(b->state), "path", ext_string(b->path));
}

int xs_json_print(json_t *j, FILE *f)
{
	int r;

	if (!j)
		return xs_error(-ENOMEM, "cannot build JSON output");
	r = json_dumpf(j, f, JSON_INDENT(2) | JSON_PRESERVE_ORDER);
	json_decref(j);
	if (r || fputc('\n', f) == EOF)
		return xs_error(-EIO, "cannot write JSON output");
	return 0;
}
