/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * Host emulation of the hypervisor environment arch/x86/mm/xenscope.c runs
 * in, in the style of tools/tests/vpci/emul.h: the frame table is an array,
 * domains are plain structures, and every hypervisor service the walker calls
 * is a stub the test can steer (preemption, guest copies, maptracks).
 */
#ifndef XS_TEST_EMUL_H
#define XS_TEST_EMUL_H

#include <assert.h>
#include <errno.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define __XEN__
#define CONFIG_GRANT_TABLE
#define CONFIG_SHADOW_PAGING
#define CONFIG_HVM
/* No CONFIG_MEM_SHARING: xen/mm.h then has dom_cow NULL. */
#define dom_cow              NULL

#define IS_ENABLED(c)        0
#define cf_check
#define noinline             __attribute__((noinline))
#define always_inline        inline __attribute__((always_inline))
#define __read_mostly
#define likely(x)            __builtin_expect(!!(x), 1)
#define unlikely(x)          __builtin_expect(!!(x), 0)
#define ACCESS_ONCE(x)       (*(volatile __typeof__(x) *)&(x))
#define ASSERT(x)            assert(x)
#define BUILD_BUG_ON(c)      _Static_assert(!(c), #c)
#define ARRAY_SIZE(a)        (sizeof(a) / sizeof((a)[0]))
#define DIV_ROUND_UP(n, d)   (((n) + (d) - 1) / (d))
#define min(a, b)            ((a) < (b) ? (a) : (b))
#define min_t(t, a, b)       min((t)(a), (t)(b))
#define smp_rmb()            ((void)0)
#define printk(...)          ((void)0)
#define XENLOG_WARNING       ""
#define NOW()                ((int64_t)42)

#define PAGE_SHIFT           12
#define L1_PAGETABLE_ENTRIES 512
#define FIRST_RESERVED_GDT_PAGE 14
#define MAX_NR_IOREQ_SERVERS 8
#define DOMID_FIRST_RESERVED 0x7ff0U
#define DOMID_XEN            0x7ff2U
#define DOMID_INVALID        0x7ff4U
#define GNTMAP_device_map    (1 << 0)
#define GNTMAP_host_map      (1 << 1)
#define GNTMAP_readonly      (1 << 2)

typedef uint64_t uint64_aligned_t;
typedef uint16_t domid_t;
typedef uint64_t intpte_t;
typedef int64_t s_time_t;
typedef int p2m_type_t;
typedef struct { uint8_t *p; } guest_handle_uint8;
#define XEN_GUEST_HANDLE_64(t) guest_handle_##t

/* The page_info words, with 4.17's x86 layout (asm/mm.h). */
#define BITS_PER_LONG        64
#define PG_shift(idx)        (BITS_PER_LONG - (idx))
#define PG_mask(x, idx)      (x##UL << PG_shift(idx))
#define PGT_l1_page_table    PG_mask(1, 3)
#define PGT_l2_page_table    PG_mask(2, 3)
#define PGT_l3_page_table    PG_mask(3, 3)
#define PGT_l4_page_table    PG_mask(4, 3)
#define PGT_writable_page    PG_mask(7, 3)
#define PGT_type_mask        PG_mask(7, 3)
#define PGT_locked           PG_mask(1, 4)
#define PGT_pinned           PG_mask(1, 5)
#define PGT_validated        PG_mask(1, 6)
#define PGT_pae_xen_l2       0
#define PGT_partial          PG_mask(1, 8)
#define PGT_non_coherent     PG_mask(1, 9)
#define PGT_count_mask       ((1UL << PG_shift(9)) - 1)
#define PGC_allocated        PG_mask(1, 1)
#define PGC_xen_heap         PG_mask(1, 2)
#define PGC_page_table       PG_mask(1, 3)
#define PGC_broken           PG_mask(1, 4)
#define PGC_state            PG_mask(3, 6)
#define PGC_state_inuse      PG_mask(0, 6)
#define PGC_state_offlining  PG_mask(1, 6)
#define PGC_state_offlined   PG_mask(2, 6)
#define PGC_state_free       PG_mask(3, 6)
#define PGC_extra            PG_mask(1, 7)
#define PGC_count_mask       ((1UL << PG_shift(7)) - 1)

#define _PAGE_PRESENT        0x001U
#define _PAGE_RW             0x002U
#define _PAGE_PSE            0x080U
#define _PAGE_GNTTAB         0U

typedef struct { unsigned long v; } mfn_t;
static inline mfn_t _mfn(unsigned long x) { return (mfn_t){ x }; }
static inline unsigned long mfn_x(mfn_t x) { return x.v; }
static inline bool mfn_eq(mfn_t a, mfn_t b) { return a.v == b.v; }
static inline mfn_t mfn_add(mfn_t a, unsigned long i) { return _mfn(a.v + i); }
#define INVALID_MFN          _mfn(~0UL)

