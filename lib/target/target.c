// SPDX-License-Identifier: MIT
/* Opening targets by name and dispatching through their ops table. */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "backend.h"
#include "xenscope/core/buf.h"

int xs_target_spec_parse(const char *spec, struct xs_target_spec *out)
{
	static const char snap[] = "snap:";

	if (!spec || !*spec)
		return -EINVAL;
	if (!strcmp(spec, "xen")) {
		out->kind = XS_TARGET_XEN;
		out->path = NULL;
		return 0;
	}
	if (!strncmp(spec, snap, sizeof(snap) - 1))
		spec += sizeof(snap) - 1;
	if (!*spec)
		return -EINVAL;
	out->kind = XS_TARGET_SNAP;
	out->path = spec;
	return 0;
}

int xs_target_alloc(const struct xs_target_ops *ops, const char *name, struct xs_target **out)
{
	struct xs_target *t = calloc(1, sizeof(*t));

	if (t)
		t->name = strdup(name);
	if (!t || !t->name) {
		free(t);
		return xs_error(-ENOMEM, "out of memory");
	}
	t->ops = ops;
	*out = t;
	return 0;
}

void xs_target_free(struct xs_target *t)
{
	if (!t)
		return;
	free(t->name);
	free(t);
}

int xs_target_open(const char *spec, struct xs_target **out)
{
	struct xs_target_spec s;
	struct xs_buf name = XS_BUF_INIT;
	struct xs_target *t;
	int err;

	err = xs_target_spec_parse(spec, &s);
	if (err)
		return xs_error(err, "bad target '%s': use 'xen', 'snap:PATH' or a file path",
				spec ? spec : "");
	if (s.kind == XS_TARGET_XEN)
		err = xs_buf_addstr(&name, "xen");
	else
		err = xs_buf_addf(&name, "snapshot %s", s.path);
	if (err)
		err = xs_error(err, "out of memory");
	else
		err = xs_target_alloc(s.kind == XS_TARGET_XEN ? &xs_target_xen_ops
							      : &xs_target_snap_ops,
				      name.buf, &t);
	xs_buf_release(&name);
	if (err)
		return err;
	err = t->ops->open(t, s.path);
	if (err) {
		xs_target_free(t);
		return err;
	}
	*out = t;
	return 0;
}

void xs_target_close(struct xs_target *t)
{
	if (!t)
		return;
	if (t->ops->close)
		t->ops->close(t);
	xs_target_free(t);
}

enum xs_target_kind xs_target_kind(const struct xs_target *t)
{
	return t->ops == &xs_target_snap_ops ? XS_TARGET_SNAP : XS_TARGET_XEN;
}

const char *xs_target_name(const struct xs_target *t)
{
	return t->name;
}

static bool op_present(const struct xs_target_ops *ops, enum xs_op op)
{
	switch (op) {
	case XS_OP_INFO:
		return ops->info;
	case XS_OP_DOMAINS:
		return ops->domains;
	case XS_OP_PAGES:
		return ops->pages;
	case XS_OP_REFS:
		return ops->refs;
	case XS_OP_PROCS:
		return ops->procs;
	case XS_OP_BACKENDS:
		return ops->backends;
	case XS_OP_BLOBS:
		return ops->blob;
	case XS_OP_SHADOWS:
		return ops->shadows;
	case XS_OP_P2M:
		return ops->p2m;
	case XS_OP_COW:
		return ops->cow;
	}
	return false;
}

bool xs_target_has(struct xs_target *t, enum xs_op op, uint32_t domid)
{
	if (!op_present(t->ops, op))
		return false;
	return t->ops->has ? t->ops->has(t, op, domid) : true;
}

static int unsupported(struct xs_target *t, const char *what)
{
	return xs_error(-EOPNOTSUPP, "%s: cannot list %s", t->name, what);
}

int xs_target_info(struct xs_target *t, struct xenscope_info *out)
{
	return t->ops->info ? t->ops->info(t, out) : unsupported(t, "hypervisor information");
}

