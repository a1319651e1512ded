// SPDX-License-Identifier: MIT
/*
 * The live GDB target: one domain through libxenctrl (registers, pause)
 * and libxenforeignmemory (frames).  The only gdb file with Xen headers.
 */
#include <errno.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>

#include <xenctrl.h>
#include <xenforeignmemory.h>
#include <xen/hvm/save.h>

#include "xenscope/gdb/target.h"

#include "target/handle-live.h"

#define CR0_PG (1ULL << 31)
#define EFER_LMA (1ULL << 10)

struct live_target {
	struct xs_gdb_target base; /* first: the ops receive &base */
	xc_interface *xch;
	xenforeignmemory_handle *fmem;
	bool paused_by_us; /* undo exactly our own pause, never the admin's */
	/* live_ops, less write_frame unless writes were asked for: the
	 * read-only default is enforced here too. */
	struct xs_gdb_target_ops ops;
};

static struct live_target *live(struct xs_gdb_target *t)
{
	return (struct live_target *)t;
}

static int pv_regs(struct live_target *l, unsigned int vcpu, struct xs_gdb_regs *r)
{
	vcpu_guest_context_any_t ctx;
	const struct cpu_user_regs_x86_64 *u = &ctx.x64.user_regs;
	bool kernel;

	if (xc_vcpu_getcontext(l->xch, l->base.domid, vcpu, &ctx))
		return errno ? -errno : -EIO;
	memset(r, 0, sizeof(*r));
	if (!(ctx.x64.flags & VGCF_online))
		return 0;
	r->gpr[0] = u->rax, r->gpr[1] = u->rbx, r->gpr[2] = u->rcx, r->gpr[3] = u->rdx;
	r->gpr[4] = u->rsi, r->gpr[5] = u->rdi, r->gpr[6] = u->rbp, r->gpr[7] = u->rsp;
	r->gpr[8] = u->r8, r->gpr[9] = u->r9, r->gpr[10] = u->r10, r->gpr[11] = u->r11;
	r->gpr[12] = u->r12, r->gpr[13] = u->r13, r->gpr[14] = u->r14, r->gpr[15] = u->r15;
	r->rip = u->rip;
	r->rflags = u->rflags;
	r->cs = u->cs, r->ss = u->ss, r->ds = u->ds, r->es = u->es, r->fs = u->fs, r->gs = u->gs;
	r->fs_base = ctx.x64.fs_base;
	/* The active gs base depends on the mode the vCPU was in. */
	kernel = ctx.x64.flags & VGCF_in_kernel;
	r->gs_base = kernel ? ctx.x64.gs_base_kernel : ctx.x64.gs_base_user;
	r->gs_base_kernel = kernel ? ctx.x64.gs_base_user : ctx.x64.gs_base_kernel;
	r->cr0 = ctx.x64.ctrlreg[0];
	r->cr2 = ctx.x64.ctrlreg[2];
	/* A 64-bit PV cr3 holds an mfn shifted like a physical address. */
	r->cr3 = (uint64_t)xen_cr3_to_pfn_x86_64(ctx.x64.ctrlreg[3]) << 12;
	r->cr4 = ctx.x64.ctrlreg[4];
	r->flags = XS_GDB_REGS_ONLINE | XS_GDB_REGS_PAGING; /* PV runs paged, always */
	return 0;
}

