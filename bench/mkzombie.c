// SPDX-License-Identifier: MIT
/*
 * mkzombie PAGES OUT: the snapshot of a large zombie at its worst, for
 * bench/snap-audit.sh.  Domain 1 is dying and every one of its PAGES pages
 * is still held, by a mix of holders:
 *
 *   35 %  mapped by dom0's device model (privcmd, PV L1 entries)
 *   10 %  mapped by the device model and a save helper (two PV L1 entries)
 *    5 %  mapped by a third dom0 process
 *   20 %  grant-mapped by dom0's block backend (GRANT + its PV L1 entry)
 *   12 %  grant-mapped by a PVH driver domain (domain 2)
 *    8 %  in the p2m of a PVH domain as foreign entries (domain 3)
 *   10 %  in the domain's own shadow L1s; 1 page in 512 is a guest page
 *         table with a shadow back pointer on top
 *
 * References come in the order the hypervisor walks (hv-probes/README.md):
 * frame table (dom0's L1 tables by mfn), maptrack per domain, p2m, shadow
 * hash; none of these is mfn order, since gfns map to scattered mfns.
 * Pages come by mfn, as the frame-table scan returns them.  Every count
 * is explained, so refaudit exits 1.
 */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "xenscope/core/pageinfo.h"
#include "xenscope/snap/snap.h"

#define DOMID 1
#define MFN_BASE 0x200000ULL
#define DOM0_TABLES 0x80000ULL		    /* where dom0's L1 tables live */
#define SHADOW_TABLES 0xc0000ULL	    /* shadow pool */
#define TYPE_WRITABLE 0xe400000000000000ULL /* PGT_writable_page | PGT_validated */
#define BATCH 4096

/* Who holds a page (by its gfn). */
enum mix { DM, DM_SAVE, TOOL, BLKBACK, DRIVER, P2M, SHADOW, NR_MIX };

/* Per-mille share of each, in the order above. */
static const unsigned int share[NR_MIX] = { 350, 100, 50, 200, 120, 80, 100 };

struct gen {
	uint64_t n;		  /* pages */
	uint64_t mul, inv;	  /* gfn = page * mul mod n; page = gfn * inv mod n */
	uint64_t scramble;	  /* walk order of hashes and maptracks: i * scramble mod n */
	uint32_t *general, *type; /* per page index, from the refs written */
	struct xenscope_ref buf[BATCH];
	size_t nbuf;
	struct xs_snap_writer *w;
	uint32_t tables; /* dom0 L1 tables handed out so far */
};

static uint64_t mix64(uint64_t x)
{
	x += 0x9e3779b97f4a7c15ULL;
	x = (x ^ (x >> 30)) * 0xbf58476d1ce4e5b9ULL;
	x = (x ^ (x >> 27)) * 0x94d049bb133111ebULL;
	return x ^ (x >> 31);
}

static enum mix holder_of(uint64_t gfn)
{
	unsigned int r = (unsigned int)(mix64(gfn) % 1000), acc = 0;

	for (int m = 0; m < NR_MIX; m++) {
		acc += share[m];
		if (r < acc)
			return (enum mix)m;
	}
	return SHADOW;
}

/* 2 MiB extents of host memory with 1 MiB gaps between them. */
static uint64_t mfn_of(uint64_t page)
{
	return MFN_BASE + (page >> 9) * 768 + (page & 511);
}

static uint64_t mulmod(uint64_t a, uint64_t b, uint64_t n)
{
	return (uint64_t)((unsigned __int128)a * b % n);
}

/* Inverse of @a mod @n by extended Euclid; 0 if none. */
static uint64_t inverse(uint64_t a, uint64_t n)
{
	__int128 t = 0, nt = 1, r = n, nr = a;

	while (nr) {
		__int128 q = r / nr, x;

		x = t - q * nt, t = nt, nt = x;
		x = r - q * nr, r = nr, nr = x;
	}
	if (r != 1)
		return 0;
	return (uint64_t)(t < 0 ? t + n : t);
}

static uint64_t page_of_gfn(const struct gen *g, uint64_t gfn)
{
	return mulmod(gfn, g->inv, g->n);
}

static int flush(struct gen *g)
{
	int err = xs_snap_writer_add_refs(g->w, DOMID, g->buf, g->nbuf);

	g->nbuf = 0;
	return err;
}

static int emit(struct gen *g, uint64_t gfn, struct xenscope_ref r)
{
	uint64_t page = page_of_gfn(g, gfn);

	r.mfn = mfn_of(page);
	g->general[page] += r.general;
	g->type[page] += r.type;
	g->buf[g->nbuf++] = r;
	return g->nbuf == BATCH ? flush(g) : 0;
}

/*
 * Phase 1, frames: dom0's L1 tables in frame order.  Each mapper maps its
 * gfns in gfn order, 512 to a table; tables were allocated interleaved
 * between mappers, so their mfns (and the walk) mix them.
 */
