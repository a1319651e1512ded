// SPDX-License-Identifier: MIT
/*
 * shadowdump tables: the tree from each vCPU's top-level shadow down, guest
 * and shadow entries side by side with each pair's verdict; and
 * shadowdump va: one address walked through both.
 */
#include <errno.h>
#include <inttypes.h>
#include <stdio.h>

#include "xenscope/core/common.h"
#include "xenscope/core/exit.h"
#include "xenscope/core/json.h"

#include "shadowdump.h"

static json_t *node_json(const struct xs_sh_set *s, const struct xs_sh_node *n, int depth);

static json_t *entry_json(const struct xs_sh_set *s, const struct xs_sh_node *n,
			  const struct xenscope_sh_entry *e, int depth)
{
	const struct xs_sh_node *c = NULL;
	char why[192];
	json_t *j;
	enum xs_shv v = xs_sh_judge(s, n, e, why, sizeof(why));

	j = json_pack("{s:i,s:o,s:o,s:s,s:s}", "idx", e->idx, "guest", xs_json_hex(e->gl), "shadow",
		      xs_json_hex(e->sl), "verdict", xs_shv_name(v), "reason", why);
	if (xs_sh_level(n->rec.level) > 1 && (e->sl & XS_PTE_P) &&
	    (e->flags & XENSCOPE_SHE_TGT_SHADOW))
		c = xs_sh_find(s, xs_pte_frame(e->sl));
	if (c && depth < 4)
		json_object_set_new(j, "next", node_json(s, c, depth + 1));
	return j;
}

static json_t *node_json(const struct xs_sh_set *s, const struct xs_sh_node *n, int depth)
{
	json_t *ents = json_array();

	for (uint32_t i = 0; i < n->rec.nr_entries; i++)
		json_array_append_new(ents, entry_json(s, n, &n->ent[i], depth));
	return json_pack("{s:s,s:o,s:o,s:o,s:o}", "level", xs_sh_level_name(n->rec.level), "smfn",
			 xs_json_hex(n->rec.smfn), "gmfn", xs_json_hex(n->rec.back), "gfn",
			 xs_json_hex(n->rec.gfn), "entries", ents);
}

static void node_text(const struct xs_sh_set *s, const struct xs_sh_node *n, int depth)
{
	printf("%*s%s shadow %#" PRIx64 " of %s %#" PRIx64 " (gfn %#" PRIx64 ")%s\n", depth * 2, "",
	       xs_sh_level_name(n->rec.level), n->rec.smfn,
	       xs_sh_is_fl1(n->rec.level) ? "superpage gfn" : "mfn", n->rec.back, n->rec.gfn,
	       n->rec.flags & XENSCOPE_SHS_OOS ? " out of sync" : "");
	for (uint32_t i = 0; i < n->rec.nr_entries; i++) {
		const struct xenscope_sh_entry *e = &n->ent[i];
		const struct xs_sh_node *c = NULL;
		char why[192], gf[48], sf[48];
		enum xs_shv v = xs_sh_judge(s, n, e, why, sizeof(why));

		printf("%*s[%3x] guest %#18" PRIx64 " %-20s shadow %#18" PRIx64 " %-20s %s%s%s\n",
		       depth * 2 + 2, "", e->idx, e->gl, xs_pte_flags(e->gl, gf, sizeof(gf)), e->sl,
		       xs_pte_flags(e->sl, sf, sizeof(sf)), xs_shv_name(v), why[0] ? ": " : "",
		       why);
		if (xs_sh_level(n->rec.level) > 1 && (e->sl & XS_PTE_P) &&
		    (e->flags & XENSCOPE_SHE_TGT_SHADOW))
			c = xs_sh_find(s, xs_pte_frame(e->sl));
		if (c && depth < 4)
			node_text(s, c, depth + 1);
	}
}

int sd_tables(struct xs_target *t, const struct xs_domain *d, const struct opts *o)
{
	struct xs_sh_read r = { 0 };
	json_t *doc = o->json ? json_array() : NULL;
	int ret = sd_read(t, d, o, &r);
	size_t shown = 0;

	if (ret)
		goto out_read;
	for (size_t i = 0; i < r.set.nr_vcpu; i++) {
		const struct xenscope_sh_vcpu *v = &r.set.vcpu[i];
		const struct xs_sh_node *n = xs_sh_find(&r.set, v->smfn);

		if (o->have_vcpu && v->vcpu != o->vcpu)
			continue;
		shown++;
		if (doc) {
			json_array_append_new(
				doc, json_pack("{s:i,s:i,s:o,s:o,s:o}", "vcpu", v->vcpu, "slot",
					       v->slot, "guest_cr3", xs_json_hex(v->guest_cr3),
					       "smfn", xs_json_hex(v->smfn), "top",
					       n ? node_json(&r.set, n, 1) : json_null()));
			continue;
		}
		printf("vcpu %u: guest cr3 %#" PRIx64 ", top-level shadow %#" PRIx64 "\n", v->vcpu,
		       v->guest_cr3, v->smfn);
		if (n)
			node_text(&r.set, n, 1);
	}
	ret = XS_EXIT_OK;
	if (doc)
		ret = xs_json_print(doc, stdout) ? XS_EXIT_TARGET : XS_EXIT_OK;
	else if (!shown)
		printf("domain %u: no vCPU runs on a shadow%s\n", d->domid,
		       o->have_vcpu ? " (of the one asked for)" : "");
out_read:
	xs_sh_read_release(&r);
	return ret;
}

