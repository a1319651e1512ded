// SPDX-License-Identifier: MIT
/*
 * From holding domain to holding process: the hypervisor says "domain 0
 * maps these 16 pages"; which dom0 process or backend is that?  The
 * evidence Linux gives is /proc/PID/maps (which processes map privcmd or
 * gntdev, and how many pages those mappings span), open descriptors, a
 * device model's "-xen-domid N", and xenstore's backend directories.
 *
 * How sure each suspect is:
 *   certain    its command line names the domain, or it is the only
 *              process whose mappings of the device can hold the pages;
 *   likely     the mappings could hold the pages but so could another's,
 *              or a backend still connected to the domain;
 *   candidate  it has the device, nothing more says it is the one.
 */
#include <errno.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <unistd.h>

#include "xenscope/audit/explain.h"

/* The device whose mappings produce a group's references; -1: none. */
static int group_dev(const struct xs_cause_group *g)
{
	if (g->cause == XS_CAUSE_FOREIGN)
		return XS_DEV_PRIVCMD;
	if (g->cause == XS_CAUSE_GRANT)
		return XS_DEV_GNTDEV;
	return -1;
}

static const char *plural(uint64_t n)
{
	return n == 1 ? "" : "s";
}

static int add_suspect(struct xs_cause_group *g, bool backend, size_t index, enum xs_certainty c,
		       const char *fmt, ...) XS_PRINTF(5, 6);

static int add_suspect(struct xs_cause_group *g, bool backend, size_t index, enum xs_certainty c,
		       const char *fmt, ...)
{
	struct xs_suspect *s;
	va_list ap;

	if (xs_array_grow(g->suspects, g->suspects_alloc, g->nr_suspects + 1))
		return xs_error(-ENOMEM, "out of memory");
	s = &g->suspects[g->nr_suspects++];
	*s = (struct xs_suspect){ .backend = backend, .index = index, .certainty = c };
	va_start(ap, fmt);
	vsnprintf(s->why, sizeof(s->why), fmt, ap);
	va_end(ap);
	return 0;
}

/* A device model of another domain is not a plausible holder of this one's pages. */
static bool other_dm(const struct xs_proc *p, uint32_t domid)
{
	return p->xen_domid >= 0 && (uint32_t)p->xen_domid != domid;
}

static int attribute_procs(struct xs_explain *e, struct xs_cause_group *g, int dev)
{
	const char *path = dev == XS_DEV_PRIVCMD ? "/dev/xen/privcmd" : "/dev/xen/gntdev";
	uint32_t domid = e->domain.domid;
	size_t mappers = 0, covering = 0;
	int32_t self = (int32_t)getpid();
	int err = 0;

	for (size_t i = 0; i < e->procs.nr; i++) {
		const struct xs_proc *p = &e->procs.v[i];

		if (!p->maps[dev] || other_dm(p, domid))
			continue;
		mappers++;
		covering += p->map_pages[dev] >= g->pages;
	}
	for (size_t i = 0; !err && i < e->procs.nr; i++) {
		const struct xs_proc *p = &e->procs.v[i];
		uint32_t span = p->map_pages[dev];

		/* refaudit itself has privcmd open to ask the hypervisor. */
		if ((!p->maps[dev] && !p->fds[dev]) || p->pid == self)
			continue;
		if (p->xen_domid >= 0 && (uint32_t)p->xen_domid == domid)
			err = add_suspect(g, false, i, XS_CERTAIN,
					  "%s %s and its command line names domain %u "
					  "(-xen-domid %d)",
					  p->maps[dev] ? "maps" : "has", path, domid, p->xen_domid);
		else if (other_dm(p, domid))
			err = add_suspect(g, false, i, XS_CANDIDATE,
					  "has %s, but it is the device model of domain %d", path,
					  p->xen_domid);
		else if (!p->maps[dev])
			err = add_suspect(g, false, i, mappers ? XS_CANDIDATE : XS_LIKELY,
					  "has %s open but maps none of it", path);
		else if (mappers == 1 && !span)
			err = add_suspect(g, false, i, XS_LIKELY,
					  "the only process mapping %s (mapping size unknown)",
					  path);
		else if (mappers == 1 && span >= g->pages)
			err = add_suspect(g, false, i, XS_CERTAIN,
					  "the only process mapping %s; its mappings span %u "
					  "page%s, enough for the %llu held",
					  path, span, plural(span), (unsigned long long)g->pages);
		else if (mappers == 1)
			err = add_suspect(g, false, i, XS_LIKELY,
					  "the only process mapping %s, but its mappings span %u "
					  "page%s, fewer than the %llu held",
					  path, span, plural(span), (unsigned long long)g->pages);
		else if (span >= g->pages && covering == 1)
			err = add_suspect(g, false, i, XS_CERTAIN,
					  "the only process whose %s mappings (%u page%s) can hold "
					  "the %llu held pages",
					  path, span, plural(span), (unsigned long long)g->pages);
		else if (span >= g->pages)
			err = add_suspect(g, false, i, XS_LIKELY,
					  "one of %zu processes whose %s mappings can hold the "
					  "%llu held pages (%u page%s)",
					  covering, path, (unsigned long long)g->pages, span,
					  plural(span));
		else
			err = add_suspect(g, false, i, XS_CANDIDATE,
					  "maps %s (%u page%s), fewer than the %llu held", path,
					  span, plural(span), (unsigned long long)g->pages);
	}
	return err;
}