typedef struct { intpte_t l1; } l1_pgentry_t;
typedef struct { intpte_t l4; } l4_pgentry_t;
#define l1e_from_intpte(e)   ((l1_pgentry_t){ (e) })
#define l1e_get_flags(e)     ((unsigned int)((e).l1 & 0xfff))
#define l1e_get_mfn(e)       _mfn(((e).l1 & 0x000ffffffffff000UL) >> 12)
#define l4e_get_flags(e)     ((unsigned int)((e).l4 & 0xfff))
#define l4e_get_mfn(e)       _mfn(((e).l4 & 0x000ffffffffff000UL) >> 12)

typedef struct { unsigned long pfn; } pagetable_t;
#define pagetable_is_null(p) ((p).pfn == 0)
#define pagetable_get_mfn(p) _mfn((p).pfn)

struct domain;

struct page_info {
    unsigned long count_info;
    union { struct { unsigned long type_info; } inuse; } u;
    struct domain *owner;
    unsigned int nr_validated_ptes;
    unsigned int partial_flags;
};

/*
 * Locks are counted, so that a copy to the caller made with one held is
 * seen (xs_test_copy_locked): copying to guest memory may fault and must
 * nest in none of the locks the walker takes.
 */
extern unsigned int xs_test_locks, xs_test_copy_locked;
typedef struct { int dummy; } spinlock_t;
#define DEFINE_SPINLOCK(l)   spinlock_t l
#define spin_lock(l)         ((void)(l), xs_test_locks++)
#define spin_unlock(l)       ((void)(l), xs_test_locks--)
#define rcu_read_lock(l)     ((void)(l), xs_test_locks++)
#define rcu_read_unlock(l)   ((void)(l), xs_test_locks--)
extern int domlist_read_lock;

struct vm_event_domain {
    spinlock_t lock;
    struct page_info *ring_pg_struct;
};

/* Viridian's pages, as asm/hvm/viridian.h has them (the mappings only). */
struct viridian_page { void *ptr; };
struct viridian_vcpu { struct viridian_page vp_assist, simp; };
struct viridian_domain { struct viridian_page reference_tsc; };

struct vcpu {
    unsigned int vcpu_id;
    mfn_t vcpu_info_mfn;
    struct { struct page_info *pg; } vmtrace;
    struct {
        pagetable_t guest_table, guest_table_user;
        struct page_info *old_guest_table;
        bool old_guest_table_partial;
        struct { unsigned int gdt_ents; unsigned long gdt_frames[16]; } pv;
        struct { spinlock_t vpmu_lock; void *xenpmu_data; } vpmu;
        struct { struct viridian_vcpu *viridian; } hvm;
    } arch;
};

/* One domain's maptrack, as the grant walker stub sees it. */
struct xs_test_maptrack {
    unsigned int nr;
    struct { unsigned int flags; domid_t domid; uint32_t ref; } *e;
};

struct domain {
    domid_t domain_id;
    unsigned int max_vcpus;
    struct vcpu **vcpu;
    enum { DOMDYING_alive, DOMDYING_dying, DOMDYING_dead } is_dying;
    s_time_t killed_at;
    struct { int counter; } refcnt;
    uint64_t xenscope_gen;
    unsigned int tot_pages, xenheap_pages, extra_pages;
    unsigned int vmtrace_size;
    bool pv, shadow, external, viridian;
    void *shared_info;
    struct vm_event_domain *vm_event_monitor;
    struct {
        unsigned long pirq_eoi_map_mfn;
        struct { struct { pagetable_t unpaged_pagetable; } shadow; } paging;
        struct { void *gdt_ldt_l1tab; } pv;
        struct {
            struct { mfn_t apic_access_mfn; } vmx;
            struct viridian_domain *viridian;
        } hvm;
    } arch;
    /* Test side: the grants this domain maps, and its grant refs' frames. */
    struct xs_test_maptrack maptrack;
    unsigned long *grant_mfn;
    unsigned int nr_grants;
    /* Test side: its L1 shadows' frames, in increasing order (one bucket). */
    unsigned long *shadow_mfn;
    unsigned int nr_shadows;
    struct domain *next_in_list;
};

extern struct domain *domain_list;
#define for_each_domain(d)   for ( (d) = domain_list; (d); (d) = (d)->next_in_list )

/* The hardware domain's p2m, for the foreign p2m phase (0023). */
typedef int p2m_access_t;
typedef struct { unsigned long g; } gfn_t;
#define _gfn(x)              ((gfn_t){ (x) })
#define p2m_map_foreign      14
struct p2m_domain {
    unsigned long max_mapped_pfn;
    mfn_t (*get_entry)(struct p2m_domain *p2m, gfn_t gfn, p2m_type_t *t,
                       p2m_access_t *a, int q, unsigned int *order,
                       bool *sve);
};
extern struct domain *hardware_domain;
extern struct p2m_domain xs_test_hw_p2m;
#define p2m_get_hostp2m(d)   (&xs_test_hw_p2m)
#define p2m_read_lock(p)     ((void)(p), xs_test_locks++)
#define p2m_read_unlock(p)   ((void)(p), xs_test_locks--)

