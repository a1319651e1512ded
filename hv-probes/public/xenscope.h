/* series: 0001 */
/* SPDX-License-Identifier: MIT */
/*
 * xenscope.h
 *
 * The xenscope hypervisor interface: one domctl sub-op with its own versioned
 * operations, and the fixed-size records they return.
 *
 * This file is the single definition of the interface.  hv-probes/apply.sh
 * installs it as xen/include/public/xenscope.h in the hypervisor tree, and the
 * tools include this very file, so the two sides cannot drift.
 *
 * The domctl does not bump XEN_DOMCTL_INTERFACE_VERSION: stock 4.17
 * toolstacks (xl, libxenctrl) must keep working on a patched hypervisor.  The
 * argument structure fits in the 128-byte padding of the domctl union, and
 * carries its own magic and version instead.
 *
 * Records are plain little-endian structures of fixed size with explicit
 * padding, so the same bytes can be stored in a snapshot file as they came
 * from the hypervisor.
 */

#ifndef __XEN_PUBLIC_XENSCOPE_H__
#define __XEN_PUBLIC_XENSCOPE_H__

/* Self-contained: uint64_aligned_t and XEN_GUEST_HANDLE_64 come from xen.h. */
#if defined(__XEN__)
#include "xen.h"
#elif defined(__XEN_TOOLS__)
#include <stdint.h>
#include <xen/xen.h>
#else
#include <stdint.h>
#endif
/* series: 0002 */

#define XENSCOPE_MAGIC              0x58534350U /* "XSCP" */
/* series: 0002-0005 */
/* Every operation fails with -EOPNOTSUPP unless the versions are equal. */
#define XENSCOPE_INTERFACE_VERSION  1
/* series: 0006 */
/*
 * 1: INFO, PAGES, REFS, INJECT.
 * 2: TRACE, DOMAIN, SHADOW, SHADOW_INJECT; walks (PAGES, REFS, SHADOW)
 *    carry the domain's generation (gen); whatever an operation does not
 *    use must be zero.
 * A new operation takes the next number in the list below, and a feature
 * bit of INFO says whether this hypervisor has it.
 * INFO answers a caller of any version (only the fields up to and including
 * buf of struct xen_domctl_xenscope are read, and they never change), so a
 * tool can always learn which version the hypervisor speaks.  Every other
 * operation fails with -EOPNOTSUPP unless the versions are equal.
 */
#define XENSCOPE_INTERFACE_VERSION  2
/* series: 0002 */

/*
 * Domctl command number.  Upstream numbers are small and dense, the gdbsx
 * block sits at 1000; 0x5853 ("XS") stays clear of both.
 */
#define XEN_DOMCTL_xenscope         0x5853

/* Operations (xen_domctl_xenscope.op). */
#define XENSCOPE_OP_INFO            1 /* buf <- struct xenscope_info */
#define XENSCOPE_OP_PAGES           2 /* buf <- struct xenscope_page[] */
#define XENSCOPE_OP_REFS            3 /* buf <- struct xenscope_ref[] */
#define XENSCOPE_OP_INJECT          4 /* fault injection (test builds) */
#define XENSCOPE_OP_TRACE           5 /* per-domain reference tracing */
/* series: 0005 */
#define XENSCOPE_OP_DOMAIN          6 /* buf <- struct xenscope_domain */
/* series: 0010 */
#define XENSCOPE_OP_SHADOW          7 /* buf <- union xenscope_sh_rec[] */
/* series: 0011 */
#define XENSCOPE_OP_SHADOW_INJECT   8 /* shadow entry corruption (test
                                         builds) */
/* series: 0014 */
#define XENSCOPE_OP_P2M             9 /* buf <- struct xenscope_p2m[] */
/* series: 0016 */
#define XENSCOPE_OP_DIRTY_INJECT    10 /* drop log-dirty marks (test builds),
                                          see below */
/* series: 0018 */
#define XENSCOPE_OP_COW             11 /* buf <- struct xenscope_cow[] */
/* series: 0002 */

/* Cursor value returned when a paginated walk is complete. */
#define XENSCOPE_CURSOR_END         (~(uint64_t)0)

/*
 * struct xenscope_info: what the tools need to decode page_info words of
 * *this* hypervisor.  Masks are given whole; shifts only where a field is
 * wider than one bit.
 */
#define XENSCOPE_INFO_FEAT_SHADOW   (1U << 0) /* built with SHADOW_PAGING */
/* series: 0003 */
#define XENSCOPE_INFO_FEAT_INJECT   (1U << 1) /* fault injection compiled in */
/* series: 0004 */
#define XENSCOPE_INFO_FEAT_TRACE    (1U << 2) /* reference tracepoints */
/* series: 0002 */
#define XENSCOPE_INFO_FEAT_DEBUG    (1U << 3) /* CONFIG_DEBUG hypervisor */
/* series: 0010 */
#define XENSCOPE_INFO_FEAT_SHADOW_WALK (1U << 4) /* XENSCOPE_OP_SHADOW */
/* series: 0014 */
#define XENSCOPE_INFO_FEAT_P2M      (1U << 5) /* XENSCOPE_OP_P2M */
/* series: 0016 */
#define XENSCOPE_INFO_FEAT_DIRTY_INJECT (1U << 6) /* XENSCOPE_OP_DIRTY_INJECT */
/* series: 0017 */
#define XENSCOPE_INFO_FEAT_DIRTY_TRACE (1U << 7) /* log-dirty tracepoints */
/* series: 0018 */
#define XENSCOPE_INFO_FEAT_COW      (1U << 8) /* XENSCOPE_OP_COW */
/* series: 0019 */
#define XENSCOPE_INFO_FEAT_SHARE_INJECT (1U << 9) /* INJECT's SHARE_* kinds */
/* series: 0020 */
#define XENSCOPE_INFO_FEAT_SHARE_TRACE (1U << 10) /* memory-sharing tracepoints */
/* series: 0002 */

struct xenscope_info {
    uint32_t interface_version;  /* XENSCOPE_INTERFACE_VERSION */
    uint32_t features;           /* XENSCOPE_INFO_FEAT_* */
    uint16_t xen_major, xen_minor;
    uint32_t build_id_len;       /* bytes used in build_id[] */
    char     xen_extra[32];      /* e.g. ".5-pre", NUL-terminated */
    uint8_t  build_id[40];       /* ELF NT_GNU_BUILD_ID of the hypervisor */
    uint64_t max_page;           /* highest mfn + 1 */
    /* count_info (PGC_*) */
    uint64_t pgc_allocated;
    uint64_t pgc_xen_heap;
    uint64_t pgc_page_table;
    uint64_t pgc_broken;
    uint64_t pgc_state_mask;
    uint64_t pgc_state_inuse, pgc_state_offlining, pgc_state_offlined,
             pgc_state_free;
    uint64_t pgc_extra;
    uint64_t pgc_count_mask;
    /* type_info (PGT_*) */
    uint64_t pgt_type_mask;
    uint32_t pgt_type_shift;
    uint32_t _pad0;
    uint64_t pgt_locked;
    uint64_t pgt_pinned;
    uint64_t pgt_validated;
    uint64_t pgt_pae_xen_l2;
    uint64_t pgt_partial;
    uint64_t pgt_non_coherent;
    uint64_t pgt_count_mask;
};

