// SPDX-License-Identifier: MIT
/*
 * x86-64 registers as gdb sees them: one table gives both the target
 * description (target.xml) and the 'g'/'p' encodings, so they cannot drift.
 */
#include <errno.h>
#include <stddef.h>
#include <string.h>

#include "xenscope/gdb/packet.h"
#include "xenscope/gdb/server.h"

#define NONE ((size_t)-1) /* not captured: sent as "xx..", shown <unavailable> */

static const char F_CORE[] = "org.gnu.gdb.i386.core";
static const char F_SSE[] = "org.gnu.gdb.i386.sse";
static const char F_SEG[] = "org.gnu.gdb.i386.segments";
/* Not a gdb feature: gdb shows its registers by name (info registers cr3). */
static const char F_CTL[] = "org.xenscope.x86.control";

#define GPR(i) offsetof(struct xs_gdb_regs, gpr) + 8 * (i)
#define FLD(f) offsetof(struct xs_gdb_regs, f)

static const struct reg {
	const char *feature;
	const char *name;
	unsigned int bits;
	const char *type;
	size_t off; /* in struct xs_gdb_regs (low bytes of a uint64_t), or NONE */
} regs[] = {
	/* i386_validate_tdesc_p() wants the core feature in exactly this order, x87 included. */
	{ F_CORE, "rax", 64, "int64", GPR(0) },	   { F_CORE, "rbx", 64, "int64", GPR(1) },
	{ F_CORE, "rcx", 64, "int64", GPR(2) },	   { F_CORE, "rdx", 64, "int64", GPR(3) },
	{ F_CORE, "rsi", 64, "int64", GPR(4) },	   { F_CORE, "rdi", 64, "int64", GPR(5) },
	{ F_CORE, "rbp", 64, "data_ptr", GPR(6) }, { F_CORE, "rsp", 64, "data_ptr", GPR(7) },
	{ F_CORE, "r8", 64, "int64", GPR(8) },	   { F_CORE, "r9", 64, "int64", GPR(9) },
	{ F_CORE, "r10", 64, "int64", GPR(10) },   { F_CORE, "r11", 64, "int64", GPR(11) },
	{ F_CORE, "r12", 64, "int64", GPR(12) },   { F_CORE, "r13", 64, "int64", GPR(13) },
	{ F_CORE, "r14", 64, "int64", GPR(14) },   { F_CORE, "r15", 64, "int64", GPR(15) },
	{ F_CORE, "rip", 64, "code_ptr", FLD(rip) },
	{ F_CORE, "eflags", 32, "i386_eflags", FLD(rflags) },
	{ F_CORE, "cs", 32, "int32", FLD(cs) },	   { F_CORE, "ss", 32, "int32", FLD(ss) },
	{ F_CORE, "ds", 32, "int32", FLD(ds) },	   { F_CORE, "es", 32, "int32", FLD(es) },
	{ F_CORE, "fs", 32, "int32", FLD(fs) },	   { F_CORE, "gs", 32, "int32", FLD(gs) },
	{ F_CORE, "st0", 80, "i387_ext", NONE },   { F_CORE, "st1", 80, "i387_ext", NONE },
	{ F_CORE, "st2", 80, "i387_ext", NONE },   { F_CORE, "st3", 80, "i387_ext", NONE },
	{ F_CORE, "st4", 80, "i387_ext", NONE },   { F_CORE, "st5", 80, "i387_ext", NONE },
	{ F_CORE, "st6", 80, "i387_ext", NONE },   { F_CORE, "st7", 80, "i387_ext", NONE },
	{ F_CORE, "fctrl", 32, "int", NONE },	   { F_CORE, "fstat", 32, "int", NONE },
	{ F_CORE, "ftag", 32, "int", NONE },	   { F_CORE, "fiseg", 32, "int", NONE },
	{ F_CORE, "fioff", 32, "int", NONE },	   { F_CORE, "foseg", 32, "int", NONE },
	{ F_CORE, "fooff", 32, "int", NONE },	   { F_CORE, "fop", 32, "int", NONE },
	{ F_SSE, "xmm0", 128, "uint128", NONE },   { F_SSE, "xmm1", 128, "uint128", NONE },
	{ F_SSE, "xmm2", 128, "uint128", NONE },   { F_SSE, "xmm3", 128, "uint128", NONE },
	{ F_SSE, "xmm4", 128, "uint128", NONE },   { F_SSE, "xmm5", 128, "uint128", NONE },
	{ F_SSE, "xmm6", 128, "uint128", NONE },   { F_SSE, "xmm7", 128, "uint128", NONE },
	{ F_SSE, "xmm8", 128, "uint128", NONE },   { F_SSE, "xmm9", 128, "uint128", NONE },
	{ F_SSE, "xmm10", 128, "uint128", NONE },  { F_SSE, "xmm11", 128, "uint128", NONE },
	{ F_SSE, "xmm12", 128, "uint128", NONE },  { F_SSE, "xmm13", 128, "uint128", NONE },
	{ F_SSE, "xmm14", 128, "uint128", NONE },  { F_SSE, "xmm15", 128, "uint128", NONE },
	{ F_SSE, "mxcsr", 32, "int", NONE },
	{ F_SEG, "fs_base", 64, "int64", FLD(fs_base) },
	{ F_SEG, "gs_base", 64, "int64", FLD(gs_base) },
	{ F_CTL, "cr0", 64, "int64", FLD(cr0) },   { F_CTL, "cr2", 64, "int64", FLD(cr2) },
	{ F_CTL, "cr3", 64, "int64", FLD(cr3) },   { F_CTL, "cr4", 64, "int64", FLD(cr4) },
	{ F_CTL, "efer", 64, "int64", FLD(efer) },
	{ F_CTL, "k_gs_base", 64, "int64", FLD(gs_base_kernel) },
};

