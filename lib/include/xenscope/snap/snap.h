/* SPDX-License-Identifier: MIT */
/*
 * Snapshot files: everything the tools read from a hypervisor, in one ELF
 * ET_CORE file (docs/snapshot-format.md).  Reading is done by opening the
 * file as a target (xs_target_open("snap:PATH")), or the same bytes from
 * memory (xs_snap_open_mem()); the rest of this header is for writing.
 */
#ifndef XENSCOPE_SNAP_H
#define XENSCOPE_SNAP_H

#include <stddef.h>
#include <stdint.h>

#include <xenscope.h>

#include "xenscope/target/target.h"

/* 2: domain records carry dying_ns, refcnt and known (136 bytes). */
#define XS_SNAP_VERSION 2

/* Section kinds; the ELF section type is XS_SNAP_SHT(kind). */
enum xs_snap_kind {
	XS_SNAP_HEADER = 1,   /* .xs.header   struct xs_snap_header */
	XS_SNAP_INFO = 2,     /* .xs.info     struct xenscope_info */
	XS_SNAP_DOMAINS = 3,  /* .xs.domains  struct xs_domain[] */
	XS_SNAP_PAGES = 4,    /* .xs.pages.D  struct xenscope_page[], sh_info = D */
	XS_SNAP_REFS = 5,     /* .xs.refs.D   struct xenscope_ref[], sh_info = D */
	XS_SNAP_PROCS = 6,    /* .xs.procs    struct xs_snap_proc[] */
	XS_SNAP_BACKENDS = 7, /* .xs.backends struct xs_snap_backend[] */
	XS_SNAP_STRINGS = 8,  /* .xs.strings  NUL-terminated strings */
	XS_SNAP_TRACE = 9,    /* .xs.trace.D  opaque, sh_info = D */
	XS_SNAP_SHADOW = 10,  /* .xs.shadow.D opaque, sh_info = D */
	XS_SNAP_SUM = 11,     /* .xs.sum      struct xs_snap_sum */
	XS_SNAP_GUEST = 12,   /* .xs.guest.D  opaque guest dump (gdb-target.h), sh_info = D */
	XS_SNAP_P2M = 13,     /* .xs.p2m.D    a PV guest's p2m (p2m/snap.h), sh_info = D */
	XS_SNAP_DIRTY = 14,   /* .xs.dirty.D  log-dirty rounds (logdirty/history.h), sh_info = D */
	XS_SNAP_COW = 15,     /* .xs.cow.D    struct xenscope_cow[], sh_info = D (or DOMID_COW) */
	XS_SNAP_KIND_MAX = XS_SNAP_COW,
};
#define XS_SNAP_SHT(kind) (0x80585300U + (uint32_t)(kind)) /* SHT_LOUSER + "XS" */

struct xs_snap_writer;

int xs_snap_writer_new(struct xs_snap_writer **out);
void xs_snap_writer_free(struct xs_snap_writer *w);
/* Who wrote it and from what, stored in the header (truncated to fit). */
void xs_snap_writer_set_source(struct xs_snap_writer *w, const char *creator, const char *source);
/* Creation time in the header; defaults to now.  Tests fix it. */
void xs_snap_writer_set_time(struct xs_snap_writer *w, uint64_t unix_seconds);
int xs_snap_writer_set_info(struct xs_snap_writer *w, const struct xenscope_info *info);
int xs_snap_writer_add_domain(struct xs_snap_writer *w, const struct xs_domain *d);
/* Append records for @domid; may be called repeatedly.  nr = 0 still marks
 * the domain as audited (an empty section is written). */
int xs_snap_writer_add_pages(struct xs_snap_writer *w, uint32_t domid,
			     const struct xenscope_page *p, size_t nr);
int xs_snap_writer_add_refs(struct xs_snap_writer *w, uint32_t domid, const struct xenscope_ref *r,
			    size_t nr);
/* XENSCOPE_OP_COW records of @domid (a domain, or DOMID_COW for dom_cow's pages). */
int xs_snap_writer_add_cow(struct xs_snap_writer *w, uint32_t domid, const struct xenscope_cow *c,
			   size_t nr);
int xs_snap_writer_add_proc(struct xs_snap_writer *w, const struct xs_proc *p);
int xs_snap_writer_add_backend(struct xs_snap_writer *w, const struct xs_backend *b);
/* Mark the (possibly empty) process/backend list as collected. */
void xs_snap_writer_have_procs(struct xs_snap_writer *w);
void xs_snap_writer_have_backends(struct xs_snap_writer *w);
/* Opaque per-domain sections (XS_SNAP_TRACE, XS_SNAP_SHADOW, XS_SNAP_GUEST, XS_SNAP_P2M,
 * XS_SNAP_DIRTY). */
int xs_snap_writer_add_blob(struct xs_snap_writer *w, enum xs_snap_kind kind, uint32_t domid,
			    const void *data, size_t len);
/*
 * Write the file: to a temporary file next to @path, renamed over it when
 * complete, so a failed write never leaves a half file.  Mode 0600: the
 * file holds dom0 command lines.
 */
int xs_snap_write(struct xs_snap_writer *w, const char *path);

/*
 * Read everything through @t's ops and write it to @path: info, domains,
 * processes and backends (when @t has them), and page and ref records of
 * each of the @nr domains in @domids.  This is every tool's --save.
 */
int xs_snap_save(struct xs_target *t, const uint32_t *domids, size_t nr, const char *creator,
		 const char *path);

/* The same with opaque sections added (a captured trace, ...). */
struct xs_snap_blob_in {
	enum xs_snap_kind kind;
	uint32_t domid;
	const void *data;
	size_t len;
};
int xs_snap_save_blobs(struct xs_target *t, const uint32_t *domids, size_t nr,
		       const struct xs_snap_blob_in *blobs, size_t nr_blobs, const char *creator,
		       const char *path);

/*
 * A snapshot target from @len bytes at @data instead of a file (libbpf's
 * open_mem): the same target, the same checks and messages, with @name
 * (NULL: "in memory") in place of the path.  @data is not copied or
 * changed; it must stay as it is until xs_target_close().  So fuzzers and
 * tests need no temporary files.
 */
int xs_snap_open_mem(const void *data, size_t len, const char *name, struct xs_target **out);

/*
 * Opaque sections of a target (XS_SNAP_TRACE, XS_SNAP_GUEST, ...): the
 * target's blob op; -ENOENT (no message) if absent or the target keeps none.
 */
int xs_snap_blob(struct xs_target *t, enum xs_snap_kind kind, uint32_t domid, const void **data,
		 size_t *len);
/*
 * Done with @len bytes at @data of a blob: a snapshot file's mapping lets
 * go of them (they read back the same); otherwise nothing.  For passes
 * over gigabytes of records.
 */
void xs_snap_blob_forget(struct xs_target *t, const void *data, size_t len);

#endif
