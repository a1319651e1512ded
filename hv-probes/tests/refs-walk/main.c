/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * Host test of the XEN_DOMCTL_xenscope walker: drives xenscope_domctl()
 * from arch/x86/mm/xenscope.c over an emulated frame table and maptracks,
 * and checks what a tool relies on: a walk resumed through its cursor
 * reports every reference exactly once, each call makes progress and does a
 * bounded amount of work, and a failed copy to the caller is an error.
 * Output is TAP.
 */
#include "emul.h"
#include "xenscope.c"

struct page_info frame_table[XS_TEST_FRAMES];
intpte_t xs_test_mem[XS_TEST_FRAMES][L1_PAGETABLE_ENTRIES];
unsigned long max_page = XS_TEST_FRAMES;
struct domain *domain_list;
int domlist_read_lock;
unsigned int xs_test_preempt, xs_test_copy_fail;
unsigned int xs_test_locks, xs_test_copy_locked, xs_test_broken_maps;
unsigned long xs_test_maptrack_seen;

/* The hooks of 0001 the walker calls, with the semantics of the real ones. */
int evtchn_fifo_xenscope_control_block(struct vcpu *v, xenscope_mfn_fn_t *fn,
                                       void *ctx)
{
    return 0;
}

int evtchn_fifo_xenscope_event_array(struct domain *d, xenscope_mfn_fn_t *fn,
                                     void *ctx)
{
    return 0;
}

/* XENSCOPE_OP_SHADOW's walker: only whether the call reached it. */
static unsigned int xs_test_shadow_calls;

int shadow_xenscope_records(struct domain *d, XEN_GUEST_HANDLE_64(uint8) buf,
                            unsigned int nr, uint64_t *cursor,
                            unsigned int *written)
{
    xs_test_shadow_calls++;
    *written = 0;
    *cursor = XENSCOPE_CURSOR_END;
    return 0;
}

/* common/grant_table.c's gnttab_xenscope_maptrack(), over a plain array. */
int gnttab_xenscope_maptrack(struct domain *ld, struct domain *rd,
                             unsigned int *handle, unsigned int budget,
                             xenscope_gnt_fn_t *fn, void *ctx)
{
    unsigned int h;

    for ( h = *handle; h < ld->maptrack.nr; h++ )
    {
        struct xenscope_gnt_map m;
        int rc;

        if ( !budget-- )
        {
            *handle = h;
            return 1;
        }
        xs_test_maptrack_seen++;
        if ( !(ld->maptrack.e[h].flags & (GNTMAP_device_map | GNTMAP_host_map)) ||
             ld->maptrack.e[h].domid != rd->domain_id )
            continue;
        m.handle = h;
        m.ref = ld->maptrack.e[h].ref;
        m.flags = ld->maptrack.e[h].flags;
        m.mfn = m.ref < rd->nr_grants ? _mfn(rd->grant_mfn[m.ref]) : INVALID_MFN;
        /* The real walker holds the remote grant and active entry locks. */
        xs_test_locks++;
        rc = fn(ctx, &m);
        xs_test_locks--;
        if ( rc )
        {
            *handle = h;
            return rc;
        }
    }
    *handle = h;

    return 0;
}

static unsigned int tap_n;
static bool tap(bool ok, const char *what)
{
    printf("%sok %u - %s\n", ok ? "" : "not ", ++tap_n, what);
    return ok;
}

static void reset_world(void)
{
    memset(frame_table, 0, sizeof(frame_table));
    domain_list = NULL;
    xs_test_preempt = xs_test_copy_fail = 0;
    xs_test_locks = xs_test_copy_locked = xs_test_broken_maps = 0;
}

/* Domains are kept in domain id order, as domlist is. */
static struct domain *new_domain(domid_t id)
{
    static uint64_t gen;
    struct domain *d = calloc(1, sizeof(*d)), **pp;

    d->domain_id = id;
    d->xenscope_gen = ++gen;
    d->pv = true;
    for ( pp = &domain_list; *pp && (*pp)->domain_id < id;
          pp = &(*pp)->next_in_list )
        ;
    d->next_in_list = *pp;
    *pp = d;
    return d;
}

/*
 * A page of @d; @pinned gives it a PIN record besides PGC_allocated's (the
 * walker reports PGT_pinned whatever the type; a writable page keeps the
 * frame phase from scanning it as a page table, so each frame costs 1).
 */