static int hvm_regs(struct live_target *l, unsigned int vcpu, struct xs_gdb_regs *r)
{
	struct hvm_hw_cpu c;

	if (xc_domain_hvm_getcontext_partial(l->xch, l->base.domid, HVM_SAVE_CODE(CPU),
					     (uint16_t)vcpu, &c, sizeof(c)))
		return errno ? -errno : -EIO;
	memset(r, 0, sizeof(*r));
	r->gpr[0] = c.rax, r->gpr[1] = c.rbx, r->gpr[2] = c.rcx, r->gpr[3] = c.rdx;
	r->gpr[4] = c.rsi, r->gpr[5] = c.rdi, r->gpr[6] = c.rbp, r->gpr[7] = c.rsp;
	r->gpr[8] = c.r8, r->gpr[9] = c.r9, r->gpr[10] = c.r10, r->gpr[11] = c.r11;
	r->gpr[12] = c.r12, r->gpr[13] = c.r13, r->gpr[14] = c.r14, r->gpr[15] = c.r15;
	r->rip = c.rip;
	r->rflags = c.rflags;
	r->cs = c.cs_sel, r->ss = c.ss_sel, r->ds = c.ds_sel, r->es = c.es_sel;
	r->fs = c.fs_sel, r->gs = c.gs_sel;
	r->fs_base = c.fs_base;
	r->gs_base = c.gs_base;
	r->gs_base_kernel = c.shadow_gs;
	r->cr0 = c.cr0, r->cr2 = c.cr2, r->cr3 = c.cr3, r->cr4 = c.cr4, r->efer = c.msr_efer;
	r->flags = XS_GDB_REGS_ONLINE;
	if ((c.cr0 & CR0_PG) && (c.msr_efer & EFER_LMA))
		r->flags |= XS_GDB_REGS_PAGING;
	else if (c.cr0 & CR0_PG)
		r->flags |= XS_GDB_REGS_LEGACY;
	return 0;
}

static int live_read_regs(struct xs_gdb_target *t, unsigned int vcpu, struct xs_gdb_regs *out)
{
	xc_vcpuinfo_t info;
	int err;

	if (vcpu >= t->nr_vcpus)
		return -ENOENT;
	err = t->pv ? pv_regs(live(t), vcpu, out) : hvm_regs(live(t), vcpu, out);
	/* Xen's own view of the run state; an HVM context says nothing about it. */
	if (!err && !xc_vcpu_getinfo(live(t)->xch, t->domid, vcpu, &info)) {
		if (!info.online)
			out->flags &= ~(uint64_t)XS_GDB_REGS_ONLINE;
		else if (info.blocked)
			out->flags |= XS_GDB_REGS_BLOCKED;
	}
	return err;
}

/* Map one frame for the length of one copy: nothing stays mapped between packets. */
static void *map_frame(struct live_target *l, uint64_t frame, int prot)
{
	xen_pfn_t pfn = (xen_pfn_t)frame;
	int err = 0;
	void *p = xenforeignmemory_map(l->fmem, l->base.domid, prot, 1, &pfn, &err);

	if (p && err) {
		xenforeignmemory_unmap(l->fmem, p, 1);
		p = NULL;
	}
	return p;
}

static int live_read_frame(struct xs_gdb_target *t, uint64_t frame, void *buf)
{
	void *p = map_frame(live(t), frame, PROT_READ);

	if (!p)
		return -EFAULT;
	memcpy(buf, p, XS_GDB_PAGE_SIZE);
	xenforeignmemory_unmap(live(t)->fmem, p, 1);
	return 0;
}

/*
 * Many frames through one mapping: one privcmd call instead of one per
 * page, which is most of the cost of a read on a slow dom0.
 */
static size_t live_read_frames(struct xs_gdb_target *t, const uint64_t *frames, size_t n,
			       void *buf)
{
	xen_pfn_t pfns[16] = { 0 };
	int errs[16] = { 0 };
	size_t i, got = 0;
	uint8_t *p;

	if (n == 0)
		return 0;
	if (n > 16)
		n = 16;
	for (i = 0; i < n; i++)
		pfns[i] = (xen_pfn_t)frames[i];
	p = xenforeignmemory_map(live(t)->fmem, t->domid, PROT_READ, n, pfns, errs);
	if (!p)
		return 0;
	while (got < n && !errs[got]) {
		memcpy((uint8_t *)buf + got * XS_GDB_PAGE_SIZE, p + got * XS_GDB_PAGE_SIZE,
		       XS_GDB_PAGE_SIZE);
		got++;
	}
	xenforeignmemory_unmap(live(t)->fmem, p, n);
	return got;
}

