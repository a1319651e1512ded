// SPDX-License-Identifier: MIT
/*
 * The sentences of an explanation: one summary line and one remedy per
 * group, one verdict per domain.  Shared by text, JSON and graph output so
 * they always say the same thing.
 */
#include <errno.h>
#include <inttypes.h>
#include <stdio.h>
#include <string.h>

#include "xenscope/core/buf.h"
#include "xenscope/audit/explain.h"
#include "xenscope/core/json.h"

/* Grant refs listed before "and N more". */
#define MAX_REFS_SHOWN 8

static const char *pl(uint64_t n)
{
	return n == 1 ? "" : "s";
}

/* Suspects sharing the best one's certainty. */
static size_t ties(const struct xs_cause_group *g)
{
	size_t n = 0;

	while (n < g->nr_suspects && g->suspects[n].certainty == g->suspects[0].certainty)
		n++;
	return n;
}

/*
 * The suspect worth naming in a summary: certain, or the one likely
 * suspect.  Two equally likely ones are not named: that would be a guess.
 */
static const struct xs_suspect *named(const struct xs_cause_group *g)
{
	if (!g->nr_suspects || g->suspects[0].certainty == XS_CANDIDATE)
		return NULL;
	if (g->suspects[0].certainty == XS_LIKELY && ties(g) > 1)
		return NULL;
	return &g->suspects[0];
}

/* "processes 200, 500" for the tied likely suspects; backends left out. */
static int add_tied_pids(const struct xs_explain *e, const struct xs_cause_group *g,
			 struct xs_buf *out)
{
	int err = 0, n = 0;

	for (size_t i = 0; !err && i < ties(g); i++)
		if (!g->suspects[i].backend)
			err = xs_buf_addf(out, "%s%d", n++ ? ", " : "processes ",
					  e->procs.v[g->suspects[i].index].pid);
	return err;
}

int xs_suspect_name(const struct xs_explain *e, const struct xs_suspect *s, struct xs_buf *out)
{
	if (s->backend) {
		const struct xs_backend *b = &e->backends.v[s->index];

		return xs_buf_addf(out, "backend %s%u.%s, xenstore %s state %d", b->type, b->domid,
				   b->dev, b->path, b->state);
	}
	const struct xs_proc *p = &e->procs.v[s->index];

	return xs_buf_addf(out, "process %d `%s`", p->pid, *p->cmdline ? p->cmdline : p->comm);
}

static int add_grant_refs(const struct xs_cause_group *g, struct xs_buf *out)
{
	int err = 0;

	if (!g->nr_grant_refs)
		return 0;
	err = xs_buf_addf(out, "grant ref%s ", pl(g->nr_grant_refs));
	for (size_t i = 0; !err && i < g->nr_grant_refs && i < MAX_REFS_SHOWN; i++)
		err = xs_buf_addf(out, "%s%" PRIu32, i ? ", " : "", g->grant_refs[i]);
	if (!err && g->nr_grant_refs > MAX_REFS_SHOWN)
		err = xs_buf_addf(out, " and %zu more", g->nr_grant_refs - MAX_REFS_SHOWN);
	return err;
}

static int add_vcpus(uint64_t vcpus, struct xs_buf *out)
{
	int err = 0, n = 0;

	for (unsigned int i = 0; !err && i < 64; i++)
		if (vcpus & (1ULL << i))
			err = xs_buf_addf(out, "%s%u%s", n++ ? ", " : "", i, i == 63 ? "+" : "");
	return err;
}

