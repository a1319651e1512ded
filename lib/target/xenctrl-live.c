// SPDX-License-Identifier: MIT
/*
 * The live backend: the running hypervisor through libxenctrl (domains,
 * page and reference records); names and backends come from xenstore
 * (xenstore-live.c).  Built with -std=gnu11 because xenctrl.h's
 * hypercall-buffer macros use typeof.
 */
#define __XEN_TOOLS__ 1

#include <errno.h>
#include <inttypes.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>

#include <xenctrl.h>

#include <xenscope.h>

#include "backend.h"
#include "handle-live.h"
#include "xenstore-live.h"
#include "xenscope/target/procscan.h"

/* Hypercall buffer size per PAGES/REFS call: 16 pages, ~1365 records. */
#define XEN_BUF_PAGES 16
#define XEN_BUF_BYTES (XEN_BUF_PAGES * XC_PAGE_SIZE)

struct xen_priv {
	xc_interface *xch;
	struct xs_handle *xsh; /* opened on first use: only names/backends need it */
};

static struct xen_priv *priv(struct xs_target *t)
{
	return t->priv;
}

static int xen_open(struct xs_target *t, const char *arg)
{
	struct xen_priv *x = calloc(1, sizeof(*x));
	int err;

	if (!x)
		return xs_error(-ENOMEM, "out of memory");
	err = xs_xen_open(&x->xch);
	if (err) {
		free(x);
		return err;
	}
	t->priv = x;
	return 0;
}

static void xen_close(struct xs_target *t)
{
	struct xen_priv *x = priv(t);

	xs_xenstore_close(x->xsh);
	xc_interface_close(x->xch);
	free(x);
}

/*
 * One XEN_DOMCTL_xenscope call; returns -errno without printing.  @gen is
 * the domain generation a walk carries from call to call (NULL outside
 * walks), so that a domain id reused meanwhile ends the walk with -ESRCH.
 */
static int xenscope_call(struct xen_priv *x, uint32_t domid, uint16_t op, uint64_t *cursor,
			 uint64_t *gen, uint32_t *nr, xc_hypercall_buffer_t *hbuf)
{
	DECLARE_HYPERCALL_BUFFER_ARGUMENT(hbuf);
	struct xen_domctl_xenscope arg = {
		.op = op, .nr = *nr, .cursor = *cursor, .gen = gen ? *gen : 0
	};
	int err;

	set_xen_guest_handle(arg.buf, hbuf);
	err = xs_xen_domctl(x->xch, domid, &arg);
	if (err)
		return err;
	*nr = arg.nr;
	*cursor = arg.cursor;
	if (gen)
		*gen = arg.gen;
	return 0;
}

static bool denied(int err)
{
	return err == -EACCES || err == -EPERM;
}

/*
 * INFO is about the hypervisor, not a domain, but the domctl names one and,
 * under XSM/FLASK, needs mmu:pageinfo over it: Xen's default policy gives
 * dom0 that over its guests (for migration), not over itself.  So dom0
 * first, then the other domains until one is not refused.
 */
static int info_call(struct xen_priv *x, xc_hypercall_buffer_t *hbuf)
{
	xc_domaininfo_t doms[64];
	uint64_t cursor = 0;
	uint32_t nr = 1;
	int err = xenscope_call(x, 0, XENSCOPE_OP_INFO, &cursor, NULL, &nr, hbuf);
	int n = denied(err) ? xc_domain_getinfolist(x->xch, 1, XS_ARRAY_SIZE(doms), doms) : 0;

	for (int i = 0; i < n && denied(err); i++) {
		cursor = 0;
		nr = 1;
		err = xenscope_call(x, doms[i].domain, XENSCOPE_OP_INFO, &cursor, NULL, &nr, hbuf);
	}
	return err;
}

static int xen_info(struct xs_target *t, struct xenscope_info *out)
{
	struct xen_priv *x = priv(t);
	DECLARE_HYPERCALL_BUFFER(uint8_t, buf);
	int err;

	buf = xc_hypercall_buffer_alloc_pages(x->xch, buf, 1);
	if (!buf)
		return xs_error(-ENOMEM, "cannot allocate a hypercall buffer");
	memset(buf, 0, XC_PAGE_SIZE);
	err = info_call(x, HYPERCALL_BUFFER(buf));
	if (!err)
		memcpy(out, buf, sizeof(*out));
	xc_hypercall_buffer_free_pages(x->xch, buf, 1);
	if (err == -ENOSYS || err == -EOPNOTSUPP || err == -EINVAL)
		return xs_error(err, "the running hypervisor lacks the xenscope interface: boot a "
				     "hypervisor built with hv-probes");
	if (denied(err))
		return xs_error(err,
				"permission denied by the hypervisor: run as root in dom0 (under "
				"XSM/FLASK, with mmu:pageinfo over the domains to audit)");
	if (err)
		return xs_error(err, "xenscope info: %s", strerror(-err));
	if (out->interface_version != XENSCOPE_INTERFACE_VERSION)
		return xs_error(-EPROTO, "hypervisor speaks xenscope interface %u, this build %u",
				out->interface_version, XENSCOPE_INTERFACE_VERSION);
	return 0;
}