/* Closed (6) backends have let go; unknown state (-1) proves nothing. */
static int attribute_backends(struct xs_explain *e, struct xs_cause_group *g)
{
	int err = 0;

	for (size_t i = 0; !err && i < e->backends.nr; i++) {
		const struct xs_backend *b = &e->backends.v[i];

		if (b->domid != e->domain.domid || b->backend_domid != g->holder)
			continue;
		if (b->state >= 0 && b->state != 6)
			err = add_suspect(g, true, i, XS_LIKELY,
					  "in state %d (%s): a backend keeps its frontend's grants "
					  "mapped until it closes",
					  b->state, xs_xenbus_state_name(b->state));
		else
			err = add_suspect(g, true, i, XS_CANDIDATE,
					  "a backend of the domain, but %s (state %d)",
					  b->state == 6 ? "closed" : "its state is unreadable",
					  b->state);
	}
	return err;
}

static int cmp_suspect(const void *pa, const void *pb)
{
	const struct xs_suspect *a = pa, *b = pb;

	if (a->certainty != b->certainty)
		return a->certainty < b->certainty ? -1 : 1;
	if (a->backend != b->backend)
		return a->backend ? 1 : -1; /* a named process before a backend */
	return (a->index > b->index) - (a->index < b->index);
}

/*
 * Once a process is certain, other processes that merely could hold the
 * pages are only candidates (backends keep their rank: they may hold
 * other grants of the same group).
 */
static void demote(struct xs_cause_group *g)
{
	if (!g->nr_suspects || g->suspects[0].certainty != XS_CERTAIN || g->suspects[0].backend)
		return;
	for (size_t i = 1; i < g->nr_suspects; i++)
		if (!g->suspects[i].backend && g->suspects[i].certainty == XS_LIKELY)
			g->suspects[i].certainty = XS_CANDIDATE;
	qsort(g->suspects, g->nr_suspects, sizeof(*g->suspects), cmp_suspect);
}

int xs_explain_attribute(struct xs_explain *e)
{
	int err = 0;

	for (size_t i = 0; !err && i < e->nr_groups; i++) {
		struct xs_cause_group *g = &e->groups[i];
		int dev = group_dev(g);

		if (dev < 0)
			continue;
		/* Only dom0's own processes are visible: procs come from its /proc. */
		if (g->holder == 0 && e->have_procs)
			err = attribute_procs(e, g, dev);
		if (!err && g->cause == XS_CAUSE_GRANT && e->have_backends)
			err = attribute_backends(e, g);
		if (g->nr_suspects > 1)
			qsort(g->suspects, g->nr_suspects, sizeof(*g->suspects), cmp_suspect);
		demote(g);
	}
	return err;
}