static void give_page(struct domain *d, unsigned long mfn, bool pinned)
{
    frame_table[mfn].owner = d;
    frame_table[mfn].count_info = PGC_allocated | (pinned ? 2 : 1);
    frame_table[mfn].u.inuse.type_info =
        pinned ? PGT_writable_page | PGT_validated | PGT_pinned | 1 : 0;
    d->tot_pages++;
}

/* The domctl union, where do_domctl() leaves the argument. */
static union {
    struct xen_domctl_xenscope x;
    uint8_t pad[sizeof(((struct xen_domctl *)NULL)->u)];
} arg;

/* One call of @op on @d, through arg (which the caller may have dirtied). */
static int call_gen(struct domain *d, unsigned int op, uint64_t *cursor,
                    uint64_t *gen, void *buf, unsigned int *nr)
{
    int rc;

    arg.x.magic = XENSCOPE_MAGIC;
    if ( !arg.x.version )
        arg.x.version = XENSCOPE_INTERFACE_VERSION;
    arg.x.op = op;
    arg.x.nr = *nr;
    arg.x.cursor = *cursor;
    arg.x.gen = *gen;
    arg.x.buf.p = buf;
    rc = xenscope_domctl(d, &arg.x);
    *cursor = arg.x.cursor;
    *gen = arg.x.gen;
    *nr = arg.x.nr;
    memset(&arg, 0, sizeof(arg));
    return rc;
}

static int call(struct domain *d, unsigned int op, uint64_t *cursor,
                void *buf, unsigned int *nr)
{
    uint64_t gen = arg.x.gen;

    return call_gen(d, op, cursor, &gen, buf, nr);
}

/*
 * A whole REFS walk of @d with @cap records per call; @steer runs before
 * every call.  Fails on an error, and on a call that neither writes a record
 * nor moves the cursor (the caller would loop forever).
 */
struct walk {
    struct xenscope_ref *r;
    unsigned int n, calls;
    unsigned long max_seen;             /* maptrack entries in one call */
    int rc;
};

static bool walk_refs(struct domain *d, unsigned int cap,
                      void (*steer)(unsigned int call), struct walk *w)
{
    struct xenscope_ref *buf = calloc(cap, sizeof(*buf));
    uint64_t cursor = 0, gen = 0;

    memset(w, 0, sizeof(*w));
    while ( cursor != XENSCOPE_CURSOR_END )
    {
        uint64_t before = cursor;
        unsigned long seen = xs_test_maptrack_seen;
        unsigned int nr = cap;

        if ( steer )
            steer(w->calls);
        w->rc = call_gen(d, XENSCOPE_OP_REFS, &cursor, &gen, buf, &nr);
        w->calls++;
        if ( xs_test_maptrack_seen - seen > w->max_seen )
            w->max_seen = xs_test_maptrack_seen - seen;
        if ( w->rc )
            break;
        if ( !nr && cursor == before )
        {
            printf("# call %u: no record, cursor %#llx unchanged\n", w->calls,
                   (unsigned long long)cursor);
            w->rc = -EDEADLK;
            break;
        }
        w->r = realloc(w->r, (w->n + nr) * sizeof(*w->r));
        memcpy(w->r + w->n, buf, nr * sizeof(*buf));
        w->n += nr;
    }
    free(buf);
    xs_test_preempt = 0;

    return w->rc == 0;
}

/* How many records of @w say (kind, mfn, holder, handle). */
static unsigned int count(const struct walk *w, unsigned int kind,
                          unsigned long mfn, domid_t holder, uint32_t handle)
{
    unsigned int i, n = 0;

    for ( i = 0; i < w->n; i++ )
        n += w->r[i].kind == kind && w->r[i].mfn == mfn &&
             w->r[i].holder == holder && w->r[i].handle == handle;
    return n;
}

/* Pages 0..@n-1 of @d each with exactly one ALLOCATED and one PIN record. */
static bool frames_once(const struct walk *w, const struct domain *d,
                        unsigned long n)
{
    unsigned long mfn;
    bool ok = w->n == 2 * n, told = false;

    for ( mfn = 0; mfn < n; mfn++ )
    {
        unsigned int a = count(w, XENSCOPE_REF_ALLOCATED, mfn, d->domain_id, 0);
        unsigned int p = count(w, XENSCOPE_REF_PIN, mfn, d->domain_id, 0);

        if ( a != 1 || p != 1 )
        {
            if ( !told )
                printf("# mfn %#lx: %u ALLOCATED, %u PIN records\n", mfn, a, p);
            ok = false;
            told = true;
        }
    }
    if ( w->n != 2 * n )
        printf("# %u records for %lu pages\n", w->n, n);
    return ok;
}

