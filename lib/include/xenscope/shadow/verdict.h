/* SPDX-License-Identifier: MIT */
/*
 * One verdict per (shadow entry, guest entry) pair: the same checks Xen's
 * debug-only sh_audit_*() make, with every difference that _sh_propagate()
 * makes on purpose told apart and named.  The hypervisor reports facts
 * (hv-probes/public/xenscope.h, XENSCOPE_OP_SHADOW); the judgement is here.
 */
#ifndef XENSCOPE_SHADOW_VERDICT_H
#define XENSCOPE_SHADOW_VERDICT_H

#include <stdbool.h>
#include <stddef.h>

#include "xenscope/shadow/records.h"

/* X(name, id, suspicious, what it means) */
#define XS_SHV_LIST(X)                                                                             \
	X(same, SAME, 0, "shadow agrees with the guest")                                           \
	X(lazy, LAZY, 0, "guest entry present, shadow empty: not shadowed yet (filled on fault)")  \
	X(oos, OOS, 0, "guest L1 out of sync: it may have changed since the last resync")          \
	X(ro_pagetable, RO_PT, 0, "write removed: the target frame is a page table")               \
	X(ro_logdirty, RO_LOGDIRTY, 0, "write removed: log-dirty on, the page is not yet dirty")   \
	X(ro_p2m, RO_P2M, 0, "write removed: the p2m type is read-only")                           \
	X(ro_stale, RO_STALE, 0,                                                                   \
	  "write removed for a reason gone since: restored on a write fault")                      \
	X(ad_pending, AD, 0, "guest A/D bit clear: access held back until the guest sets it")      \
	X(gnp, GNP, 0, "guest not present, shadow is the GNP magic entry")                         \
	X(mmio, MMIO, 0, "emulated MMIO: shadow is the MMIO magic entry with the guest's gfn")     \
	X(fl1_splinter, FL1, 0, "fl1: one 4K piece of a guest superpage")                          \
	X(grant, GRANT, 0, "grant mapping: the mfn comes from the grant, not the p2m")             \
	X(not_pagetable, NOT_PT, 0, "the guest page is no longer a page table: shadow is stale")   \
	X(pv_user, PV_USER, 0, "64-bit PV: the shadow always has the user bit")                    \
	X(xen_slot, XEN_SLOT, 0, "one of Xen's own L4 slots")                                      \
	X(changed, CHANGED, 0, "differed on the first read, agreed on the re-read")                \
	X(present_not_guest, S_PRESENT, 1, "shadow present, guest not present")                    \
	X(gnp_but_present, S_GNP, 1, "shadow is the GNP magic entry, the guest is present")        \
	X(bad_magic, S_MAGIC, 1, "MMIO magic with another gfn than the guest's, or unknown magic") \
	X(flags, S_FLAGS, 1, "shadow grants what the guest does not (RW, US, NX, A/D)")            \
	X(bad_mfn, S_MFN, 1, "shadow mfn is not what the p2m gives for the guest gfn")             \
	X(global_pv, S_GLOBAL, 1, "global bit in a PV shadow")                                     \
	X(pse_l2, S_PSE, 1, "PSE bit in an L2 shadow")                                             \
	X(link_type, S_LINK_TYPE, 1, "points at no shadow or a shadow of the wrong level")         \
	X(link_gfn, S_LINK_GFN, 1, "points at the shadow of another guest page")                   \
	X(back_not_owned, S_BACK, 1, "the shadowed guest page is not the domain's any more")

enum xs_shv {
#define XS_SHV_ENUM(name, id, bad, what) XS_SHV_##id,
	XS_SHV_LIST(XS_SHV_ENUM)
#undef XS_SHV_ENUM
		XS_SHV_NR
};

const char *xs_shv_name(enum xs_shv v);
const char *xs_shv_what(enum xs_shv v);
bool xs_shv_suspicious(enum xs_shv v);

/* The verdict on entry @e of shadow @n (NULL: both sides zero) and why. */
enum xs_shv xs_sh_judge(const struct xs_sh_set *s, const struct xs_sh_node *n,
			const struct xenscope_sh_entry *e, char *why, size_t len);
/* The verdict on shadow @n itself: SAME or S_BACK. */
enum xs_shv xs_sh_judge_shadow(const struct xs_sh_set *s, const struct xs_sh_node *n, char *why,
			       size_t len);

#endif