/* Which list of the domain a page was found on (xenscope_page.list). */
#define XENSCOPE_LIST_PAGE          0 /* d->page_list */
#define XENSCOPE_LIST_XENPAGE       1 /* d->xenpage_list */
#define XENSCOPE_LIST_EXTRA         2 /* d->extra_page_list */
#define XENSCOPE_LIST_NONE          3 /* owned, on no list (e.g. the shadow
                                         code's unpaged page table) */

/* xenscope_page.flags */
#define XENSCOPE_PAGE_GFN_VALID     (1U << 0) /* gfn came from m2p/p2m */
#define XENSCOPE_PAGE_GFN_P2M       (1U << 1) /* m2p gfn confirmed by p2m */

/* One page of the audited domain.  48 bytes. */
struct xenscope_page {
    uint64_t mfn;
    uint64_t gfn;                /* INVALID unless XENSCOPE_PAGE_GFN_VALID */
    uint64_t count_info;         /* raw, as read */
    uint64_t type_info;          /* raw, as read */
    uint16_t owner;              /* domid of page_get_owner() */
    uint8_t  list;               /* XENSCOPE_LIST_* */
    uint8_t  _pad0;
    uint32_t flags;              /* XENSCOPE_PAGE_* */
    uint64_t _pad1;
};

/*
 * Reference holders (xenscope_ref.kind).  Each record says: this holder
 * accounts for `general` references in count_info and `type` references in
 * type_info of page `mfn`.
 */
#define XENSCOPE_REF_ALLOCATED      1  /* PGC_allocated */
#define XENSCOPE_REF_PV_L1          2  /* PV L1 entry of domain `holder` */
#define XENSCOPE_REF_PV_L2          3  /* PV L2 entry pointing to an L1 */
#define XENSCOPE_REF_PV_L3          4
#define XENSCOPE_REF_PV_L4          5
/* series: 0023 */
#define XENSCOPE_REF_P2M_FOREIGN    6  /* p2m_map_foreign entry of `holder` */
/* series: 0002 */
#define XENSCOPE_REF_GRANT          7  /* maptrack entry of `holder` */
#define XENSCOPE_REF_PIN            8  /* PGT_pinned */
#define XENSCOPE_REF_VCPU_CR3       9  /* guest_table(_user) of vcpu `aux` */
#define XENSCOPE_REF_SEG_DESC       10 /* GDT/LDT frame of vcpu `aux` */
#define XENSCOPE_REF_SHADOW         11 /* shadow l1e (sl1mfn in `via`) */
#define XENSCOPE_REF_XEN            12 /* hypervisor-internal, see `aux` */
/* series: 0003 */
#define XENSCOPE_REF_INJECTED       13 /* marker, no counts: a leak injected
                                          by XENSCOPE_OP_INJECT (aux: what) */
/* series: 0002 */
#define XENSCOPE_REF_PARTIAL        14 /* PGT_partial (de)validation state */

/* xenscope_ref.aux for XENSCOPE_REF_XEN */
/* series: 0025 */
#define XENSCOPE_XEN_SHARED_INFO    1
/* series: 0002 */
#define XENSCOPE_XEN_VCPU_INFO      2
#define XENSCOPE_XEN_EVTCHN_FIFO    3
#define XENSCOPE_XEN_IOREQ          4
#define XENSCOPE_XEN_VM_EVENT       5
#define XENSCOPE_XEN_VMTRACE        6
/* series: 0025 */
#define XENSCOPE_XEN_OTHER          7
/* series: 0002 */
#define XENSCOPE_XEN_PAGING         8 /* paging structures (unpaged table) */
#define XENSCOPE_XEN_PIRQ_EOI       9 /* PHYSDEVOP_pirq_eoi_gmfn bitmap */
#define XENSCOPE_XEN_PMU            10 /* PV PMU shared page (XENPMU_init) */
/* series: 0022 */
#define XENSCOPE_XEN_APIC_ACCESS    11 /* VMX APIC access page */
/* series: 0024 */
#define XENSCOPE_XEN_ARGO           12 /* Argo ring page (slot: its page) */
/* series: 0026 */
#define XENSCOPE_XEN_VIRIDIAN       13 /* Viridian page (slot: vcpu id; +0x1000
                                          SynIC message page; 0x2000 TSC) */
/* series: 0002 */

/* xenscope_ref.flags */
#define XENSCOPE_REFF_RW            (1U << 0) /* writable mapping */
#define XENSCOPE_REFF_DEVICE        (1U << 1) /* grant: device (IOMMU) map */
#define XENSCOPE_REFF_HOST          (1U << 2) /* grant: host map */
#define XENSCOPE_REFF_USER          (1U << 3) /* cr3: guest_table_user */
#define XENSCOPE_REFF_OLD           (1U << 4) /* cr3: old_guest_table */
#define XENSCOPE_REFF_PARTIAL       (1U << 5) /* PV_Lx: the entry at
                                                nr_validated_ptes */
#define XENSCOPE_REFF_GNTTAB        (1U << 6) /* PV_L1: PTE made by a grant
                                                map (debug hypervisors only
                                                mark such PTEs) */
#define XENSCOPE_REFF_BACKPTR       (1U << 7) /* SHADOW: the shadow in `via`
                                                shadows this guest page
                                                table (aux: its level, as
                                                xenscope_trc_shadow.level) */

/* One attributed reference.  48 bytes. */
struct xenscope_ref {
    uint64_t mfn;                /* the referenced page */
    uint64_t via;                /* table mfn (PV_Lx, SHADOW), gfn (P2M) */
    uint16_t kind;               /* XENSCOPE_REF_* */
    uint16_t holder;             /* domid holding the reference */
    uint16_t slot;               /* entry index within `via` */
    uint16_t flags;              /* XENSCOPE_REFF_* */
    uint32_t general;            /* references in count_info */
    uint32_t type;               /* references in type_info */
    uint32_t grant_ref;          /* XENSCOPE_REF_GRANT */
    uint32_t handle;             /* XENSCOPE_REF_GRANT: maptrack handle */
    uint32_t aux;                /* vcpu id, XENSCOPE_XEN_*, ... */
    uint32_t _pad0;
};
/* series: 0005 */