static int live_write_frame(struct xs_gdb_target *t, uint64_t frame, size_t off, const void *data,
			    size_t len)
{
	void *p;

	if (off >= XS_GDB_PAGE_SIZE || len > XS_GDB_PAGE_SIZE - off)
		return -EINVAL;
	p = map_frame(live(t), frame, PROT_READ | PROT_WRITE);
	if (!p)
		return -EFAULT;
	memcpy((uint8_t *)p + off, data, len);
	xenforeignmemory_unmap(live(t)->fmem, p, 1);
	return 0;
}

static int live_pause(struct xs_gdb_target *t)
{
	struct live_target *l = live(t);

	if (l->paused_by_us)
		return 0;
	if (xc_domain_pause(l->xch, t->domid))
		return errno ? -errno : -EIO;
	l->paused_by_us = true;
	return 0;
}

static int live_unpause(struct xs_gdb_target *t)
{
	struct live_target *l = live(t);

	if (!l->paused_by_us)
		return 0;
	if (xc_domain_unpause(l->xch, t->domid))
		return errno ? -errno : -EIO;
	l->paused_by_us = false;
	return 0;
}

/* With them on, the guest kernel's int3 and #DB pause the domain for us. */
static int live_set_debugging(struct xs_gdb_target *t, bool on)
{
	if (xc_domain_setdebugging(live(t)->xch, t->domid, on))
		return errno ? -errno : -EIO;
	return 0;
}

/*
 * The vCPU context as Xen keeps it (XEN_DOMCTL_getvcpucontext), for PV and
 * HVM alike, as gdbsx reads it: an offline vCPU is left alone, since
 * setting its context would bring it up.
 */
static int get_ctx(struct live_target *l, unsigned int vcpu, vcpu_guest_context_any_t *ctx)
{
	if (vcpu >= l->base.nr_vcpus)
		return -ENOENT;
	if (xc_vcpu_getcontext(l->xch, l->base.domid, vcpu, ctx))
		return errno ? -errno : -EIO;
	return ctx->x64.flags & VGCF_online ? 0 : -ENOENT;
}

static int live_get_dbg(struct xs_gdb_target *t, unsigned int vcpu, struct xs_gdb_dbg *d)
{
	vcpu_guest_context_any_t ctx;
	int err = get_ctx(live(t), vcpu, &ctx);

	if (err)
		return err;
	d->rip = ctx.x64.user_regs.rip;
	d->rflags = ctx.x64.user_regs.rflags;
	for (int i = 0; i < 4; i++)
		d->dr[i] = ctx.x64.debugreg[i];
	d->dr6 = ctx.x64.debugreg[6];
	d->dr7 = ctx.x64.debugreg[7];
	return 0;
}

/* Read, change rip, rflags and the debug registers, write back the rest as read. */
static int live_set_dbg(struct xs_gdb_target *t, unsigned int vcpu, const struct xs_gdb_dbg *d)
{
	vcpu_guest_context_any_t ctx;
	int err = get_ctx(live(t), vcpu, &ctx);

	if (err)
		return err;
	ctx.x64.user_regs.rip = d->rip;
	ctx.x64.user_regs.rflags = d->rflags;
	for (int i = 0; i < 4; i++)
		ctx.x64.debugreg[i] = d->dr[i];
	ctx.x64.debugreg[6] = d->dr6;
	ctx.x64.debugreg[7] = d->dr7;
	if (xc_vcpu_setcontext(live(t)->xch, t->domid, vcpu, &ctx))
		return errno ? -errno : -EIO;
	return 0;
}