static void preempt_on_call_1(unsigned int call) { xs_test_preempt = call == 1; }
static void preempt_always(unsigned int call) { xs_test_preempt = 1; }

#define NPAGES 600

static void test_frames_resume(void)
{
    struct domain *t;
    struct walk w;
    unsigned long mfn;

    reset_world();
    t = new_domain(1);
    for ( mfn = 0; mfn < NPAGES; mfn++ )
        give_page(t, mfn, true);

    /*
     * 2 records per page: 513 fill pages 0-255 and the first record of page
     * 256, so call 1 resumes inside item 256 (a multiple of 256) with a
     * preemption pending.
     */
    tap(walk_refs(t, 2 * 256 + 1, preempt_on_call_1, &w) &&
        frames_once(&w, t, NPAGES),
        "REFS frames: an item resumed with a preemption pending is not repeated");

    tap(walk_refs(t, 7, preempt_always, &w) && frames_once(&w, t, NPAGES),
        "REFS frames: with a preemption always pending every call progresses");
}

#define NMAPPERS 8
#define NMAPTRACK 8192

static void test_grant_budget(void)
{
    struct domain *t, *ld[NMAPPERS];
    unsigned int i, h, expect = 0, found = 0;
    struct walk w;
    bool once = true;

    reset_world();
    t = new_domain(1);
    t->nr_grants = 4;
    t->grant_mfn = calloc(t->nr_grants, sizeof(*t->grant_mfn));
    for ( i = 0; i < t->nr_grants; i++ )
    {
        t->grant_mfn[i] = 100 + i;
        give_page(t, 100 + i, false);
    }
    for ( i = 0; i < NMAPPERS; i++ )
    {
        ld[i] = new_domain(2 + i);
        ld[i]->maptrack.nr = NMAPTRACK;
        ld[i]->maptrack.e = calloc(NMAPTRACK, sizeof(*ld[i]->maptrack.e));
        /* A device mapping of every grant, spread over the maptrack. */
        for ( h = i; h < NMAPTRACK; h += 1999 )
        {
            ld[i]->maptrack.e[h].flags = GNTMAP_device_map;
            ld[i]->maptrack.e[h].domid = t->domain_id;
            ld[i]->maptrack.e[h].ref = h % t->nr_grants;
            expect++;
        }
    }

    if ( !tap(walk_refs(t, 1024, NULL, &w), "REFS grants: the walk completes") )
        printf("# rc %d after %u calls\n", w.rc, w.calls);

    for ( i = 0; i < NMAPPERS; i++ )
        for ( h = 0; h < NMAPTRACK; h++ )
            if ( ld[i]->maptrack.e[h].flags )
            {
                unsigned int n = count(&w, XENSCOPE_REF_GRANT,
                                       100 + ld[i]->maptrack.e[h].ref,
                                       ld[i]->domain_id, h);

                found += n == 1;
                once = once && n == 1;
            }
    tap(once && found == expect, "REFS grants: every maptrack entry reported once");

    printf("# %u calls; at most %lu maptrack entries examined in one call\n",
           w.calls, w.max_seen);
    tap(w.max_seen <= XS_REFS_BUDGET,
        "REFS grants: one call examines at most XS_REFS_BUDGET maptrack entries");
}

static void test_copy_failure(void)
{
    static const unsigned int ops[] = {
        XENSCOPE_OP_INFO, XENSCOPE_OP_DOMAIN, XENSCOPE_OP_PAGES, XENSCOPE_OP_REFS,
    };
    static const char *const names[] = { "INFO", "DOMAIN", "PAGES", "REFS" };
    uint8_t buf[sizeof(struct xenscope_info)];
    struct domain *t;
    unsigned int i;

    reset_world();
    t = new_domain(1);
    give_page(t, 5, true);
    xs_test_copy_fail = 1;
    for ( i = 0; i < ARRAY_SIZE(ops); i++ )
    {
        char what[80];
        uint64_t cursor = 0;
        unsigned int nr = 1;
        int rc = call(t, ops[i], &cursor, buf, &nr);

        snprintf(what, sizeof(what),
                 "%s: a failed copy to the caller gives -EFAULT", names[i]);
        if ( !tap(rc == -EFAULT && nr == 0, what) )
            printf("# rc %d, nr %u\n", rc, nr);
    }
    xs_test_copy_fail = 0;
}

