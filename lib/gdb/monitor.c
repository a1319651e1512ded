// SPDX-License-Identifier: MIT
/*
 * gdb's "monitor" commands (qRcmd): what gdb itself cannot ask a stub.
 * Page owners, types and references come from the reference audit
 * (lib/audit) of the target the stub was given ("xen", or the snapshot
 * holding the dump when it also holds page records).
 */
#include <errno.h>
#include <stdlib.h>
#include <string.h>

#include "xenscope/audit/audit.h"
#include "xenscope/core/json.h"
#include "xenscope/core/pageinfo.h"
#include "xenscope/gdb/packet.h"
#include "xenscope/gdb/server.h"

#include "gdb/cmd.h"

struct mon {
	struct xs_gdb_server *s;
	struct xs_buf *out;
	const char *arg; /* after the command word, spaces skipped */
};

static const char HELP[] =
	"monitor commands:\n"
	"  help            this list\n"
	"  phys on|off     memory addresses are physical (mfns for PV, gfns for HVM) or virtual\n"
	"  vcpu N          a vCPU's state and control registers\n"
	"  v2p ADDR        translate a virtual address with the current thread's page tables\n"
	"  p2m GFN         the machine frame behind a guest frame, its owner and type\n"
	"  refs MFN        every reference to a machine frame, by holder (from the audit)\n"
	"  pause, unpause  pause or unpause the domain (live only)\n"
	"  stats           memory reads so far and the time they took in the target\n";

static int mon_help(struct mon *m)
{
	return xs_buf_addstr(m->out, HELP);
}

static int parse_num(const char *s, uint64_t *v)
{
	char tok[32];
	size_t n = strcspn(s, " \t");

	if (n == 0 || n >= sizeof(tok) || s[n + strspn(s + n, " \t")])
		return -EINVAL;
	memcpy(tok, s, n);
	tok[n] = '\0';
	/* gdb users type hex with 0x; plain digits are hex too, as in packets. */
	if (!strncmp(tok, "0x", 2) || !strncmp(tok, "0X", 2))
		memmove(tok, tok + 2, n - 1);
	const char *p = tok;

	return xs_gdb_parse_hex(&p, v) || *p ? -EINVAL : 0;
}

static int mon_phys(struct mon *m)
{
	if (!strcmp(m->arg, "on"))
		m->s->phys = true;
	else if (!strcmp(m->arg, "off"))
		m->s->phys = false;
	else if (*m->arg)
		return xs_buf_addstr(m->out, "usage: monitor phys on|off\n");
	return xs_buf_addf(m->out, "memory addresses are %s\n",
			   m->s->phys ? "physical" : "virtual");
}

static int mon_vcpu(struct mon *m)
{
	struct xs_gdb_regs r;
	uint64_t v;
	int err;

	if (parse_num(m->arg, &v) || v >= m->s->t->nr_vcpus)
		return xs_buf_addf(m->out, "usage: monitor vcpu N (0..%u)\n",
				   m->s->t->nr_vcpus - 1);
	err = m->s->t->ops->read_regs(m->s->t, (unsigned int)v, &r);
	if (err)
		return xs_buf_addf(m->out, "vCPU %u: cannot read: %s\n", (unsigned int)v,
				   strerror(-err));
	return xs_buf_addf(
		m->out,
		"vCPU %u (%s), thread %u\n"
		"  rip %#llx rsp %#llx rflags %#llx cs %#llx ss %#llx\n"
		"  cr0 %#llx cr2 %#llx cr3 %#llx cr4 %#llx efer %#llx\n"
		"  paging: %s\n",
		(unsigned int)v, xs_gdb_vcpu_state(&r), xs_gdb_thread_id((unsigned int)v),
		(unsigned long long)r.rip, (unsigned long long)r.gpr[7],
		(unsigned long long)r.rflags, (unsigned long long)r.cs, (unsigned long long)r.ss,
		(unsigned long long)r.cr0, (unsigned long long)r.cr2, (unsigned long long)r.cr3,
		(unsigned long long)r.cr4, (unsigned long long)r.efer,
		r.flags & XS_GDB_REGS_LEGACY   ? "32-bit or PAE (not translated)"
		: r.flags & XS_GDB_REGS_PAGING ? "4-level, 64-bit"
					       : "off (virtual = physical)");
}

