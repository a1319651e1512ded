// SPDX-License-Identifier: MIT
/* Domain, process and backend lists: ownership and lookup. */
#include <errno.h>
#include <inttypes.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "xenscope/target/target.h"

const char *const xs_dev_names[XS_DEV_NR] = {
	[XS_DEV_PRIVCMD] = "privcmd",
	[XS_DEV_GNTDEV] = "gntdev",
	[XS_DEV_GNTALLOC] = "gntalloc",
};

void xs_domains_release(struct xs_domains *l)
{
	free(l->v);
	l->v = NULL;
	l->nr = l->alloc = 0;
}

void xs_procs_release(struct xs_procs *l)
{
	for (size_t i = 0; i < l->nr; i++) {
		free(l->v[i].comm);
		free(l->v[i].cmdline);
	}
	free(l->v);
	l->v = NULL;
	l->nr = l->alloc = 0;
}

void xs_backends_release(struct xs_backends *l)
{
	for (size_t i = 0; i < l->nr; i++) {
		free(l->v[i].type);
		free(l->v[i].dev);
		free(l->v[i].path);
	}
	free(l->v);
	l->v = NULL;
	l->nr = l->alloc = 0;
}

int xs_domains_add(struct xs_domains *l, const struct xs_domain *d)
{
	int err = xs_array_grow(l->v, l->alloc, l->nr + 1);

	if (err)
		return err;
	l->v[l->nr] = *d;
	/* Callers may hand in names straight from a file: terminate them. */
	l->v[l->nr].name[XS_DOMAIN_NAME_MAX - 1] = '\0';
	l->nr++;
	return 0;
}

static char *dup_or_empty(const char *s)
{
	return strdup(s ? s : "");
}

int xs_procs_add(struct xs_procs *l, const struct xs_proc *p)
{
	struct xs_proc c = *p;
	int err = xs_array_grow(l->v, l->alloc, l->nr + 1);

	if (err)
		return err;
	c.comm = dup_or_empty(p->comm);
	c.cmdline = dup_or_empty(p->cmdline);
	if (!c.comm || !c.cmdline)
		goto err_free_strings;
	l->v[l->nr++] = c;
	return 0;

err_free_strings:
	free(c.comm);
	free(c.cmdline);
	return -ENOMEM;
}

int xs_backends_add(struct xs_backends *l, const struct xs_backend *b)
{
	struct xs_backend c = *b;
	int err = xs_array_grow(l->v, l->alloc, l->nr + 1);

	if (err)
		return err;
	c.type = dup_or_empty(b->type);
	c.dev = dup_or_empty(b->dev);
	c.path = dup_or_empty(b->path);
	if (!c.type || !c.dev || !c.path)
		goto err_free_strings;
	l->v[l->nr++] = c;
	return 0;

err_free_strings:
	free(c.type);
	free(c.dev);
	free(c.path);
	return -ENOMEM;
}

const struct xs_domain *xs_domains_find(const struct xs_domains *l, const char *id_or_name)
{
	uint64_t id;
	bool numeric = !xs_parse_u64(id_or_name, &id);

	/* A number is a domid first: names like "5" are not worth a guess. */
	for (size_t i = 0; numeric && i < l->nr; i++)
		if (l->v[i].domid == id)
			return &l->v[i];
	for (size_t i = 0; i < l->nr; i++)
		if (!strcmp(l->v[i].name, id_or_name))
			return &l->v[i];
	return NULL;
}

const char *xs_domain_state(uint32_t flags, char *buf, size_t len)
{
	static const struct {
		uint32_t flag;
		const char *name;
	} names[] = {
		{ XS_DOM_DYING, "dying" },     { XS_DOM_SHUTDOWN, "shutdown" },
		{ XS_DOM_PAUSED, "paused" },   { XS_DOM_RUNNING, "running" },
		{ XS_DOM_BLOCKED, "blocked" },
	};
	size_t n = 0;

	if (!len)
		return buf;
	buf[0] = '\0';
	for (size_t i = 0; i < XS_ARRAY_SIZE(names); i++) {
		int w;

		if (!(flags & names[i].flag))
			continue;
		w = snprintf(buf + n, len - n, "%s%s", n ? "," : "", names[i].name);
		if (w < 0 || (size_t)w >= len - n)
			break;
		n += (size_t)w;
	}
	if (!n)
		snprintf(buf, len, "-");
	return buf;
}

const char *xs_xenbus_state_name(int32_t state)
{
	/* xen/io/xenbus.h, enum xenbus_state. */
	static const char *const names[] = {
		"Unknown", "Initialising", "InitWait",	    "Initialised",  "Connected",
		"Closing", "Closed",	   "Reconfiguring", "Reconfigured",
	};

	if (state < 0 || (size_t)state >= XS_ARRAY_SIZE(names))
		return "unknown";
	return names[state];
}

const char *xs_dying_for(const struct xs_domain *d, char *buf, size_t len)
{
	uint64_t s = d->dying_ns / 1000000000ULL;

	if (!(d->known & XS_DOMX_DYING))
		snprintf(buf, len, "-");
	else if (s < 60)
		snprintf(buf, len, "%.1f s", (double)d->dying_ns / 1e9);
	else if (s < 3600)
		snprintf(buf, len, "%um%02us", (unsigned int)(s / 60), (unsigned int)(s % 60));
	else if (s < 86400)
		snprintf(buf, len, "%uh%02um", (unsigned int)(s / 3600),
			 (unsigned int)(s % 3600 / 60));
	else
		snprintf(buf, len, "%" PRIu64 "d%02uh", s / 86400,
			 (unsigned int)(s % 86400 / 3600));
	return buf;
}
