// SPDX-License-Identifier: MIT
/*
 * Entry verdicts (xenscope/shadow/verdict.h).  The order of the checks is
 * that of Xen 4.17's sh_audit_l1_table()/sh_audit_flags() (multi.c); each
 * difference the audit would fail on is first matched against what
 * _sh_propagate() does on purpose, so that only what it cannot explain is
 * called suspicious.
 */
#include <inttypes.h>
#include <stdarg.h>
#include <stdio.h>
#include <string.h>

#include "xenscope/core/common.h"
#include "xenscope/shadow/verdict.h"

static const struct {
	const char *name, *what;
	bool bad;
} shv[] = {
#define XS_SHV_ROW(n, id, b, w) [XS_SHV_##id] = { #n, w, b },
	XS_SHV_LIST(XS_SHV_ROW)
#undef XS_SHV_ROW
};

const char *xs_shv_name(enum xs_shv v)
{
	return (unsigned int)v < XS_SHV_NR ? shv[v].name : "?";
}

const char *xs_shv_what(enum xs_shv v)
{
	return (unsigned int)v < XS_SHV_NR ? shv[v].what : "?";
}

bool xs_shv_suspicious(enum xs_shv v)
{
	return (unsigned int)v < XS_SHV_NR && shv[v].bad;
}

/* Set the reason and return the verdict. */
static enum xs_shv say(enum xs_shv v, char *why, size_t len, const char *fmt, ...) XS_PRINTF(4, 5);
static enum xs_shv say(enum xs_shv v, char *why, size_t len, const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	vsnprintf(why, len, fmt, ap);
	va_end(ap);
	return v;
}

#define WHY(v, ...) say(XS_SHV_##v, why, len, __VA_ARGS__)

static bool is_pv64(const struct xs_sh_set *s)
{
	return !(s->dom.flags & (XENSCOPE_SHD_HVM | XENSCOPE_SHD_PV32));
}

/*
 * sh_audit_flags(): bits the shadow grants that the guest does not.  Returns
 * a verdict other than SAME only for what the audit would fail on.
 */
static enum xs_shv flags_check(const struct xs_sh_set *s, unsigned int level, uint64_t g,
			       uint64_t sl, char *why, size_t len)
{
	bool pv = !(s->dom.flags & XENSCOPE_SHD_HVM);

	if ((sl & XS_PTE_G) && pv)
		return WHY(S_GLOBAL, "global bit set in a PV shadow");
	if (level == 2 && (sl & XS_PTE_PSE))
		return WHY(S_PSE, "PS bit set in an L2 shadow");
	if (!(g & XS_PTE_A))
		return WHY(S_FLAGS,
			   "guest A clear but shadow present: accessed bit not propagated");
	if (level == 1 && (sl & XS_PTE_RW) && !(g & XS_PTE_D))
		return WHY(S_FLAGS, "guest D clear but shadow writable: dirty bit not propagated");
	if ((sl & XS_PTE_RW) && !(g & XS_PTE_RW))
		return WHY(S_FLAGS, "shadow grants write access, the guest does not");
	if ((sl & XS_PTE_NX) != (g & XS_PTE_NX))
		return WHY(S_FLAGS, "NX differs: guest %s, shadow %s",
			   g & XS_PTE_NX ? "set" : "clear", sl & XS_PTE_NX ? "set" : "clear");
	if ((sl & XS_PTE_US) != (g & XS_PTE_US)) {
		if (is_pv64(s) && (sl & XS_PTE_US))
			return WHY(PV_USER, "user bit forced for a 64-bit PV guest");
		return WHY(S_FLAGS, "user/supervisor bit differs");
	}
	return XS_SHV_SAME;
}

