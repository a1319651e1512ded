// SPDX-License-Identifier: MIT
/*
 * The PV p2m readers and the p2m audit on guest memory images built here:
 * both formats, trimmed tails, truncated lists, page-table loops, bad
 * virtual ranges, a guest that keeps changing its list, and one entry of
 * every audit class.
 */
#include <errno.h>
#include <stdlib.h>
#include <string.h>

#include "../tap.h"
#include "xenscope/core/exit.h"
#include "xenscope/p2m/audit.h"
#include "xenscope/p2m/p2m.h"
#include "xenscope/p2m/snap.h"

#define NFRAMES 512 /* the image's host: machine frames 0..511 */

struct image {
	uint64_t frame[NFRAMES][XS_P2M_PER_FRAME];
	struct xs_p2m_anchor anchor;
	/* Generation churn: each anchor read adds this (0: a quiet guest). */
	uint64_t gen_step;
	unsigned int churn_reads; /* gen_step applies to this many reads; 0: all */
	unsigned int anchor_reads;
};

static int img_anchor(void *ctx, struct xs_p2m_anchor *out)
{
	struct image *im = ctx;

	im->anchor_reads++;
	*out = im->anchor;
	if (!im->churn_reads || im->anchor_reads <= im->churn_reads)
		im->anchor.generation += im->gen_step;
	return 0;
}

static int img_read(void *ctx, const uint64_t *mfns, size_t nr, void *buf)
{
	struct image *im = ctx;

	for (size_t i = 0; i < nr; i++) {
		if (mfns[i] >= NFRAMES)
			return -EFAULT;
		memcpy((char *)buf + i * XS_PAGE_SIZE, im->frame[mfns[i]], XS_PAGE_SIZE);
	}
	return 0;
}

static const struct xs_guest_mem_ops img_ops = { .anchor = img_anchor, .read = img_read };

/* pfn -> mfn 300 + pfn / 4 ... any fixed function will do; leaves at 20.. */
static uint64_t want_entry(uint64_t pfn)
{
	return 0x1000 + pfn;
}

static void fill_leaves(struct image *im, uint64_t nr, uint64_t first_leaf)
{
	for (uint64_t pfn = 0; pfn < nr; pfn++)
		im->frame[first_leaf + pfn / XS_P2M_PER_FRAME][pfn % XS_P2M_PER_FRAME] =
			want_entry(pfn);
}

static bool entries_match(const struct xs_p2m *p, uint64_t nr)
{
	if (p->nr != nr)
		return false;
	for (uint64_t pfn = 0; pfn < nr; pfn++)
		if (p->entry[pfn] != want_entry(pfn))
			return false;
	return true;
}

#define PTE(mfn) (((uint64_t)(mfn) << 12) | 0x67) /* present, rw, user, a, d */
#define LIST_VA 0xFFFFC90000000000ULL		  /* outside the hypervisor hole */

/* A list of @nr entries at LIST_VA: L4 30, L3 31, L2 32, L1 33, leaves 20.. */
static void build_list(struct image *im, uint64_t nr)
{
	uint64_t frames = (nr - 1) / XS_P2M_PER_FRAME + 1, va = LIST_VA & ((1ULL << 48) - 1);

	fill_leaves(im, nr, 20);
	im->frame[30][(va >> 39) & 511] = PTE(31);
	im->frame[31][(va >> 30) & 511] = PTE(32);
	im->frame[32][(va >> 21) & 511] = PTE(33);
	for (uint64_t i = 0; i < frames; i++)
		im->frame[33][((va >> 12) & 511) + i] = PTE(20 + i);
	im->anchor = (struct xs_p2m_anchor){ .max_pfn = nr, .fll_mfn = ~0ULL, .p2m_cr3 = 30ULL << 12,
					     .p2m_vaddr = LIST_VA };
}

static void build_tree(struct image *im, uint64_t nr)
{
	uint64_t frames = (nr - 1) / XS_P2M_PER_FRAME + 1;

	fill_leaves(im, nr, 20);
	im->frame[10][0] = 11;
	for (uint64_t i = 0; i < frames; i++)
		im->frame[11][i] = 20 + i;
	im->anchor = (struct xs_p2m_anchor){ .max_pfn = nr, .fll_mfn = 10 };
}

static struct image *new_image(struct xs_guest_mem *mem)
{
	struct image *im = calloc(1, sizeof(*im));