const char *xs_xen_use_name(unsigned int aux)
{
	static const char *const names[] = {
		[XENSCOPE_XEN_SHARED_INFO] = "shared_info",
		[XENSCOPE_XEN_VCPU_INFO] = "vcpu_info",
		[XENSCOPE_XEN_EVTCHN_FIFO] = "event channels",
		[XENSCOPE_XEN_IOREQ] = "ioreq",
		[XENSCOPE_XEN_VM_EVENT] = "vm_event ring",
		[XENSCOPE_XEN_VMTRACE] = "vmtrace",
		[XENSCOPE_XEN_OTHER] = "other",
		[XENSCOPE_XEN_PAGING] = "paging",
		[XENSCOPE_XEN_PIRQ_EOI] = "PIRQ EOI bitmap",
		[XENSCOPE_XEN_PMU] = "PV PMU page",
		[XENSCOPE_XEN_APIC_ACCESS] = "APIC access page",
		[XENSCOPE_XEN_ARGO] = "Argo ring",
		[XENSCOPE_XEN_VIRIDIAN] = "Viridian page",
	};

	return aux < XS_ARRAY_SIZE(names) && names[aux] ? names[aux] : "other";
}

static int summary_foreign(const struct xs_explain *e, const struct xs_cause_group *g,
			   struct xs_buf *out)
{
	const struct xs_suspect *s = named(g);
	bool p2m = g->kinds[XENSCOPE_REF_P2M_FOREIGN] && !g->kinds[XENSCOPE_REF_PV_L1];
	int err = xs_buf_addf(out, "held by domain %u through foreign mappings (", g->holder);

	if (!err && s) {
		err = xs_buf_addstr(out, p2m ? "p2m of domain 0 for " : "page tables of ");
		if (!err)
			err = xs_suspect_name(e, s, out);
	} else if (!err && p2m) {
		err = xs_buf_addf(out, "p2m entries of domain %u", g->holder);
	} else if (!err) {
		err = xs_buf_addf(out, "%" PRIu64 " page table%s of domain %u", g->tables,
				  pl(g->tables), g->holder);
	}
	if (!err && !s && g->nr_suspects && g->suspects[0].certainty == XS_LIKELY) {
		err = xs_buf_addstr(out, "; likely one of ");
		if (!err)
			err = add_tied_pids(e, g, out);
	} else if (!err && !s && g->holder == 0) {
		err = xs_buf_addf(out, "; %s",
				  g->nr_suspects ? "process not identified"
						 : "no dom0 process maps privcmd");
	}
	return err ? err : xs_buf_addstr(out, ")");
}

static int summary_grant(const struct xs_explain *e, const struct xs_cause_group *g,
			 struct xs_buf *out)
{
	const struct xs_suspect *s = named(g);
	int err = xs_buf_addf(out, "grant-mapped by domain %u (", g->holder);

	if (!err)
		err = add_grant_refs(g, out);
	if (!err && s) {
		err = xs_buf_addstr(out, g->nr_grant_refs ? "; " : "");
		if (!err)
			err = xs_suspect_name(e, s, out);
	} else if (!err && g->holder == 0) {
		err = xs_buf_addf(out, "%s%s", g->nr_grant_refs ? "; " : "",
				  g->nr_suspects ? "holder not identified"
						 : "no dom0 process or backend found");
	}
	return err ? err : xs_buf_addstr(out, ")");
}

static int summary_unexplained(const struct xs_cause_group *g, struct xs_buf *out)
{
	int err = 0;

	if (g->unexplained > 0)
		err = xs_buf_addf(out, "%" PRId64 " unexplained reference%s", g->unexplained,
				  pl((uint64_t)g->unexplained));
	if (!err && g->unexplained_type > 0)
		err = xs_buf_addf(out, "%s%" PRId64 " unexplained type reference%s",
				  g->unexplained > 0 ? " and " : "", g->unexplained_type,
				  pl((uint64_t)g->unexplained_type));
	if (!err && g->unexplained <= 0 && g->unexplained_type <= 0 && !g->over)
		err = xs_buf_addstr(out, "an injected reference marker");
	if (!err && g->over)
		err = xs_buf_addf(out,
				  "%s%" PRIu64 " page%s with more references recorded than "
				  "counted",
				  g->unexplained > 0 || g->unexplained_type > 0 ? "; " : "",
				  g->over, pl(g->over));
	if (err)
		return err;
	if (g->injected)
		return xs_buf_addf(out, " — injected by the xenscope fault injector (a test)");
	if (g->over)
		return xs_buf_addstr(out, " — an accounting error in hv-probes");
	return xs_buf_addstr(out, " — a hypervisor bug");
}