/* Walk PAGES or REFS with the cursor until XENSCOPE_CURSOR_END, in @buf. */
static int xen_walk_buf(struct xen_priv *x, uint32_t domid, uint16_t op, uint64_t cursor,
			size_t recsize, xc_hypercall_buffer_t *hbuf, xs_records_fn fn, void *arg)
{
	const uint32_t cap = (uint32_t)(XEN_BUF_BYTES / recsize);
	uint64_t gen = 0;
	int err = 0;

	while (cursor != XENSCOPE_CURSOR_END) {
		uint32_t nr = cap;

		err = xenscope_call(x, domid, op, &cursor, &gen, &nr, hbuf);
		if (err == -ESRCH) {
			err = xs_error(err, "domain %u vanished during the walk", domid);
			break;
		}
		/* Shared pages of a domain that began dying: its gfns are being unshared. */
		if (err == -EBUSY && op == XENSCOPE_OP_COW)
			break;
		if (err) {
			err = xs_error(err, "domain %u: %s records: %s", domid,
				       op == XENSCOPE_OP_PAGES	  ? "page"
				       : op == XENSCOPE_OP_SHADOW ? "shadow"
				       : op == XENSCOPE_OP_P2M	  ? "p2m"
				       : op == XENSCOPE_OP_COW	  ? "shared-page"
								  : "reference",
				       strerror(-err));
			break;
		}
		if (nr > cap) {
			err = xs_error(-EPROTO, "hypervisor returned %u records for %u slots", nr,
				       cap);
			break;
		}
		if (nr) {
			err = fn(hbuf->hbuf, nr, arg);
			if (err)
				break;
		}
	}
	return err;
}

static int xen_walk(struct xs_target *t, uint32_t domid, uint16_t op, uint64_t cursor,
		    size_t recsize, xs_records_fn fn, void *arg)
{
	struct xen_priv *x = priv(t);
	DECLARE_HYPERCALL_BUFFER(uint8_t, buf);
	int err;

	buf = xc_hypercall_buffer_alloc_pages(x->xch, buf, XEN_BUF_PAGES);
	if (!buf)
		return xs_error(-ENOMEM, "cannot allocate a hypercall buffer");
	err = xen_walk_buf(x, domid, op, cursor, recsize, HYPERCALL_BUFFER(buf), fn, arg);
	xc_hypercall_buffer_free_pages(x->xch, buf, XEN_BUF_PAGES);
	return err;
}

/*
 * A live domain's records are a snapshot taken over time.  When the audited
 * domain is the one this tool runs in (dom0), the tool's own mappings are
 * part of what is audited: a page it maps or unmaps (malloc, realloc's
 * mremap, a freed hypercall buffer) between the reference walk and the page
 * walk gets a count the references do not match.  So REFS and PAGES are read
 * back to back into memory populated beforehand, with one hypercall buffer,
 * and only handed to the caller afterwards: the page records of the same
 * domain wait for the xen_pages() call that follows.
 */
struct arena {
	uint8_t *rec;
	size_t recsize, nr, cap;
};

static int arena_init(struct arena *a, size_t recsize, size_t cap)
{
	a->recsize = recsize;
	a->nr = 0;
	a->cap = cap;
	a->rec = mmap(NULL, cap * recsize, PROT_READ | PROT_WRITE,
		      MAP_PRIVATE | MAP_ANONYMOUS | MAP_POPULATE, -1, 0);
	if (a->rec == MAP_FAILED) {
		a->rec = NULL;
		return -ENOMEM;
	}
	return 0;
}

static void arena_release(struct arena *a)
{
	if (a->rec)
		munmap(a->rec, a->cap * a->recsize);
	a->rec = NULL;
}