/* What the audit pass looks for, and what it found. */
struct find {
	struct mon *m;
	bool by_gfn; /* match page->gfn, else page->mfn */
	uint64_t frame;
	bool refs; /* print every reference too */
	bool found;
};

static int on_page(const struct xs_audit_page *ap, void *arg)
{
	struct find *f = arg;
	const struct xenscope_page *p = ap->page;
	char info[XS_PAGEINFO_STRLEN];
	int err;

	if (f->by_gfn ? !(p->flags & XENSCOPE_PAGE_GFN_VALID) || p->gfn != f->frame
		      : p->mfn != f->frame)
		return 0;
	f->found = true;
	err = xs_buf_addf(f->m->out, "  mfn %#llx gfn ", (unsigned long long)p->mfn);
	if (!err)
		err = p->flags & XENSCOPE_PAGE_GFN_VALID
			      ? xs_buf_addf(f->m->out, "%#llx", (unsigned long long)p->gfn)
			      : xs_buf_addstr(f->m->out, "unknown");
	if (!err)
		err = xs_buf_addf(f->m->out, " owner d%u: %s\n", p->owner,
				  xs_pageinfo_format(ap->layout, p->count_info, p->type_info, info,
						     sizeof(info)));
	for (size_t i = 0; !err && f->refs && i < ap->nr_refs; i++) {
		const struct xenscope_ref *r = &ap->refs[i];
		const char *kind = xs_ref_kind_name(r->kind);

		err = xs_buf_addf(f->m->out,
				  "    %s held by d%u via %#llx slot %u: general %u type %u\n",
				  kind ? kind : "unknown", r->holder, (unsigned long long)r->via,
				  r->slot, r->general, r->type);
	}
	if (!err && f->refs && ap->unexplained)
		err = xs_buf_addf(f->m->out, "    %lld general references nobody accounts for\n",
				  (long long)ap->unexplained);
	return err ? -ENOMEM : 0;
}

/* Look @frame up in the audit of the stub's domain. */
static int audit_find(struct mon *m, bool by_gfn, uint64_t frame, bool refs)
{
	struct find f = { .m = m, .by_gfn = by_gfn, .frame = frame, .refs = refs };
	struct xs_audit audit = { 0 };
	struct xs_target *t;
	int err;

	if (!m->s->audit_spec)
		return xs_buf_addstr(m->out, "  (no page records for this target)\n");
	if (xs_target_open(m->s->audit_spec, &t))
		return xs_buf_addstr(m->out,
				     "  (cannot open the page records; see the stub's log)\n");
	if (!xs_target_has(t, XS_OP_PAGES, m->s->t->domid)) {
		err = xs_buf_addf(m->out, "  (%s has no page records of domain %u)\n",
				  xs_target_name(t), m->s->t->domid);
		xs_target_close(t);
		return err;
	}
	err = xs_audit_run(t, m->s->t->domid, on_page, &f, &audit);
	xs_audit_release(&audit);
	xs_target_close(t);
	if (err == -ENOMEM)
		return err;
	if (err)
		return xs_buf_addf(m->out, "  (the audit failed: %s)\n", strerror(-err));
	if (!f.found)
		return xs_buf_addf(m->out, "  %s %#llx is not a page of domain %u\n",
				   by_gfn ? "gfn" : "mfn", (unsigned long long)frame,
				   m->s->t->domid);
	return 0;
}

static int mon_v2p(struct mon *m)
{
	struct xs_gdb_regs r;
	uint64_t va, frame;
	size_t off;
	int err;

	if (parse_num(m->arg, &va))
		return xs_buf_addstr(m->out, "usage: monitor v2p ADDR\n");
	err = m->s->t->ops->read_regs(m->s->t, m->s->g_vcpu, &r);
	if (!err)
		err = xs_gdb_translate(m->s->t, &r, va, &frame, &off);
	if (err)
		return xs_buf_addf(m->out, "%#llx: %s\n", (unsigned long long)va,
				   err == -EFAULT ? "not mapped (or not canonical)"
						  : strerror(-err));
	err = xs_buf_addf(m->out, "%#llx -> %s %#llx offset %#zx (physical %#llx) via vCPU %u\n",
			  (unsigned long long)va, m->s->t->pv ? "mfn" : "gfn",
			  (unsigned long long)frame, off, (unsigned long long)(frame << 12 | off),
			  m->s->g_vcpu);
	return err ? err : audit_find(m, !m->s->t->pv, frame, false);
}