static int walk_l1(struct gen *g)
{
	static const enum mix mapper_of[][2] = {
		{ DM, DM_SAVE }, { DM_SAVE, DM_SAVE }, { TOOL, TOOL }, { BLKBACK, BLKBACK }
	};
	uint64_t next[4] = { 0 }; /* next gfn to scan, per mapper */
	int err = 0;

	for (bool more = true; more && !err;) {
		more = false;
		for (size_t m = 0; m < 4 && !err; m++) {
			uint64_t via = DOM0_TABLES + g->tables;
			uint16_t slot = 0;

			for (; next[m] < g->n && slot < 512 && !err; next[m]++) {
				enum mix h = holder_of(next[m]);
				struct xenscope_ref r = { .via = via,
							  .kind = XENSCOPE_REF_PV_L1,
							  .flags = XENSCOPE_REFF_RW,
							  .general = 1,
							  .type = 1 };

				if (h != mapper_of[m][0] && h != mapper_of[m][1])
					continue;
				r.slot = slot++;
				err = emit(g, next[m], r);
			}
			if (slot)
				g->tables++, more = true;
		}
	}
	return err;
}

/* gfns of @who, in a scrambled order (maptrack handles, hash buckets). */
static int walk_scrambled(struct gen *g, enum mix who, struct xenscope_ref tmpl)
{
	uint32_t k = 0;
	int err = 0;

	for (uint64_t i = 0; i < g->n && !err; i++) {
		uint64_t gfn = mulmod(i, g->scramble, g->n);
		struct xenscope_ref r = tmpl;

		if (holder_of(gfn) != who)
			continue;
		if (who == BLKBACK || who == DRIVER)
			r.handle = k, r.grant_ref = 32 + (uint32_t)(gfn ^ 0x5a5);
		else if (who == P2M)
			r.via = gfn;
		else
			r.via = SHADOW_TABLES + k / 512, r.slot = (uint16_t)(k % 512);
		k++;
		err = emit(g, gfn, r);
	}
	return err;
}

/* Guest page tables: one page in 512 carries a shadow back pointer. */
static int walk_backptrs(struct gen *g)
{
	int err = 0;

	for (uint64_t gfn = 0; gfn < g->n && !err; gfn += 512) {
		struct xenscope_ref r = { .via = SHADOW_TABLES + g->n / 512 + gfn / 512,
					  .kind = XENSCOPE_REF_SHADOW,
					  .holder = DOMID,
					  .flags = XENSCOPE_REFF_BACKPTR,
					  .general = 1,
					  .aux = 1 };

		err = emit(g, gfn, r);
	}
	return err;
}

static int walk_refs(struct gen *g)
{
	const struct xenscope_ref blk = { .kind = XENSCOPE_REF_GRANT,
					  .flags = XENSCOPE_REFF_HOST | XENSCOPE_REFF_RW };
	const struct xenscope_ref drv = {
		.kind = XENSCOPE_REF_GRANT, .holder = 2, .flags = XENSCOPE_REFF_HOST, .general = 1
	};
	const struct xenscope_ref p2m = { .kind = XENSCOPE_REF_P2M_FOREIGN,
					  .holder = 3,
					  .general = 1 };
	const struct xenscope_ref sh = { .kind = XENSCOPE_REF_SHADOW,
					 .holder = DOMID,
					 .flags = XENSCOPE_REFF_RW,
					 .general = 1,
					 .type = 1 };
	int err = walk_l1(g);

	/* dom0's maptrack, then domain 2's; the p2m of 3; the shadow hash. */
	if (!err)
		err = walk_scrambled(g, BLKBACK, blk);
	if (!err)
		err = walk_scrambled(g, DRIVER, drv);
	if (!err)
		err = walk_scrambled(g, P2M, p2m);
	if (!err)
		err = walk_scrambled(g, SHADOW, sh);
	if (!err)
		err = walk_backptrs(g);
	return err ? err : flush(g);
}

static int add_pages(struct gen *g)
{
	struct xenscope_page p[BATCH];
	int err = 0;

	for (uint64_t i = 0; i < g->n && !err; i += BATCH) {
		size_t k;

		for (k = 0; k < BATCH && i + k < g->n; k++) {
			uint64_t page = i + k;

			p[k] = (struct xenscope_page){ .mfn = mfn_of(page),
						       .gfn = mulmod(page, g->mul, g->n),
						       .count_info = g->general[page],
						       .type_info = TYPE_WRITABLE | g->type[page],
						       .owner = DOMID,
						       .flags = XENSCOPE_PAGE_GFN_VALID };
		}
		err = xs_snap_writer_add_pages(g->w, DOMID, p, k);
	}
	return err;
}

