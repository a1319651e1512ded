// SPDX-License-Identifier: MIT
/*
 * A live PV guest's p2m: its shared_info and p2m frames through foreign
 * mappings, the host's m2p through xc_map_m2p(), the way the migration code
 * and xen-mfndump reach them.  Read-only: every mapping is PROT_READ.
 */
#include <errno.h>
#include <inttypes.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <time.h>

#include <xenctrl.h>
#include <xenforeignmemory.h>
#include <xenguest.h>

#include "target/handle-live.h"
#include "xenscope/core/common.h"
#include "xenscope/p2m/live.h"

/* xc_map_m2p() maps whole 2 MiB chunks of the table. */
#define M2P_CHUNK (1UL << 21)

struct live_mem {
	xenforeignmemory_handle *fmem;
	uint32_t domid;
	const volatile shared_info_t *shinfo;
};

static int live_anchor(void *ctx, struct xs_p2m_anchor *out)
{
	struct live_mem *m = ctx;
	const volatile struct arch_shared_info *a = &m->shinfo->arch;

	/* The generation first: what follows is read under it. */
	out->generation = a->p2m_generation;
	__atomic_thread_fence(__ATOMIC_ACQUIRE);
	out->max_pfn = a->max_pfn;
	out->fll_mfn = a->pfn_to_mfn_frame_list_list;
	out->p2m_cr3 = a->p2m_cr3;
	out->p2m_vaddr = a->p2m_vaddr;
	return 0;
}

static int live_read(void *ctx, const uint64_t *mfns, size_t nr, void *buf)
{
	struct live_mem *m = ctx;
	xen_pfn_t *arr = calloc(nr + 1, sizeof(*arr));
	int *err = calloc(nr, sizeof(*err));
	void *map = NULL;
	int ret = 0;

	if (!arr || !err) {
		ret = xs_error(-ENOMEM, "out of memory");
		goto out_free;
	}
	for (size_t i = 0; i < nr; i++)
		arr[i] = mfns[i];
	map = xenforeignmemory_map(m->fmem, m->domid, PROT_READ, nr, arr, err);
	if (!map) {
		ret = xs_error(-errno, "cannot map %zu frames of domain %" PRIu32 ": %s", nr,
			       m->domid, strerror(errno));
		goto out_free;
	}
	for (size_t i = 0; i < nr; i++)
		if (err[i]) {
			ret = xs_error(-EFAULT, "frame %#" PRIx64 " of domain %" PRIu32
						" cannot be mapped: %s",
				       mfns[i], m->domid, strerror(-err[i]));
			goto out_unmap;
		}
	memcpy(buf, map, nr * XS_PAGE_SIZE);
out_unmap:
	xenforeignmemory_unmap(m->fmem, map, nr);
out_free:
	free(err);
	free(arr);
	return ret;
}

/*
 * An update of the list takes the guest microseconds, unless it was
 * descheduled in the middle: wait 1 ms before the first retry, twice as
 * long before each next one, at most 64 ms, so --retries bounds a time too.
 * The first wait is said once: a reader that waits should say why.
 */
static void live_wait(void *ctx, unsigned int try, uint64_t generation)
{
	struct live_mem *m = ctx;
	unsigned int ms = try > 7 ? 64 : 1U << (try - 1);
	struct timespec ts = { .tv_sec = 0, .tv_nsec = (long)ms * 1000000L };

	if (try == 1)
		xs_warn("domain %" PRIu32 " is changing its p2m list (generation %" PRIu64
			"): reading it again",
			m->domid, generation);
	nanosleep(&ts, NULL);
}

static const struct xs_guest_mem_ops live_ops = {
	.anchor = live_anchor,
	.read = live_read,
	.wait = live_wait,
};