/* xenscope_domain.flags */
#define XENSCOPE_DOM_KILLED         (1U << 0) /* domain_kill() ran: killed_ns */
#define XENSCOPE_DOM_DEAD           (1U << 1) /* everything relinquished */
#define XENSCOPE_DOM_SHADOW         (1U << 2) /* shadow paging */
#define XENSCOPE_DOM_HAP            (1U << 3) /* hardware-assisted paging */

/*
 * What getdomaininfo does not say about a domain: since when it is dying
 * (hypervisor system time, NOW(), of its domain_kill()) and how many
 * references struct domain itself still has.
 */
struct xenscope_domain {
    uint64_t now_ns;             /* NOW() when this was read */
    uint64_t killed_ns;          /* NOW() at domain_kill(), with KILLED */
    uint32_t domid;
    uint32_t flags;              /* XENSCOPE_DOM_* */
    uint32_t refcnt;             /* d->refcnt (get_domain() references) */
    uint32_t tot_pages;
    uint32_t xenheap_pages;
    uint32_t extra_pages;
/* series: 0006 */
    uint64_t gen;                /* the domain's generation, as walks carry */
/* series: 0005 */
};
/* series: 0003 */

/* XENSCOPE_OP_INJECT: leak one reference on page `mfn` of the domain. */
#define XENSCOPE_INJECT_GENERAL     1 /* leak a general reference */
#define XENSCOPE_INJECT_TYPE        2 /* leak a general + writable type one */
#define XENSCOPE_INJECT_PUT_GENERAL 3 /* give back a leak of kind 1 */
#define XENSCOPE_INJECT_PUT_TYPE    4 /* give back a leak of kind 2 */
/* series: 0019 */
/*
 * Memory sharing (CONFIG_MEM_SHARING too; XENSCOPE_INFO_FEAT_SHARE_INJECT):
 * SHARE_SKIP_UNDO arms the domain (mfn 0): its next nomination that fails
 * for an extra reference on the page (-E2BIG in page_make_sharable()) keeps
 * the type reference it took instead of putting it back (the bug Xen 4.0's
 * page_make_sharable() had: type shared, count 1, and nothing holding it).
 * SHARE_REPAIR gives that reference back on page mfn, which the injector
 * remembers.  One armed domain and one left page at a time.
 */
#define XENSCOPE_INJECT_SHARE_SKIP_UNDO 5
#define XENSCOPE_INJECT_SHARE_REPAIR 6
/* series: 0004 */

/* XENSCOPE_OP_TRACE */
#define XENSCOPE_TRACE_OFF          0
#define XENSCOPE_TRACE_ON           1
/* series: 0002 */

#if defined(__XEN__) || defined(__XEN_TOOLS__)
/*
 * XEN_DOMCTL_xenscope.  Lives in xen_domctl.u.pad, so it must stay within
 * its 128 bytes.
 *
 * PAGES and REFS are cursor-paginated: start with cursor 0, call again with
 * the returned cursor until it is XENSCOPE_CURSOR_END.  Each call fills at
 * most `nr` records and returns early (with a cursor) after a bounded
 * amount of work, so no call holds the CPU or a lock for long.  A dying
 * domain is audited like a live one (that is what the audit is for), and a
 * domain that is gone gives -ESRCH.
 */
/* series: 0006 */
/*
 * A walk carries the domain's generation: every call after the first
 * passes back the gen the first one returned, and a walk continued with the
 * gen of another domain (a domain id reused between two calls) gives
 * -ESRCH too.
 *
 * Whatever the operation does not use (gen outside walks, the union beyond
 * the operation's member, its _pad fields, the rest of the domctl union)
 * must be zero, or the call fails with -EINVAL.
 */
/* series: 0002 */
struct xen_domctl_xenscope {
    uint32_t magic;              /* IN: XENSCOPE_MAGIC */
    uint16_t version;            /* IN: XENSCOPE_INTERFACE_VERSION */
    uint16_t op;                 /* IN: XENSCOPE_OP_* */
    uint32_t nr;                 /* IN: capacity of buf, in records;
                                    OUT: records written */
    uint32_t flags;              /* IN: op specific, must be 0 for now */
    uint64_aligned_t cursor;     /* IN/OUT */
    XEN_GUEST_HANDLE_64(uint8) buf; /* OUT: records */
/* series: 0006 */
    uint64_aligned_t gen;        /* walks: IN (with a cursor other than
                                    0): the gen the walk's first call gave;
                                    OUT: the domain's generation, never
                                    reused by another domain */
/* series: 0002 */
    union {
/* series: 0003 */
        struct {
            uint64_aligned_t mfn;   /* IN: page to leak a reference on */
            uint32_t what;          /* IN: XENSCOPE_INJECT_* */
            uint32_t _pad0;
        } inject;
/* series: 0004 */
        struct {
            uint32_t mode;          /* IN: XENSCOPE_TRACE_* */
            uint32_t _pad0;
        } trace;
/* series: 0016 */
        struct {
            uint64_aligned_t first_gfn; /* IN: DROP: marks of gfns in */
            uint64_aligned_t last_gfn;  /*     [first_gfn, last_gfn] only */
            uint32_t what;          /* IN: XENSCOPE_DIRTYI_* */
            uint32_t count;         /* IN: DROP: marks to drop */
        } dirty_inject;
/* series: 0002 */
        uint8_t pad[64];
    } u;
};
#endif

/* series: 0004 */
/*
 * Trace records.  With XENSCOPE_OP_TRACE on for a domain, the hypervisor
 * writes these into Xen's trace buffers (xentrace), all in the existing
 * TRC_MEM class, minors 0x20-0x2f, in the range public/trace.h reserves for
 * them (TRC_MEM_XENSCOPE_FIRST..LAST; 4.17 itself uses 1-5 and 16-18):
 * stock xenalyze rejects records of an unknown class, and TRC_SHADOW ones
 * are not an option either, since it reads every TRC_SHADOW record as a
 * shadow fault of an HVM vCPU, and the shadow lifecycle of a guest is
 * mostly run by dom0's PV vCPUs (shadow domctls, destruction).  This file
 * is the one definition of the ids; tools/xentrace/formats names them.
 * Payloads are 32-bit little-endian words; 64-bit values are two words, low
 * word first.
 */
#define XENSCOPE_TRC_MEM            0x0010f000U /* = TRC_MEM */

/* Reference get/put on a page of a traced domain: struct xenscope_trc_ref. */
#define XENSCOPE_TRC_GET            (XENSCOPE_TRC_MEM + 0x20) /* val: new
                                                                 count_info */
#define XENSCOPE_TRC_PUT            (XENSCOPE_TRC_MEM + 0x21)
#define XENSCOPE_TRC_TYPE_GET       (XENSCOPE_TRC_MEM + 0x22) /* val: new
                                                                 type_info */
