// SPDX-License-Identifier: MIT
/* Target strings and command-line parsing of -xen-domid. */
#include "xenscope/target/procscan.h"
#include "xenscope/target/target.h"

#include "../tap.h"

static const char *parse(const char *spec)
{
	static char out[256];
	struct xs_target_spec s;

	if (xs_target_spec_parse(spec, &s))
		return "invalid";
	if (s.kind == XS_TARGET_XEN)
		return "xen";
	snprintf(out, sizeof(out), "snap %s", s.path);
	return out;
}

int main(void)
{
	tap_plan(15);
	is_str(parse("xen"), "xen", "'xen' is the live hypervisor");
	is_str(parse("snap:/tmp/a.xs"), "snap /tmp/a.xs", "snap:PATH");
	is_str(parse("a.xs"), "snap a.xs", "a plain path is a snapshot");
	is_str(parse("snap:xen"), "snap xen", "snap:xen is a file named xen");
	is_str(parse("./xen"), "snap ./xen", "./xen is a file");
	is_str(parse("xen:"), "snap xen:", "xen: is a path, not the hypervisor");
	is_str(parse(""), "invalid", "empty is refused");
	is_str(parse("snap:"), "invalid", "snap: without a path is refused");
	is_str(parse(NULL), "invalid", "NULL is refused");

	is_int(xs_cmdline_xen_domid("qemu-system-i386 -xen-domid 5 -nodefaults"), 5,
	       "-xen-domid N");
	is_int(xs_cmdline_xen_domid("qemu --xen-domid=12"), 12, "--xen-domid=N");
	is_int(xs_cmdline_xen_domid("qemu -xen-domid"), -1, "-xen-domid at the end");
	is_int(xs_cmdline_xen_domid("qemu -xen-domid x5"), -1, "not a number");
	is_int(xs_cmdline_xen_domid("qemu -xen-domidfoo 3"), -1, "a longer option name");
	is_int(xs_cmdline_xen_domid(""), -1, "empty command line");
	return tap_done();
}