int xs_target_domains(struct xs_target *t, struct xs_domains *out)
{
	return t->ops->domains ? t->ops->domains(t, out) : unsupported(t, "domains");
}

/* A typed callback and its argument, behind an untyped xs_records_fn. */
struct typed_cb {
	xs_pages_fn pages;
	xs_refs_fn refs;
	xs_shrecs_fn shrecs;
	xs_p2mrecs_fn p2mrecs;
	xs_cowrecs_fn cowrecs;
	void *arg;
};

static int call_pages(const void *recs, size_t nr, void *arg)
{
	const struct typed_cb *cb = arg;

	return cb->pages(recs, nr, cb->arg);
}

static int call_refs(const void *recs, size_t nr, void *arg)
{
	const struct typed_cb *cb = arg;

	return cb->refs(recs, nr, cb->arg);
}

int xs_target_pages(struct xs_target *t, uint32_t domid, xs_pages_fn fn, void *arg)
{
	struct typed_cb cb = { .pages = fn, .arg = arg };

	if (!t->ops->pages)
		return unsupported(t, "page records");
	return t->ops->pages(t, domid, call_pages, &cb);
}

int xs_target_refs(struct xs_target *t, uint32_t domid, xs_refs_fn fn, void *arg)
{
	struct typed_cb cb = { .refs = fn, .arg = arg };

	if (!t->ops->refs)
		return unsupported(t, "reference records");
	return t->ops->refs(t, domid, call_refs, &cb);
}

static int call_shrecs(const void *recs, size_t nr, void *arg)
{
	const struct typed_cb *cb = arg;

	return cb->shrecs(recs, nr, cb->arg);
}

int xs_target_shadows(struct xs_target *t, uint32_t domid, uint64_t one, xs_shrecs_fn fn,
		      void *arg)
{
	struct typed_cb cb = { .shrecs = fn, .arg = arg };

	if (!t->ops->shadows)
		return unsupported(t, "shadow records");
	return t->ops->shadows(t, domid, one, call_shrecs, &cb);
}

static int call_p2mrecs(const void *recs, size_t nr, void *arg)
{
	const struct typed_cb *cb = arg;

	return cb->p2mrecs(recs, nr, cb->arg);
}

int xs_target_p2m(struct xs_target *t, uint32_t domid, xs_p2mrecs_fn fn, void *arg)
{
	struct typed_cb cb = { .p2mrecs = fn, .arg = arg };

	if (!t->ops->p2m)
		return unsupported(t, "the hypervisor's p2m records");
	return t->ops->p2m(t, domid, call_p2mrecs, &cb);
}

static int call_cowrecs(const void *recs, size_t nr, void *arg)
{
	const struct typed_cb *cb = arg;

	return cb->cowrecs(recs, nr, cb->arg);
}

int xs_target_cow(struct xs_target *t, uint32_t domid, xs_cowrecs_fn fn, void *arg)
{
	struct typed_cb cb = { .cowrecs = fn, .arg = arg };

	if (!t->ops->cow)
		return unsupported(t, "shared pages");
	return t->ops->cow(t, domid, call_cowrecs, &cb);
}

int xs_target_procs(struct xs_target *t, struct xs_procs *out)
{
	return t->ops->procs ? t->ops->procs(t, out) : unsupported(t, "dom0 processes");
}

int xs_target_backends(struct xs_target *t, struct xs_backends *out)
{
	return t->ops->backends ? t->ops->backends(t, out) : unsupported(t, "xenstore backends");
}

void xs_snap_blob_forget(struct xs_target *t, const void *data, size_t len)
{
	if (t->ops->forget)
		t->ops->forget(t, data, len);
}

int xs_snap_blob(struct xs_target *t, enum xs_snap_kind kind, uint32_t domid, const void **data,
		 size_t *len)
{
	return t->ops->blob ? t->ops->blob(t, kind, domid, data, len) : -ENOENT;
}