size_t xs_gdb_nr_regs(void)
{
	return XS_ARRAY_SIZE(regs);
}

int xs_gdb_reg_hex(const struct xs_gdb_regs *r, size_t n, struct xs_buf *out)
{
	const struct reg *g;
	unsigned int bytes;

	if (n >= XS_ARRAY_SIZE(regs))
		return -ENOENT;
	g = &regs[n];
	bytes = g->bits / 8;
	if (g->off == NONE) {
		for (unsigned int i = 0; i < bytes; i++)
			if (xs_buf_add(out, "xx", 2))
				return -ENOMEM;
		return 0;
	}
	/* Little-endian x86: the low @bytes bytes of the 64-bit field, in memory order. */
	return xs_gdb_add_hex(out, (const char *)r + g->off, bytes);
}

int xs_gdb_regs_hex(const struct xs_gdb_regs *r, struct xs_buf *out)
{
	for (size_t n = 0; n < XS_ARRAY_SIZE(regs); n++)
		if (xs_gdb_reg_hex(r, n, out))
			return -ENOMEM;
	return 0;
}

/* gdb's own flags type for eflags (its 64bit-core.xml): "info registers" decodes it. */
static const char EFLAGS_TYPE[] =
	"<flags id=\"i386_eflags\" size=\"4\">\n"
	"<field name=\"CF\" start=\"0\" end=\"0\"/>\n<field name=\"\" start=\"1\" end=\"1\"/>\n"
	"<field name=\"PF\" start=\"2\" end=\"2\"/>\n<field name=\"AF\" start=\"4\" end=\"4\"/>\n"
	"<field name=\"ZF\" start=\"6\" end=\"6\"/>\n<field name=\"SF\" start=\"7\" end=\"7\"/>\n"
	"<field name=\"TF\" start=\"8\" end=\"8\"/>\n<field name=\"IF\" start=\"9\" end=\"9\"/>\n"
	"<field name=\"DF\" start=\"10\" end=\"10\"/>\n<field name=\"OF\" start=\"11\" end=\"11\"/>\n"
	"<field name=\"NT\" start=\"14\" end=\"14\"/>\n<field name=\"RF\" start=\"16\" end=\"16\"/>\n"
	"<field name=\"VM\" start=\"17\" end=\"17\"/>\n<field name=\"AC\" start=\"18\" end=\"18\"/>\n"
	"<field name=\"VIF\" start=\"19\" end=\"19\"/>\n<field name=\"VIP\" start=\"20\" end=\"20\"/>\n"
	"<field name=\"ID\" start=\"21\" end=\"21\"/>\n"
	"</flags>\n";

const char *xs_gdb_vcpu_state(const struct xs_gdb_regs *r)
{
	if (!(r->flags & XS_GDB_REGS_ONLINE))
		return "offline";
	return r->flags & XS_GDB_REGS_BLOCKED ? "blocked" : "running";
}

int xs_gdb_target_xml(struct xs_buf *out)
{
	const char *feature = NULL;
	int err = xs_buf_addstr(out, "<?xml version=\"1.0\"?>\n"
				     "<!DOCTYPE target SYSTEM \"gdb-target.dtd\">\n"
				     "<target version=\"1.0\">\n"
				     "<architecture>i386:x86-64</architecture>\n");

	for (size_t n = 0; !err && n < XS_ARRAY_SIZE(regs); n++) {
		if (regs[n].feature != feature) {
			if (feature)
				err = xs_buf_addstr(out, "</feature>\n");
			feature = regs[n].feature;
			if (!err)
				err = xs_buf_addf(out, "<feature name=\"%s\">\n", feature);
			if (!err && feature == F_CORE)
				err = xs_buf_addstr(out, EFLAGS_TYPE);
		}
		if (!err)
			err = xs_buf_addf(out,
					  "<reg name=\"%s\" bitsize=\"%u\" type=\"%s\" regnum=\"%zu\"/>\n",
					  regs[n].name, regs[n].bits, regs[n].type, n);
	}
	if (!err)
		err = xs_buf_addstr(out, "</feature>\n</target>\n");
	return err ? -ENOMEM : 0;
}
