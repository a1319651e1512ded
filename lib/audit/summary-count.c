// SPDX-License-Identifier: MIT
/*
 * The summary's last pass (summary.c has the others): each page's state
 * says whether it is held and unexplained; pages are counted by their set
 * of classes, and those few sets make the distinct pages of every holder
 * and group.
 */
#include <stdlib.h>

#include "explain-int.h"
#include "summary.h"

int xs_summary_read_state(struct sum *s)
{
	uint32_t injected = 0, last = 0;
	struct mask_slot *slot = NULL;

	for (unsigned int c = 0; c < s->nr_cls; c++)
		if (s->cls[c].kind == XENSCOPE_REF_INJECTED)
			injected |= (uint32_t)1 << c;
	s->masks = calloc(MASK_SLOTS, sizeof(*s->masks));
	if (!s->masks)
		return 1;
	for (size_t i = 0; i < s->nr_state; i++) {
		const struct page_state *p = &s->ps[i];

		if (p->general || p->type || (p->classes & injected)) {
			s->unexplained += p->general || p->type;
			if (s->unexplained_group < 0)
				s->unexplained_group =
					xs_group_index(s->e, XS_CAUSE_UNEXPLAINED, XS_HOLDER_NONE);
			if (s->unexplained_group < 0)
				return 1;
			xs_group_unexplained(&s->e->groups[s->unexplained_group], p->general,
					     p->type, p->classes & injected);
		}
		if (!slot || p->classes != last) {
			size_t h = (size_t)((p->classes * 0x9e3779b1U) >> 20), n = 0;

			for (; s->masks[h].used && s->masks[h].mask != p->classes; n++)
				if (n == MASK_SLOTS / 2)
					return 1; /* a table this full: too many sets */
				else
					h = (h + 1) % MASK_SLOTS;
			slot = &s->masks[h];
			slot->used = true;
			slot->mask = last = p->classes;
		}
		slot->pages++;
	}
	return 0;
}

int xs_summary_count_sets(struct sum *s)
{
	for (size_t m = 0; m < MASK_SLOTS; m++) {
		const struct mask_slot *slot = &s->masks[m];
		uint64_t keys = 0, groups[2] = { 0 };

		if (!slot->used || !(slot->mask & PAGE))
			continue; /* a gap between pages */
		for (unsigned int c = 0; c < s->nr_cls; c++) {
			const struct ref_class *rc = &s->cls[c];
			bool granted = false;
			int g;

			if (!(slot->mask >> c & 1))
				continue;
			keys |= (uint64_t)1 << rc->key;
			if (rc->kind == XENSCOPE_REF_INJECTED)
				continue;
			for (unsigned int o = 0; rc->ambiguous && o < s->nr_cls; o++)
				granted |= (slot->mask >> o & 1) &&
					   s->cls[o].holder == rc->holder &&
					   s->cls[o].kind == XENSCOPE_REF_GRANT;
			g = granted ? rc->granted_group : rc->group;
			if (g < 0 || g >= 128)
				return 1;
			groups[g / 64] |= (uint64_t)1 << (g % 64);
		}
		s->held += slot->mask & HELD ? slot->pages : 0;
		for (unsigned int k = 0; k < s->nr_keys; k++)
			s->keys[k].pages += (keys >> k & 1) * slot->pages;
		for (unsigned int g = 0; g < 128; g++)
			if (groups[g / 64] >> (g % 64) & 1)
				s->e->groups[g].pages += slot->pages;
	}
	return 0;
}

static int cmp_key(const void *pa, const void *pb)
{
	const struct holder_key *a = pa, *b = pb;

	if (a->first != b->first)
		return a->first < b->first ? -1 : 1;
	if (a->kind != b->kind)
		return a->kind < b->kind ? -1 : 1;
	return (a->holder > b->holder) - (a->holder < b->holder);
}

int xs_summary_fill_audit(struct sum *s)
{
	struct xs_audit *a = &s->e->audit;

	qsort(s->keys, s->nr_keys, sizeof(s->keys[0]), cmp_key);
	if (s->nr_keys && xs_array_grow(a->holders, a->holders_alloc, s->nr_keys))
		return 1;
	for (unsigned int k = 0; k < s->nr_keys; k++)
		a->holders[k] = (struct xs_audit_holder){ .kind = s->keys[k].kind,
							  .holder = s->keys[k].holder,
							  .pages = s->keys[k].pages,
							  .refs = s->keys[k].refs,
							  .general = s->keys[k].general,
							  .type = s->keys[k].type };
	a->nr_holders = s->nr_keys;
	a->nr_pages = s->nr_pages;
	a->held_pages = s->held;
	a->unexplained_pages = s->unexplained;
	a->orphan_refs = s->orphans;
	return 0;
}