#define XENSCOPE_TRC_TYPE_PUT       (XENSCOPE_TRC_MEM + 0x23)
/* Destruction stage of a traced domain: struct xenscope_trc_stage. */
#define XENSCOPE_TRC_STAGE          (XENSCOPE_TRC_MEM + 0x24)
/* Grant map/unmap touching a traced domain: struct xenscope_trc_map. */
#define XENSCOPE_TRC_GRANT_MAP      (XENSCOPE_TRC_MEM + 0x25)
#define XENSCOPE_TRC_GRANT_UNMAP    (XENSCOPE_TRC_MEM + 0x26)
/* PV foreign mapping (an L1 entry of one domain to another's page). */
#define XENSCOPE_TRC_FOREIGN_MAP    (XENSCOPE_TRC_MEM + 0x27)
#define XENSCOPE_TRC_FOREIGN_UNMAP  (XENSCOPE_TRC_MEM + 0x28)
/* Shadow lifecycle of a traced domain: struct xenscope_trc_shadow. */
#define XENSCOPE_TRC_SH_CREATE      (XENSCOPE_TRC_MEM + 0x29)
#define XENSCOPE_TRC_SH_PROMOTE     (XENSCOPE_TRC_MEM + 0x2a)
#define XENSCOPE_TRC_SH_DEMOTE      (XENSCOPE_TRC_MEM + 0x2b)
#define XENSCOPE_TRC_SH_DESTROY     (XENSCOPE_TRC_MEM + 0x2c)
/* series: 0015 */
/*
 * References Xen sets up or drops without get_page()/put_page():
 * assign_pages() (struct xenscope_trc_assign: each page's PGC_allocated
 * reference), share_xen_page_with_guest() (struct xenscope_trc_ref: val is
 * the new count_info; with it comes a type reference), and the grant
 * mappings of a dying mapper released by gnttab_release_mappings() (struct
 * xenscope_trc_map, before the puts of each mapping).
 */
#define XENSCOPE_TRC_ASSIGN         (XENSCOPE_TRC_MEM + 0x2d)
#define XENSCOPE_TRC_SHARE          (XENSCOPE_TRC_MEM + 0x2e)
#define XENSCOPE_TRC_GRANT_RELEASE  (XENSCOPE_TRC_MEM + 0x2f)
/* series: 0004 */

/* 28 bytes, the most a trace record carries. */
struct xenscope_trc_ref {
    uint32_t mfn[2];
    uint32_t val[2];             /* count_info or type_info after the op */
    uint32_t caller[2];          /* the call site (an address in the
                                    caller; not a return address) */
    uint32_t domid;              /* owner of the page */
};
/* series: 0015 */

struct xenscope_trc_assign {
    uint32_t mfn[2];             /* first page */
    uint32_t nr;                 /* pages, mfn to mfn + nr - 1 */
    uint32_t domid;              /* the domain given them */
    uint32_t memflags;           /* MEMF_* of the allocation */
};
/* series: 0004 */

/* xenscope_trc_stage.stage */
#define XENSCOPE_STAGE_KILL         1    /* domain_kill() of a live domain */
#define XENSCOPE_STAGE_TEARDOWN     2    /* domain_teardown() done */
#define XENSCOPE_STAGE_EVTCHN       3    /* evtchn_destroy() done */
#define XENSCOPE_STAGE_RELINQUISH   0x10 /* + N: x86 relinquish stage N
                                            reached, the ones before done:
                                            1 iommu_pagetables, 2 shared,
                                            3 paging, 4 vcpu_pagetables,
                                            5 xen, 6 l4, 7 l3, 8 l2, 9 done */
#define XENSCOPE_STAGE_DEAD         0x20 /* all resources relinquished */
#define XENSCOPE_STAGE_DESTROY      0x21 /* domain_destroy(): the last
                                            reference is gone */

struct xenscope_trc_stage {
    uint32_t domid;
    uint32_t stage;              /* XENSCOPE_STAGE_* */
    uint32_t tot_pages;          /* pages the domain still owns */
    uint32_t xenheap_pages;
};

struct xenscope_trc_map {
    uint32_t mapper;             /* domain making/removing the mapping */
    uint32_t owner;              /* domain whose page is mapped */
    uint32_t mfn[2];             /* INVALID (all ones) if not known */
    uint32_t ref;                /* grant reference (grants only) */
    uint32_t flags;              /* GNTMAP_* or PTE flags */
    uint32_t handle;             /* maptrack handle (grants only) */
};
/* series: 0001 */

/* xenscope_trc_shadow.level; 0001 encodes it, the tracepoints record it. */
#define XENSCOPE_SH_FL1             (1U << 8) /* L1 shadow of a superpage */
#define XENSCOPE_SH_TYPE_SHIFT      16        /* raw SH_type_* above */
/* series: 0010 */
#define XENSCOPE_SH_LEVEL_MASK      0xffU     /* 1-4; 0: not a page table */
/* series: 0004 */

struct xenscope_trc_shadow {
    uint32_t domid;
    uint32_t level;              /* level | XENSCOPE_SH_* | type << 16 */
    uint32_t gmfn[2];            /* shadowed guest frame (gfn for fl1) */
    uint32_t smfn[2];            /* shadow frame (INVALID for promote and
                                    demote) */
};
/* series: 0010 */

/*
 * ---- XENSCOPE_OP_SHADOW: the shadow page tables, entry by entry ----------
 *
 * For a domain in shadow mode: every shadow in the shadow hash with its
 * entries and, next to each, the guest entry at the same index (read from
 * the page the shadow shadows), plus the facts the shadow code itself acts
 * on (what the p2m gives, whether the target is a page table, log-dirty
 * state, out-of-sync state).  The hypervisor only reports; telling expected
 * differences from bugs is the tools' job.
 *
 * buf receives 48-byte records, each with its kind at byte 32 (a union of
 * the structures below).  A call returns whole shadows only: a shadow's
 * SHADOW record, then its ENTRY records (one per index where the shadow or
 * the guest entry is non-zero).  The first call (cursor 0) starts with one
 * DOMAIN record and one VCPU record per top-level shadow of each vCPU.
 *
 * Cursor: 0 to start; then opaque (bit 61 | bucket << 40 | smfn): the walk
 * visits the shadow hash bucket by bucket and, inside a bucket, by
 * increasing shadow mfn, so the move-to-front of shadow_hash_lookup()
 * neither repeats nor skips a shadow.  nr must be at least
 * XENSCOPE_SH_MIN_NR (and 1 + 4 * vCPUs), or the call gives -ENOBUFS.
 * Like PAGES and REFS, the walk carries the domain's gen.  With
 * XENSCOPE_SHC_ONE set, the call returns the records of the one shadow
 * whose head mfn is in the low bits (none if it is gone) and cursor END:
 * how a tool re-reads an entry before calling it suspicious; gen may then
 * be 0 (a walk of its own) or the gen of the walk it checks.
 * XENSCOPE_INFO_FEAT_SHADOW_WALK says the hypervisor has this operation.
 *
 * Entries are reported for the 64-bit shadow types (l1_64, fl1_64, l2_64,
 * l2h_64, l3_64, l4_64); other types get a SHADOW record only.
 */