/* The dom0 side: who has privcmd and gntdev mapped, and the backends. */
static int add_dom0(struct gen *g)
{
	static char dm[] = "qemu-system-i38", save[] = "libxl-save-hel", py[] = "python3",
		    xenstored[] = "xenstored", dm_cmd[96],
		    save_cmd[] = "/usr/lib/xen/bin/libxl-save-helper --save-domain 9 1 0 0 1 0 0",
		    py_cmd[] = "python3 /root/introspect.py 1", xs_cmd[] = "/usr/sbin/xenstored",
		    vbd[] = "vbd", vif[] = "vif", d51712[] = "51712", d0[] = "0",
		    vbd_path[] = "/local/domain/0/backend/vbd/1/51712",
		    vif_path[] = "/local/domain/2/backend/vif/1/0";
	const uint32_t n = (uint32_t)g->n;
	struct xs_proc procs[] = {
		{ .pid = 1201,
		  .xen_domid = DOMID,
		  .comm = dm,
		  .cmdline = dm_cmd,
		  .fds = { 1, 1 },
		  .maps = { 40, 2 },
		  .map_pages = { n / 20 * 9, 64 } },
		{ .pid = 1377,
		  .xen_domid = -1,
		  .comm = save,
		  .cmdline = save_cmd,
		  .fds = { 1 },
		  .maps = { 12 },
		  .map_pages = { n / 10 } },
		{ .pid = 2040,
		  .xen_domid = -1,
		  .comm = py,
		  .cmdline = py_cmd,
		  .fds = { 1 },
		  .maps = { 3 },
		  .map_pages = { n / 20 } },
		{ .pid = 880,
		  .xen_domid = -1,
		  .comm = xenstored,
		  .cmdline = xs_cmd,
		  .fds = { 1, 1 } },
	};
	const struct xs_backend backends[] = {
		{ .domid = DOMID,
		  .backend_domid = 0,
		  .state = 5,
		  .type = vbd,
		  .dev = d51712,
		  .path = vbd_path },
		{ .domid = DOMID,
		  .backend_domid = 2,
		  .state = 4,
		  .type = vif,
		  .dev = d0,
		  .path = vif_path },
	};
	int err = 0;

	snprintf(dm_cmd, sizeof(dm_cmd), "qemu-system-i386 -xen-domid %d -machine xenfv", DOMID);
	for (size_t i = 0; i < XS_ARRAY_SIZE(procs) && !err; i++)
		err = xs_snap_writer_add_proc(g->w, &procs[i]);
	for (size_t i = 0; i < XS_ARRAY_SIZE(backends) && !err; i++)
		err = xs_snap_writer_add_backend(g->w, &backends[i]);
	return err;
}

static int add_domains(struct gen *g)
{
	struct xs_domain d[] = {
		{ .domid = 0, .flags = XS_DOM_RUNNING, .tot_pages = 262144, .name = "Domain-0" },
		{ .domid = DOMID,
		  .flags = XS_DOM_DYING | XS_DOM_HVM | XS_DOM_SHUTDOWN,
		  .tot_pages = g->n,
		  .max_pages = g->n,
		  .name = "(null)" },
		{ .domid = 2,
		  .flags = XS_DOM_HVM | XS_DOM_HAP | XS_DOM_BLOCKED,
		  .tot_pages = 65536,
		  .name = "netdrv" },
		{ .domid = 3,
		  .flags = XS_DOM_HVM | XS_DOM_HAP | XS_DOM_BLOCKED,
		  .tot_pages = 65536,
		  .name = "introspect" },
	};
	int err = 0;

	for (size_t i = 0; i < XS_ARRAY_SIZE(d) && !err; i++)
		err = xs_snap_writer_add_domain(g->w, &d[i]);
	return err;
}

static int generate(struct gen *g, const char *out)
{
	struct xenscope_info info = { .interface_version = XENSCOPE_INTERFACE_VERSION,
				      .xen_major = 4,
				      .xen_minor = 17,
				      .max_page = mfn_of(g->n) + 1 };
	int err;

	xs_layout_default_417(&info);
	err = xs_snap_writer_new(&g->w);
	if (err)
		return err;
	xs_snap_writer_set_source(g->w, "mkzombie", "synthetic");
	err = xs_snap_writer_set_info(g->w, &info);
	if (!err)
		err = add_domains(g);
	if (!err)
		err = add_dom0(g);
	if (!err)
		err = walk_refs(g);
	if (!err)
		err = add_pages(g);
	if (!err)
		err = xs_snap_write(g->w, out);
	xs_snap_writer_free(g->w);
	return err;
}

int main(int argc, char **argv)
{
	struct gen *g = calloc(1, sizeof(*g));
	int err;

	xs_set_prog(argv[0]);
	if (!g)
		return 1;
	if (argc != 3 || xs_parse_u64(argv[1], &g->n) || g->n < 512 || g->n > UINT32_MAX) {
		fprintf(stderr, "usage: mkzombie PAGES OUT   (512 <= PAGES < 2^32)\n");
		return 2;
	}
	/* Multipliers coprime with n scatter gfns over the mfns and the walks. */
	for (g->mul = g->n / 3 * 2 + 1; !(g->inv = inverse(g->mul, g->n)); g->mul++)
		;
	for (g->scramble = 0x9e3779b1ULL % g->n; !inverse(g->scramble, g->n); g->scramble++)
		;
	g->general = calloc(g->n, sizeof(*g->general));
	g->type = calloc(g->n, sizeof(*g->type));
	err = g->general && g->type ? generate(g, argv[2]) : xs_error(-ENOMEM, "out of memory");
	free(g->general);
	free(g->type);
	free(g);
	return err ? 1 : 0;
}