int xs_group_summary(const struct xs_explain *e, const struct xs_cause_group *g, struct xs_buf *out)
{
	bool self = g->holder == e->domain.domid;
	int err;

	if (g->cause == XS_CAUSE_UNEXPLAINED) {
		err = xs_buf_addf(out, "%" PRIu64 " page%s: ", g->pages, pl(g->pages));
		return err ? err : summary_unexplained(g, out);
	}
	err = xs_buf_addf(out, "%" PRIu64 " page%s ", g->pages, pl(g->pages));
	if (err)
		return err;
	switch (g->cause) {
	case XS_CAUSE_FOREIGN:
		return summary_foreign(e, g, out);
	case XS_CAUSE_GRANT:
		return summary_grant(e, g, out);
	case XS_CAUSE_SHADOW:
		return xs_buf_addf(out,
				   "mapped by shadow page tables of domain %u (%" PRIu64
				   " shadow table%s)",
				   g->holder, g->tables, pl(g->tables));
	case XS_CAUSE_PAGETABLE:
		if (self)
			return xs_buf_addf(out,
					   "referenced by the domain's own page tables (%" PRIu64
					   " table%s)",
					   g->tables, pl(g->tables));
		return xs_buf_addf(out,
				   "referenced by page tables of domain %u (%" PRIu64 " table%s)",
				   g->holder, g->tables, pl(g->tables));
	case XS_CAUSE_PIN:
		return xs_buf_addstr(out, "pinned as page tables (MMUEXT_PIN)");
	case XS_CAUSE_PARTIAL:
		return xs_buf_addstr(out, "left as partially validated page tables");
	case XS_CAUSE_CR3:
		err = xs_buf_addstr(out, "in use as the page-table base (cr3) of vCPU ");
		return err ? err : add_vcpus(g->vcpus, out);
	case XS_CAUSE_SEG_DESC:
		err = xs_buf_addstr(out, "in use as GDT/LDT frames of vCPU ");
		return err ? err : add_vcpus(g->vcpus, out);
	case XS_CAUSE_XEN: {
		int n = 0;

		err = xs_buf_addstr(out, "used by the hypervisor itself (");
		for (unsigned int i = 0; !err && i < 32; i++)
			if (g->xen_aux & (1U << i))
				err = xs_buf_addf(out, "%s%s", n++ ? ", " : "", xs_xen_use_name(i));
		return err ? err : xs_buf_addstr(out, ")");
	}
	case XS_CAUSE_ALLOCATED:
		return xs_buf_addstr(out, "still allocated to the domain (PGC_allocated)");
	default:
		return xs_buf_addstr(out, "with references of a kind this refaudit does not know");
	}
}

/* The xl command that detaches a backend of @type, if there is one. */
static const char *xl_detach(const char *type)
{
	static const struct {
		const char *type, *cmd;
	} map[] = {
		{ "vif", "network-detach" },  { "vbd", "block-detach" },
		{ "qdisk", "block-detach" },  { "vtpm", "vtpm-detach" },
		{ "vusb", "usbctrl-detach" }, { "9pfs", "9pfs-detach" },
	};

	for (size_t i = 0; i < XS_ARRAY_SIZE(map); i++)
		if (!strcmp(type, map[i].type))
			return map[i].cmd;
	return NULL;
}

static int remedy_holder(const struct xs_explain *e, const struct xs_cause_group *g,
			 struct xs_buf *out)
{
	const struct xs_suspect *s = named(g);
	const char *dev = g->cause == XS_CAUSE_FOREIGN ? "/dev/xen/privcmd" : "/dev/xen/gntdev";

