// SPDX-License-Identifier: MIT
/*
 * Reading and auditing a domain's shadow tables (xenscope/shadow/report.h).
 *
 * A live domain keeps running while its shadows are walked, so an entry can
 * change between the moment it is read and the moment it is judged: every
 * suspicious entry is judged again on a fresh read of its one shadow (the
 * hypervisor reads a shadow and its guest page under the paging lock) and
 * reported only if it is still suspicious then.
 */
#include <errno.h>
#include <inttypes.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "xenscope/core/common.h"
#include "xenscope/shadow/report.h"

struct grab {
	uint8_t **buf;
	size_t *len, *alloc;
};

static int grab_recs(const union xenscope_sh_rec *recs, size_t nr, void *arg)
{
	const struct grab *g = arg;
	size_t need = *g->len + nr * sizeof(*recs);

	if (xs_array_grow(*g->buf, *g->alloc, need))
		return xs_error(-ENOMEM, "out of memory");
	memcpy(*g->buf + *g->len, recs, nr * sizeof(*recs));
	*g->len = need;
	return 0;
}

int xs_sh_read_all(struct xs_target *t, uint32_t domid, struct xs_sh_read *out)
{
	struct grab g = { &out->raw, &out->len, &out->alloc };
	char what[64];
	int err;

	err = xs_target_shadows(t, domid, XS_SH_ALL, grab_recs, &g);
	if (err)
		return err;
	snprintf(what, sizeof(what), "domain %u", domid);
	return xs_sh_set_decode(out->raw, out->len, what, &out->set);
}

void xs_sh_read_release(struct xs_sh_read *r)
{
	free(r->raw);
	xs_sh_set_release(&r->set);
	*r = (struct xs_sh_read){ 0 };
}

static bool is_top(const struct xs_sh_set *s, uint64_t smfn)
{
	for (size_t i = 0; i < s->nr_vcpu; i++)
		if (s->vcpu[i].smfn == smfn)
			return true;
	return false;
}

void xs_sh_path_of(const struct xs_sh_set *s, const struct xs_sh_node *n, unsigned int idx,
		   struct xs_sh_path *out)
{
	struct xs_sh_path rev = { 0 };

	/* Up the parent links; bounded, so damaged links cannot loop. */
	for (unsigned int i = idx; n && rev.nr < XS_ARRAY_SIZE(rev.step);) {
		rev.step[rev.nr].level = n->rec.level;
		rev.step[rev.nr].smfn = n->rec.smfn;
		rev.step[rev.nr++].idx = (uint16_t)i;
		if (n->parent == XS_SH_NONE)
			break;
		i = n->parent_idx;
		n = &s->sh[n->parent];
	}
	*out = (struct xs_sh_path){ .nr = rev.nr };
	for (unsigned int i = 0; i < rev.nr; i++)
		out->step[i] = rev.step[rev.nr - 1 - i];
	out->from_top = is_top(s, out->step[0].smfn);
	if (out->from_top && xs_sh_level(out->step[0].level) == 4 &&
	    xs_sh_level(out->step[out->nr - 1].level) == 1 && out->nr == 4) {
		uint64_t va = 0;

		for (unsigned int i = 0; i < 4; i++)
			va |= (uint64_t)out->step[i].idx << (39 - 9 * i);
		if (va & (1ULL << 47))
			va |= 0xffff000000000000ULL;
		out->va = va;
		out->va_known = true;
	}
}

const char *xs_sh_path_str(const struct xs_sh_path *p, char *buf, size_t len)
{
	size_t n = 0;

	buf[0] = '\0';
	for (unsigned int i = 0; i < p->nr && n < len; i++)
		n += (size_t)snprintf(buf + n, len - n, "%s%s[%#x]", i ? " -> " : "",
				      xs_sh_is_fl1(p->step[i].level)	   ? "FL1"
				      : xs_sh_level(p->step[i].level) == 4 ? "L4"
				      : xs_sh_level(p->step[i].level) == 3 ? "L3"
				      : xs_sh_level(p->step[i].level) == 2 ? "L2"
									   : "L1",
				      p->step[i].idx);
	return buf;
}

/*
 * The same entry judged on a fresh read of its shadow: CHANGED if it is no
 * longer suspicious (or the shadow or the entry is gone), else the verdict.
 */
