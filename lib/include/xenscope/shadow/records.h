/* SPDX-License-Identifier: MIT */
/*
 * The records of XENSCOPE_OP_SHADOW (hv-probes/public/xenscope.h), decoded:
 * a domain's shadows, each with its entries and the guest entries beside
 * them, as one read of the hypervisor (or of a snapshot's .xs.shadow.D
 * section, which holds the same bytes) gave them.
 */
#ifndef XENSCOPE_SHADOW_RECORDS_H
#define XENSCOPE_SHADOW_RECORDS_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include <jansson.h>
#include <xenscope.h>

#define XS_SH_NONE SIZE_MAX

/* One shadow and where its entries are. */
struct xs_sh_node {
	struct xenscope_sh_shadow rec;
	struct xenscope_sh_entry *ent; /* rec.nr_entries of them, by index */
	size_t parent;		       /* a shadow whose entry points here, or XS_SH_NONE */
	uint16_t parent_idx;	       /* that entry's index */
	size_t seq;		       /* read order, so a later read of an smfn wins */
};

struct xs_sh_set {
	struct xenscope_sh_domain dom;
	bool have_dom;
	struct xenscope_sh_vcpu *vcpu;
	size_t nr_vcpu, vcpu_alloc;
	struct xs_sh_node *sh; /* sorted by smfn, one per smfn */
	size_t nr_sh, sh_alloc;
	size_t nr_ent; /* over all shadows */
};

/*
 * Decode a record stream (@len bytes, a multiple of XENSCOPE_SH_REC_SIZE).
 * A damaged stream gives -EINVAL after one line naming @what and the first
 * bad record.  A shadow read twice (freed and reused during the walk) is
 * kept as read last.  @out must be zeroed.
 */
int xs_sh_set_decode(const void *data, size_t len, const char *what, struct xs_sh_set *out);
void xs_sh_set_release(struct xs_sh_set *s);

const struct xs_sh_node *xs_sh_find(const struct xs_sh_set *s, uint64_t smfn);
/* The entry at @idx of @n, NULL when neither side was non-zero there. */
const struct xenscope_sh_entry *xs_sh_entry_at(const struct xs_sh_node *n, unsigned int idx);
/* The shadow of level @level (1-4, not fl1) whose back pointer is @gmfn. */
const struct xs_sh_node *xs_sh_find_back(const struct xs_sh_set *s, uint64_t gmfn,
					 unsigned int level);

/* Level 1-4 of a shadow's level word, and whether it is an FL1. */
static inline unsigned int xs_sh_level(uint32_t level)
{
	return level & XENSCOPE_SH_LEVEL_MASK;
}
static inline bool xs_sh_is_fl1(uint32_t level)
{
	return level & XENSCOPE_SH_FL1;
}

/* Frame number and flag bits of a page-table entry (x86-64 layout). */
#define XS_PTE_P (1ULL << 0)
#define XS_PTE_RW (1ULL << 1)
#define XS_PTE_US (1ULL << 2)
#define XS_PTE_A (1ULL << 5)
#define XS_PTE_D (1ULL << 6)
#define XS_PTE_PSE (1ULL << 7)
#define XS_PTE_G (1ULL << 8)
#define XS_PTE_NX (1ULL << 63)
static inline uint64_t xs_pte_frame(uint64_t e)
{
	return (e & 0x000ffffffffff000ULL) >> 12;
}

/* "l1", "fl1", "l2", "l3", "l4", "?" for a level word. */
const char *xs_sh_level_name(uint32_t level);
/* Flags of a PTE as "P RW US A D PSE G NX" letters, into @buf. */
const char *xs_pte_flags(uint64_t e, char *buf, size_t len);

/* JSON of a stream and back (test fixtures, snapshot dumps). */
json_t *xs_sh_records_json(const void *data, size_t len);
/* Appends the records @j describes to *@buf (*@len bytes, malloc'd). */
int xs_sh_records_from_json(json_t *j, uint8_t **buf, size_t *len);

#endif
