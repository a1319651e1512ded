/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * REFS's foreign p2m phase (0023): the p2m_map_foreign entries of a
 * translated hardware domain (a PVH dom0's privcmd mappings).  Included
 * by main.c, after its helpers.
 */

struct domain *hardware_domain;
struct p2m_domain xs_test_hw_p2m;

/* gfns XS_FGN_BASE.. map T's frames 0..XS_FGN_NR-1 as p2m_map_foreign. */
#define XS_FGN_BASE 0x10000UL
#define XS_FGN_NR   300UL

/*
 * The hardware domain's p2m: 2 MiB superpages of its own RAM below
 * XS_FGN_BASE (each lookup covering 512 gfns, as p2m->get_entry() says with
 * its order), the foreign entries, then holes.
 */
static mfn_t xs_test_hw_get_entry(struct p2m_domain *p2m, gfn_t gfn,
                                  p2m_type_t *t, p2m_access_t *a, int q,
                                  unsigned int *order, bool *sve)
{
    unsigned long g = gfn.g;

    *a = 0;
    *order = 0;
    if ( g < XS_FGN_BASE )
    {
        *t = 0; /* p2m_ram_rw */
        *order = 9;
        return _mfn(3000 + ((g >> 9) & 7));
    }
    if ( g < XS_FGN_BASE + XS_FGN_NR )
    {
        *t = p2m_map_foreign;
        return _mfn(g - XS_FGN_BASE);
    }
    *t = 1; /* p2m_invalid */
    return INVALID_MFN;
}

/* Each of T's pages 0..XS_FGN_NR-1 in one P2M_FOREIGN record of d0 at its gfn. */
static bool foreign_once(const struct walk *w)
{
    unsigned long mfn, total = 0;
    unsigned int i;

    for ( i = 0; i < w->n; i++ )
        total += w->r[i].kind == XENSCOPE_REF_P2M_FOREIGN;
    for ( mfn = 0; mfn < XS_FGN_NR; mfn++ )
    {
        unsigned int c = 0;

        for ( i = 0; i < w->n; i++ )
            c += w->r[i].kind == XENSCOPE_REF_P2M_FOREIGN && w->r[i].mfn == mfn &&
                 w->r[i].holder == 0 && w->r[i].via == XS_FGN_BASE + mfn &&
                 w->r[i].general == 1 && w->r[i].type == 0;
        if ( c != 1 )
        {
            printf("# mfn %#lx: %u P2M_FOREIGN records\n", mfn, c);
            return false;
        }
    }
    if ( total != XS_FGN_NR )
        printf("# %lu P2M_FOREIGN records, want %lu\n", total, XS_FGN_NR);
    return total == XS_FGN_NR;
}

/* A preemption pending at every other call. */
static void preempt_odd(unsigned int call)
{
    xs_test_preempt = call & 1;
}

/*
 * A translated hardware domain maps 300 pages of T: each is reported once,
 * general 1, held by d0 at the gfn, for buffers of 1 to 1365 records and
 * with preemptions pending; a PV hardware domain's p2m is not looked at.
 */
static void test_foreign_p2m(void)
{
    static const unsigned int caps[] = { 1, 7, 300, 1365 };
    struct domain *h, *t;
    struct walk w;
    unsigned long mfn;
    unsigned int i;
    bool ok = true;

    reset_world();
    h = new_domain(0);
    h->pv = false;
    t = new_domain(4);
    for ( mfn = 0; mfn < XS_FGN_NR; mfn++ )
        give_page(t, mfn, false);
    hardware_domain = h;
    xs_test_hw_p2m.get_entry = xs_test_hw_get_entry;
    xs_test_hw_p2m.max_mapped_pfn = XS_FGN_BASE + XS_FGN_NR + 40;

    for ( i = 0; i < ARRAY_SIZE(caps) && ok; i++ )
    {
        ok = walk_refs(t, caps[i], i == 1 ? preempt_odd : NULL, &w) &&
             foreign_once(&w);
        if ( !ok )
            printf("# %u records a call: rc %d\n", caps[i], w.rc);
        free(w.r);
    }
    tap(ok, "REFS: a PVH dom0's p2m_map_foreign entries of T's pages, each once, whatever the buffer");
    tap(!xs_test_copy_locked, "REFS: foreign p2m: nothing copied with a lock held");

    h->pv = true;
    ok = walk_refs(t, 1365, NULL, &w);
    for ( i = 0; ok && i < w.n; i++ )
        ok = w.r[i].kind != XENSCOPE_REF_P2M_FOREIGN;
    free(w.r);
    tap(ok, "REFS: a PV hardware domain has no p2m to look at");
    hardware_domain = NULL;
}