static int mon_p2m(struct mon *m)
{
	uint64_t gfn;

	if (parse_num(m->arg, &gfn))
		return xs_buf_addstr(m->out, "usage: monitor p2m GFN\n");
	if (xs_buf_addf(m->out, "gfn %#llx:\n", (unsigned long long)gfn))
		return -ENOMEM;
	return audit_find(m, true, gfn, false);
}

static int mon_refs(struct mon *m)
{
	uint64_t mfn;

	if (parse_num(m->arg, &mfn))
		return xs_buf_addstr(m->out, "usage: monitor refs MFN\n");
	if (xs_buf_addf(m->out, "mfn %#llx:\n", (unsigned long long)mfn))
		return -ENOMEM;
	return audit_find(m, false, mfn, true);
}

static int mon_pause(struct mon *m, bool pause)
{
	struct xs_gdb_target *t = m->s->t;
	int err;

	if (!t->ops->pause)
		return xs_buf_addstr(m->out, "a dump is always stopped\n");
	err = pause ? t->ops->pause(t) : t->ops->unpause(t);
	if (err)
		return xs_buf_addf(m->out, "cannot %s domain %u: %s\n", pause ? "pause" : "unpause",
				   t->domid, strerror(-err));
	return xs_buf_addf(m->out, "domain %u %s\n", t->domid,
			   pause ? "paused" : "unpaused (gdb still thinks it is stopped)");
}

static int mon_pause_on(struct mon *m)
{
	return mon_pause(m, true);
}

static int mon_unpause(struct mon *m)
{
	return mon_pause(m, false);
}

/* Where a big read's time goes: the target (hypercalls, mappings) or not. */
static int mon_stats(struct mon *m)
{
	const struct xs_gdb_read_stats *st = &m->s->t->stats;

	return xs_buf_addf(
		m->out,
		"reads %llu, bytes %llu, in the target %.3f s (frames of the data %.3f s,"
		" registers and page tables %.3f s)\n",
		(unsigned long long)st->reads, (unsigned long long)st->bytes, st->ns / 1e9,
		st->frames_ns / 1e9, (st->ns - st->frames_ns) / 1e9);
}

static const struct {
	const char *name;
	int (*fn)(struct mon *m);
} mon_cmds[] = {
	{ "help", mon_help },	   { "phys", mon_phys },       { "vcpu", mon_vcpu },
	{ "v2p", mon_v2p },	   { "p2m", mon_p2m },	       { "refs", mon_refs },
	{ "pause", mon_pause_on }, { "unpause", mon_unpause }, { "stats", mon_stats },
};

/* qRcmd,HEX: the command line hex-encoded; the reply is its output, hex-encoded. */
enum xs_gdb_action xs_gdb_cmd_monitor(struct xs_gdb_server *s, const struct args *a,
				      struct xs_buf *reply)
{
	struct xs_buf out = XS_BUF_INIT;
	struct mon m = { .s = s, .out = &out };
	char *line;
	size_t n = a->rest_len / 2, w;
	int err = 0;

	if (a->rest_len % 2 || !(line = calloc(1, n + 1)))
		return xs_gdb_error(s, reply, -EINVAL, "qRcmd wants hex");
	if (xs_gdb_unhex(a->rest, n, (uint8_t *)line)) {
		free(line);
		return xs_gdb_error(s, reply, -EINVAL, "qRcmd wants hex");
	}
	w = strcspn(line, " \t");
	m.arg = line + w + strspn(line + w, " \t");
	for (size_t i = 0; i < XS_ARRAY_SIZE(mon_cmds); i++)
		if (strlen(mon_cmds[i].name) == w && !memcmp(line, mon_cmds[i].name, w)) {
			err = mon_cmds[i].fn(&m);
			goto out_reply;
		}
	err = xs_buf_addf(&out, "unknown monitor command '%.*s'; try monitor help\n", (int)w, line);
out_reply:
	free(line);
	if (!err)
		err = xs_gdb_add_hex(reply, out.buf, out.len);
	xs_buf_release(&out);
	return err ? xs_gdb_error(s, reply, -ENOMEM, NULL) : XS_GDB_REPLY;
}