	if (!im)
		abort();
	*mem = (struct xs_guest_mem){ .ops = &img_ops, .ctx = im, .max_mfn = NFRAMES - 1 };
	return im;
}

static void test_tree(void)
{
	struct xs_guest_mem mem;
	struct image *im = new_image(&mem);
	struct xs_p2m p;

	build_tree(im, 1000);
	is_int(xs_p2m_read_pv(&mem, 3, &p), 0, "tree: a 1000-entry tree reads");
	is_int(p.format, XS_P2M_FORMAT_TREE, "tree: said to be a tree");
	ok(entries_match(&p, 1000), "tree: every entry as written");
	is_int((int)p.nr_frames, 2, "tree: two leaf frames");
	ok(strstr(p.why, "p2m_cr3 is 0") != NULL, "tree: says why (%s)", p.why);
	xs_p2m_release(&p);

	im->frame[11][1] = NFRAMES + 5;
	is_int(xs_p2m_read_pv(&mem, 3, &p), -ERANGE, "tree: a leaf past the host's frames is refused");
	im->frame[11][1] = 21;
	im->anchor.fll_mfn = 0;
	is_int(xs_p2m_read_pv(&mem, 3, &p), -ERANGE, "tree: frame list list 0 is refused");
	free(im);
}

static void test_list(void)
{
	struct xs_guest_mem mem;
	struct image *im = new_image(&mem);
	struct xs_p2m p;

	build_list(im, 1500);
	is_int(xs_p2m_read_pv(&mem, 3, &p), 0, "list: a 1500-entry list reads");
	is_int(p.format, XS_P2M_FORMAT_LIST, "list: said to be a list");
	ok(entries_match(&p, 1500), "list: every entry as written");
	is_int((int)p.nr_frames, 3, "list: three leaf frames");
	is_int((int)p.retries, 0, "list: a quiet guest needs no retry");
	ok(strstr(p.why, "too big for the tree") != NULL, "list: says why (%s)", p.why);
	xs_p2m_release(&p);

	/* Truncated: the list claims more entries than its page tables map. */
	im->anchor.max_pfn = 3000;
	is_int(xs_p2m_read_pv(&mem, 3, &p), -ERANGE, "list: a list longer than its mappings is refused");
	im->anchor.max_pfn = 1500;

	/* Loop: the L1 slot of the second leaf points back at the L4. */
	im->frame[33][((LIST_VA >> 12) & 511) + 1] = PTE(30);
	is_int(xs_p2m_read_pv(&mem, 3, &p), -ELOOP, "list: a page-table loop is refused");
	im->frame[33][((LIST_VA >> 12) & 511) + 1] = PTE(21);

	im->anchor.p2m_vaddr = 0x0000900000000000ULL; /* bit 47 set, top bits clear */
	is_int(xs_p2m_read_pv(&mem, 3, &p), -ERANGE, "list: a non-canonical p2m_vaddr is refused");
	im->anchor.p2m_vaddr = 0xFFFF800000000000ULL;
	is_int(xs_p2m_read_pv(&mem, 3, &p), -ERANGE, "list: a list in the hypervisor hole is refused");
	im->anchor.p2m_vaddr = LIST_VA;

	im->frame[32][(LIST_VA >> 21) & 511] |= 1ULL << 7;
	is_int(xs_p2m_read_pv(&mem, 3, &p), -ERANGE, "list: a superpage in its page tables is refused");
	im->frame[32][(LIST_VA >> 21) & 511] &= ~(1ULL << 7);

	/* A guest changing its list: odd, then moving, then settled. */
	im->anchor.generation = 7;
	im->gen_step = 1;
	is_int(xs_p2m_read_pv(&mem, 0, &p), -EAGAIN, "list: no retries allowed -> the race is reported");
	im->anchor.generation = 7;
	im->gen_step = 2; /* stays odd: never a consistent read */
	is_int(xs_p2m_read_pv(&mem, 4, &p), -EAGAIN, "list: a list always being updated is reported");
	im->anchor.generation = 7;
	im->gen_step = 1; /* 7 (odd) -> 8 read -> 9 after: changed -> 10 read -> 11 ... */
	is_int(xs_p2m_read_pv(&mem, 10, &p), -EAGAIN,
	       "list: a generation that changes during every read is reported");
	im->anchor.generation = 7;
	im->gen_step = 0;
	is_int(xs_p2m_read_pv(&mem, 10, &p), -EAGAIN, "list: an odd generation that stays odd is reported");
	/* 6 read, 7 after: changed, retry; 8 read, 8 after: consistent. */
	im->anchor.generation = 6;
	im->gen_step = 1;
	im->anchor_reads = 0;
	im->churn_reads = 2;
	is_int(xs_p2m_read_pv(&mem, 3, &p), 0, "list: a change during one read is retried");
	is_int((int)p.retries, 1, "list: and the retry is counted");
	xs_p2m_release(&p);
	im->gen_step = 0;
	im->anchor.generation = 8;
	is_int(xs_p2m_read_pv(&mem, 10, &p), 0, "list: an even, unchanged generation reads");
	is_int((int)p.generation, 8, "list: the generation read is kept");
	xs_p2m_release(&p);
	free(im);
}