/* series: 0011 */
/*
 * XENSCOPE_OP_SHADOW_INJECT, test builds only (CONFIG_XENSCOPE_INJECT;
 * under FLASK, the permission of INJECT): u.inject.mfn holds a gfn (PV:
 * mfn), u.inject.what XENSCOPE_SHI_*: set the NX bit in every L1 shadow
 * entry mapping it, or restore the entries set before.  nr returns the
 * entries changed.  -EOPNOTSUPP in other builds.
 */
#define XENSCOPE_SHI_SET_NX         1
#define XENSCOPE_SHI_RESTORE        2
/* series: 0010 */

#define XENSCOPE_SHC_ONE            (1ULL << 62)
#define XENSCOPE_SHC_SMFN_MASK      ((1ULL << 40) - 1)
#define XENSCOPE_SHC_BUCKET_SHIFT   40
#define XENSCOPE_SH_MIN_NR          513 /* one shadow and its 512 entries */

/* xenscope_sh_rec.kind */
#define XENSCOPE_SHR_DOMAIN         1
#define XENSCOPE_SHR_VCPU           2
#define XENSCOPE_SHR_SHADOW         3
#define XENSCOPE_SHR_ENTRY          4

/* xenscope_sh_domain.flags */
#define XENSCOPE_SHD_REFCOUNTS      (1U << 0) /* shadow_mode_refcounts */
#define XENSCOPE_SHD_TRANSLATE      (1U << 1) /* shadow_mode_translate */
#define XENSCOPE_SHD_LOG_DIRTY      (1U << 2) /* paging_mode_log_dirty */
#define XENSCOPE_SHD_HVM            (1U << 3)
#define XENSCOPE_SHD_PV32           (1U << 4) /* 32-bit PV guest */
#define XENSCOPE_SHD_DYING          (1U << 5)
#define XENSCOPE_SHD_FAST_PATH      (1U << 6) /* magic GNP/MMIO entries used */

struct xenscope_sh_domain {
    uint64_t total_pages;        /* shadow pool size */
    uint64_t free_pages;
    uint64_t p2m_pages;
    uint64_t _pad0;
    uint8_t  kind;               /* XENSCOPE_SHR_DOMAIN */
    uint8_t  _pad1;
    uint16_t domid;
    uint32_t flags;              /* XENSCOPE_SHD_* */
    uint32_t nr_vcpus;
    uint32_t _pad2;
};

/* xenscope_sh_vcpu.flags */
#define XENSCOPE_SHV_ONLINE         (1U << 0) /* not down */
#define XENSCOPE_SHV_PAGING         (1U << 1) /* guest paging enabled */

/* One top-level shadow of a vCPU (v->arch.paging.shadow.shadow_table[slot]). */
struct xenscope_sh_vcpu {
    uint64_t smfn;               /* the top-level shadow */
    uint64_t guest_mfn;          /* v->arch.guest_table: the guest's top */
    uint64_t guest_cr3;          /* HVM: the guest's CR3; PV: guest_table */
    uint64_t _pad0;
    uint8_t  kind;               /* XENSCOPE_SHR_VCPU */
    uint8_t  slot;
    uint16_t vcpu;
    uint32_t flags;              /* XENSCOPE_SHV_* */
    uint16_t guest_levels;       /* of the vCPU's paging mode */
    uint16_t shadow_levels;
    uint32_t _pad1;
};

/* xenscope_sh_shadow.flags */
#define XENSCOPE_SHS_PINNED         (1U << 0) /* sp->u.sh.pinned */
#define XENSCOPE_SHS_BACK_OWNED     (1U << 1) /* back page owned by domain */
#define XENSCOPE_SHS_BACK_PT        (1U << 2) /* sh_mfn_is_a_page_table(back) */
#define XENSCOPE_SHS_OOS            (1U << 3) /* guest page out of sync */
#define XENSCOPE_SHS_OOS_MAY_WRITE  (1U << 4)
#define XENSCOPE_SHS_OOS_SNAPSHOT   (1U << 5) /* entries carry the snapshot */
#define XENSCOPE_SHS_GUEST_READ     (1U << 6) /* guest entries were read */
#define XENSCOPE_SHS_TOP            (1U << 7) /* some vCPU's top level */

struct xenscope_sh_shadow {
    uint64_t smfn;               /* head page of the shadow */
    uint64_t back;               /* backpointer(): guest mfn; fl1: gfn */
    uint64_t gfn;                /* gfn of back (m2p), fl1: the same; or ~0 */
    uint64_t up;                 /* sp->up: the entry pointing at it (maddr) */
    uint8_t  kind;               /* XENSCOPE_SHR_SHADOW */
    uint8_t  pages;              /* shadow_size() */
    uint16_t flags;              /* XENSCOPE_SHS_* */
    uint32_t level;              /* level | XENSCOPE_SH_FL1 | type << 16 */
    uint32_t count;              /* sp->u.sh.count */
    uint32_t nr_entries;         /* ENTRY records that follow */
};

/* xenscope_sh_entry.flags */
#define XENSCOPE_SHE_MAGIC          (1U << 0) /* sh_l1e_is_magic() */
#define XENSCOPE_SHE_GNP            (1U << 1) /* sh_l1e_is_gnp() */
#define XENSCOPE_SHE_MMIO           (1U << 2) /* sh_l1e_is_mmio(): target is
                                                 sh_l1e_mmio_get_gfn() */
#define XENSCOPE_SHE_P2M_VALID      (1U << 3) /* p2m_mfn/p2mt looked up */
#define XENSCOPE_SHE_TGT_PT         (1U << 4) /* sl's mfn is a page table */
#define XENSCOPE_SHE_TGT_DIRTY      (1U << 5) /* log-dirty: sl's mfn dirty */
#define XENSCOPE_SHE_TGT_OWNED      (1U << 6) /* sl's mfn owned by domain */
#define XENSCOPE_SHE_TGT_SHADOW     (1U << 7) /* L2-L4: target/tlevel are
                                                 those of the shadow sl
                                                 points at */
#define XENSCOPE_SHE_SNAP           (1U << 8) /* OOS L1: target = the entry
                                                 in the OOS snapshot */
#define XENSCOPE_SHE_P2M_GRANT      (1U << 9) /* p2m_is_grant(p2mt) */
#define XENSCOPE_SHE_P2M_RO         (1U << 10) /* p2m_is_readonly(p2mt) */
#define XENSCOPE_SHE_P2M_MMIO       (1U << 11) /* p2m_mmio_dm/direct */
#define XENSCOPE_SHE_NO_GUEST       (1U << 12) /* fl1: no guest entry */
#define XENSCOPE_SHE_XEN_SLOT       (1U << 13) /* PV L4: one of Xen's slots */