static int reread(struct xs_target *t, uint32_t domid, const struct xs_sh_set *s,
		  const struct xs_sh_node *n, struct xs_sh_finding *f)
{
	union xenscope_sh_rec dom = { .domain = s->dom };
	struct xs_sh_read r = { 0 };
	struct grab g = { &r.raw, &r.len, &r.alloc };
	const struct xs_sh_node *m;
	const struct xenscope_sh_entry *e;
	char what[64];
	int err;

	/* The domain record first: a one-shadow read carries none. */
	err = grab_recs(&dom, 1, &g);
	if (!err)
		err = xs_target_shadows(t, domid, n->rec.smfn, grab_recs, &g);
	snprintf(what, sizeof(what), "domain %u, shadow %#" PRIx64, domid, n->rec.smfn);
	if (!err)
		err = xs_sh_set_decode(r.raw, r.len, what, &r.set);
	if (err)
		goto out_release;
	m = xs_sh_find(&r.set, n->rec.smfn);
	if (!m || m->rec.back != n->rec.back || m->rec.level != n->rec.level) {
		f->verdict = XS_SHV_CHANGED;
		goto out_release;
	}
	if (f->whole_shadow) {
		f->verdict = xs_sh_judge_shadow(s, m, f->why, sizeof(f->why));
	} else {
		e = xs_sh_entry_at(m, f->e.idx);
		f->verdict = xs_sh_judge(s, m, e, f->why, sizeof(f->why));
		if (e)
			f->e = *e;
	}
	if (!xs_shv_suspicious(f->verdict))
		f->verdict = XS_SHV_CHANGED;
out_release:
	xs_sh_read_release(&r);
	return err;
}

static int finding(struct xs_target *t, uint32_t domid, const struct xs_sh_set *s,
		   const struct xs_sh_node *n, const struct xenscope_sh_entry *e, bool whole,
		   struct xs_sh_report *rep)
{
	struct xs_sh_finding f = {
		.smfn = n->rec.smfn,
		.back = n->rec.back,
		.gfn = n->rec.gfn,
		.level = n->rec.level,
		.whole_shadow = whole,
	};
	int err;

	if (e)
		f.e = *e;
	xs_sh_path_of(s, n, f.e.idx, &f.path);
	rep->rereads++;
	err = reread(t, domid, s, n, &f);
	if (err)
		return err;
	rep->count[f.verdict]++;
	if (f.verdict == XS_SHV_CHANGED)
		return 0;
	if (xs_array_grow(rep->bad, rep->bad_alloc, rep->nr_bad + 1))
		return xs_error(-ENOMEM, "out of memory");
	rep->bad[rep->nr_bad++] = f;
	return 0;
}

int xs_sh_audit(struct xs_target *t, uint32_t domid, const struct xs_sh_read *r,
		struct xs_sh_report *out)
{
	const struct xs_sh_set *s = &r->set;
	char why[192];
	int err = 0;

	out->shadows = s->nr_sh;
	out->entries = s->nr_ent;
	for (size_t i = 0; i < s->nr_sh && !err; i++) {
		const struct xs_sh_node *n = &s->sh[i];
		enum xs_shv v = xs_sh_judge_shadow(s, n, why, sizeof(why));

		if (xs_shv_suspicious(v)) {
			err = finding(t, domid, s, n, NULL, true, out);
			continue;
		}
		for (uint32_t j = 0; j < n->rec.nr_entries && !err; j++) {
			v = xs_sh_judge(s, n, &n->ent[j], why, sizeof(why));
			if (xs_shv_suspicious(v))
				err = finding(t, domid, s, n, &n->ent[j], false, out);
			else
				out->count[v]++;
		}
	}
	return err;
}

void xs_sh_report_release(struct xs_sh_report *rep)
{
	free(rep->bad);
	*rep = (struct xs_sh_report){ 0 };
}

uint64_t xs_sh_report_expected(const struct xs_sh_report *rep)
{
	uint64_t n = 0;

	for (int v = 0; v < XS_SHV_NR; v++)
		if (v != XS_SHV_SAME && !xs_shv_suspicious(v))
			n += rep->count[v];
	return n;
}