/*
 * Paused by anyone: Xen's flag counts every system-controller pause.  A
 * domain that crashed, shut down or went away while it ran will never
 * pause: say so (target.h), so that gdb is told instead of waiting.
 */
static int live_paused(struct xs_gdb_target *t)
{
	xc_domaininfo_t info;
	unsigned int why;

	if (xc_domain_getinfolist(live(t)->xch, t->domid, 1, &info) != 1 || info.domain != t->domid)
		return -ENOENT;
	if (info.flags & XEN_DOMINF_dying)
		return -ENOENT;
	if (info.flags & XEN_DOMINF_shutdown) {
		why = (info.flags >> XEN_DOMINF_shutdownshift) & XEN_DOMINF_shutdownmask;
		return why == SHUTDOWN_crash ? -EOWNERDEAD : -ESHUTDOWN;
	}
	return !!(info.flags & XEN_DOMINF_paused);
}

/* domain_pause_for_debugger() took a system-controller pause: ours to undo. */
static void live_own_pause(struct xs_gdb_target *t)
{
	live(t)->paused_by_us = true;
}

static void live_close(struct xs_gdb_target *t)
{
	struct live_target *l = live(t);

	live_unpause(t); /* leave the domain running as we found it */
	xenforeignmemory_close(l->fmem);
	xc_interface_close(l->xch);
	free(l);
}

static const struct xs_gdb_target_ops live_ops = {
	.name = "live",
	.read_regs = live_read_regs,
	.read_frame = live_read_frame,
	.read_frames = live_read_frames,
	.write_frame = live_write_frame,
	.pause = live_pause,
	.unpause = live_unpause,
	.set_debugging = live_set_debugging,
	.get_dbg = live_get_dbg,
	.set_dbg = live_set_dbg,
	.paused = live_paused,
	.own_pause = live_own_pause,
	.write_code = live_write_frame,
	.close = live_close,
};

/*
 * A dying domain cannot be paused or unpaused and must not change: read
 * what is left of it, nothing more.
 */
static const struct xs_gdb_target_ops live_dying_ops = {
	.name = "live (dying)",
	.read_regs = live_read_regs,
	.read_frame = live_read_frame,
	.read_frames = live_read_frames,
	.close = live_close,
};

int xs_gdb_live_open(uint32_t domid, bool writable, struct xs_gdb_target **out)
{
	struct live_target *l = calloc(1, sizeof(*l));
	xc_domaininfo_t info;
	unsigned int width;
	int err;

	if (!l)
		return xs_error(-ENOMEM, "out of memory");
	l->ops = live_ops;
	if (!writable)
		l->ops.write_frame = NULL;
	l->base.ops = &l->ops;
	l->base.domid = domid;
	err = xs_xen_open(&l->xch);
	if (err)
		goto err_free;
	if (xc_domain_getinfolist(l->xch, domid, 1, &info) != 1 || info.domain != domid) {
		err = xs_error(-ENOENT, "no domain %u", domid);
		goto err_close_xc;
	}
	if (info.flags & XEN_DOMINF_dying) {
		xs_warn("domain %u is dying: read-only, not paused", domid);
		l->ops = live_dying_ops;
	}
	l->base.pv = !(info.flags & XEN_DOMINF_hvm_guest);
	l->base.nr_vcpus = info.max_vcpu_id + 1;
	if (l->base.pv && (xc_domain_get_guest_width(l->xch, domid, &width) || width != 8)) {
		err = xs_error(-EOPNOTSUPP, "domain %u is not a 64-bit PV guest", domid);
		goto err_close_xc;
	}
	l->fmem = xenforeignmemory_open(&xs_xen_quiet_logger, 0);
	if (!l->fmem) {
		err = xs_error(errno ? -errno : -ENODEV, "cannot open the foreign-memory device");
		goto err_close_xc;
	}
	*out = &l->base;
	return 0;

err_close_xc:
	xc_interface_close(l->xch);
err_free:
	free(l);
	return err;
}
