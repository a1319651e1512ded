/* SPDX-License-Identifier: MIT */
/*
 * A target is where the tools read hypervisor state from: the running
 * hypervisor ("xen") or a saved snapshot ("snap:PATH" or a plain path).
 * Tools hold an opaque struct xs_target and never learn which one it is.
 *
 * Every call returns 0 or a negative errno, after printing one line
 * (see common.h).  An operation the backend cannot do returns -EOPNOTSUPP.
 */
#ifndef XENSCOPE_TARGET_H
#define XENSCOPE_TARGET_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include <xenscope.h>

#include "xenscope/core/common.h"

/* struct xs_domain.flags; independent of Xen's XEN_DOMINF_* values. */
#define XS_DOM_DYING (1U << 0)
#define XS_DOM_HVM (1U << 1)
#define XS_DOM_SHUTDOWN (1U << 2)
#define XS_DOM_PAUSED (1U << 3)
#define XS_DOM_BLOCKED (1U << 4)
#define XS_DOM_RUNNING (1U << 5)
#define XS_DOM_HAP (1U << 6)

#define XS_DOMAIN_NAME_MAX 64

/*
 * One domain.  Fixed layout with explicit padding: snapshots store it as is.
 */
struct xs_domain {
	uint32_t domid;
	uint32_t flags; /* XS_DOM_* */
	uint64_t tot_pages;
	uint64_t max_pages;
	uint64_t shr_pages;
	uint64_t outstanding_pages;
	uint64_t cpu_time;	  /* ns */
	uint32_t shutdown_reason; /* valid with XS_DOM_SHUTDOWN */
	uint32_t _pad0;
	char name[XS_DOMAIN_NAME_MAX]; /* "(null)" when xenstore has none */
	/* From the xenscope interface when it has them (XENSCOPE_OP_DOMAIN). */
	uint64_t dying_ns; /* XS_DOMX_DYING: how long it had been dying, when read */
	uint32_t refcnt;   /* XS_DOMX_REFCNT: references on struct domain */
	uint32_t known;	   /* XS_DOMX_*: which of the two are known */
};

/* struct xs_domain.known */
#define XS_DOMX_DYING (1U << 0)
#define XS_DOMX_REFCNT (1U << 1)

struct xs_domains {
	struct xs_domain *v;
	size_t nr, alloc;
};

/* The dom0 device nodes through which a process can hold guest memory. */
enum xs_dev { XS_DEV_PRIVCMD, XS_DEV_GNTDEV, XS_DEV_GNTALLOC, XS_DEV_NR };

/* A dom0 process with a Xen device open or mapped. */
struct xs_proc {
	int32_t pid;
	int32_t xen_domid;	  /* from "-xen-domid N" on its command line, or -1 */
	uint32_t fds[XS_DEV_NR];  /* open file descriptors per device */
	uint32_t maps[XS_DEV_NR]; /* lines in /proc/PID/maps per device */
	/* 4 KiB pages those lines cover: how much guest memory the mappings can hold. */
	uint32_t map_pages[XS_DEV_NR];
	char *comm;
	char *cmdline; /* arguments joined by single spaces */
};

struct xs_procs {
	struct xs_proc *v;
	size_t nr, alloc;
};

/* A xenstore backend entry /local/domain/B/backend/TYPE/DOMID/DEV. */
struct xs_backend {
	uint32_t domid; /* frontend domain */
	uint32_t backend_domid;
	int32_t state; /* XenbusState, -1 when unreadable */
	char *type;    /* "vif", "vbd", ... */
	char *dev;     /* "0", "51712", ... */
	char *path;    /* the full xenstore path */
};

struct xs_backends {
	struct xs_backend *v;
	size_t nr, alloc;
};

struct xs_target;

/* What can be asked of a target (xs_target_has). */
enum xs_op {
	XS_OP_INFO,
	XS_OP_DOMAINS,
	XS_OP_PAGES,
	XS_OP_REFS,
	XS_OP_PROCS,
	XS_OP_BACKENDS,
	XS_OP_BLOBS, /* opaque sections: traces, guest dumps (xs_snap_blob()) */
	XS_OP_SHADOWS,
	XS_OP_P2M, /* the hypervisor's p2m of a translated domain (XENSCOPE_OP_P2M) */
	XS_OP_COW, /* shared pages and their sharers (XENSCOPE_OP_COW) */
};

/*
 * Record callbacks get batches; a non-zero return stops the walk and is
 * returned by the walking function.
 */
