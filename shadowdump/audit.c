// SPDX-License-Identifier: MIT
/*
 * shadowdump audit: every shadow entry beside its guest entry, counted per
 * verdict; every suspicious one (confirmed on a re-read) with its path from
 * the top-level shadow.  Exit 0 clean, 1 expected differences only, 2
 * suspicious entries.
 */
#include <inttypes.h>
#include <stdio.h>
#include <stdlib.h>

#include "xenscope/core/exit.h"
#include "xenscope/core/json.h"
#include "xenscope/snap/snap.h"

#include "shadowdump.h"

int sd_read(struct xs_target *t, const struct xs_domain *d, const struct opts *o,
	    struct xs_sh_read *r)
{
	struct xs_snap_blob_in blob = { XS_SNAP_SHADOW, d->domid, NULL, 0 };

	if (xs_sh_read_all(t, d->domid, r))
		return XS_EXIT_TARGET;
	blob.data = r->raw;
	blob.len = r->len;
	if (o->save && xs_snap_save_blobs(t, &d->domid, 1, &blob, 1, xs_prog(), o->save))
		return XS_EXIT_TARGET;
	return 0;
}

static void print_finding(const struct xs_sh_finding *f)
{
	char path[160], gf[48], sf[48];

	xs_sh_path_str(&f->path, path, sizeof(path));
	printf("  %s%s", f->path.from_top ? "" : "(no top-level shadow above) ", path);
	if (f->path.va_known)
		printf(" va %#" PRIx64, f->path.va);
	printf(": %s shadow %#" PRIx64 " of mfn %#" PRIx64 " (gfn %#" PRIx64 ")",
	       xs_sh_level_name(f->level), f->smfn, f->back, f->gfn);
	if (!f->whole_shadow)
		printf(" entry %#x: guest %#" PRIx64 " [%s] shadow %#" PRIx64 " [%s]", f->e.idx,
		       f->e.gl, xs_pte_flags(f->e.gl, gf, sizeof(gf)), f->e.sl,
		       xs_pte_flags(f->e.sl, sf, sizeof(sf)));
	printf(": %s: %s\n", xs_shv_name(f->verdict), f->why);
}

static void print_text(const struct xs_domain *d, const struct xs_sh_report *rep)
{
	printf("domain %u (%s): %" PRIu64 " shadows, %" PRIu64 " entries; %zu suspicious, %" PRIu64
	       " expected differences (%" PRIu64 " re-read)\n",
	       d->domid, d->name, rep->shadows, rep->entries, rep->nr_bad,
	       xs_sh_report_expected(rep), rep->rereads);
	for (int v = 0; v < XS_SHV_NR; v++)
		if (rep->count[v] || v == XS_SHV_SAME)
			printf("  %-18s %8" PRIu64 "  %s%s\n", xs_shv_name(v), rep->count[v],
			       xs_shv_suspicious(v) ? "SUSPICIOUS: " : "", xs_shv_what(v));
	if (rep->nr_bad)
		printf("suspicious entries (still so on a re-read):\n");
	for (size_t i = 0; i < rep->nr_bad; i++)
		print_finding(&rep->bad[i]);
}

static json_t *finding_json(const struct xs_sh_finding *f)
{
	json_t *j = json_object(), *steps = json_array();
	char path[160];

	for (unsigned int i = 0; i < f->path.nr; i++)
		json_array_append_new(steps, json_pack("{s:s,s:o,s:i}", "level",
						       xs_sh_level_name(f->path.step[i].level),
						       "smfn", xs_json_hex(f->path.step[i].smfn),
						       "idx", f->path.step[i].idx));
	json_object_set_new(j, "class", json_string(xs_shv_name(f->verdict)));
	json_object_set_new(j, "reason", json_string(f->why));
	json_object_set_new(j, "path", json_string(xs_sh_path_str(&f->path, path, sizeof(path))));
	json_object_set_new(j, "steps", steps);
	json_object_set_new(j, "from_top", json_boolean(f->path.from_top));
	json_object_set_new(j, "va", f->path.va_known ? xs_json_hex(f->path.va) : json_null());
	json_object_set_new(j, "level", json_string(xs_sh_level_name(f->level)));
	json_object_set_new(j, "smfn", xs_json_hex(f->smfn));
	json_object_set_new(j, "gmfn", xs_json_hex(f->back));
	json_object_set_new(j, "gfn", xs_json_hex(f->gfn));
	if (!f->whole_shadow) {
		json_object_set_new(j, "idx", json_integer(f->e.idx));
		json_object_set_new(j, "guest", xs_json_hex(f->e.gl));
		json_object_set_new(j, "shadow", xs_json_hex(f->e.sl));
	}
	return j;
}

static int print_json(const struct xs_domain *d, const struct xs_sh_report *rep)
{
	json_t *doc = json_object(), *cls = json_object(), *bad = json_array();

	for (int v = 0; v < XS_SHV_NR; v++)
		json_object_set_new(cls, xs_shv_name(v), json_integer((json_int_t)rep->count[v]));
	for (size_t i = 0; i < rep->nr_bad; i++)
		json_array_append_new(bad, finding_json(&rep->bad[i]));
	json_object_set_new(doc, "domid", json_integer(d->domid));
	json_object_set_new(doc, "name", json_string(d->name));
	json_object_set_new(doc, "shadows", json_integer((json_int_t)rep->shadows));
	json_object_set_new(doc, "entries", json_integer((json_int_t)rep->entries));
	json_object_set_new(doc, "rereads", json_integer((json_int_t)rep->rereads));
	json_object_set_new(doc, "expected", json_integer((json_int_t)xs_sh_report_expected(rep)));
	json_object_set_new(doc, "classes", cls);
	json_object_set_new(doc, "suspicious", bad);
	return xs_json_print(doc, stdout);
}

int sd_audit(struct xs_target *t, const struct xs_domain *d, const struct opts *o)
{
	struct xs_sh_read r = { 0 };
	struct xs_sh_report rep = { 0 };
	int ret = sd_read(t, d, o, &r);

	if (ret)
		goto out_read;
	if (!r.set.have_dom && !o->json) {
		/* The hypervisor gives no records for a domain not in shadow mode. */
		printf("domain %u (%s): not in shadow mode, no shadows to audit\n", d->domid,
		       d->name);
		goto out_read;
	}
	ret = XS_EXIT_TARGET;
	if (xs_sh_audit(t, d->domid, &r, &rep))
		goto out_report;
	if (o->json ? print_json(d, &rep) : (print_text(d, &rep), 0))
		goto out_report;
	ret = rep.nr_bad		    ? XS_EXIT_SUSPICIOUS
	      : xs_sh_report_expected(&rep) ? XS_EXIT_EXPECTED
					    : XS_EXIT_OK;
out_report:
	xs_sh_report_release(&rep);
out_read:
	xs_sh_read_release(&r);
	return ret;
}
