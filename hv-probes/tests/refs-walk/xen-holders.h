/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * References Xen itself keeps on a domain's pages, reported by REFS's
 * domain phase.  Included by main.c, after its helpers.
 */

bool xs_test_vmx_apic;

/*
 * Page @mfn of @d as Xen leaves it when it holds a writable type and one
 * general reference of its own: count_info @count (flags and count), a
 * validated writable type with count 1.
 */
static void give_held_page(struct domain *d, unsigned long mfn,
                           unsigned long count)
{
    frame_table[mfn].owner = d;
    frame_table[mfn].count_info = count;
    frame_table[mfn].u.inuse.type_info = PGT_writable_page | PGT_validated | 1;
}

/*
 * VMX's APIC access page (0022): an HVM domain's extra page with
 * PGC_allocated and the general and writable type reference of
 * vmx_alloc_vlapic_mapping()'s get_page_and_type(), reported as XEN /
 * APIC_ACCESS; on a host without the VMX feature the field is the other
 * half of a union and must not be read.
 */
static void test_apic_access(void)
{
    struct domain *t;
    struct walk w;
    bool ok;

    reset_world();
    t = new_domain(3);
    t->pv = false;
    give_page(t, 0, false);
    give_held_page(t, 1, PGC_allocated | PGC_extra | 2);
    t->arch.hvm.vmx.apic_access_mfn = _mfn(1);

    xs_test_vmx_apic = true;
    ok = walk_refs(t, 64, NULL, &w) && count(&w, XENSCOPE_REF_ALLOCATED, 1, 3, 0) == 1;
    for ( unsigned int i = 0; ok && i < w.n; i++ )
        if ( w.r[i].kind == XENSCOPE_REF_XEN )
            ok = w.r[i].mfn == 1 && w.r[i].aux == XENSCOPE_XEN_APIC_ACCESS &&
                 w.r[i].general == 1 && w.r[i].type == 1 && w.r[i].holder == DOMID_XEN;
    ok = ok && count(&w, XENSCOPE_REF_XEN, 1, DOMID_XEN, 0) == 1;
    if ( !ok )
        printf("# %u records, rc %d\n", w.n, w.rc);
    free(w.r);
    tap(ok, "REFS: the VMX APIC access page's general and type reference, as XEN / APIC_ACCESS");

    xs_test_vmx_apic = false;
    ok = walk_refs(t, 64, NULL, &w) && count(&w, XENSCOPE_REF_XEN, 1, DOMID_XEN, 0) == 0;
    free(w.r);
    tap(ok, "REFS: no APIC access page read on a host without VMX's APIC virtualisation");
    xs_test_vmx_apic = false;
}

/*
 * A Xen heap share of a dying domain after relinquish_memory() dropped
 * PGC_allocated (0025): its type reference, which share_xen_page_with_guest()
 * set and only free_xenheap_pages() drops, is XEN / SHARED_INFO for the
 * domain's shared_info page and XEN / OTHER for another share, with no
 * general reference; while PGC_allocated is set it comes with ALLOCATED.
 */
static void test_xen_heap_share(void)
{
    struct domain *t;
    struct walk w;
    bool ok;

    reset_world();
    t = new_domain(6);
    t->is_dying = DOMDYING_dead;
    /* Frames 1 and 2: shared_info and a grant table frame, each held once. */
    for ( unsigned long mfn = 1; mfn <= 2; mfn++ )
        give_held_page(t, mfn, PGC_xen_heap | 1);
    t->shared_info = xs_test_mem[1];
    ok = walk_refs(t, 64, NULL, &w) && w.n == 2 &&
         count(&w, XENSCOPE_REF_XEN, 1, DOMID_XEN, 0) == 1 &&
         count(&w, XENSCOPE_REF_XEN, 2, DOMID_XEN, 0) == 1;
    for ( unsigned int i = 0; ok && i < w.n; i++ )
        ok = w.r[i].general == 0 && w.r[i].type == 1 &&
             w.r[i].aux == (w.r[i].mfn == 1 ? XENSCOPE_XEN_SHARED_INFO
                                             : XENSCOPE_XEN_OTHER);
    if ( !ok )
        printf("# %u records, rc %d\n", w.n, w.rc);
    free(w.r);
    tap(ok, "REFS: a Xen heap share's type reference after relinquish, as XEN / SHARED_INFO or OTHER");

    frame_table[1].count_info |= PGC_allocated;
    ok = walk_refs(t, 64, NULL, &w) &&
         count(&w, XENSCOPE_REF_ALLOCATED, 1, 6, 0) == 1 &&
         count(&w, XENSCOPE_REF_XEN, 1, DOMID_XEN, 0) == 0;
    free(w.r);
    tap(ok, "REFS: with PGC_allocated still set, the share is one ALLOCATED record");
}

/*
 * Viridian's pages (0026): a vCPU's VP assist and SynIC message pages and
 * the domain's reference TSC page, each with viridian_map_guest_page()'s
 * general and writable type reference, as XEN / VIRIDIAN (slot: vcpu id,
 * + 0x1000 for the message page, 0x2000 for the TSC page); none for a
 * domain without Viridian.
 */
static void test_viridian(void)
{
    static struct viridian_vcpu vv;
    static struct viridian_domain vd;
    struct vcpu v = { .vcpu_id = 0, .vcpu_info_mfn = INVALID_MFN }, *vp = &v;
    static const unsigned int slot[] = { 0, 0x1000, 0x2000 };
    struct domain *t;
    struct walk w;
    bool ok;

    reset_world();
    t = new_domain(8);
    t->pv = false;
    t->viridian = true;
    t->max_vcpus = 1;
    t->vcpu = &vp;
    for ( unsigned long mfn = 5; mfn <= 7; mfn++ )
        give_held_page(t, mfn, PGC_allocated | 2);
    vv.vp_assist.ptr = xs_test_mem[5];
    vv.simp.ptr = xs_test_mem[6];
    vd.reference_tsc.ptr = xs_test_mem[7];
    v.arch.hvm.viridian = &vv;
    t->arch.hvm.viridian = &vd;

    ok = walk_refs(t, 64, NULL, &w);
    for ( unsigned long mfn = 5; ok && mfn <= 7; mfn++ )
    {
        unsigned int n = 0;

        for ( unsigned int i = 0; i < w.n; i++ )
            n += w.r[i].kind == XENSCOPE_REF_XEN && w.r[i].mfn == mfn &&
                 w.r[i].aux == XENSCOPE_XEN_VIRIDIAN && w.r[i].general == 1 &&
                 w.r[i].type == 1 && w.r[i].slot == slot[mfn - 5];
        ok = n == 1;
        if ( !ok )
            printf("# mfn %lu: %u VIRIDIAN records\n", mfn, n);
    }
    free(w.r);
    tap(ok, "REFS: Viridian's VP assist, SynIC message and reference TSC pages, as XEN / VIRIDIAN");

    t->viridian = false;
    ok = walk_refs(t, 64, NULL, &w) && count(&w, XENSCOPE_REF_XEN, 5, DOMID_XEN, 0) == 0;
    free(w.r);
    tap(ok, "REFS: no Viridian page read for a domain without Viridian");
    t->vcpu = NULL;
    t->max_vcpus = 0;
}