/* Trailing L2 entries that all name one page of invalid entries are cut. */
static void test_trailing_trim(void)
{
	struct xs_guest_mem mem;
	struct image *im = new_image(&mem);
	uint64_t va = LIST_VA & ((1ULL << 48) - 1), l2 = (va >> 21) & 511;
	struct xs_p2m p;

	build_list(im, 1500);
	/* Claim 4 L2 ranges' worth; ranges 2-4 point at one shared L1 (34). */
	im->anchor.max_pfn = 4 * 512 * XS_P2M_PER_FRAME;
	for (unsigned int i = 0; i < XS_P2M_PER_FRAME; i++)
		im->frame[34][i] = PTE(40);
	memset(im->frame[40], 0xff, XS_PAGE_SIZE);
	for (uint64_t i = 1; i < 512; i++)
		im->frame[33][((va >> 12) & 511) + i] = PTE(i < 3 ? 20 + i : 40);
	for (int i = 1; i < 4; i++)
		im->frame[32][l2 + i] = PTE(34);
	is_int(xs_p2m_read_pv(&mem, 3, &p), 0, "trim: a list with a trailing shared tail reads");
	is_u64(p.nr, 512 * XS_P2M_PER_FRAME, "trim: only the first L2 range is kept");
	xs_p2m_release(&p);
	free(im);
}

static void test_audit(void)
{
	enum { N = 12, DOM = 5, OTHER = 7 };
	uint64_t entry[N], m2p[N];
	uint32_t owner[N];
	struct xs_p2m p = { .nr = N, .entry = entry, .m2p = m2p, .owner = owner };
	struct xs_p2m_audit a;

	for (uint64_t pfn = 0; pfn < N; pfn++) {
		entry[pfn] = 100 + pfn;
		m2p[pfn] = pfn;
		owner[pfn] = DOM;
	}
	entry[1] = XS_P2M_ENTRY_INVALID;
	entry[2] = XS_P2M_IDENTITY_BIT | 2;
	entry[3] = XS_P2M_FOREIGN_BIT | 300;
	owner[3] = OTHER;
	m2p[3] = 77;
	entry[4] = 301;
	owner[4] = OTHER; /* another's frame, not marked foreign */
	m2p[5] = 9;	  /* m2p says pfn 9 */
	entry[6] = 100 + 7; /* duplicate of pfn 7 */
	entry[8] = 1ULL << 40; /* past max_mfn */
	owner[9] = XS_P2M_OWNER_NONE; /* on nobody's page list */

	is_int(xs_p2m_audit(&p, DOM, 1 << 20, &a), 0, "audit runs");
	is_u64(a.count[XS_P2M_CONSISTENT], 4, "audit: 4 consistent (0, 7, 10, 11)");
	is_u64(a.count[XS_P2M_INVALID], 1, "audit: invalid entry");
	is_u64(a.count[XS_P2M_IDENTITY], 1, "audit: identity");
	is_u64(a.count[XS_P2M_FOREIGN], 1, "audit: foreign frame");
	is_u64(a.count[XS_P2M_NOT_OWNED], 2, "audit: not owned (another's, nobody's)");
	is_u64(a.count[XS_P2M_M2P_MISMATCH], 1, "audit: m2p mismatch");
	is_u64(a.count[XS_P2M_DUPLICATE], 1, "audit: duplicate mfn");
	is_u64(a.count[XS_P2M_OUT_OF_RANGE], 1, "audit: out of range");
	is_int(xs_p2m_audit_verdict(&a), XS_EXIT_SUSPICIOUS, "audit: real mismatches -> exit 2");
	is_int((int)a.nr, 8, "audit: every non-consistent entry listed");
	ok(a.nr == 8 && a.v[5].pfn == 7 && a.v[5].other_pfn == 6 && a.v[5].cls == XS_P2M_DUPLICATE,
	   "audit: the duplicate names the other pfn");
	xs_p2m_audit_release(&a);

	/* Only expected anomalies. */
	entry[4] = 104, owner[4] = DOM, owner[9] = DOM, m2p[5] = 5, entry[6] = 106, entry[8] = 108;
	is_int(xs_p2m_audit(&p, DOM, 1 << 20, &a), 0, "audit runs again");
	is_int(xs_p2m_audit_verdict(&a), XS_EXIT_EXPECTED, "audit: invalid/identity/foreign only -> exit 1");
	xs_p2m_audit_release(&a);

	entry[1] = 101, entry[2] = 102, entry[3] = 103, owner[3] = DOM, m2p[3] = 3;
	is_int(xs_p2m_audit(&p, DOM, 1 << 20, &a), 0, "audit runs a third time");
	is_int(xs_p2m_audit_verdict(&a), XS_EXIT_OK, "audit: all consistent -> exit 0");
	xs_p2m_audit_release(&a);

	/* Without facts, nothing is claimed about the m2p or owners. */
	p.m2p = NULL, p.owner = NULL;
	m2p[5] = 9;
	is_int(xs_p2m_audit(&p, DOM, 1 << 20, &a), 0, "audit without facts runs");
	ok(!a.m2p_known && !a.owners_known, "audit without facts says so");
	is_int(xs_p2m_audit_verdict(&a), XS_EXIT_OK, "audit without facts finds no mismatch");
	xs_p2m_audit_release(&a);
}

