// SPDX-License-Identifier: MIT
/*
 * Decoding XENSCOPE_OP_SHADOW record streams (xenscope/shadow/records.h).
 * The stream comes from the hypervisor or from a file that may be damaged,
 * so every count and kind is checked before it is used.
 */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "xenscope/core/common.h"
#include "xenscope/shadow/records.h"

_Static_assert(sizeof(union xenscope_sh_rec) == XENSCOPE_SH_REC_SIZE, "record size");

static int damaged(const char *what, size_t i, const char *why)
{
	return xs_error(-EINVAL, "%s: damaged shadow records (record %zu: %s)", what, i, why);
}

static int cmp_node(const void *a, const void *b)
{
	const struct xs_sh_node *x = a, *y = b;

	if (x->rec.smfn != y->rec.smfn)
		return x->rec.smfn < y->rec.smfn ? -1 : 1;
	/* Equal smfns: the later read sorts last and wins. */
	return x->seq < y->seq ? -1 : x->seq > y->seq;
}

static int add_shadow(struct xs_sh_set *s, const struct xenscope_sh_shadow *rec,
		      const union xenscope_sh_rec *ents)
{
	struct xs_sh_node *n;

	if (xs_array_grow(s->sh, s->sh_alloc, s->nr_sh + 1))
		return xs_error(-ENOMEM, "out of memory");
	n = &s->sh[s->nr_sh++];
	*n = (struct xs_sh_node){ .rec = *rec, .parent = XS_SH_NONE, .seq = s->nr_sh };
	n->ent = calloc(rec->nr_entries ? rec->nr_entries : 1, sizeof(*n->ent));
	if (!n->ent)
		return xs_error(-ENOMEM, "out of memory");
	for (uint32_t i = 0; i < rec->nr_entries; i++)
		n->ent[i] = ents[i].entry;
	return 0;
}

/* Drop all but the last read of each smfn; the array is sorted. */
static void dedupe(struct xs_sh_set *s)
{
	size_t out = 0;

	for (size_t i = 0; i < s->nr_sh; i++) {
		if (i + 1 < s->nr_sh && s->sh[i + 1].rec.smfn == s->sh[i].rec.smfn) {
			free(s->sh[i].ent);
			continue;
		}
		s->sh[out++] = s->sh[i];
	}
	s->nr_sh = out;
	s->nr_ent = 0;
	for (size_t i = 0; i < s->nr_sh; i++)
		s->nr_ent += s->sh[i].rec.nr_entries;
}

/* Parents: for each upper-level entry pointing at a shadow we hold. */
static void link_parents(struct xs_sh_set *s)
{
	for (size_t i = 0; i < s->nr_sh; i++) {
		const struct xs_sh_node *n = &s->sh[i];

		if (xs_sh_level(n->rec.level) < 2)
			continue;
		for (uint32_t j = 0; j < n->rec.nr_entries; j++) {
			const struct xenscope_sh_entry *e = &n->ent[j];
			const struct xs_sh_node *c;

			if (!(e->sl & XS_PTE_P) || !(e->flags & XENSCOPE_SHE_TGT_SHADOW))
				continue;
			c = xs_sh_find(s, xs_pte_frame(e->sl));
			/* Only a parent one level up: a wrong link is not a path. */
			if (c && c->parent == XS_SH_NONE &&
			    xs_sh_level(c->rec.level) + 1 == xs_sh_level(n->rec.level)) {
				struct xs_sh_node *w = &s->sh[c - s->sh];

				w->parent = i;
				w->parent_idx = e->idx;
			}
		}
	}
}

static int check_entries(const struct xenscope_sh_shadow *sh, const union xenscope_sh_rec *r,
			 size_t first, const char *what)
{
	for (uint32_t j = 0; j < sh->nr_entries; j++) {
		const struct xenscope_sh_entry *e = &r[j].entry;

		if (e->kind != XENSCOPE_SHR_ENTRY)
			return damaged(what, first + j, "an entry record expected");
		if (e->idx >= 512)
			return damaged(what, first + j, "entry index beyond 511");
		if (j && e->idx <= r[j - 1].entry.idx)
			return damaged(what, first + j, "entry indexes out of order");
	}
	return 0;
}

