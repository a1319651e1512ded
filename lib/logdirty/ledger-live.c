// SPDX-License-Identifier: MIT
/*
 * A guest's write ledger, mapped read-only for the lost-dirty audit.  The
 * mapping is a read: it never marks the page dirty nor changes the guest.
 */
#include <errno.h>
#include <inttypes.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>

#include <xenforeignmemory.h>

#include "xenscope/core/common.h"
#include "xenscope/logdirty/audit.h"

struct xs_ledger {
	xenforeignmemory_handle *fmem;
	const volatile struct xs_ledger_page *page;
};

int xs_ledger_open(uint32_t domid, uint64_t frame, struct xs_ledger **out)
{
	struct xs_ledger *l = calloc(1, sizeof(*l));
	xen_pfn_t pfn = (xen_pfn_t)frame;
	int err = 0, ret;

	if (!l)
		return xs_error(-ENOMEM, "out of memory");
	l->fmem = xenforeignmemory_open(NULL, 0);
	if (!l->fmem) {
		ret = xs_error(-errno, "cannot open the foreign memory interface: %s",
			       strerror(errno));
		goto free_ledger;
	}
	l->page = xenforeignmemory_map(l->fmem, domid, PROT_READ, 1, &pfn, &err);
	if (!l->page || err) {
		ret = xs_error(-EFAULT, "cannot map frame 0x%" PRIx64 " of domain %" PRIu32 ": %s",
			       frame, domid, strerror(err ? -err : errno));
		l->page = NULL;
		goto close_fmem;
	}
	if (l->page->magic != XS_LEDGER_MAGIC) {
		ret = xs_error(-EPROTO,
			       "frame 0x%" PRIx64 " of domain %" PRIu32
			       " holds no write ledger (is the guest's workload running?)",
			       frame, domid);
		goto unmap;
	}
	*out = l;
	return 0;
unmap:
	xenforeignmemory_unmap(l->fmem, (void *)l->page, 1);
close_fmem:
	xenforeignmemory_close(l->fmem);
free_ledger:
	free(l);
	return ret;
}

void xs_ledger_read(const struct xs_ledger *l, struct xs_ledger_read *out)
{
	out->seq = l->page->seq;
	__atomic_thread_fence(__ATOMIC_ACQUIRE);
	for (unsigned int i = 0; i < XS_LEDGER_SLOTS; i++)
		out->pfn[i] = l->page->pfn[i];
	__atomic_thread_fence(__ATOMIC_ACQUIRE);
	out->seq_after = l->page->seq;
}

void xs_ledger_close(struct xs_ledger *l)
{
	if (!l)
		return;
	xenforeignmemory_unmap(l->fmem, (void *)l->page, 1);
	xenforeignmemory_close(l->fmem);
	free(l);
}