static int arena_add(const void *recs, size_t nr, void *arg)
{
	struct arena *a = arg;

	if (a->nr + nr > a->cap)
		return -ENOSPC;
	memcpy(a->rec + a->nr * a->recsize, recs, nr * a->recsize);
	a->nr += nr;
	return 0;
}

static int arena_deliver(const struct arena *a, xs_records_fn fn, void *arg)
{
	const size_t chunk = 4096;

	for (size_t i = 0; i < a->nr; i += chunk) {
		int err = fn(a->rec + i * a->recsize, a->nr - i < chunk ? a->nr - i : chunk, arg);

		if (err)
			return err;
	}
	return 0;
}

static struct {
	bool valid;
	uint32_t domid;
	struct arena pages;
} pending_pages;

static int xen_read_both(struct xen_priv *x, uint32_t domid, struct arena *refs,
			 struct arena *pages)
{
	DECLARE_HYPERCALL_BUFFER(uint8_t, buf);
	xc_domaininfo_t info;
	size_t tot = 0;
	int err = -ENOSPC;

	if (xc_domain_getinfolist(x->xch, domid, 1, &info) == 1 && info.domain == domid)
		tot = info.tot_pages;
	buf = xc_hypercall_buffer_alloc_pages(x->xch, buf, XEN_BUF_PAGES);
	if (!buf)
		return xs_error(-ENOMEM, "cannot allocate a hypercall buffer");
	/* Most pages have two or three references; try again bigger if not. */
	for (size_t scale = 3; err == -ENOSPC && scale <= 48; scale *= 4) {
		if (arena_init(refs, sizeof(struct xenscope_ref), scale * tot + 65536) ||
		    arena_init(pages, sizeof(struct xenscope_page), tot + tot / 8 + 4096)) {
			arena_release(refs);
			err = xs_error(-ENOMEM, "out of memory for domain %u's records", domid);
			break;
		}
		err = xen_walk_buf(x, domid, XENSCOPE_OP_REFS, 0, sizeof(struct xenscope_ref),
				   HYPERCALL_BUFFER(buf), arena_add, refs);
		if (!err)
			err = xen_walk_buf(x, domid, XENSCOPE_OP_PAGES, 0,
					   sizeof(struct xenscope_page), HYPERCALL_BUFFER(buf),
					   arena_add, pages);
		if (err) {
			arena_release(refs);
			arena_release(pages);
		}
	}
	xc_hypercall_buffer_free_pages(x->xch, buf, XEN_BUF_PAGES);
	if (err == -ENOSPC)
		err = xs_error(err, "domain %u: too many records", domid);
	return err;
}

static int xen_pages(struct xs_target *t, uint32_t domid, xs_records_fn fn, void *arg)
{
	int err;

	if (!pending_pages.valid || pending_pages.domid != domid)
		return xen_walk(t, domid, XENSCOPE_OP_PAGES, 0, sizeof(struct xenscope_page), fn,
				arg);
	pending_pages.valid = false;
	err = arena_deliver(&pending_pages.pages, fn, arg);
	arena_release(&pending_pages.pages);
	return err;
}

static int xen_refs(struct xs_target *t, uint32_t domid, xs_records_fn fn, void *arg)
{
	struct arena refs;
	int err;

	if (pending_pages.valid) {
		pending_pages.valid = false;
		arena_release(&pending_pages.pages);
	}
	err = xen_read_both(priv(t), domid, &refs, &pending_pages.pages);
	if (err)
		return err;
	pending_pages.valid = true;
	pending_pages.domid = domid;
	err = arena_deliver(&refs, fn, arg);
	arena_release(&refs);
	return err;
}

static uint32_t dom_flags(uint32_t f)
{
	static const struct {
		uint32_t xen, xs;
	} map[] = {
		{ XEN_DOMINF_dying, XS_DOM_DYING },	  { XEN_DOMINF_hvm_guest, XS_DOM_HVM },
		{ XEN_DOMINF_shutdown, XS_DOM_SHUTDOWN }, { XEN_DOMINF_paused, XS_DOM_PAUSED },
		{ XEN_DOMINF_blocked, XS_DOM_BLOCKED },	  { XEN_DOMINF_running, XS_DOM_RUNNING },
		{ XEN_DOMINF_hap, XS_DOM_HAP },
	};
	uint32_t r = 0;

	for (size_t i = 0; i < XS_ARRAY_SIZE(map); i++)
		if (f & map[i].xen)
			r |= map[i].xs;
	return r;
}

/*
 * What only our interface knows of a domain: since when it is dying, the
 * references on struct domain.  A hypervisor without it (or a domain gone
 * meanwhile) leaves them unknown: the list itself does not depend on it.
 */