static void test_abi(void)
{
    struct xenscope_ref refs[4];
    struct xenscope_info info;
    struct domain *t, *t2;
    uint64_t cursor = 0, gen = 0;
    unsigned int nr = 1;
    int rc;

    reset_world();
    t = new_domain(1);
    give_page(t, 5, true);
    give_page(t, 6, true);

    memset(&info, 0, sizeof(info));
    arg.x.version = XENSCOPE_INTERFACE_VERSION + 1;
    arg.x.flags = 0xdead;               /* means nothing to this version */
    rc = call(t, XENSCOPE_OP_INFO, &cursor, &info, &nr);
    if ( !tap(rc == 0 && nr == 1 &&
              info.interface_version == XENSCOPE_INTERFACE_VERSION,
              "INFO answers a caller of another version, with this version") )
        printf("# rc %d nr %u version %u\n", rc, nr, info.interface_version);

    nr = 1;
    arg.x.version = XENSCOPE_INTERFACE_VERSION + 1;
    rc = call(t, XENSCOPE_OP_REFS, &cursor, refs, &nr);
    tap(rc == -EOPNOTSUPP, "REFS refuses a caller of another version");

    nr = 1;
    arg.x.u.pad[63] = 1;
    rc = call(t, XENSCOPE_OP_REFS, &cursor, refs, &nr);
    tap(rc == -EINVAL, "a non-zero byte in the unused union is refused");

    nr = 1;
    arg.pad[sizeof(arg.x)] = 1;
    rc = call(t, XENSCOPE_OP_PAGES, &cursor, refs, &nr);
    tap(rc == -EINVAL, "a non-zero byte past the argument, in the domctl union, is refused");

    nr = 1;
    arg.x.u.trace._pad0 = 1;
    rc = call(t, XENSCOPE_OP_TRACE, &cursor, refs, &nr);
    tap(rc == -EINVAL, "TRACE: a non-zero _pad0 is refused");

    nr = 1;
    arg.x.gen = 7;
    rc = call(t, XENSCOPE_OP_INFO, &cursor, &info, &nr);
    tap(rc == -EINVAL, "INFO: a non-zero gen is refused");

    /* A walk of domain 1; the domain goes, another one gets id 1. */
    nr = 1;
    rc = call_gen(t, XENSCOPE_OP_REFS, &cursor, &gen, refs, &nr);
    if ( !tap(rc == 0 && nr == 1 && cursor && cursor != XENSCOPE_CURSOR_END &&
              gen == t->xenscope_gen,
              "REFS: the first call of a walk gives the domain's gen") )
        printf("# rc %d nr %u cursor %#llx gen %llu\n", rc, nr,
               (unsigned long long)cursor, (unsigned long long)gen);
    reset_world();
    t2 = new_domain(1);
    give_page(t2, 5, true);
    nr = 1;
    rc = call_gen(t2, XENSCOPE_OP_REFS, &cursor, &gen, refs, &nr);
    if ( !tap(rc == -ESRCH && nr == 0,
              "REFS: a walk continued on a reused domain id gives -ESRCH") )
        printf("# rc %d nr %u\n", rc, nr);
}

/*
 * SHADOW is a walk like REFS: a continued walk carries the gen, a re-read
 * of one shadow (XENSCOPE_SHC_ONE) may come without one.  SHADOW_INJECT
 * takes u.inject under INJECT's rules.
 */
static void test_shadow_abi(void)
{
    union xenscope_sh_rec recs[4];
    struct domain *t;
    uint64_t cursor, gen;
    unsigned int nr, before;
    int rc;

    reset_world();
    t = new_domain(1);
    t->shadow = true;

    cursor = 1ULL << 61;                /* a walk under way */
    gen = t->xenscope_gen + 1;
    nr = 4;
    before = xs_test_shadow_calls;
    rc = call_gen(t, XENSCOPE_OP_SHADOW, &cursor, &gen, recs, &nr);
    if ( !tap(rc == -ESRCH && xs_test_shadow_calls == before,
              "SHADOW: a walk continued with another domain's gen gives -ESRCH") )
        printf("# rc %d\n", rc);

    cursor = XENSCOPE_SHC_ONE | 0x1234;
    gen = 0;
    nr = 4;
    rc = call_gen(t, XENSCOPE_OP_SHADOW, &cursor, &gen, recs, &nr);
    if ( !tap(rc == 0 && xs_test_shadow_calls == before + 1 &&
              gen == t->xenscope_gen,
              "SHADOW: a re-read of one shadow needs no gen, and gives it") )
        printf("# rc %d gen %llu\n", rc, (unsigned long long)gen);

    cursor = 0;
    nr = 0;
    arg.x.u.inject._pad0 = 1;
    rc = call(t, XENSCOPE_OP_SHADOW_INJECT, &cursor, NULL, &nr);
    tap(rc == -EINVAL, "SHADOW_INJECT: a non-zero _pad0 is refused");

    nr = 0;
    arg.x.gen = 3;
    rc = call(t, XENSCOPE_OP_SHADOW_INJECT, &cursor, NULL, &nr);
    tap(rc == -EINVAL, "SHADOW_INJECT: a non-zero gen is refused");
}

