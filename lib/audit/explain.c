// SPDX-License-Identifier: MIT
/*
 * Group a domain's references by cause and holder while the audit streams
 * its pages.  Per page the work is a few comparisons; groups are few (one
 * per cause and holding domain), so they are found by a short linear search.
 * What is counted distinct (tables, grant refs) is kept in a set or sorted
 * by radix, not by comparisons: a big zombie has millions of each.
 */
#include <errno.h>
#include <stdlib.h>
#include <string.h>

#include "xenscope/audit/explain.h"

#include "explain-int.h"

#include "sort.h"

const char *xs_cause_name(enum xs_cause c)
{
	static const char *const names[XS_CAUSE_NR] = {
		[XS_CAUSE_FOREIGN] = "foreign",		[XS_CAUSE_GRANT] = "grant",
		[XS_CAUSE_UNEXPLAINED] = "unexplained", [XS_CAUSE_SHADOW] = "shadow",
		[XS_CAUSE_PAGETABLE] = "pagetable",	[XS_CAUSE_PIN] = "pin",
		[XS_CAUSE_PARTIAL] = "partial",		[XS_CAUSE_CR3] = "vcpu_cr3",
		[XS_CAUSE_SEG_DESC] = "seg_desc",	[XS_CAUSE_XEN] = "xen",
		[XS_CAUSE_ALLOCATED] = "allocated",	[XS_CAUSE_OTHER] = "other",
	};

	return (unsigned int)c < XS_CAUSE_NR ? names[c] : "other";
}

const char *xs_certainty_name(enum xs_certainty c)
{
	static const char *const names[] = { "certain", "likely", "candidate" };

	return (unsigned int)c < XS_ARRAY_SIZE(names) ? names[c] : "candidate";
}

struct build {
	struct xs_explain *e;
	const struct xs_explain_opts *opts;
	uint64_t seq; /* pages seen, so a group counts each page once */
	struct xs_cause_group *last;
};

static int oom(void)
{
	return xs_error(-ENOMEM, "out of memory");
}

int xs_group_index(struct xs_explain *e, enum xs_cause cause, uint16_t holder)
{
	for (size_t i = 0; i < e->nr_groups; i++)
		if (e->groups[i].cause == cause && e->groups[i].holder == holder)
			return (int)i;
	if (xs_array_grow(e->groups, e->groups_alloc, e->nr_groups + 1))
		return -ENOMEM;
	e->groups[e->nr_groups] = (struct xs_cause_group){ .cause = cause, .holder = holder };
	return (int)e->nr_groups++;
}

static struct xs_cause_group *group(struct build *b, enum xs_cause cause, uint16_t holder)
{
	struct xs_cause_group *g = b->last;
	int i;

	if (g && g->cause == cause && g->holder == holder)
		return g;
	i = xs_group_index(b->e, cause, holder);
	return b->last = i < 0 ? NULL : &b->e->groups[i];
}

/* Whether a page's refs include a grant mapping by @holder. */
static bool grant_mapped_by(const struct xenscope_ref *refs, size_t nr, uint16_t holder)
{
	for (size_t i = 0; i < nr; i++)
		if (refs[i].kind == XENSCOPE_REF_GRANT && refs[i].holder == holder)
			return true;
	return false;
}

enum xs_cause xs_classify_ref(const struct xenscope_ref *refs, size_t nr,
			      const struct xenscope_ref *r, uint32_t domid)
{
	switch (r->kind) {
	case XENSCOPE_REF_ALLOCATED:
		return XS_CAUSE_ALLOCATED;
	case XENSCOPE_REF_PV_L1:
		if (r->holder == domid)
			return XS_CAUSE_PAGETABLE;
		/*
		 * A PV mapper's grant host mapping is a PTE whose counts sit on
		 * the PV_L1 record while the GRANT record carries the names
		 * (hv-probes/README.md): count it with the grant.
		 */
		if ((r->flags & XENSCOPE_REFF_GNTTAB) || grant_mapped_by(refs, nr, r->holder))
			return XS_CAUSE_GRANT;
		return XS_CAUSE_FOREIGN;
	case XENSCOPE_REF_PV_L2:
	case XENSCOPE_REF_PV_L3:
	case XENSCOPE_REF_PV_L4:
		return XS_CAUSE_PAGETABLE;
	case XENSCOPE_REF_P2M_FOREIGN:
		return XS_CAUSE_FOREIGN;
	case XENSCOPE_REF_GRANT:
		return XS_CAUSE_GRANT;
	case XENSCOPE_REF_PIN:
		return XS_CAUSE_PIN;
	case XENSCOPE_REF_PARTIAL:
		return XS_CAUSE_PARTIAL;
	case XENSCOPE_REF_VCPU_CR3:
		return XS_CAUSE_CR3;
	case XENSCOPE_REF_SEG_DESC:
		return XS_CAUSE_SEG_DESC;
	case XENSCOPE_REF_SHADOW:
		return XS_CAUSE_SHADOW;
	case XENSCOPE_REF_XEN:
		return XS_CAUSE_XEN;
	case XENSCOPE_REF_INJECTED:
		return XS_CAUSE_UNEXPLAINED;
	default:
		return XS_CAUSE_OTHER;
	}
}

