/* SPDX-License-Identifier: MIT */
/*
 * The write ledger: one page a cooperating guest keeps of the data pages it
 * writes, so that an audit can hold Xen's log-dirty bitmap against what was
 * really written.  This header is the one definition of the page's layout:
 * the rig's test kernel (rig/guests/wl-dirty.c) writes it, lib/logdirty
 * reads it.  Only fixed-width types, so a freestanding guest can use it.
 *
 * The guest, for its write number i (from 0): writes the data page, then
 * pfn[i % XS_LEDGER_SLOTS], then seq = i + 1, each store after the one
 * before (x86 stores are seen in order).  So a reader that sees seq = S
 * knows writes 0 .. S - 1 are done, and that write S had not started
 * before write S - 1 was recorded.
 */
#ifndef XENSCOPE_LOGDIRTY_LEDGER_H
#define XENSCOPE_LOGDIRTY_LEDGER_H

#include <stdint.h>

#define XS_LEDGER_MAGIC 0x31524744454c5358ULL /* "XSLEDGR1" */
#define XS_LEDGER_SLOTS 1016u

struct xs_ledger_page {
	uint64_t magic;
	uint64_t seq;	    /* writes recorded so far */
	uint64_t first_pfn; /* the data pages: first_pfn .. first_pfn + nr_pages - 1 */
	uint64_t nr_pages;
	uint32_t pfn[XS_LEDGER_SLOTS]; /* pfn of write i at slot i % XS_LEDGER_SLOTS */
};

_Static_assert(sizeof(struct xs_ledger_page) == 4096, "the ledger is one page");

#endif
