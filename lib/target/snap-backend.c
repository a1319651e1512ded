// SPDX-License-Identifier: MIT
/* The snapshot backend: a target whose ops read a saved file. */
#include <errno.h>
#include <stdalign.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "snap/read.h"
#include "xenscope/core/buf.h"
#include "backend.h"

/* Records handed to callbacks per batch when they must be copied. */
#define BATCH 1024
/* Bytes of records handed in place per batch; each is forgotten after. */
#define WINDOW ((size_t)8 << 20)

static struct xs_snap *snap(struct xs_target *t)
{
	return t->priv;
}

static int snap_open(struct xs_target *t, const char *path)
{
	struct xs_snap *s;
	int err = xs_snap_open(path, &s);

	if (err)
		return err;
	t->priv = s;
	return 0;
}

static void snap_close(struct xs_target *t)
{
	xs_snap_close(snap(t));
}

static bool snap_has(struct xs_target *t, enum xs_op op, uint32_t domid)
{
	switch (op) {
	case XS_OP_PAGES:
		return xs_snap_find(snap(t), XS_SNAP_PAGES, domid);
	case XS_OP_REFS:
		return xs_snap_find(snap(t), XS_SNAP_REFS, domid);
	case XS_OP_PROCS:
		return snap(t)->have_procs;
	case XS_OP_BACKENDS:
		return snap(t)->have_backends;
	case XS_OP_SHADOWS:
		return xs_snap_find(snap(t), XS_SNAP_SHADOW, domid);
	case XS_OP_COW:
		return xs_snap_find(snap(t), XS_SNAP_COW, domid);
	default:
		return true;
	}
}

static int snap_info(struct xs_target *t, struct xenscope_info *out)
{
	*out = snap(t)->info;
	return 0;
}

static int snap_domains(struct xs_target *t, struct xs_domains *out)
{
	const struct xs_domains *d = &snap(t)->domains;

	for (size_t i = 0; i < d->nr; i++)
		if (xs_domains_add(out, &d->v[i]))
			return xs_error(-ENOMEM, "out of memory");
	return 0;
}

/*
 * Hand records to @fn: in place when the mapping is suitably aligned (the
 * writer aligns sections to 8), else copied out in batches, since a file
 * may place a section anywhere.  Batches live only during the call, so
 * what was handed over leaves memory behind the walk: a 64 GiB domain's
 * records are gigabytes.
 */
static int walk(const struct xs_snap *s, const struct xs_snap_sect *sect, size_t recsize,
		size_t align, xs_records_fn fn, void *arg)
{
	size_t nr = sect->len / recsize, per = WINDOW / recsize;
	unsigned char *buf;
	int ret = 0;

	if (!nr)
		return 0;
	if (!((uintptr_t)sect->data % align)) {
		for (size_t i = 0; i < nr && !ret; i += per) {
			size_t n = nr - i < per ? nr - i : per;

			ret = fn(sect->data + i * recsize, n, arg);
			xs_snap_forget(s, sect->data + i * recsize, n * recsize);
		}
		return ret;
	}
	buf = malloc(BATCH * recsize);
	if (!buf)
		return xs_error(-ENOMEM, "out of memory");
	for (size_t i = 0; i < nr && !ret; i += BATCH) {
		size_t n = nr - i < BATCH ? nr - i : BATCH;

		memcpy(buf, sect->data + i * recsize, n * recsize);
		ret = fn(buf, n, arg);
	}
	free(buf);
	return ret;
}

static int snap_pages(struct xs_target *t, uint32_t domid, xs_records_fn fn, void *arg)
{
	const struct xs_snap_sect *s = xs_snap_find(snap(t), XS_SNAP_PAGES, domid);

	if (!s)
		return xs_error(-ENOENT, "%s holds no page records of domain %u", t->name, domid);
	return walk(snap(t), s, sizeof(struct xenscope_page), alignof(struct xenscope_page), fn,
		    arg);
}

static int snap_refs(struct xs_target *t, uint32_t domid, xs_records_fn fn, void *arg)
{
	const struct xs_snap_sect *s = xs_snap_find(snap(t), XS_SNAP_REFS, domid);

	if (!s)
		return xs_error(-ENOENT, "%s holds no reference records of domain %u", t->name,
				domid);
	return walk(snap(t), s, sizeof(struct xenscope_ref), alignof(struct xenscope_ref), fn, arg);
}