struct xenscope_sh_entry {
    uint64_t sl;                 /* shadow entry, raw */
    uint64_t gl;                 /* guest entry at the same index, raw */
    uint64_t p2m_mfn;            /* L1: what the p2m gives for gl's gfn
                                    (fl1: for back + idx); L2-L4: for gl's
                                    gfn; PV: gl's mfn itself */
    uint64_t target;             /* see XENSCOPE_SHE_MMIO/_TGT_SHADOW/_SNAP */
    uint8_t  kind;               /* XENSCOPE_SHR_ENTRY */
    uint8_t  p2mt;               /* raw p2m type of gl's gfn */
    uint16_t idx;                /* entry index in the shadow */
    uint32_t flags;              /* XENSCOPE_SHE_* */
    uint32_t tlevel;             /* with TGT_SHADOW: level of that shadow */
    uint32_t _pad0;
};

/* Every record; `kind` says which member. */
union xenscope_sh_rec {
    struct xenscope_sh_domain domain;
    struct xenscope_sh_vcpu vcpu;
    struct xenscope_sh_shadow shadow;
    struct xenscope_sh_entry entry;
    uint8_t raw[48];
};

#define XENSCOPE_SH_REC_SIZE        48
#define XENSCOPE_SH_KIND_OFFSET     32

#if defined(__STDC_VERSION__) && __STDC_VERSION__ >= 201112L && !defined(__XEN__)
_Static_assert(sizeof(struct xenscope_sh_domain) == 48, "sh_domain size");
_Static_assert(sizeof(struct xenscope_sh_vcpu) == 48, "sh_vcpu size");
_Static_assert(sizeof(struct xenscope_sh_shadow) == 48, "sh_shadow size");
_Static_assert(sizeof(struct xenscope_sh_entry) == 48, "sh_entry size");
_Static_assert(sizeof(union xenscope_sh_rec) == 48, "sh_rec size");
#endif
/* ---- end of XENSCOPE_OP_SHADOW ------------------------------------------ */
/* series: 0014 */

/*
 * ---- XENSCOPE_OP_P2M: the hypervisor's p2m of a translated domain -------
 *
 * For an HVM or PVH domain (-EOPNOTSUPP for PV, whose p2m the guest keeps,
 * and in builds without HVM): the host p2m from gfn `cursor` on, entry by
 * entry as the p2m's own lookup gives it (a query: nothing is populated,
 * unshared or paged in; types pending a global change are reported as the
 * change will make them).  One record per p2m entry that maps a frame; a
 * superpage is one record (order 9 or 18, nr its gfns from `gfn` on).  A
 * run of entries of one type and access without a frame (PoD, paged out)
 * is one record with mfn XENSCOPE_P2M_NO_MFN and nr its gfns.  Holes (no
 * frame, type invalid or mmio_dm: what Xen's lookup gives for a gfn never
 * mapped) are left out.  Records come in increasing gfn order.
 *
 * Cursor: the next gfn to look at; XENSCOPE_CURSOR_END after the highest
 * gfn ever mapped.  A walk carries the domain's gen.  Each call looks up
 * at most 8192 entries, with the p2m lock (read) held for 64 lookups at a
 * time, stops early when a preemption is pending, and copies its records
 * (at most 256, and at most `nr`) to the caller after dropping the lock.
 * A dying domain gives -EBUSY (its p2m is being torn down).
 * XENSCOPE_INFO_FEAT_P2M says the hypervisor has this operation.
 */
#define XENSCOPE_P2M_NO_MFN         (~(uint64_t)0)

/* xenscope_p2m.type: Xen 4.17's p2m_type_t (asm/p2m.h), checked at build. */
#define XENSCOPE_P2MT_RAM_RW        0
#define XENSCOPE_P2MT_INVALID       1
#define XENSCOPE_P2MT_RAM_LOGDIRTY  2
#define XENSCOPE_P2MT_RAM_RO        3
#define XENSCOPE_P2MT_MMIO_DM       4
#define XENSCOPE_P2MT_MMIO_DIRECT   5
#define XENSCOPE_P2MT_POD           6 /* populate on demand */
#define XENSCOPE_P2MT_GRANT_MAP_RW  7
#define XENSCOPE_P2MT_GRANT_MAP_RO  8
#define XENSCOPE_P2MT_PAGING_OUT    9
#define XENSCOPE_P2MT_PAGED         10
#define XENSCOPE_P2MT_PAGING_IN     11
#define XENSCOPE_P2MT_RAM_SHARED    12
#define XENSCOPE_P2MT_RAM_BROKEN    13
#define XENSCOPE_P2MT_MAP_FOREIGN   14
#define XENSCOPE_P2MT_IOREQ_SERVER  15
#define XENSCOPE_P2MT_NR            16

/* xenscope_p2m.access: p2m_access_t (xen/mem_access.h), checked at build. */
#define XENSCOPE_P2MA_N             0
#define XENSCOPE_P2MA_R             1
#define XENSCOPE_P2MA_W             2
#define XENSCOPE_P2MA_RW            3
#define XENSCOPE_P2MA_X             4
#define XENSCOPE_P2MA_RX            5
#define XENSCOPE_P2MA_WX            6
#define XENSCOPE_P2MA_RWX           7
#define XENSCOPE_P2MA_RX2RW         8
#define XENSCOPE_P2MA_N2RWX         9
#define XENSCOPE_P2MA_NR            10

/* One p2m entry (or run of entries without a frame).  32 bytes. */
struct xenscope_p2m {
    uint64_t gfn;                /* first gfn of the record */
    uint64_t mfn;                /* the frame at gfn; XENSCOPE_P2M_NO_MFN */
    uint64_t nr;                 /* gfns covered, from gfn on */
    uint8_t  type;               /* XENSCOPE_P2MT_* */
    uint8_t  access;             /* XENSCOPE_P2MA_* */
    uint8_t  order;              /* page order of the p2m entry: 0, 9, 18 */
    uint8_t  _pad0;
    uint32_t _pad1;
};

#if defined(__STDC_VERSION__) && __STDC_VERSION__ >= 201112L && !defined(__XEN__)
_Static_assert(sizeof(struct xenscope_p2m) == 32, "p2m record size");
#endif
/* ---- end of XENSCOPE_OP_P2M --------------------------------------------- */
/* series: 0016 */

