// SPDX-License-Identifier: MIT
/* The guest-dump GDB target: a snapshot's .xs.guest.D section. */
#include <errno.h>
#include <stdlib.h>
#include <string.h>

#include "xenscope/gdb/target.h"
#include "xenscope/snap/snap.h"

struct dump_target {
	struct xs_gdb_target base; /* first: the ops receive &base */
	struct xs_target *snap;	   /* owns the bytes below (or copy does) */
	void *copy;		   /* xs_gdb_dump_open_mem's own copy of the blob */
	const uint8_t *regs;	   /* nr_vcpus records of regs_size bytes */
	size_t regs_size;
	const uint8_t *frames; /* uint64_t[nr_frames], maybe unaligned */
	const uint8_t *data;
	uint64_t nr_frames;
};

static struct dump_target *dump(struct xs_gdb_target *t)
{
	return (struct dump_target *)t;
}

static uint64_t frame_at(const struct dump_target *d, uint64_t i)
{
	uint64_t f;

	memcpy(&f, d->frames + i * 8, 8);
	return f;
}

static int dump_read_regs(struct xs_gdb_target *t, unsigned int vcpu, struct xs_gdb_regs *out)
{
	struct dump_target *d = dump(t);

	if (vcpu >= t->nr_vcpus)
		return -ENOENT;
	/* Records may be longer (a later version) but never shorter than ours. */
	memcpy(out, d->regs + (size_t)vcpu * d->regs_size, sizeof(*out));
	return 0;
}

static int dump_read_frame(struct xs_gdb_target *t, uint64_t frame, void *buf)
{
	struct dump_target *d = dump(t);
	uint64_t lo = 0, hi = d->nr_frames;

	while (lo < hi) {
		uint64_t mid = lo + (hi - lo) / 2;
		uint64_t f = frame_at(d, mid);

		if (f == frame) {
			memcpy(buf, d->data + mid * XS_GDB_PAGE_SIZE, XS_GDB_PAGE_SIZE);
			return 0;
		}
		if (f < frame)
			lo = mid + 1;
		else
			hi = mid;
	}
	return -EFAULT; /* not saved: gdb shows "Cannot access memory" */
}

static void dump_close(struct xs_gdb_target *t)
{
	struct dump_target *d = dump(t);

	xs_target_close(d->snap);
	free(d->copy);
	free(d);
}

static const struct xs_gdb_target_ops dump_ops = {
	.name = "dump",
	.read_regs = dump_read_regs,
	.read_frame = dump_read_frame,
	.close = dump_close,
};

/* Check the blob's layout against its length; every size is untrusted. */
static int dump_parse(struct dump_target *d, const char *path, const uint8_t *p, size_t len)
{
	struct xs_gdb_dump_hdr h;
	uint64_t need;

	if (len < sizeof(h))
		return xs_error(-EINVAL, "%s: guest dump of domain %u truncated", path,
				d->base.domid);
	memcpy(&h, p, sizeof(h));
	if (memcmp(h.magic, XS_GDB_DUMP_MAGIC, sizeof(XS_GDB_DUMP_MAGIC)))
		return xs_error(-EINVAL, "%s: guest dump of domain %u has a bad magic", path,
				d->base.domid);
	if (h.version != XS_GDB_DUMP_VERSION)
		return xs_error(-EINVAL, "%s: guest dump version %u, this build reads %u", path,
				h.version, XS_GDB_DUMP_VERSION);
	if (h.nr_vcpus == 0 || h.nr_vcpus > XS_GDB_MAX_VCPUS ||
	    h.regs_size < sizeof(struct xs_gdb_regs) || h.regs_size > 4096)
		return xs_error(-EINVAL, "%s: guest dump of domain %u: bad vCPU records", path,
				d->base.domid);
	need = sizeof(h) + (uint64_t)h.nr_vcpus * h.regs_size;
	if (h.nr_frames > (len - (need < len ? need : len)) / (8 + XS_GDB_PAGE_SIZE) ||
	    need + h.nr_frames * (8 + XS_GDB_PAGE_SIZE) != len)
		return xs_error(-EINVAL, "%s: guest dump of domain %u: size does not match", path,
				d->base.domid);
	d->base.nr_vcpus = h.nr_vcpus;
	d->base.pv = h.flags & XS_GDB_DUMP_PV;
	d->regs = p + sizeof(h);
	d->regs_size = h.regs_size;
	d->frames = p + need;
	d->data = d->frames + h.nr_frames * 8;
	d->nr_frames = h.nr_frames;
	/* The reader binary-searches: insist on the order instead of trusting it. */
	for (uint64_t i = 1; i < h.nr_frames; i++)
		if (frame_at(d, i - 1) >= frame_at(d, i))
			return xs_error(-EINVAL, "%s: guest dump frames out of order", path);
	return 0;
}

