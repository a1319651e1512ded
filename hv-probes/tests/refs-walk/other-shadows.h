/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * REFS's other-shadows phase (0021), over an emulated shadow hash: each
 * domain's L1 shadows in one bucket, by increasing frame, as the real walk
 * orders a bucket.  Included by main.c, after its helpers.
 */

/* mm/shadow/common.c's shadow_xenscope_walk(), over d->shadow_mfn[]. */
int shadow_xenscope_walk(struct domain *d, unsigned int *bucket,
                         unsigned long *pos, unsigned int budget,
                         xenscope_shadow_fn_t *fn, void *ctx)
{
    unsigned int i;
    int rc;

    for ( i = 0; *bucket == 0 && i < d->nr_shadows; i++ )
    {
        struct xenscope_shadow s = {
            .smfn = _mfn(d->shadow_mfn[i]),
            .pages = 1,
            .level = 1,
            .l1 = true,
            .back = INVALID_MFN,
        };

        if ( d->shadow_mfn[i] < *pos )
            continue;
        if ( !budget-- )
        {
            *pos = d->shadow_mfn[i];
            return 1;
        }
        /* The real walk holds the domain's paging lock. */
        xs_test_locks++;
        rc = fn(ctx, &s);
        xs_test_locks--;
        if ( rc )
        {
            *pos = d->shadow_mfn[i];
            return rc;
        }
    }
    *bucket = 1;
    *pos = 0;

    return 0;
}

/* L1 shadow @smfn of @x, entries 0..@n-1 mapping frames @first.. (RW odd). */
static void give_shadow(struct domain *x, unsigned long smfn,
                        unsigned long first, unsigned int n)
{
    unsigned int i;

    give_page(x, smfn, false);
    for ( i = 0; i < n; i++ )
        xs_test_mem[smfn][i] = ((first + i) << PAGE_SHIFT) | _PAGE_PRESENT |
                               ((first + i) & 1 ? _PAGE_RW : 0);
    x->shadow_mfn = realloc(x->shadow_mfn, (x->nr_shadows + 1) *
                                           sizeof(*x->shadow_mfn));
    x->shadow_mfn[x->nr_shadows++] = smfn;
}

/* Each of T's pages 0..@n-1 in exactly one SHADOW record of d@holder. */
static bool shadow_refs_once(const struct walk *w, domid_t holder,
                             unsigned long n)
{
    unsigned long mfn, total = 0;
    unsigned int i;

    for ( i = 0; i < w->n; i++ )
        total += w->r[i].kind == XENSCOPE_REF_SHADOW && w->r[i].holder == holder;
    for ( mfn = 0; mfn < n; mfn++ )
    {
        unsigned int c = 0;

        for ( i = 0; i < w->n; i++ )
            if ( w->r[i].kind == XENSCOPE_REF_SHADOW && w->r[i].mfn == mfn &&
                 w->r[i].holder == holder && w->r[i].general == 1 &&
                 w->r[i].type == (mfn & 1) )
                c++;
        if ( c != 1 )
        {
            printf("# mfn %#lx: %u SHADOW records of d%u\n", mfn, c, holder);
            return false;
        }
    }
    if ( total != n )
        printf("# %lu SHADOW records of d%u, want %lu\n", total, holder, n);
    return total == n;
}

/*
 * A domain X in refcounting shadow mode (HVM) whose L1 shadows map 300 and
 * 200 pages of T (its grant mappings, say), and a third shadow mapping its
 * own: each of the 500 is reported once as X's SHADOW, general 1 and type
 * 1 if writable, however the buffer cuts the walk; a shadow with more
 * records than the buffer holds gives -ENOBUFS instead of looping; T's own
 * pages and X's third shadow give nothing else.
 */
static void test_other_shadows(void)
{
    static const unsigned int caps[] = { 300, 301, 777, 1365 };
    struct domain *t, *x;
    struct walk w;
    unsigned long mfn;
    unsigned int i;
    bool ok = true;

    reset_world();
    memset(xs_test_mem, 0, sizeof(xs_test_mem));
    t = new_domain(5);
    x = new_domain(7);
    x->pv = false;
    x->shadow = true;
    for ( mfn = 0; mfn < 500; mfn++ )
        give_page(t, mfn, false);
    for ( mfn = 2000; mfn < 2010; mfn++ )
        give_page(x, mfn, false);
    give_shadow(x, 1000, 0, 300);
    give_shadow(x, 1001, 300, 200);
    give_shadow(x, 1002, 2000, 10);

    for ( i = 0; i < ARRAY_SIZE(caps) && ok; i++ )
    {
        ok = walk_refs(t, caps[i], NULL, &w) && shadow_refs_once(&w, 7, 500);
        if ( !ok )
            printf("# %u records a call: rc %d\n", caps[i], w.rc);
        free(w.r);
    }
    tap(ok, "REFS: another domain's L1 shadow entries mapping T's pages, each once, whatever the buffer");
    tap(!xs_test_copy_locked, "REFS: other domains' shadows: nothing copied with a lock held");

    ok = !walk_refs(t, 299, NULL, &w) && w.rc == -ENOBUFS;
    if ( !ok )
        printf("# 299 records a call: rc %d after %u calls\n", w.rc, w.calls);
    free(w.r);
    tap(ok, "REFS: a shadow with more records than the buffer holds gives -ENOBUFS");

    /* X's shadows are not T's own: T in shadow mode walks none of them. */
    t->pv = false;
    t->shadow = true;
    ok = walk_refs(t, 1365, NULL, &w) && shadow_refs_once(&w, 7, 500) &&
         count(&w, XENSCOPE_REF_SHADOW, 2000, 7, 0) == 0;
    free(w.r);
    tap(ok, "REFS: T in shadow mode too: X's records the same, its own page none");
}