/*
 * ---- Log-dirty: fault injection and tracepoints --------------------------
 *
 * XENSCOPE_OP_DIRTY_INJECT, test builds only (CONFIG_XENSCOPE_INJECT, which
 * needs CONFIG_DEBUG; under FLASK, the permission of INJECT): the next
 * u.dirty_inject.count marks of a page of the domain that is in log-dirty
 * mode, not yet dirty, and whose gfn (PV: pfn) is in [first_gfn, last_gfn],
 * are dropped in paging_mark_pfn_dirty(): the bit is not set, whichever
 * path (shadow fault, HAP/NPT fault, PML flush, Xen's own write) marked it.
 * One domain at a time: a DROP replaces the previous one.  DROP, STATUS and
 * OFF all copy a struct xenscope_dirty_inject to buf (nr at least 1; nr
 * returns 1): after DROP the new state, after OFF the state it ended with
 * (remaining 0, dropped and gfn[] kept).  -EOPNOTSUPP in other builds.
 * XENSCOPE_INFO_FEAT_DIRTY_INJECT says the operation is there.
 */
#define XENSCOPE_DIRTYI_DROP        1
#define XENSCOPE_DIRTYI_STATUS      2
#define XENSCOPE_DIRTYI_OFF         3

#define XENSCOPE_DIRTYI_LOG         60 /* dropped gfns remembered */

/* 512 bytes. */
struct xenscope_dirty_inject {
    uint64_t dropped;            /* marks dropped since the DROP */
    uint64_t first_gfn, last_gfn; /* the range of the DROP */
    uint32_t remaining;          /* marks still to drop */
    uint16_t domid;              /* the domain of the DROP; DOMID_INVALID:
                                    none */
    uint16_t nr_gfns;            /* gfn[] used: the first ones dropped */
    uint64_t gfn[XENSCOPE_DIRTYI_LOG];
};

#if defined(__STDC_VERSION__) && __STDC_VERSION__ >= 201112L && !defined(__XEN__)
_Static_assert(sizeof(struct xenscope_dirty_inject) == 512, "dirty_inject size");
#endif
/* series: 0017 */

/*
 * Log-dirty trace records, TRC_MEM minors 0x30-0x3f (public/trace.h
 * reserves them as TRC_MEM_XENSCOPE_DIRTY_FIRST..LAST), for domains traced
 * with XENSCOPE_OP_TRACE, with CONFIG_XENSCOPE_TRACE
 * (XENSCOPE_INFO_FEAT_DIRTY_TRACE).  Stock xenalyze skips them like any
 * TRC_MEM minor it does not know.
 */
/* Log-dirty mode turned on / off: struct xenscope_trc_ld. */
#define XENSCOPE_TRC_LD_ENABLE      (XENSCOPE_TRC_MEM + 0x30)
#define XENSCOPE_TRC_LD_DISABLE     (XENSCOPE_TRC_MEM + 0x31)
/* A PEEK or CLEAN (one record per call; a preempted one continues). */
#define XENSCOPE_TRC_LD_PEEK        (XENSCOPE_TRC_MEM + 0x32)
#define XENSCOPE_TRC_LD_CLEAN       (XENSCOPE_TRC_MEM + 0x33)
/* A page newly marked dirty (or a mark dropped by DIRTY_INJECT). */
#define XENSCOPE_TRC_LD_MARK        (XENSCOPE_TRC_MEM + 0x34)
/* A p2m superpage split while the domain is in log-dirty mode. */
#define XENSCOPE_TRC_LD_SPLIT       (XENSCOPE_TRC_MEM + 0x35)
/* A vCPU's PML buffer flushed into the bitmap (VMX). */
#define XENSCOPE_TRC_LD_PML_FLUSH   (XENSCOPE_TRC_MEM + 0x36)

/* xenscope_trc_ld.flags */
#define XENSCOPE_LDF_HAP            (1U << 0) /* hardware-assisted paging */
#define XENSCOPE_LDF_SHADOW         (1U << 1) /* shadow paging */
#define XENSCOPE_LDF_PML            (1U << 2) /* VMX PML in use */
#define XENSCOPE_LDF_GLOBAL         (1U << 3) /* ENABLE: whole-domain mode */

struct xenscope_trc_ld {         /* 16 bytes */
    uint32_t domid;
    uint32_t flags;              /* XENSCOPE_LDF_* */
    uint32_t dirty_count;        /* Xen's statistics at the event */
    uint32_t fault_count;
};

/* xenscope_trc_ld_op.flags */
#define XENSCOPE_LDO_DONE           (1U << 0) /* the operation finished */
#define XENSCOPE_LDO_NO_BITMAP      (1U << 1) /* no bitmap asked for */

struct xenscope_trc_ld_op {      /* 28 bytes */
    uint32_t domid;
    uint32_t reported;           /* bits set in the bitmap copied out */
    uint32_t cleared;            /* bits cleared (CLEAN) */
    uint32_t flags;              /* XENSCOPE_LDO_* */
    uint32_t first_pfn;          /* the part of the bitmap this call did */
    uint32_t end_pfn;
    uint32_t dirty_count;        /* Xen's statistics before it */
};

/* xenscope_trc_ld_mark.path: who marked the page */
#define XENSCOPE_LDP_XEN            1 /* paging_mark_dirty() and other
                                         writes by Xen */
#define XENSCOPE_LDP_SHADOW_FAULT   2 /* shadow: demand write fault */
#define XENSCOPE_LDP_HAP_FAULT      3 /* HAP (NPT/EPT) write fault */
#define XENSCOPE_LDP_PML            4 /* VMX PML buffer flush */
#define XENSCOPE_LDP_SHADOW_EMUL    5 /* shadow: emulated page-table write */

/* xenscope_trc_ld_mark.flags */
#define XENSCOPE_LDM_DROPPED        (1U << 0) /* dropped by DIRTY_INJECT */

struct xenscope_trc_ld_mark {    /* 16 bytes */
    uint32_t domid;
    uint32_t gfn[2];             /* pfn for PV */
    uint16_t path;               /* XENSCOPE_LDP_* */
    uint16_t flags;              /* XENSCOPE_LDM_* */
};

struct xenscope_trc_ld_split {   /* 20 bytes */
    uint32_t domid;
    uint32_t gfn[2];             /* first gfn of the superpage */
    uint32_t order;              /* of the superpage split */
    uint32_t p2mt;               /* its p2m type */
};

struct xenscope_trc_ld_pml {     /* 12 bytes */
    uint32_t domid;
    uint32_t vcpu;
    uint32_t entries;            /* gfns taken from the buffer */
};

#if defined(__STDC_VERSION__) && __STDC_VERSION__ >= 201112L && !defined(__XEN__)
_Static_assert(sizeof(struct xenscope_trc_ld_op) == 28, "trc_ld_op size");
_Static_assert(sizeof(struct xenscope_trc_ld_mark) == 16, "trc_ld_mark size");
#endif
/* ---- end of log-dirty ---------------------------------------------------- */
/* series: 0018 */