enum xs_cause xs_explain_ref_cause(const struct xs_explain *e, const struct xs_held_page *h,
				   const struct xenscope_ref *r)
{
	return xs_classify_ref(e->audit.refs + h->first_ref, h->nr_refs, r, e->domain.domid);
}

static size_t via_slot(uint64_t key, size_t mask)
{
	uint64_t x = key * 0x9e3779b97f4a7c15ULL;

	return (size_t)(x ^ x >> 32) & mask;
}

/*
 * Count the distinct tables (vias) of a group: an open-addressing set whose
 * size follows the tables, not the references.  Slots hold via + 1, so 0 is
 * free; via ~0 has its own flag.
 */
static int add_via(struct xs_cause_group *g, uint64_t via)
{
	uint64_t key = via + 1;
	size_t mask = g->vias_alloc - 1, i;

	/* A table's entries mostly come one after another. */
	if (key == g->last_via)
		return 0;
	g->last_via = key;
	if (!key) {
		g->tables += !g->via_all_ones;
		g->via_all_ones = true;
		return 0;
	}
	if ((g->nr_vias + 1) * 2 > g->vias_alloc) {
		size_t alloc = g->vias_alloc ? g->vias_alloc * 2 : 1024;
		uint64_t *v = calloc(alloc, sizeof(*v));

		if (!v)
			return oom();
		for (size_t k = 0; k < g->vias_alloc; k++) {
			if (!g->vias[k])
				continue;
			for (i = via_slot(g->vias[k], alloc - 1); v[i]; i = (i + 1) & (alloc - 1))
				;
			v[i] = g->vias[k];
		}
		free(g->vias);
		g->vias = v;
		g->vias_alloc = alloc;
		mask = alloc - 1;
	}
	for (i = via_slot(key, mask); g->vias[i]; i = (i + 1) & mask)
		if (g->vias[i] == key)
			return 0;
	g->vias[i] = key;
	g->nr_vias++;
	g->tables++;
	return 0;
}

int xs_group_add_ref(struct xs_cause_group *g, const struct xenscope_ref *r)
{
	g->refs++;
	g->general += r->general;
	g->type += r->type;
	if (r->kind < XS_ARRAY_SIZE(g->kinds))
		g->kinds[r->kind]++;
	switch (r->kind) {
	case XENSCOPE_REF_PV_L1:
	case XENSCOPE_REF_PV_L2:
	case XENSCOPE_REF_PV_L3:
	case XENSCOPE_REF_PV_L4:
	case XENSCOPE_REF_SHADOW:
		return add_via(g, r->via);
	case XENSCOPE_REF_GRANT:
		if (g->nr_grant_refs == g->grant_refs_alloc &&
		    xs_array_grow(g->grant_refs, g->grant_refs_alloc, g->nr_grant_refs + 1))
			return oom();
		g->grant_refs[g->nr_grant_refs++] = r->grant_ref;
		break;
	case XENSCOPE_REF_VCPU_CR3:
	case XENSCOPE_REF_SEG_DESC:
		g->vcpus |= 1ULL << (r->aux < 63 ? r->aux : 63);
		break;
	case XENSCOPE_REF_XEN:
		if (r->aux < 32)
			g->xen_aux |= 1U << r->aux;
		break;
	}
	return 0;
}

void xs_group_unexplained(struct xs_cause_group *g, int64_t unexplained, int64_t unexplained_type,
			  bool injected)
{
	g->pages++;
	g->unexplained += unexplained;
	g->unexplained_type += unexplained_type;
	g->injected += injected;
	g->kinds[XENSCOPE_REF_INJECTED] += injected;
	g->over += unexplained < 0 || unexplained_type < 0;
}

static int keep_page(struct build *b, const struct xs_audit_page *ap)
{
	struct xs_explain *e = b->e;
	struct xs_held_page *h;

	if (e->nr_held >= b->opts->keep_pages) {
		e->held_dropped++;
		return 0;
	}
	if (xs_array_grow(e->held, e->held_alloc, e->nr_held + 1))
		return oom();
	h = &e->held[e->nr_held++];
	h->page = *ap->page;
	h->first_ref = ap->nr_refs ? (size_t)(ap->refs - e->audit.refs) : 0;
	h->nr_refs = ap->nr_refs;
	h->unexplained = ap->unexplained;
	h->unexplained_type = ap->unexplained_type;
	return 0;
}

/* Count (and keep the first few of) the pages a failed nomination left typed shared. */
static void note_leftover(struct xs_explain *e, const struct xenscope_info *layout,
			  const struct xenscope_page *p)
{
	if (!xs_sharing_leftover(layout, p, (uint16_t)e->domain.domid))
		return;
	if (e->nr_leftovers < XS_LEFTOVERS_KEPT)
		e->leftovers[e->nr_leftovers] = *p;
	e->nr_leftovers++;
}