static int snap_cow(struct xs_target *t, uint32_t domid, xs_records_fn fn, void *arg)
{
	const struct xs_snap_sect *s = xs_snap_find(snap(t), XS_SNAP_COW, domid);

	if (!s)
		return xs_error(-ENOENT, "%s holds no shared-page records of domain %u", t->name,
				domid);
	return walk(snap(t), s, sizeof(struct xenscope_cow), alignof(struct xenscope_cow), fn, arg);
}

/*
 * The saved walk, whole or (a re-read) the records of one shadow: its
 * SHADOW record and the entries it counts.
 */
static int snap_shadows(struct xs_target *t, uint32_t domid, uint64_t one, xs_records_fn fn,
			void *arg)
{
	const struct xs_snap_sect *s = xs_snap_find(snap(t), XS_SNAP_SHADOW, domid);
	const size_t size = sizeof(union xenscope_sh_rec);
	union xenscope_sh_rec r;

	if (!s)
		return xs_error(-ENOENT, "%s holds no shadow records of domain %u", t->name, domid);
	if (s->len % size)
		return xs_error(-EINVAL, "%s: damaged shadow records of domain %u (%zu bytes)",
				t->name, domid, s->len);
	if (one == XS_SH_ALL)
		return walk(snap(t), s, size, alignof(union xenscope_sh_rec), fn, arg);
	for (size_t off = 0; off < s->len; off += size) {
		memcpy(&r, s->data + off, size);
		if (r.shadow.kind != XENSCOPE_SHR_SHADOW || r.shadow.smfn != one)
			continue;
		if (r.shadow.nr_entries > (s->len - off) / size - 1)
			break;
		return walk(snap(t),
			    &(struct xs_snap_sect){ .data = s->data + off,
						    .len = (r.shadow.nr_entries + 1) * size },
			    size, alignof(union xenscope_sh_rec), fn, arg);
	}
	return 0;
}

static int snap_procs(struct xs_target *t, struct xs_procs *out)
{
	const struct xs_procs *p = &snap(t)->procs;

	if (!snap(t)->have_procs)
		return xs_error(-EOPNOTSUPP, "%s holds no dom0 process list", t->name);
	for (size_t i = 0; i < p->nr; i++)
		if (xs_procs_add(out, &p->v[i]))
			return xs_error(-ENOMEM, "out of memory");
	return 0;
}

static int snap_backends(struct xs_target *t, struct xs_backends *out)
{
	const struct xs_backends *b = &snap(t)->backends;

	if (!snap(t)->have_backends)
		return xs_error(-EOPNOTSUPP, "%s holds no xenstore backend list", t->name);
	for (size_t i = 0; i < b->nr; i++)
		if (xs_backends_add(out, &b->v[i]))
			return xs_error(-ENOMEM, "out of memory");
	return 0;
}

static int snap_blob(struct xs_target *t, enum xs_snap_kind kind, uint32_t domid, const void **data,
		     size_t *len)
{
	const struct xs_snap_sect *s = xs_snap_find(snap(t), kind, domid);

	if (!s)
		return -ENOENT;
	*data = s->data;
	*len = s->len;
	return 0;
}

static void snap_forget(struct xs_target *t, const void *data, size_t len)
{
	xs_snap_forget(snap(t), data, len);
}

const struct xs_target_ops xs_target_snap_ops = {
	.name = "snapshot",
	.open = snap_open,
	.close = snap_close,
	.has = snap_has,
	.info = snap_info,
	.domains = snap_domains,
	.pages = snap_pages,
	.refs = snap_refs,
	.shadows = snap_shadows,
	.cow = snap_cow,
	.procs = snap_procs,
	.backends = snap_backends,
	.blob = snap_blob,
	.forget = snap_forget,
};

int xs_snap_open_mem(const void *data, size_t len, const char *name, struct xs_target **out)
{
	struct xs_buf tname = XS_BUF_INIT;
	struct xs_target *t;
	struct xs_snap *s;
	int err;

	if (!name)
		name = "in memory";
	err = xs_buf_addf(&tname, "snapshot %s", name);
	if (err)
		err = xs_error(err, "out of memory");
	else
		err = xs_target_alloc(&xs_target_snap_ops, tname.buf, &t);
	xs_buf_release(&tname);
	if (err)
		return err;
	err = xs_snap_open_image(data, len, name, &s);
	if (err) {
		xs_target_free(t);
		return err;
	}
	t->priv = s;
	*out = t;
	return 0;
}