/* Why a guest-writable, dirty entry is read-only in the shadow. */
static enum xs_shv ro_reason(const struct xs_sh_set *s, const struct xenscope_sh_entry *e,
			     char *why, size_t len)
{
	if (e->flags & XENSCOPE_SHE_TGT_PT)
		return WHY(RO_PT, "target frame %#" PRIx64 " is a page table", xs_pte_frame(e->sl));
	if ((s->dom.flags & XENSCOPE_SHD_LOG_DIRTY) && !(e->flags & XENSCOPE_SHE_TGT_DIRTY))
		return WHY(RO_LOGDIRTY, "log-dirty: frame %#" PRIx64 " not dirty yet",
			   xs_pte_frame(e->sl));
	if (e->flags & XENSCOPE_SHE_P2M_RO)
		return WHY(RO_P2M, "p2m type %u is read-only", e->p2mt);
	return WHY(RO_STALE, "no reason left: write access comes back on the next write fault");
}

static enum xs_shv judge_l1(const struct xs_sh_set *s, const struct xs_sh_node *n,
			    const struct xenscope_sh_entry *e, char *why, size_t len)
{
	uint64_t g = e->gl, sl = e->sl;
	bool fl1 = e->flags & XENSCOPE_SHE_NO_GUEST;
	enum xs_shv v;

	if (e->flags & XENSCOPE_SHE_MAGIC) {
		if (e->flags & XENSCOPE_SHE_GNP) {
			if (!fl1 && (g & XS_PTE_P))
				return WHY(S_GNP, "GNP magic, guest entry present");
			return XS_SHV_GNP;
		}
		if (e->flags & XENSCOPE_SHE_MMIO) {
			uint64_t gfn = fl1 ? n->rec.back + e->idx : xs_pte_frame(g);

			if (!fl1 && !(g & XS_PTE_P))
				return WHY(S_MAGIC, "MMIO magic, guest entry not present");
			if (e->target != gfn)
				return WHY(S_MAGIC,
					   "MMIO magic gfn %#" PRIx64 ", guest gfn %#" PRIx64,
					   e->target, gfn);
			return XS_SHV_MMIO;
		}
		return WHY(S_MAGIC, "magic entry of no known kind");
	}
	if (!(sl & XS_PTE_P)) {
		if (fl1)
			return XS_SHV_FL1;
		if (!(g & XS_PTE_P))
			return XS_SHV_SAME;
		if (!(g & XS_PTE_A))
			return WHY(AD, "guest A clear");
		return XS_SHV_LAZY;
	}
	if (!fl1 && !(g & XS_PTE_P))
		return WHY(S_PRESENT, "shadow maps %#" PRIx64 ", guest entry not present",
			   xs_pte_frame(sl));
	if (!fl1) {
		v = flags_check(s, 1, g, sl, why, len);
		if (v != XS_SHV_SAME && v != XS_SHV_PV_USER)
			return v;
	} else {
		v = XS_SHV_FL1;
	}
	if (e->flags & XENSCOPE_SHE_P2M_GRANT)
		return XS_SHV_GRANT;
	if ((e->flags & XENSCOPE_SHE_P2M_VALID) && e->p2m_mfn != xs_pte_frame(sl))
		return WHY(S_MFN,
			   "gfn %#" PRIx64 " is mfn %#" PRIx64 " in the p2m, shadow maps %#" PRIx64,
			   fl1 ? n->rec.back + e->idx : xs_pte_frame(g), e->p2m_mfn,
			   xs_pte_frame(sl));
	if (!fl1 && (g & XS_PTE_RW) && !(sl & XS_PTE_RW)) {
		if (!(g & XS_PTE_D))
			return WHY(AD, "guest D clear");
		return ro_reason(s, e, why, len);
	}
	return v;
}