	if (g->holder != 0)
		return xs_buf_addf(out,
				   "stop what maps the pages in domain %u, or destroy domain "
				   "%u (its processes cannot be seen from dom0)",
				   g->holder, g->holder);
	if (s && !s->backend) {
		const struct xs_proc *p = &e->procs.v[s->index];

		return xs_buf_addf(out, "stop process %d (kill %d): its mappings go when it exits",
				   p->pid, p->pid);
	}
	if (s) {
		const struct xs_backend *b = &e->backends.v[s->index];
		const char *cmd = xl_detach(b->type);

		if (cmd)
			return xs_buf_addf(out,
					   "disconnect the backend: xl %s %u %s, or remove %s "
					   "so the backend driver closes",
					   cmd, b->domid, b->dev, b->path);
		return xs_buf_addf(out,
				   "disconnect the backend: remove %s so the backend driver "
				   "closes",
				   b->path);
	}
	if (g->nr_suspects && g->suspects[0].certainty == XS_LIKELY) {
		int err = xs_buf_addstr(out, "stop the one holding the mappings, likely one of ");

		return err ? err : add_tied_pids(e, g, out);
	}
	if (g->nr_suspects) {
		int err = xs_buf_addstr(out, "stop the process holding the mappings; candidates:");

		for (size_t i = 0; !err && i < g->nr_suspects; i++)
			err = g->suspects[i].backend
				      ? 0
				      : xs_buf_addf(out, " %d",
						    e->procs.v[g->suspects[i].index].pid);
		return err;
	}
	if (!e->have_procs)
		return xs_buf_addf(out,
				   "find the dom0 process mapping %s (this %s holds no "
				   "process list)",
				   dev, "target");
	return xs_buf_addf(out,
			   "no dom0 process maps %s: a dom0 kernel driver holds the pages; "
			   "unload it or reboot dom0",
			   dev);
}

int xs_group_remedy(const struct xs_explain *e, const struct xs_cause_group *g, struct xs_buf *out)
{
	uint32_t d = e->domain.domid;

	if (g->cause == XS_CAUSE_UNEXPLAINED) {
		if (g->injected)
			return xs_buf_addstr(out, "give the injected references back "
						  "(XENSCOPE_INJECT_PUT_*) or reboot the host");
		return xs_buf_addf(out,
				   "report to xen-devel with the saved snapshot (refaudit "
				   "--save dom%u.xs %u); only a host reboot frees these pages",
				   d, d);
	}
	if (!e->dying)
		return xs_buf_addstr(out, "none needed: the domain is not dying");
	if (g->cause == XS_CAUSE_FOREIGN || g->cause == XS_CAUSE_GRANT)
		return remedy_holder(e, g, out);
	return xs_buf_addf(out,
			   "the hypervisor is still tearing the domain down: wait, or run "
			   "xl destroy %u again; if it stays, report to xen-devel with the "
			   "saved snapshot (refaudit --save dom%u.xs %u)",
			   d, d, d);
}

/* A few words per group for the verdict. */
static int short_reason(const struct xs_explain *e, const struct xs_cause_group *g,
			struct xs_buf *out)
{
	const struct xs_suspect *s = named(g);

	switch (g->cause) {
	case XS_CAUSE_FOREIGN:
	case XS_CAUSE_GRANT: {
		const char *what = g->cause == XS_CAUSE_FOREIGN ? "foreign mappings" : "grants";

		if (s && !s->backend) {
			const struct xs_proc *p = &e->procs.v[s->index];

			return xs_buf_addf(out, "%s of process %d (%s)", what, p->pid, p->comm);
		}
		if (s) {
			const struct xs_backend *b = &e->backends.v[s->index];

			return xs_buf_addf(out, "%s of backend %s%u.%s", what, b->type, b->domid,
					   b->dev);
		}
		return xs_buf_addf(out, "%s of domain %u", what, g->holder);
	}
	case XS_CAUSE_UNEXPLAINED:
		return xs_buf_addf(out, "unexplained references (%s)",
				   g->injected ? "injected"
				   : g->over   ? "accounting error"
					       : "hypervisor bug");
	default:
		return xs_buf_addf(out, "teardown in progress (%s)", xs_cause_name(g->cause));
	}
}

