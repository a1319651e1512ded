/* SPDX-License-Identifier: MIT */
/*
 * The contract between target.c and the backends (xenctrl-live.c,
 * snap-backend.c).  Not installed: tools see only xenscope/target/target.h.
 *
 * A NULL op means the backend cannot do it; target.c reports that as
 * -EOPNOTSUPP with a message, so backends leave unsupported ops out.
 * Ops print their own error line (see common.h) and return negative errno.
 */
#ifndef XENSCOPE_TARGET_BACKEND_H
#define XENSCOPE_TARGET_BACKEND_H

#include "xenscope/snap/snap.h"
#include "xenscope/target/target.h"

/*
 * Backends hand records over untyped; target.c gives tools the typed
 * xs_pages_fn/xs_refs_fn, so each backend needs one walker, not two.
 */
typedef int (*xs_records_fn)(const void *recs, size_t nr, void *arg);

struct xs_target_ops {
	const char *name; /* "xen", "snapshot" */
	/* Set up t->priv from @arg (the snapshot path; NULL for xen). */
	int (*open)(struct xs_target *t, const char *arg);
	/* Release t->priv. */
	void (*close)(struct xs_target *t);
	/* Optional: availability finer than "the op exists" (per domain). */
	bool (*has)(struct xs_target *t, enum xs_op op, uint32_t domid);
	/* Hypervisor version, build id, page_info layout. */
	int (*info)(struct xs_target *t, struct xenscope_info *out);
	/* Every domain, dying ones included, in domid order. */
	int (*domains)(struct xs_target *t, struct xs_domains *out);
	/* Page records of one domain, in batches. */
	int (*pages)(struct xs_target *t, uint32_t domid, xs_records_fn fn, void *arg);
	/* Reference records of one domain, in batches. */
	int (*refs)(struct xs_target *t, uint32_t domid, xs_records_fn fn, void *arg);
	/* Shadow records of one domain (all, or shadow @one), in batches. */
	int (*shadows)(struct xs_target *t, uint32_t domid, uint64_t one, xs_records_fn fn,
		       void *arg);
	/* XENSCOPE_OP_P2M records of one translated domain, in batches. */
	int (*p2m)(struct xs_target *t, uint32_t domid, xs_records_fn fn, void *arg);
	/* XENSCOPE_OP_COW records of a domain or of DOMID_COW, in batches. */
	int (*cow)(struct xs_target *t, uint32_t domid, xs_records_fn fn, void *arg);
	/* dom0 processes holding Xen devices. */
	int (*procs)(struct xs_target *t, struct xs_procs *out);
	/* xenstore backend entries. */
	int (*backends)(struct xs_target *t, struct xs_backends *out);
	/*
	 * An opaque section of one domain (a trace, a guest dump), in place:
	 * valid until close.  -ENOENT without a message when there is none.
	 */
	int (*blob)(struct xs_target *t, enum xs_snap_kind kind, uint32_t domid, const void **data,
		    size_t *len);
	/* Let go of memory of a blob read (it reads back the same); optional. */
	void (*forget)(struct xs_target *t, const void *data, size_t len);
};

struct xs_target {
	const struct xs_target_ops *ops;
	void *priv;
	char *name; /* for messages: "xen", "snapshot PATH" */
};

/*
 * A target of @ops called @name in messages, with no priv yet: for openers
 * other than xs_target_open() (xs_snap_open_mem()).  On failure of what
 * follows, xs_target_free() undoes it; once priv is set, xs_target_close().
 */
int xs_target_alloc(const struct xs_target_ops *ops, const char *name, struct xs_target **out);
void xs_target_free(struct xs_target *t);

extern const struct xs_target_ops xs_target_xen_ops;
extern const struct xs_target_ops xs_target_snap_ops;

#endif