/*
 * No record is copied to the caller while the walker holds a lock: the
 * domain list's RCU read lock (frames), a vm_event domain's lock, the grant
 * locks of a mapping domain (emulated by the maptrack stub).
 */
static void test_copy_unlocked(void)
{
    struct vm_event_domain ved = { .ring_pg_struct = &frame_table[9] };
    struct domain *t, *ld;
    struct walk w;
    unsigned long mfn;
    bool ok;

    reset_world();
    t = new_domain(1);
    for ( mfn = 0; mfn < 8; mfn++ )
        give_page(t, mfn, true);
    give_page(t, 9, false);
    t->vm_event_monitor = &ved;
    t->nr_grants = 1;
    t->grant_mfn = calloc(1, sizeof(*t->grant_mfn));
    t->grant_mfn[0] = 3;
    ld = new_domain(2);
    ld->maptrack.nr = 1;
    ld->maptrack.e = calloc(1, sizeof(*ld->maptrack.e));
    ld->maptrack.e[0].flags = GNTMAP_device_map;
    ld->maptrack.e[0].domid = t->domain_id;

    ok = walk_refs(t, 4, NULL, &w);
    ok = ok && count(&w, XENSCOPE_REF_XEN, 9, DOMID_XEN, 0) == 1 &&
         count(&w, XENSCOPE_REF_GRANT, 3, ld->domain_id, 0) == 1;
    if ( !tap(ok && xs_test_copy_locked == 0 && xs_test_locks == 0,
              "REFS: no record is copied to the caller with a lock held") )
        printf("# walk %s, %u records, %u copies under a lock, %u locks left\n",
               ok ? "complete" : "incomplete", w.n, xs_test_copy_locked,
               xs_test_locks);
}

/*
 * A PV L1 table of another domain, mapping page 5 of the audited domain,
 * on a frame being offlined.  Once a machine check marked it PGC_broken it
 * must not be read; before, its entry is reported as usual.
 */
static void test_broken_frame(void)
{
    struct domain *t, *o;
    struct walk w;
    bool ok;

    reset_world();
    t = new_domain(1);
    give_page(t, 5, false);
    o = new_domain(2);
    frame_table[50].owner = o;
    frame_table[50].count_info = PGC_allocated | PGC_state_offlining | 2;
    frame_table[50].u.inuse.type_info = PGT_l1_page_table | PGT_validated | 1;
    memset(xs_test_mem[50], 0, sizeof(xs_test_mem[50]));
    xs_test_mem[50][7] = (5UL << PAGE_SHIFT) | _PAGE_PRESENT;

    ok = walk_refs(t, 16, NULL, &w);
    if ( !tap(ok && count(&w, XENSCOPE_REF_PV_L1, 5, o->domain_id, 0) == 1,
              "REFS: an L1 table being offlined is read, its entry reported") )
        printf("# %u records\n", w.n);

    frame_table[50].count_info |= PGC_broken;
    ok = walk_refs(t, 16, NULL, &w);
    if ( !tap(ok && xs_test_broken_maps == 0 &&
              count(&w, XENSCOPE_REF_PV_L1, 5, o->domain_id, 0) == 0,
              "REFS: an L1 table on a frame marked PGC_broken is not read") )
        printf("# %u maps of the broken frame, %u records\n",
               xs_test_broken_maps, w.n);
}

/*
 * Without CONFIG_XENSCOPE_INJECT (this build, like every release one)
 * INJECT is refused and takes no reference; INFO does not offer it.
 */
