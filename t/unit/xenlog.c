// SPDX-License-Identifier: MIT
/*
 * Recognising Xen's page messages (lib/xenlog/parse.c): the edges a pasted
 * log has (prefixes, 0x, bracketed domains, digits beyond a page word) that
 * the fixture of t8010 does not walk one by one.
 */
#include <string.h>

#include "xenscope/xenlog/xenlog.h"

#include "../tap.h"

static struct xs_xenlog_line l;

static enum xs_xenlog_kind parse(const char *s)
{
	return xs_xenlog_parse(s, &l);
}

static void test_prefixes(void)
{
	const char *const lines[] = {
		"    DomPage 000000000012a001: caf=00000001, taf=e400000000000001",
		"(XEN)     DomPage 000000000012a001: caf=00000001, taf=e400000000000001",
		("(XEN) [  193.501430]     DomPage 000000000012a001: caf=00000001, "
		 "taf=e400000000000001"),
		"Dec 02 12:00:01 host kernel: DomPage 0x12a001: caf=0x1, taf=0xe400000000000001\r",
	};

	for (size_t i = 0; i < sizeof(lines) / sizeof(lines[0]); i++) {
		is_int(parse(lines[i]), XS_XENLOG_DOMPAGE, "DomPage line %zu recognised", i);
		ok(l.mfn == 0x12a001 && l.caf == 1 && l.taf == 0xe400000000000001ULL,
		   "line %zu: mfn, caf and taf read", i);
	}
}

static void test_refused(void)
{
	is_int(parse("    DomPage 10000000000000000: caf=1, taf=0"), XS_XENLOG_NONE,
	       "17 hex digits are no page word");
	is_int(parse("    DomPage 12a001: caf=1, taf="), XS_XENLOG_NONE, "an empty taf");
	is_int(parse("    DomPage 12a001: caf=1, taf=0 and more"), XS_XENLOG_NONE,
	       "text after the message");
	is_int(parse("    DomPage list too long to display"), XS_XENLOG_NONE,
	       "the 'too long' line names no page");
	is_int(parse("Error mfn 12a001: rd=d70000 od=d7 caf=1 taf=0"), XS_XENLOG_NONE,
	       "a domain id beyond 16 bits");
	is_int(parse(""), XS_XENLOG_NONE, "an empty line");
}

static void test_domains(void)
{
	char buf[16];

	is_int(parse("d3v1 Error mfn 5: rd=d3 od=d[IO] caf=00000001 taf=0000000000000000"),
	       XS_XENLOG_GET_PAGE, "get_page() line with d[IO]");
	is_int(l.owner, 0x7ff1, "d[IO] is DOMID_IO");
	is_int(l.other, 3, "rd is d3");
	ok(l.has & XS_XL_VCPU, "the gprintk vCPU is seen");
	is_int(l.vcpu_domid, 3, "its domain is d3");
	is_int(parse("Error mfn 5: rd=d3 od=NULL caf=00000001 taf=0"), XS_XENLOG_GET_PAGE,
	       "od=NULL");
	is_u64(l.owner, XS_XL_DOMID_NULL, "NULL is no domain");
	ok(!(l.has & XS_XL_VCPU), "no vCPU without gprintk's prefix");
	is_str(xs_xenlog_domain(0x7ff2, buf, sizeof(buf)), "d[XEN]", "DOMID_XEN named as Xen does");
	is_str(xs_xenlog_domain(12, buf, sizeof(buf)), "d12", "an ordinary domain");
	is_int(parse("Memory pages belonging to domain 12:"), XS_XENLOG_DOMAIN, "the 'q' header");
	is_int(l.owner, 12, "names domain 12");
}

static void test_page_domain(void)
{
	parse("arch/x86/mm.c:2941:d4v0 Bad type (saw 2400000000000001 != exp e000000000000000) "
	      "for mfn 12a003 (pfn 1003)");
	is_int(l.kind, XS_XENLOG_BAD_TYPE, "Bad type line");
	is_int(xs_xenlog_page_domain(&l, XS_XL_DOMID_NULL), 4,
	       "a Bad type page is looked up in the domain of the vCPU that asked");
	parse("    DomPage 1: caf=1, taf=0");
	is_int(xs_xenlog_page_domain(&l, 9), 9, "a 'q' page belongs to the domain of its header");
}

int main(void)
{
	tap_plan(29);
	test_prefixes();
	test_refused();
	test_domains();
	test_page_domain();
	return tap_done();
}
