/* SPDX-License-Identifier: MIT */
/*
 * Why a domain's pages are held: the audit's references grouped by cause
 * and holder ("16 pages held by domain 0 through foreign mappings"), each
 * group with the dom0 processes or backends that may be behind it
 * (attribute.c), a remedy, and a one-line verdict for the whole domain.
 *
 * Built in one streaming pass over the pages (audit.c): only held pages
 * are kept, and only as many as the caller asks for.  A summary (no pages
 * kept) of a snapshot skips sorting the references (summary.c), so a
 * 64 GiB domain costs a few sequential passes over its records.
 */
#ifndef XENSCOPE_EXPLAIN_H
#define XENSCOPE_EXPLAIN_H

#include <stdbool.h>
#include <stdint.h>
#include <stdio.h>

#include "xenscope/audit/audit.h"
#include "xenscope/core/exit.h"
#include "xenscope/sharing/sharing.h"
#include "xenscope/target/target.h"

/* Causes, in the order the summary shows them: what an operator can act on first. */
enum xs_cause {
	XS_CAUSE_FOREIGN,     /* another domain's page tables or p2m map the page */
	XS_CAUSE_GRANT,	      /* another domain maps it through a grant */
	XS_CAUSE_UNEXPLAINED, /* counts no record accounts for */
	XS_CAUSE_SHADOW,      /* shadow page tables */
	XS_CAUSE_PAGETABLE,   /* the domain's own PV page tables (L1-L4 entries) */
	XS_CAUSE_PIN,	      /* pinned page tables */
	XS_CAUSE_PARTIAL,     /* page tables left partially (de)validated */
	XS_CAUSE_CR3,	      /* a vCPU's page-table base */
	XS_CAUSE_SEG_DESC,    /* a vCPU's GDT or LDT */
	XS_CAUSE_XEN,	      /* the hypervisor's own use (shared info, rings) */
	XS_CAUSE_ALLOCATED,   /* still allocated to the domain */
	XS_CAUSE_OTHER,	      /* reference kinds this build does not know */
	XS_CAUSE_NR
};

/* "foreign", "grant", ... (JSON names). */
const char *xs_cause_name(enum xs_cause c);

/* Holder of the unexplained group: nobody. */
#define XS_HOLDER_NONE 0xffffU

enum xs_certainty { XS_CERTAIN, XS_LIKELY, XS_CANDIDATE };
/* "certain", "likely", "candidate". */
const char *xs_certainty_name(enum xs_certainty c);

/* A dom0 process or backend that may be the holder of a group. */
struct xs_suspect {
	bool backend; /* else a process */
	size_t index; /* into xs_explain.procs or .backends */
	enum xs_certainty certainty;
	char why[192]; /* the evidence, one sentence */
};

struct xs_cause_group {
	enum xs_cause cause;
	uint16_t holder; /* domid, or XS_HOLDER_NONE */
	uint64_t pages;	 /* distinct pages with a reference of this group */
	uint64_t refs, general, type;
	uint64_t kinds[XENSCOPE_REF_PARTIAL + 1]; /* records per XENSCOPE_REF_* */
	uint64_t tables;			  /* distinct tables (via) of PV/shadow entries */
	uint32_t *grant_refs;			  /* distinct, sorted */
	size_t nr_grant_refs, grant_refs_alloc;
	uint64_t vcpus;	  /* bit N: vCPU N (cr3, seg_desc); ids >= 64 fold into bit 63 */
	uint32_t xen_aux; /* bit N: XENSCOPE_XEN_N */
	/* Unexplained group: sums over its pages, and how many pages carry an
	 * injection marker or more references than their count. */
	int64_t unexplained, unexplained_type;
	uint64_t injected, over;
	struct xs_suspect *suspects; /* best first */
	size_t nr_suspects, suspects_alloc;
	/* Private: building state (vias: a set of via + 1, 0 free; last_via:
	 * the last one added, 0 none). */
	uint64_t last_seq, last_via;
	uint64_t *vias;
	size_t nr_vias, vias_alloc;
	bool via_all_ones;
};