int xs_sh_set_decode(const void *data, size_t len, const char *what, struct xs_sh_set *out)
{
	size_t nr = len / XENSCOPE_SH_REC_SIZE;
	union xenscope_sh_rec *r;
	int err = 0;

	if (len % XENSCOPE_SH_REC_SIZE)
		return xs_error(-EINVAL,
				"%s: damaged shadow records (%zu bytes, not whole records)", what,
				len);
	/* Copied out: the records are then aligned whatever the source. */
	r = malloc(len ? len : 1);
	if (!r)
		return xs_error(-ENOMEM, "out of memory");
	memcpy(r, data, len);
	for (size_t i = 0; i < nr && !err; i++) {
		switch (r[i].raw[XENSCOPE_SH_KIND_OFFSET]) {
		case XENSCOPE_SHR_DOMAIN:
			if (out->have_dom)
				err = damaged(what, i, "a second domain record");
			out->dom = r[i].domain;
			out->have_dom = true;
			break;
		case XENSCOPE_SHR_VCPU:
			if (xs_array_grow(out->vcpu, out->vcpu_alloc, out->nr_vcpu + 1)) {
				err = xs_error(-ENOMEM, "out of memory");
				break;
			}
			out->vcpu[out->nr_vcpu++] = r[i].vcpu;
			break;
		case XENSCOPE_SHR_SHADOW:
			if (r[i].shadow.nr_entries > 512 || r[i].shadow.nr_entries > nr - i - 1) {
				err = damaged(what, i, "more entries than the records that follow");
				break;
			}
			err = check_entries(&r[i].shadow, r + i + 1, i + 1, what);
			if (!err)
				err = add_shadow(out, &r[i].shadow, r + i + 1);
			i += r[i].shadow.nr_entries;
			break;
		case XENSCOPE_SHR_ENTRY:
			err = damaged(what, i, "an entry outside any shadow");
			break;
		default:
			err = damaged(what, i, "unknown kind");
			break;
		}
	}
	free(r);
	if (!err && nr && !out->have_dom)
		err = xs_error(-EINVAL, "%s: damaged shadow records (no domain record)", what);
	if (err) {
		xs_sh_set_release(out);
		return err;
	}
	if (out->nr_sh)
		qsort(out->sh, out->nr_sh, sizeof(*out->sh), cmp_node);
	dedupe(out);
	link_parents(out);
	return 0;
}

void xs_sh_set_release(struct xs_sh_set *s)
{
	for (size_t i = 0; i < s->nr_sh; i++)
		free(s->sh[i].ent);
	free(s->sh);
	free(s->vcpu);
	*s = (struct xs_sh_set){ 0 };
}

const struct xs_sh_node *xs_sh_find(const struct xs_sh_set *s, uint64_t smfn)
{
	size_t lo = 0, hi = s->nr_sh;

	while (lo < hi) {
		size_t mid = lo + (hi - lo) / 2;

		if (s->sh[mid].rec.smfn == smfn)
			return &s->sh[mid];
		if (s->sh[mid].rec.smfn < smfn)
			lo = mid + 1;
		else
			hi = mid;
	}
	return NULL;
}

const struct xenscope_sh_entry *xs_sh_entry_at(const struct xs_sh_node *n, unsigned int idx)
{
	size_t lo = 0, hi = n->rec.nr_entries;

	while (lo < hi) {
		size_t mid = lo + (hi - lo) / 2;

		if (n->ent[mid].idx == idx)
			return &n->ent[mid];
		if (n->ent[mid].idx < idx)
			lo = mid + 1;
		else
			hi = mid;
	}
	return NULL;
}

const struct xs_sh_node *xs_sh_find_back(const struct xs_sh_set *s, uint64_t gmfn,
					 unsigned int level)
{
	for (size_t i = 0; i < s->nr_sh; i++)
		if (s->sh[i].rec.back == gmfn && !xs_sh_is_fl1(s->sh[i].rec.level) &&
		    xs_sh_level(s->sh[i].rec.level) == level)
			return &s->sh[i];
	return NULL;
}

const char *xs_sh_level_name(uint32_t level)
{
	static const char *const names[] = { "?", "l1", "l2", "l3", "l4" };

	if (xs_sh_is_fl1(level))
		return "fl1";
	return xs_sh_level(level) <= 4 ? names[xs_sh_level(level)] : "?";
}

const char *xs_pte_flags(uint64_t e, char *buf, size_t len)
{
	static const struct {
		uint64_t bit;
		const char *name;
	} bits[] = {
		{ XS_PTE_P, "P" }, { XS_PTE_RW, "RW" },	 { XS_PTE_US, "US" }, { XS_PTE_A, "A" },
		{ XS_PTE_D, "D" }, { XS_PTE_PSE, "PS" }, { XS_PTE_G, "G" },   { XS_PTE_NX, "NX" },
	};
	size_t n = 0;

	buf[0] = '\0';
	for (size_t i = 0; i < XS_ARRAY_SIZE(bits); i++)
		if ((e & bits[i].bit) && n < len)
			n += (size_t)snprintf(buf + n, len - n, "%s%s", n ? "," : "", bits[i].name);
	if (!n)
		snprintf(buf, len, "-");
	return buf;
}