/* Test side: the host's VMX virtualises APIC accesses (an SVM host: not). */
extern bool xs_test_vmx_apic;
#define cpu_has_vmx_virtualize_apic_accesses xs_test_vmx_apic

#define is_pv_domain(d)          ((d)->pv)
#define is_viridian_domain(d)    ((d)->viridian)
#define is_hvm_domain(d)         (!(d)->pv)
#define is_pv_32bit_domain(d)    false
#define paging_mode_shadow(d)    ((d)->shadow)
#define paging_mode_hap(d)       false
#define paging_mode_refcounts(d) ((d)->shadow && !(d)->pv)
#define paging_mode_translate(d) (!(d)->pv)
#define paging_mode_external(d)  ((d)->external)
#define is_guest_l2_slot(d, t, i) true
#define is_guest_l4_slot(d, i)   true
#define atomic_read(a)           ((a)->counter)
#define domain_tot_pages(d)      ((d)->tot_pages)
#define VALID_M2P(g)             (!((g) >> 63))

/* The test's machine. */
#define XS_TEST_FRAMES 4096
extern struct page_info frame_table[XS_TEST_FRAMES];
extern intpte_t xs_test_mem[XS_TEST_FRAMES][L1_PAGETABLE_ENTRIES];
extern unsigned long max_page;
#define mfn_valid(x)         (mfn_x(x) < max_page)
#define mfn_to_page(x)       (&frame_table[mfn_x(x)])
/* Xen heap pages are the frames of xs_test_mem here. */
#define __virt_to_mfn(p)     ((unsigned long)((intpte_t (*)[L1_PAGETABLE_ENTRIES])(p) - xs_test_mem))
#define page_to_mfn(p)       _mfn((unsigned long)((p) - frame_table))
#define page_get_owner(p)    ((p)->owner)
/* Frames marked PGC_broken that were mapped: a read may raise a #MC. */
extern unsigned int xs_test_broken_maps;
#define map_domain_page(x) \
    (xs_test_broken_maps += !!(frame_table[mfn_x(x)].count_info & PGC_broken), \
     (void *)xs_test_mem[mfn_x(x)])
#define unmap_domain_page(p) ((void)(p))
#define domain_page_map_to_mfn(p) \
    ((const void *)(p) >= (const void *)xs_test_mem && \
     (const void *)(p) < (const void *)(xs_test_mem + XS_TEST_FRAMES) \
     ? _mfn(__virt_to_mfn(p)) : _mfn(0))
#define get_gpfn_from_mfn(m) ((unsigned long)(m))
#define get_gfn_query_unlocked(d, g, t) (*(t) = 0, _mfn(g))
#define pv_ldt_ptes(v)       ((l1_pgentry_t *)NULL)

/* Steering. */
extern unsigned int xs_test_preempt;       /* preemption pending */
extern unsigned int xs_test_copy_fail;     /* copies to the guest fail */
extern unsigned long xs_test_maptrack_seen; /* maptrack entries examined */

static inline bool hypercall_preempt_check(void) { return xs_test_preempt; }

#define copy_to_guest_offset(h, off, src, n) \
    (xs_test_copy_locked += !!xs_test_locks, \
     xs_test_copy_fail ? (int)(n) : (memcpy((h).p + (off), (src), (n)), 0))

#define xmalloc_array(t, n)  ((t *)calloc((n), sizeof(t)))
#define XFREE(p)             do { free(p); (p) = NULL; } while ( 0 )

static inline bool get_domain(struct domain *d) { d->refcnt.counter++; return true; }
static inline void put_domain(struct domain *d) { d->refcnt.counter--; }

static inline unsigned int xen_major_version(void) { return 4; }
static inline unsigned int xen_minor_version(void) { return 17; }
static inline const char *xen_extra_version(void) { return ".5"; }
static inline int xen_build_id(const void **p, unsigned int *len) { return -ENODATA; }
#define safe_strcpy(d, s)    (strncpy((d), (s), sizeof(d) - 1))
extern unsigned long max_page;

static inline bool gnttab_host_mapping_get_page_type(bool ro,
                                                     const struct domain *ld,
                                                     const struct domain *rd)
{
    return !ro && (ld == rd || !paging_mode_external(rd));
}

/* The dummy XSM policy's answer for the control domain. */
#define XSM_PRIV                 0
#define xsm_xenscope_op(a, d, op) 0

static inline int xenscope_trace_op(struct domain *d, unsigned int mode)
{
    return -EOPNOTSUPP;
}

/* xen/xenscope-dirty.h without CONFIG_XENSCOPE_INJECT, like this build. */
struct xenscope_dirty_inject;
static inline int xenscope_dirty_inject(struct domain *d, unsigned int what,
                                        uint64_t first_gfn, uint64_t last_gfn,
                                        unsigned int count,
                                        struct xenscope_dirty_inject *st)
{
    return -EOPNOTSUPP;
}

struct xen_domctl {
    union { uint8_t pad[128]; } u;
};

/* The interface, the hooks and the walker's entry point. */
#include "xenscope-public.h"
#include "xenscope-hooks.h"

#endif /* XS_TEST_EMUL_H */