static void va_text(const struct xs_domain *d, uint64_t va, const struct xs_sh_va *w)
{
	printf("domain %u, va %#" PRIx64 ":\n", d->domid, va);
	for (unsigned int i = 0; i < w->nr; i++) {
		const struct xs_sh_va_step *st = &w->step[i];
		char gf[48], sf[48];

		printf("  L%u[%3x] guest table %#" PRIx64 " entry %#" PRIx64
		       " [%s]; shadow %#" PRIx64 " entry %#" PRIx64 " [%s]: %s%s%s\n",
		       st->level, st->idx, st->gtable, st->gl, xs_pte_flags(st->gl, gf, sizeof(gf)),
		       st->stable, st->sl, xs_pte_flags(st->sl, sf, sizeof(sf)),
		       xs_shv_name(st->verdict), st->why[0] ? ": " : "", st->why);
	}
	if (w->guest_ok)
		printf("guest: va %#" PRIx64 " -> gfn %#" PRIx64 " (mfn %#" PRIx64 ")\n", va,
		       w->guest_gfn, w->guest_mfn);
	else
		printf("guest: no translation\n");
	if (w->shadow_ok)
		printf("shadow: va %#" PRIx64 " -> mfn %#" PRIx64 "\n", va, w->shadow_mfn);
	else
		printf("shadow: no translation\n");
	if (w->stop)
		printf("note: %s\n", w->stop);
	if (w->guest_ok && w->shadow_ok)
		printf("%s\n", w->guest_mfn == w->shadow_mfn ? "agree" : "DISAGREE");
}

int sd_va(struct xs_target *t, const struct xs_domain *d, const struct opts *o)
{
	struct xs_sh_read r = { 0 };
	struct xs_sh_va w;
	uint64_t va;
	int ret;

	if (xs_parse_u64(o->addr, &va))
		return xs_error(-EINVAL, "bad address '%s'", o->addr), XS_EXIT_USAGE;
	ret = sd_read(t, d, o, &r);
	if (ret)
		goto out_read;
	ret = XS_EXIT_TARGET;
	if (xs_sh_va_walk(&r.set, o->have_vcpu ? (unsigned int)o->vcpu : 0, va, &w))
		goto out_read;
	if (o->json) {
		json_t *steps = json_array();

		for (unsigned int i = 0; i < w.nr; i++)
			json_array_append_new(
				steps,
				json_pack("{s:i,s:i,s:o,s:o,s:o,s:o,s:s,s:s}", "level",
					  w.step[i].level, "idx", w.step[i].idx, "guest_table",
					  xs_json_hex(w.step[i].gtable), "guest",
					  xs_json_hex(w.step[i].gl), "shadow_table",
					  xs_json_hex(w.step[i].stable), "shadow",
					  xs_json_hex(w.step[i].sl), "verdict",
					  xs_shv_name(w.step[i].verdict), "reason", w.step[i].why));
		if (xs_json_print(json_pack("{s:o,s:o,s:o,s:o,s:o,s:s?}", "va", xs_json_hex(va),
					    "steps", steps, "guest_gfn",
					    w.guest_ok ? xs_json_hex(w.guest_gfn) : json_null(),
					    "guest_mfn",
					    w.guest_mfn != UINT64_MAX ? xs_json_hex(w.guest_mfn)
								      : json_null(),
					    "shadow_mfn",
					    w.shadow_ok ? xs_json_hex(w.shadow_mfn) : json_null(),
					    "note", w.stop),
				  stdout))
			goto out_read;
	} else {
		va_text(d, va, &w);
	}
	ret = !w.guest_ok || !w.shadow_ok   ? XS_EXIT_EXPECTED
	      : w.guest_mfn == w.shadow_mfn ? XS_EXIT_OK
					    : XS_EXIT_SUSPICIOUS;
out_read:
	xs_sh_read_release(&r);
	return ret;
}