static void domain_extra(struct xen_priv *x, struct xs_domain *d)
{
	DECLARE_HYPERCALL_BUFFER(uint8_t, buf);
	struct xenscope_domain r;
	uint64_t cursor = 0;
	uint32_t nr = 1;

	buf = xc_hypercall_buffer_alloc_pages(x->xch, buf, 1);
	if (!buf)
		return;
	if (!xenscope_call(x, d->domid, XENSCOPE_OP_DOMAIN, &cursor, NULL, &nr,
			   HYPERCALL_BUFFER(buf)) &&
	    nr == 1) {
		memcpy(&r, buf, sizeof(r));
		d->refcnt = r.refcnt;
		d->known |= XS_DOMX_REFCNT;
		if ((r.flags & XENSCOPE_DOM_KILLED) && r.now_ns >= r.killed_ns) {
			d->dying_ns = r.now_ns - r.killed_ns;
			d->known |= XS_DOMX_DYING;
		}
	}
	xc_hypercall_buffer_free_pages(x->xch, buf, 1);
}

static int xen_domains(struct xs_target *t, struct xs_domains *out)
{
	struct xen_priv *x = priv(t);
	struct xs_handle *h = xs_xenstore_get(&x->xsh);
	xc_domaininfo_t info[64];
	uint32_t next = 0;
	int n;

	/* getinfolist includes dying domains, unlike xenstore's view. */
	while ((n = xc_domain_getinfolist(x->xch, next, XS_ARRAY_SIZE(info), info)) > 0) {
		for (int i = 0; i < n; i++) {
			struct xs_domain d = {
				.domid = info[i].domain,
				.flags = dom_flags(info[i].flags),
				.tot_pages = info[i].tot_pages,
				.max_pages = info[i].max_pages,
				.shr_pages = info[i].shr_pages,
				.outstanding_pages = info[i].outstanding_pages,
				.cpu_time = info[i].cpu_time,
				.shutdown_reason = (info[i].flags >> XEN_DOMINF_shutdownshift) &
						   XEN_DOMINF_shutdownmask,
			};

			xs_xenstore_domain_name(h, d.domid, d.name);
			domain_extra(x, &d);
			if (xs_domains_add(out, &d))
				return xs_error(-ENOMEM, "out of memory");
		}
		next = info[n - 1].domain + 1;
		if ((size_t)n < XS_ARRAY_SIZE(info))
			break;
	}
	if (n < 0)
		return xs_error(-errno, "cannot list domains: %s", strerror(errno));
	return 0;
}

/* XENSCOPE_OP_SHADOW: the walk from cursor 0, or a re-read of one shadow. */
static int xen_shadows(struct xs_target *t, uint32_t domid, uint64_t one, xs_records_fn fn,
		       void *arg)
{
	return xen_walk(t, domid, XENSCOPE_OP_SHADOW, one == XS_SH_ALL ? 0 : XENSCOPE_SHC_ONE | one,
			sizeof(union xenscope_sh_rec), fn, arg);
}

/* XENSCOPE_OP_P2M: the host p2m of a translated domain, from gfn 0. */
static int xen_p2m(struct xs_target *t, uint32_t domid, xs_records_fn fn, void *arg)
{
	return xen_walk(t, domid, XENSCOPE_OP_P2M, 0, sizeof(struct xenscope_p2m), fn, arg);
}

/* XENSCOPE_OP_COW: a domain's shared gfns from gfn 0, or dom_cow's pages from mfn 0. */
static int xen_cow(struct xs_target *t, uint32_t domid, xs_records_fn fn, void *arg)
{
	return xen_walk(t, domid, XENSCOPE_OP_COW, 0, sizeof(struct xenscope_cow), fn, arg);
}

static int xen_procs(struct xs_target *t, struct xs_procs *out)
{
	return xs_procs_scan("/proc", out);
}

static int xen_backends(struct xs_target *t, struct xs_backends *out)
{
	struct xs_handle *h = xs_xenstore_get(&priv(t)->xsh);

	return h ? xs_xenstore_backends(h, out) : -EIO;
}

const struct xs_target_ops xs_target_xen_ops = {
	.name = "xen",
	.open = xen_open,
	.close = xen_close,
	.info = xen_info,
	.domains = xen_domains,
	.pages = xen_pages,
	.refs = xen_refs,
	.shadows = xen_shadows,
	.p2m = xen_p2m,
	.cow = xen_cow,
	.procs = xen_procs,
	.backends = xen_backends,
};