/* A held page kept for --pages, JSON and graphs. */
struct xs_held_page {
	struct xenscope_page page;
	size_t first_ref, nr_refs; /* into xs_explain.audit.refs */
	int64_t unexplained, unexplained_type;
};

struct xs_explain_opts {
	size_t keep_pages;   /* held pages to keep (0: none, SIZE_MAX: all) */
	bool no_attribution; /* skip reading processes and backends */
};

/* Leftovers of failed nominations kept for the output. */
#define XS_LEFTOVERS_KEPT 8

struct xs_explain {
	struct xs_domain domain;
	struct xs_audit audit;
	struct xs_cause_group *groups; /* sorted: cause, then pages (desc) */
	size_t nr_groups, groups_alloc;
	struct xs_held_page *held;
	size_t nr_held, held_alloc;
	uint64_t held_dropped; /* held pages not kept (over keep_pages) */
	struct xs_procs procs;
	struct xs_backends backends;
	bool have_procs, have_backends;
	bool dying;
	/* The pages its p2m shares through dom_cow (memory sharing). */
	struct xs_sharing sharing;
	/* Pages of its own list typed shared: a failed nomination's leftover
	 * (xs_sharing_leftover()); the first XS_LEFTOVERS_KEPT are kept. */
	uint64_t nr_leftovers;
	struct xenscope_page leftovers[XS_LEFTOVERS_KEPT];
};

/*
 * Audit @d on @t and explain it.  @out must be zeroed; release it after
 * use, also after a failure.  Processes and backends are read when @t has
 * them; their absence only makes attribution say less.
 */
int xs_explain_run(struct xs_target *t, const struct xs_domain *d,
		   const struct xs_explain_opts *opts, struct xs_explain *out);
void xs_explain_release(struct xs_explain *e);

/* The cause a reference of a kept page is counted under. */
enum xs_cause xs_explain_ref_cause(const struct xs_explain *e, const struct xs_held_page *h,
				   const struct xenscope_ref *r);

/*
 * The verdict as an exit code: XS_EXIT_OK nothing held, XS_EXIT_EXPECTED
 * held and explained (shared pages too), XS_EXIT_SUSPICIOUS unexplained
 * references, or a shared page that breaks a rule of Xen's sharing code.
 */
enum xs_exit xs_explain_status(const struct xs_explain *e);

/* Attach suspects to every group (attribute.c; called by xs_explain_run). */
int xs_explain_attribute(struct xs_explain *e);

/*
 * Text (explain-text.c), into @out (appended):
 * the group's summary line ("16 pages held by domain 0 through foreign
 * mappings (page tables of process 1234 `qemu ...`)"), its remedy, and
 * the domain's one-line verdict.
 */
struct xs_buf;
int xs_group_summary(const struct xs_explain *e, const struct xs_cause_group *g,
		     struct xs_buf *out);
int xs_group_remedy(const struct xs_explain *e, const struct xs_cause_group *g, struct xs_buf *out);
int xs_explain_verdict(const struct xs_explain *e, struct xs_buf *out);
/* The audit's counts: "15 pages: 14 held, 1 with unexplained references". */
int xs_audit_counts(const struct xs_audit *a, struct xs_buf *out);
/*
 * Its references to pages it did not list: "2 references name pages the
 * domain's page list lacks" (nothing appended when there are none).
 */
int xs_audit_orphans(const struct xs_audit *a, struct xs_buf *out);
/*
 * The verdict in place of xs_explain_verdict() for a domain that was not
 * audited: @err -EOPNOTSUPP when the target has no page records of it.
 */
const char *xs_verdict_not_audited(int err);
/* What the hypervisor uses a page for, by XENSCOPE_XEN_* ("shared_info"). */
const char *xs_xen_use_name(unsigned int aux);
/* "1234 `cmdline`" or "backend vif5.0" for a suspect. */
int xs_suspect_name(const struct xs_explain *e, const struct xs_suspect *s, struct xs_buf *out);

/*
 * A Graphviz digraph (dot.c): dying domain -> pages (one node per page
 * when all held pages were kept and there are at most @max_page_nodes,
 * else one node per group) -> holders -> processes and backends.
 */
int xs_explain_dot(const struct xs_explain *e, size_t max_page_nodes, FILE *f);

#endif