static int on_page(const struct xs_audit_page *ap, void *arg)
{
	struct build *b = arg;
	uint32_t domid = b->e->domain.domid;
	bool injected = false;
	int err;

	/* Free pages with no references are the common case of a big zombie. */
	if (!ap->count && !ap->type_count && !ap->nr_refs)
		return 0;
	b->seq++;
	for (size_t i = 0; i < ap->nr_refs; i++) {
		const struct xenscope_ref *r = &ap->refs[i];
		enum xs_cause c = xs_classify_ref(ap->refs, ap->nr_refs, r, domid);
		struct xs_cause_group *g;

		if (r->kind == XENSCOPE_REF_INJECTED) {
			injected = true; /* counted with the page's unexplained references */
			continue;
		}
		g = group(b, c, r->holder);
		if (!g)
			return oom();
		if (g->last_seq != b->seq) { /* the group's first reference on this page */
			g->last_seq = b->seq;
			g->pages++;
		}
		err = xs_group_add_ref(g, r);
		if (err)
			return err;
	}
	note_leftover(b->e, ap->layout, ap->page);
	if (ap->unexplained || ap->unexplained_type || injected) {
		struct xs_cause_group *g = group(b, XS_CAUSE_UNEXPLAINED, XS_HOLDER_NONE);

		if (!g)
			return oom();
		xs_group_unexplained(g, ap->unexplained, ap->unexplained_type, injected);
	}
	return keep_page(b, ap);
}

static int cmp_group(const void *pa, const void *pb)
{
	const struct xs_cause_group *a = pa, *b = pb;

	if (a->cause != b->cause)
		return a->cause < b->cause ? -1 : 1;
	if (a->pages != b->pages)
		return a->pages > b->pages ? -1 : 1;
	return (a->holder > b->holder) - (a->holder < b->holder);
}

static int finish_groups(struct xs_explain *e)
{
	for (size_t i = 0; i < e->nr_groups; i++) {
		struct xs_cause_group *g = &e->groups[i];

		if (xs_sort_uniq_u32(g->grant_refs, &g->nr_grant_refs))
			return oom();
		free(g->vias);
		g->vias = NULL;
		g->nr_vias = g->vias_alloc = 0;
	}
	if (e->nr_groups)
		qsort(e->groups, e->nr_groups, sizeof(*e->groups), cmp_group);
	return 0;
}

/* Processes and backends, when the target has them; attribution is best effort. */
static void read_dom0(struct xs_target *t, struct xs_explain *e)
{
	if (xs_target_has(t, XS_OP_PROCS, 0))
		e->have_procs = !xs_target_procs(t, &e->procs);
	if (xs_target_has(t, XS_OP_BACKENDS, 0))
		e->have_backends = !xs_target_backends(t, &e->backends);
}

static int leftover_pages(const struct xenscope_page *p, size_t nr, void *arg)
{
	struct xs_explain *e = arg;

	for (size_t i = 0; i < nr; i++)
		note_leftover(e, &e->audit.layout, &p[i]);
	return 0;
}

int xs_explain_run(struct xs_target *t, const struct xs_domain *d,
		   const struct xs_explain_opts *opts, struct xs_explain *out)
{
	static const struct xs_explain_opts defaults;
	struct build b = { .e = out, .opts = opts ? opts : &defaults };
	int err;

	out->domain = *d;
	out->dying = d->flags & XS_DOM_DYING;
	/* Without pages to keep, a snapshot's summary needs no sorted references. */
	err = b.opts->keep_pages ? 1 : xs_explain_summary(t, d->domid, out);
	if (err == 1)
		err = xs_audit_run(t, d->domid, on_page, &b, &out->audit);
	/* The summary saw no page: look for a failed nomination's leftover among them. */
	else if (!err && out->audit.unexplained_pages)
		err = xs_target_pages(t, d->domid, leftover_pages, out);
	if (!err)
		err = finish_groups(out);
	if (err)
		return err;
	if (!b.opts->no_attribution)
		read_dom0(t, out);
	err = xs_sharing_read(t, d->domid, &out->sharing);
	if (err)
		return err;
	return xs_explain_attribute(out);
}

void xs_explain_release(struct xs_explain *e)
{
	for (size_t i = 0; i < e->nr_groups; i++) {
		free(e->groups[i].grant_refs);
		free(e->groups[i].vias);
		free(e->groups[i].suspects);
	}
	free(e->groups);
	free(e->held);
	xs_audit_release(&e->audit);
	xs_procs_release(&e->procs);
	xs_backends_release(&e->backends);
	xs_sharing_release(&e->sharing);
	memset(e, 0, sizeof(*e));
}

enum xs_exit xs_explain_status(const struct xs_explain *e)
{
	if (e->audit.unexplained_pages || e->audit.orphan_refs || e->sharing.nr_broken ||
	    e->nr_leftovers)
		return XS_EXIT_SUSPICIOUS;
	return e->audit.held_pages || e->sharing.nr ? XS_EXIT_EXPECTED : XS_EXIT_OK;
}