/*
 * ---- XENSCOPE_OP_COW: shared pages (memory sharing) ----------------------
 *
 * A page shared by memory sharing leaves its domain: its owner becomes
 * dom_cow (DOMID_COW), it is on no domain's page list, and the gfns that
 * map it, in any domain, are kept in the page's reverse map (rmap) of
 * (domain, gfn) pairs.  Each pair holds one general and one type reference
 * (get_page_and_type(PGT_shared_page)); PGC_allocated holds one more.
 *
 * For a domain with memory sharing (HVM with HAP): its p2m from gfn
 * `cursor` on, one PAGE record per p2m_ram_shared entry (gfn: the domain's
 * gfn) followed by SHARER records, the pairs of the page's rmap.  With
 * domain DOMID_COW (XENSCOPE_DOMID_COW): dom_cow's pages, from mfn `cursor` on (the frame table
 * in order), each a PAGE record (gfn XENSCOPE_COW_NO_GFN) and its SHARER
 * records.  A page and its sharers come in one call, never split.
 *
 * Each page is read under its sharing lock (the one share and unshare
 * take): counts, handle and rmap are of one moment.  type_info is given as
 * it is without that lock (its PGT_locked bit and the count it takes left
 * out).  A rmap is read up to XENSCOPE_COW_RMAP_MAX pairs (nr_sharers
 * saturates there, with XENSCOPE_COWF_MORE), and up to
 * XENSCOPE_COW_SHARERS_MAX of them are reported.
 *
 * Cursor: the next gfn (domain) or mfn (DOMID_COW); XENSCOPE_CURSOR_END at
 * the end.  A walk carries the generation like the others (0 for
 * DOMID_COW, which never changes).  Each call looks at no more than 8192
 * p2m entries or 16384 frames, with the p2m lock (read) held 64 entries at
 * a time, stops early when a preemption is pending, and copies at most 256
 * records, after dropping every lock.  nr must be at least
 * XENSCOPE_COW_MIN_NR.  A dying domain gives -EBUSY (relinquish unshares
 * its gfns, and then tears the p2m down).  INFO's XENSCOPE_INFO_FEAT_COW
 * says the hypervisor has the operation (CONFIG_MEM_SHARING).
 */
#define XENSCOPE_DOMID_COW          0x7ff3U /* = DOMID_COW, for tools built
                                              without xen.h */
#define XENSCOPE_COW_NO_GFN         (~(uint64_t)0)
#define XENSCOPE_COW_SHARERS_MAX    64
#define XENSCOPE_COW_RMAP_MAX       4096
#define XENSCOPE_COW_MIN_NR         (1 + XENSCOPE_COW_SHARERS_MAX)

/* xenscope_cow.kind */
#define XENSCOPE_COWR_PAGE          1
#define XENSCOPE_COWR_SHARER        2

/* xenscope_cow.flags (PAGE records) */
#define XENSCOPE_COWF_UNLOCKED      (1U << 0) /* the sharing lock could not
                                                 be taken (type not
                                                 validated or count 0):
                                                 counts read without it, no
                                                 handle, no sharers */
#define XENSCOPE_COWF_NO_INFO       (1U << 1) /* no page_sharing_info */
#define XENSCOPE_COWF_IN_RMAP       (1U << 2) /* domain walk: the domain's
                                                 (domid, gfn) is in the rmap */
#define XENSCOPE_COWF_MORE          (1U << 3) /* rmap longer than counted */
#define XENSCOPE_COWF_M2P_SHARED    (1U << 4) /* m2p says SHARED_M2P_ENTRY */

/* One shared page, or one (domain, gfn) pair of its rmap.  48 bytes. */
struct xenscope_cow {
    uint64_t mfn;
    uint64_t handle;             /* sharing handle; 0 if none */
    uint64_t count_info;         /* PAGE: raw, under the sharing lock */
    uint64_t type_info;          /* PAGE: raw, the lock's share taken out */
    uint64_t gfn;                /* PAGE: the walked domain's gfn (or
                                    XENSCOPE_COW_NO_GFN); SHARER: the
                                    sharer's gfn */
    uint8_t  kind;               /* XENSCOPE_COWR_* */
    uint8_t  flags;              /* XENSCOPE_COWF_* */
    uint16_t domid;              /* PAGE: page_get_owner(); SHARER: the
                                    sharer */
    uint16_t nr_sharers;         /* PAGE: rmap pairs counted */
    uint16_t idx;                /* SHARER: its place in the rmap walk */
};

#if defined(__STDC_VERSION__) && __STDC_VERSION__ >= 201112L && !defined(__XEN__)
_Static_assert(sizeof(struct xenscope_cow) == 48, "cow record size");
#endif
/* series: 0020 */

/*
 * Memory-sharing trace records, TRC_MEM minors 0x40-0x4f (public/trace.h
 * reserves them as TRC_MEM_XENSCOPE_SHARE_FIRST..LAST), for the domains
 * traced with XENSCOPE_OP_TRACE, with CONFIG_XENSCOPE_TRACE and
 * CONFIG_MEM_SHARING (XENSCOPE_INFO_FEAT_SHARE_TRACE): one struct
 * xenscope_trc_shr each, the page's counts read under its sharing lock
 * (its own share left out) or, for a page not shared yet, under the gfn's
 * p2m lock.
 */
/* nominate_page() of a gfn of the domain, made or failed (rc). */
#define XENSCOPE_TRC_SHR_NOMINATE   (XENSCOPE_TRC_MEM + 0x40)
/* share_pages(): the client's gfn now maps the source's page (mfn). */
#define XENSCOPE_TRC_SHR_SHARE      (XENSCOPE_TRC_MEM + 0x41)
/*
 * __mem_sharing_unshare_page(): the gfn's pair leaves the page's rmap;
 * the counts after are not read (the page may be free by then).
 */
#define XENSCOPE_TRC_SHR_UNSHARE    (XENSCOPE_TRC_MEM + 0x42)

/* xenscope_trc_shr.rc of UNSHARE */
#define XENSCOPE_SHRF_LAST          (1U << 0) /* the page's last pair */
#define XENSCOPE_SHRF_DESTROY       (1U << 1) /* the gfn goes (no copy) */

struct xenscope_trc_shr {        /* 28 bytes */
    uint16_t domid;              /* the domain of the gfn */
    int16_t  rc;                 /* NOMINATE: 0 or -errno; UNSHARE: SHRF_* */
    uint32_t gfn[2];
    uint32_t mfn[2];
    uint16_t count_before, count_after; /* general references, saturated */
    uint16_t type_before, type_after;   /* type count */
};

#if defined(__STDC_VERSION__) && __STDC_VERSION__ >= 201112L && !defined(__XEN__)
_Static_assert(sizeof(struct xenscope_trc_shr) == 28, "trc_shr size");
#endif
/* series: 0018 */
/* ---- end of XENSCOPE_OP_COW --------------------------------------------- */
/* series: 0001 */

#endif /* __XEN_PUBLIC_XENSCOPE_H__ */