/* Each entry's m2p value; a table that cannot be mapped leaves p->m2p NULL. */
static void read_m2p(xc_interface *xch, uint64_t max_mfn, struct xs_p2m *p)
{
	size_t len = ((max_mfn * sizeof(xen_pfn_t)) + M2P_CHUNK - 1) & ~(M2P_CHUNK - 1);
	xen_pfn_t *m2p = xc_map_m2p(xch, max_mfn, PROT_READ, NULL);

	if (!m2p) {
		xs_warn("cannot map the m2p (%s): m2p mismatches will not be seen",
			strerror(errno));
		return;
	}
	p->m2p = malloc(p->nr * sizeof(*p->m2p) + 1);
	if (p->m2p)
		for (uint64_t pfn = 0; pfn < p->nr; pfn++) {
			uint64_t mfn = xs_p2m_entry_mfn(p->entry[pfn]);

			p->m2p[pfn] = mfn < max_mfn ? m2p[mfn] : XS_P2M_ENTRY_INVALID;
		}
	munmap(m2p, len);
}

int xs_p2m_fill_m2p_live(struct xs_p2m *p, uint64_t *max_mfn)
{
	xc_interface *xch;
	unsigned long top;
	int ret;

	ret = xs_xen_open(&xch);
	if (ret < 0)
		return ret;
	if (xc_maximum_ram_page(xch, &top)) {
		ret = xs_error(-errno, "cannot read the host's highest frame: %s", strerror(errno));
	} else {
		read_m2p(xch, top, p);
		*max_mfn = top;
	}
	xc_interface_close(xch);
	return ret;
}

int xs_p2m_read_live(uint32_t domid, unsigned int max_retries, struct xs_p2m *out,
		     uint64_t *max_mfn)
{
	struct live_mem m = { .domid = domid };
	struct xs_guest_mem mem = { .ops = &live_ops, .ctx = &m };
	xc_interface *xch;
	xc_dominfo_t info;
	unsigned int width = 0;
	unsigned long top;
	xen_pfn_t shinfo_mfn;
	int ret, err = 0;

	ret = xs_xen_open(&xch);
	if (ret < 0)
		return ret;
	if (xc_domain_getinfo(xch, domid, 1, &info) != 1 || info.domid != domid) {
		ret = xs_error(-ESRCH, "no domain %" PRIu32, domid);
		goto out_close;
	}
	if (info.hvm) {
		ret = xs_error(-EOPNOTSUPP,
			       "domain %" PRIu32 " is HVM or PVH: its p2m is kept by Xen, not "
			       "published by the guest",
			       domid);
		goto out_close;
	}
	if (info.dying) {
		ret = xs_error(-ESRCH, "domain %" PRIu32 " is dying: its memory cannot be mapped",
			       domid);
		goto out_close;
	}
	if (xc_domain_get_guest_width(xch, domid, &width) || width != 8) {
		ret = xs_error(-EOPNOTSUPP,
			       "domain %" PRIu32 " is not a 64-bit PV guest (width %u): only "
			       "64-bit p2m layouts are read",
			       domid, width);
		goto out_close;
	}
	if (xc_maximum_ram_page(xch, &top)) {
		ret = xs_error(-errno, "cannot read the host's highest frame: %s", strerror(errno));
		goto out_close;
	}
	mem.max_mfn = top;
	m.fmem = xenforeignmemory_open(NULL, 0);
	if (!m.fmem) {
		ret = xs_error(-errno, "cannot open the foreign memory interface: %s",
			       strerror(errno));
		goto out_close;
	}
	shinfo_mfn = info.shared_info_frame;
	m.shinfo = xenforeignmemory_map(m.fmem, domid, PROT_READ, 1, &shinfo_mfn, &err);
	if (!m.shinfo || err) {
		ret = xs_error(-EFAULT, "cannot map the shared_info of domain %" PRIu32, domid);
		goto out_close_fmem;
	}
	ret = xs_p2m_read_pv(&mem, max_retries, out);
	if (!ret) {
		read_m2p(xch, top, out);
		*max_mfn = top;
	}
	xenforeignmemory_unmap(m.fmem, (void *)m.shinfo, 1);
out_close_fmem:
	xenforeignmemory_close(m.fmem);
out_close:
	xc_interface_close(xch);
	return ret;
}