/* The snapshot section: a round trip, then damage of every kind. */
static void test_section(void)
{
	struct xs_guest_mem mem;
	struct image *im = new_image(&mem);
	struct xs_p2m p, back;
	uint64_t max_mfn = 0;
	size_t len;
	void *data;
	char *b;

	build_list(im, 1500);
	if (xs_p2m_read_pv(&mem, 3, &p) < 0)
		abort();
	p.m2p = calloc(p.nr, sizeof(*p.m2p));
	p.owner = calloc(p.nr, sizeof(*p.owner));
	for (uint64_t i = 0; i < p.nr; i++)
		p.m2p[i] = i, p.owner[i] = 5;
	p.owner[7] = XS_P2M_OWNER_NONE;
	is_int(xs_p2m_to_section(&p, 4095, &data, &len), 0, "section: written");
	is_int(xs_p2m_from_section(data, len, &back, &max_mfn), 0, "section: read back");
	ok(back.nr == p.nr && back.nr_frames == p.nr_frames && back.format == p.format &&
		   !memcmp(back.entry, p.entry, p.nr * 8) && !memcmp(back.m2p, p.m2p, p.nr * 8) &&
		   !memcmp(back.owner, p.owner, p.nr * 4) &&
		   !memcmp(back.frames, p.frames, p.nr_frames * 8) && !strcmp(back.why, p.why),
	   "section: everything read back as written");
	is_u64(max_mfn, 4095, "section: the host's last frame kept");
	xs_p2m_release(&back);

	b = data;
	is_int(xs_p2m_from_section(data, len - 1, &back, &max_mfn), -EINVAL, "section: truncated by one byte refused");
	is_int(xs_p2m_from_section(data, 100, &back, &max_mfn), -EINVAL, "section: shorter than its head refused");
	b[0] ^= 1;
	is_int(xs_p2m_from_section(data, len, &back, &max_mfn), -EINVAL, "section: bad magic refused");
	b[0] ^= 1;
	b[16] ^= 0x80; /* nr: huge */
	is_int(xs_p2m_from_section(data, len, &back, &max_mfn), -EINVAL, "section: a count past the size refused");
	b[16] ^= 0x80;
	b[216 + 20] = 1; /* first entry's padding */
	is_int(xs_p2m_from_section(data, len, &back, &max_mfn), -EINVAL, "section: non-zero padding refused");
	b[216 + 20] = 0;
	b[12] = 9; /* format */
	is_int(xs_p2m_from_section(data, len, &back, &max_mfn), -EINVAL, "section: unknown format refused");
	free(data);
	xs_p2m_release(&p);
	free(im);
}

int main(void)
{
	tap_plan(57);
	test_tree();
	test_list();
	test_trailing_trim();
	test_audit();
	test_section();
	return tap_done();
}