static void test_inject_absent(void)
{
    struct xenscope_info info;
    struct domain *t;
    uint64_t cursor = 0;
    unsigned long before;
    unsigned int nr = 0;
    int rc;

    reset_world();
    t = new_domain(1);
    give_page(t, 5, false);
    before = frame_table[5].count_info;
    arg.x.u.inject.mfn = 5;
    arg.x.u.inject.what = XENSCOPE_INJECT_GENERAL;
    rc = call(t, XENSCOPE_OP_INJECT, &cursor, NULL, &nr);
    if ( !tap(rc == -EOPNOTSUPP && frame_table[5].count_info == before,
              "INJECT: refused with -EOPNOTSUPP when not built in, no reference taken") )
        printf("# rc %d\n", rc);

    nr = 1;
    rc = call(t, XENSCOPE_OP_INFO, &cursor, &info, &nr);
    tap(rc == 0 && nr == 1 && !(info.features & XENSCOPE_INFO_FEAT_INJECT) &&
        !(info.features & XENSCOPE_INFO_FEAT_DIRTY_INJECT),
        "INFO: no INJECT nor DIRTY_INJECT feature when not built in");
}

/*
 * DIRTY_INJECT takes u.dirty_inject (anything past it, and gen, must be
 * zero) and a buffer for its state; without CONFIG_XENSCOPE_INJECT it is
 * refused with -EOPNOTSUPP.
 */
static void test_dirty_inject_absent(void)
{
    struct xenscope_dirty_inject st;
    struct domain *t;
    uint64_t cursor = 0;
    unsigned int nr;
    int rc;

    reset_world();
    t = new_domain(1);
    BUILD_BUG_ON(sizeof(arg.x.u.dirty_inject) != 24);
    arg.x.u.dirty_inject.what = XENSCOPE_DIRTYI_DROP;
    arg.x.u.dirty_inject.count = 1;
    arg.x.u.dirty_inject.last_gfn = 10;
    nr = 1;
    rc = call(t, XENSCOPE_OP_DIRTY_INJECT, &cursor, &st, &nr);
    if ( !tap(rc == -EOPNOTSUPP, "DIRTY_INJECT: refused with -EOPNOTSUPP when not built in") )
        printf("# rc %d\n", rc);

    arg.x.u.dirty_inject.what = XENSCOPE_DIRTYI_STATUS;
    arg.x.u.pad[24] = 1;
    nr = 1;
    rc = call(t, XENSCOPE_OP_DIRTY_INJECT, &cursor, &st, &nr);
    tap(rc == -EINVAL, "DIRTY_INJECT: a non-zero byte past u.dirty_inject is refused");

    arg.x.u.dirty_inject.what = XENSCOPE_DIRTYI_STATUS;
    arg.x.gen = 1;
    nr = 1;
    rc = call(t, XENSCOPE_OP_DIRTY_INJECT, &cursor, &st, &nr);
    tap(rc == -EINVAL, "DIRTY_INJECT: a non-zero gen is refused");
}

#include "other-shadows.h"
#include "xen-holders.h"
#include "foreign-p2m.h"

/* COW without CONFIG_XENSCOPE_COW: refused, and INFO does not offer it. */
static void test_cow_absent(void)
{
    struct xenscope_cow recs[XENSCOPE_COW_MIN_NR];
    struct xenscope_info info;
    struct domain *t;
    uint64_t cursor = 0;
    unsigned int nr = XENSCOPE_COW_MIN_NR;
    int rc;

    reset_world();
    t = new_domain(1);
    rc = call(t, XENSCOPE_OP_COW, &cursor, recs, &nr);
    if ( !tap(rc == -EOPNOTSUPP && !nr,
              "COW: refused with -EOPNOTSUPP when not built in, nothing written") )
        printf("# rc %d nr %u\n", rc, nr);
    nr = 1;
    cursor = 0;
    rc = call(t, XENSCOPE_OP_INFO, &cursor, &info, &nr);
    tap(!rc && !(info.features & XENSCOPE_INFO_FEAT_COW),
        "INFO: no COW feature when not built in");
}

int main(void)
{
    printf("1..44\n");
    test_frames_resume();
    test_grant_budget();
    test_copy_failure();
    test_abi();
    test_shadow_abi();
    test_copy_unlocked();
    test_broken_frame();
    test_inject_absent();
    test_dirty_inject_absent();
    test_cow_absent();
    test_other_shadows();
    test_apic_access();
    test_xen_heap_share();
    test_viridian();
    test_foreign_p2m();
    return 0;
}