typedef int (*xs_pages_fn)(const struct xenscope_page *pages, size_t nr, void *arg);
typedef int (*xs_refs_fn)(const struct xenscope_ref *refs, size_t nr, void *arg);
typedef int (*xs_shrecs_fn)(const union xenscope_sh_rec *recs, size_t nr, void *arg);
typedef int (*xs_p2mrecs_fn)(const struct xenscope_p2m *recs, size_t nr, void *arg);
typedef int (*xs_cowrecs_fn)(const struct xenscope_cow *recs, size_t nr, void *arg);

enum xs_target_kind { XS_TARGET_XEN, XS_TARGET_SNAP };

struct xs_target_spec {
	enum xs_target_kind kind;
	const char *path; /* XS_TARGET_SNAP: points into the spec string */
};

/*
 * "xen" -> the live hypervisor; "snap:PATH" or any other non-empty string ->
 * the snapshot at that path (write "./xen" or "snap:xen" for a file named
 * xen).  Does not print; -EINVAL for an empty spec or "snap:".
 */
int xs_target_spec_parse(const char *spec, struct xs_target_spec *out);

int xs_target_open(const char *spec, struct xs_target **out);
void xs_target_close(struct xs_target *t);
/* Which backend @t is: for the library's own choices (tools never ask). */
enum xs_target_kind xs_target_kind(const struct xs_target *t);
/* "xen" or "snapshot PATH", for messages. */
const char *xs_target_name(const struct xs_target *t);
/* Whether @op can be asked (for PAGES/REFS: about @domid). */
bool xs_target_has(struct xs_target *t, enum xs_op op, uint32_t domid);

int xs_target_info(struct xs_target *t, struct xenscope_info *out);
/* Fills @out (which must be empty or initialised to {0}). */
int xs_target_domains(struct xs_target *t, struct xs_domains *out);
int xs_target_pages(struct xs_target *t, uint32_t domid, xs_pages_fn fn, void *arg);
int xs_target_refs(struct xs_target *t, uint32_t domid, xs_refs_fn fn, void *arg);
/*
 * Shadow records (XENSCOPE_OP_SHADOW) of one domain: the whole walk with
 * @one = XS_SH_ALL, or a fresh read of the one shadow whose head is mfn @one
 * (nothing when it is gone).  A snapshot gives what was saved.
 */
#define XS_SH_ALL UINT64_MAX
/* XENSCOPE_OP_P2M records of an HVM or PVH domain, the whole walk (live only). */
int xs_target_p2m(struct xs_target *t, uint32_t domid, xs_p2mrecs_fn fn, void *arg);
/*
 * XENSCOPE_OP_COW records: the shared pages @domid's p2m maps, or with
 * DOMID_COW every page of dom_cow; each PAGE record followed by its
 * SHARER records.  Live, or a snapshot's .xs.cow.D.  -EBUSY without a
 * message when the domain is dying (the hypervisor unshares its gfns).
 */
int xs_target_cow(struct xs_target *t, uint32_t domid, xs_cowrecs_fn fn, void *arg);
int xs_target_shadows(struct xs_target *t, uint32_t domid, uint64_t one, xs_shrecs_fn fn,
		      void *arg);
int xs_target_procs(struct xs_target *t, struct xs_procs *out);
int xs_target_backends(struct xs_target *t, struct xs_backends *out);

/* Lists (lists.c). */
void xs_domains_release(struct xs_domains *l);
void xs_procs_release(struct xs_procs *l);
void xs_backends_release(struct xs_backends *l);
/* Append deep copies (strings duplicated). */
int xs_domains_add(struct xs_domains *l, const struct xs_domain *d);
int xs_procs_add(struct xs_procs *l, const struct xs_proc *p);
int xs_backends_add(struct xs_backends *l, const struct xs_backend *b);
/* Find a domain by id ("5") or name; NULL (no message) when absent. */
const struct xs_domain *xs_domains_find(const struct xs_domains *l, const char *id_or_name);
/* "dying,paused" style summary of XS_DOM_* flags into @buf. */
const char *xs_domain_state(uint32_t flags, char *buf, size_t len);
/* How long @d has been dying ("12.3 s", "4m05s", "3h02m", "2d04h"), or "-". */
const char *xs_dying_for(const struct xs_domain *d, char *buf, size_t len);
/* Name of a XenbusState value ("Connected"), or "unknown". */
const char *xs_xenbus_state_name(int32_t state);
extern const char *const xs_dev_names[XS_DEV_NR]; /* "privcmd", ... */

#endif
