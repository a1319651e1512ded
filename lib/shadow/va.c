// SPDX-License-Identifier: MIT
/*
 * One virtual address walked twice from a vCPU's top-level shadow: through
 * the guest's entries (read beside the shadow entries, in the shadows of the
 * guest's tables) and through the shadow's own, level by level, as
 * `shadowdump va` prints them.  Only tables that have a shadow were read:
 * a guest walk that enters an unshadowed table stops there and says so.
 */
#include <errno.h>
#include <stdio.h>

#include "xenscope/core/common.h"
#include "xenscope/shadow/report.h"

static const struct xenscope_sh_vcpu *top_of(const struct xs_sh_set *s, unsigned int vcpu)
{
	for (size_t i = 0; i < s->nr_vcpu; i++)
		if (s->vcpu[i].vcpu == vcpu && s->vcpu[i].slot == 0)
			return &s->vcpu[i];
	return NULL;
}

/* Guest side, one level: returns the next guest table's shadow or NULL. */
static const struct xs_sh_node *guest_step(const struct xs_sh_set *s, unsigned int level,
					   uint64_t va, const struct xenscope_sh_entry *ge,
					   struct xs_sh_va *out)
{
	uint64_t gl = ge ? ge->gl : 0;
	const struct xs_sh_node *next;

	if (!(gl & XS_PTE_P)) {
		out->stop = "the guest entry is not present";
		return NULL;
	}
	if (level == 1 || (level == 2 && (gl & XS_PTE_PSE))) {
		out->guest_ok = true;
		out->guest_gfn = xs_pte_frame(gl);
		if (level == 2)
			out->guest_gfn = (out->guest_gfn & ~(uint64_t)511) + ((va >> 12) & 511);
		else if (ge->flags & XENSCOPE_SHE_P2M_VALID)
			out->guest_mfn = ge->p2m_mfn;
		return NULL;
	}
	if (!(ge->flags & XENSCOPE_SHE_P2M_VALID)) {
		out->stop = "the guest's next table has no frame in the p2m";
		return NULL;
	}
	next = xs_sh_find_back(s, ge->p2m_mfn, level - 1);
	if (!next)
		out->stop = "the guest's next table has no shadow, so its entries were not read";
	return next;
}

int xs_sh_va_walk(const struct xs_sh_set *s, unsigned int vcpu, uint64_t va, struct xs_sh_va *out)
{
	const struct xenscope_sh_vcpu *v = top_of(s, vcpu);
	const struct xs_sh_node *sn, *gn;

	*out = (struct xs_sh_va){ .guest_mfn = UINT64_MAX, .shadow_mfn = UINT64_MAX };
	if (!v)
		return xs_error(-ENOENT, "vCPU %u has no top-level shadow", vcpu);
	sn = gn = xs_sh_find(s, v->smfn);
	if (!sn)
		out->stop = "the top-level shadow was not among the shadows read";
	for (unsigned int level = 4; level >= 1 && (sn || gn); level--) {
		struct xs_sh_va_step *st = &out->step[out->nr++];
		unsigned int idx = (unsigned int)(va >> (12 + 9 * (level - 1))) & 511;
		const struct xenscope_sh_entry *se = sn ? xs_sh_entry_at(sn, idx) : NULL;
		const struct xenscope_sh_entry *ge = gn ? xs_sh_entry_at(gn, idx) : NULL;

		*st = (struct xs_sh_va_step){ .level = level, .idx = (uint16_t)idx };
		st->have_shadow = sn;
		st->have_guest = gn && !xs_sh_is_fl1(gn->rec.level);
		st->stable = sn ? sn->rec.smfn : 0;
		st->gtable = gn ? gn->rec.back : 0;
		st->sl = se ? se->sl : 0;
		st->gl = ge && st->have_guest ? ge->gl : 0;
		st->verdict = sn ? xs_sh_judge(s, sn, se, st->why, sizeof(st->why)) : XS_SHV_SAME;
		if (sn && gn && gn != sn)
			snprintf(st->why, sizeof(st->why), "%s", "guest and shadow tables differ");

		if (st->have_guest)
			gn = guest_step(s, level, va, ge, out);
		else if (sn && xs_sh_is_fl1(sn->rec.level) && se &&
			 (se->flags & XENSCOPE_SHE_P2M_VALID))
			out->guest_mfn = se->p2m_mfn; /* the superpage's piece */
		else
			gn = NULL;

		if (!sn)
			continue;
		if (!(st->sl & XS_PTE_P) || (se && (se->flags & XENSCOPE_SHE_MAGIC))) {
			if (!out->stop)
				out->stop = "the shadow entry is not present (or magic)";
			sn = NULL;
		} else if (level == 1) {
			out->shadow_ok = true;
			out->shadow_mfn = xs_pte_frame(st->sl);
			sn = NULL;
		} else {
			sn = xs_sh_find(s, xs_pte_frame(st->sl));
			if (!sn && !out->stop)
				out->stop =
					"the shadow's next table was not among the shadows read";
		}
	}
	return 0;
}