/* What sharing adds to the verdict: broken shared pages, nominations' leftovers. */
static int sharing_verdict(const struct xs_explain *e, struct xs_buf *out)
{
	int err = 0;

	if (e->sharing.nr)
		err = xs_buf_addf(out, "; %zu gfn%s shared", e->sharing.nr, pl(e->sharing.nr));
	if (!err && e->sharing.nr_broken)
		err = xs_buf_addf(out, ", %zu breaking a rule of Xen's sharing code",
				  e->sharing.nr_broken);
	if (!err && e->nr_leftovers)
		err = xs_buf_addf(out, "; %" PRIu64 " page%s typed shared by a failed nomination",
				  e->nr_leftovers, pl(e->nr_leftovers));
	return err;
}

static int holders_verdict(const struct xs_explain *e, struct xs_buf *out)
{
	const struct xs_audit *a = &e->audit;
	size_t shown = 0;
	int err = 0;

	if (!a->held_pages && !a->unexplained_pages && !a->orphan_refs)
		return xs_buf_addstr(out, e->dying ? "nothing held: the hypervisor can free it"
						   : "nothing held");
	if (!e->dying && !a->unexplained_pages && !a->orphan_refs)
		return xs_buf_addf(out, "not dying: %" PRIu64 " page%s in use", a->held_pages,
				   pl(a->held_pages));
	/* Up to two holders, and unexplained references always: they are the bug. */
	for (size_t i = 0; !err && i < e->nr_groups; i++) {
		const struct xs_cause_group *g = &e->groups[i];
		bool bug = g->cause == XS_CAUSE_UNEXPLAINED;

		/* Allocation alone says nothing while other causes are listed. */
		if ((g->cause == XS_CAUSE_ALLOCATED && e->nr_groups > 1) || (shown >= 2 && !bug))
			continue;
		err = xs_buf_addstr(out, shown++ ? "; " : "held by ");
		if (!err)
			err = short_reason(e, g, out);
	}
	if (!err && e->nr_groups > shown)
		err = xs_buf_addf(out, " (+%zu more)", e->nr_groups - shown);
	if (!err && !shown && a->orphan_refs)
		err = xs_buf_addf(out, "%" PRIu64 " reference%s to pages not listed",
				  a->orphan_refs, pl(a->orphan_refs));
	return err;
}

int xs_explain_verdict(const struct xs_explain *e, struct xs_buf *out)
{
	int err = holders_verdict(e, out);

	return err ? err : sharing_verdict(e, out);
}

int xs_audit_counts(const struct xs_audit *a, struct xs_buf *out)
{
	return xs_buf_addf(out,
			   "%" PRIu64 " page%s: %" PRIu64 " held, %" PRIu64
			   " with unexplained references",
			   a->nr_pages, pl(a->nr_pages), a->held_pages, a->unexplained_pages);
}

int xs_audit_orphans(const struct xs_audit *a, struct xs_buf *out)
{
	if (!a->orphan_refs)
		return 0;
	if (a->orphan_refs == 1)
		return xs_buf_addstr(out, "1 reference names a page the domain's page list lacks");
	return xs_buf_addf(out, "%" PRIu64 " references name pages the domain's page list lacks",
			   a->orphan_refs);
}

const char *xs_verdict_not_audited(int err)
{
	return err == -EOPNOTSUPP ? "not audited (no page records)" : "not audited";
}