int xs_gdb_dump_open(const char *path, uint32_t domid, struct xs_gdb_target **out)
{
	struct dump_target *d = calloc(1, sizeof(*d));
	const void *blob;
	size_t len;
	int err;

	/* Both are ELF files: an xl dump-core has Xen's own sections. */
	if (xs_gdb_core_probe(path)) {
		free(d);
		return xs_gdb_core_open(path, domid, out);
	}
	if (!d)
		return xs_error(-ENOMEM, "out of memory");
	d->base.ops = &dump_ops;
	d->base.domid = domid;
	err = xs_target_open(path, &d->snap);
	if (err)
		goto err_free;
	err = xs_snap_blob(d->snap, XS_SNAP_GUEST, domid, &blob, &len);
	if (err) {
		err = xs_error(-ENOENT, "%s holds no guest dump of domain %u", path, domid);
		goto err_close_snap;
	}
	err = dump_parse(d, path, blob, len);
	if (err)
		goto err_close_snap;
	*out = &d->base;
	return 0;

err_close_snap:
	xs_target_close(d->snap);
err_free:
	free(d);
	return err;
}

int xs_gdb_dump_open_mem(const void *blob, size_t len, uint32_t domid, struct xs_gdb_target **out)
{
	struct dump_target *d = calloc(1, sizeof(*d));
	int err;

	if (!d)
		return xs_error(-ENOMEM, "out of memory");
	d->base.ops = &dump_ops;
	d->base.domid = domid;
	/* A copy: the caller's buffer need not outlive the target. */
	d->copy = malloc(len ? len : 1);
	if (!d->copy) {
		err = xs_error(-ENOMEM, "out of memory");
		goto err_free;
	}
	memcpy(d->copy, blob, len);
	err = dump_parse(d, "(memory)", d->copy, len);
	if (err)
		goto err_free;
	*out = &d->base;
	return 0;

err_free:
	free(d->copy);
	free(d);
	return err;
}

int xs_gdb_dump_build(struct xs_buf *out, uint32_t flags, const struct xs_gdb_regs *regs,
		      unsigned int nr_vcpus, const uint64_t *frames, const void *data,
		      uint64_t nr_frames)
{
	struct xs_gdb_dump_hdr h = { .magic = XS_GDB_DUMP_MAGIC,
				     .version = XS_GDB_DUMP_VERSION,
				     .flags = flags,
				     .nr_vcpus = nr_vcpus,
				     .regs_size = sizeof(struct xs_gdb_regs),
				     .nr_frames = nr_frames };

	for (uint64_t i = 1; i < nr_frames; i++)
		if (frames[i - 1] >= frames[i])
			return xs_error(-EINVAL, "guest dump frames must be ascending");
	if (xs_buf_add(out, &h, sizeof(h)) || xs_buf_add(out, regs, nr_vcpus * sizeof(*regs)) ||
	    xs_buf_add(out, frames, nr_frames * 8) ||
	    xs_buf_add(out, data, nr_frames * XS_GDB_PAGE_SIZE))
		return xs_error(-ENOMEM, "out of memory");
	return 0;
}