static enum xs_shv judge_upper(const struct xs_sh_set *s, const struct xs_sh_node *n,
			       const struct xenscope_sh_entry *e, char *why, size_t len)
{
	unsigned int level = xs_sh_level(n->rec.level);
	uint64_t g = e->gl, sl = e->sl;
	bool want_fl1;
	enum xs_shv v;

	if (e->flags & XENSCOPE_SHE_XEN_SLOT)
		return XS_SHV_XEN_SLOT;
	if (!(sl & XS_PTE_P)) {
		if (!(g & XS_PTE_P))
			return XS_SHV_SAME;
		return !(g & XS_PTE_A) ? XS_SHV_AD : XS_SHV_LAZY;
	}
	if (!(g & XS_PTE_P))
		return WHY(S_PRESENT, "shadow points at %#" PRIx64 ", guest entry not present",
			   xs_pte_frame(sl));
	v = flags_check(s, level, g, sl, why, len);
	if (v != XS_SHV_SAME && v != XS_SHV_PV_USER)
		return v;
	if (!(e->flags & XENSCOPE_SHE_TGT_SHADOW))
		return WHY(S_LINK_TYPE, "points at %#" PRIx64 ", not a shadow", xs_pte_frame(sl));
	want_fl1 = level == 2 && (g & XS_PTE_PSE);
	if (xs_sh_is_fl1(e->tlevel) != want_fl1 || xs_sh_level(e->tlevel) != level - 1)
		return WHY(S_LINK_TYPE, "points at an %s shadow, the guest entry needs an %s",
			   xs_sh_level_name(e->tlevel),
			   want_fl1 ? "fl1" : xs_sh_level_name(level - 1));
	if (want_fl1) {
		/* An fl1 is keyed by the superpage's first gfn. */
		if (e->target != (xs_pte_frame(g) & ~(uint64_t)511))
			return WHY(S_LINK_GFN,
				   "fl1 of gfn %#" PRIx64 ", guest superpage at gfn %#" PRIx64,
				   e->target, xs_pte_frame(g) & ~(uint64_t)511);
	} else if ((e->flags & XENSCOPE_SHE_P2M_VALID) && e->target != e->p2m_mfn) {
		return WHY(S_LINK_GFN,
			   "points at the shadow of mfn %#" PRIx64 ", guest gfn %#" PRIx64
			   " is mfn %#" PRIx64,
			   e->target, xs_pte_frame(g), e->p2m_mfn);
	}
	return v;
}

enum xs_shv xs_sh_judge(const struct xs_sh_set *s, const struct xs_sh_node *n,
			const struct xenscope_sh_entry *e, char *why, size_t len)
{
	bool fl1 = xs_sh_is_fl1(n->rec.level);
	enum xs_shv v;

	why[0] = '\0';
	if (!e)
		return XS_SHV_SAME;
	if (!fl1 && !(n->rec.flags & XENSCOPE_SHS_GUEST_READ))
		return WHY(S_BACK, "guest page not read");
	v = xs_sh_level(n->rec.level) == 1 ? judge_l1(s, n, e, why, len)
					   : judge_upper(s, n, e, why, len);
	if (v == XS_SHV_SAME || !xs_shv_suspicious(v))
		return v;
	/*
	 * What the audit itself skips: out-of-sync L1s, whose guest entries may
	 * have changed since the last resync.  With the OOS snapshot at hand an
	 * entry the guest has not changed since is no excuse.
	 */
	if (!fl1 && (n->rec.flags & XENSCOPE_SHS_OOS)) {
		size_t l = strlen(why);

		if ((e->flags & XENSCOPE_SHE_SNAP) && e->target == e->gl) {
			snprintf(why + l, len - l,
				 " (out of sync, but unchanged since the last resync)");
			return v;
		}
		snprintf(why + l, len - l, " (out of sync: changed since the last resync)");
		return XS_SHV_OOS;
	}
	if (!fl1 && !(n->rec.flags & XENSCOPE_SHS_BACK_PT))
		return XS_SHV_NOT_PT;
	return v;
}

enum xs_shv xs_sh_judge_shadow(const struct xs_sh_set *s, const struct xs_sh_node *n, char *why,
			       size_t len)
{
	why[0] = '\0';
	if (xs_sh_is_fl1(n->rec.level))
		return XS_SHV_SAME;
	if (!(n->rec.flags & XENSCOPE_SHS_BACK_OWNED))
		return WHY(S_BACK, "back pointer mfn %#" PRIx64 " is not owned by the domain",
			   n->rec.back);
	return XS_SHV_SAME;
}
