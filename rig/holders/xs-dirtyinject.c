/*
 * xs-dirtyinject: test-only lost log-dirty marks for the rig scenarios.
 *
 * Usage: xs-dirtyinject DOMID drop COUNT FIRST_GFN LAST_GFN
 *          drop the next COUNT marks of DOMID's pages in [FIRST_GFN,
 *          LAST_GFN] (PV: pfns) that are not dirty yet, through
 *          XENSCOPE_OP_DIRTY_INJECT (hypervisors built with
 *          CONFIG_XENSCOPE_INJECT);
 *        xs-dirtyinject DOMID status|off
 *          what was dropped so far (off: and stop dropping).
 * Prints "domid=D dropped=N remaining=R range=FIRST-LAST" and then one
 * "gfn=0x..." line per dropped gfn the hypervisor remembers (the first
 * XENSCOPE_DIRTYI_LOG of them).
 *
 * Exit: 0 done, 1 the hypervisor refused (the errno is printed), 2 usage.
 */
#define __XEN_TOOLS__ 1

#include <errno.h>
#include <inttypes.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <xenctrl.h>

#include "target/handle-live.h" /* the library's xenscope domctl call */

static int usage(void)
{
	fprintf(stderr, "usage: xs-dirtyinject DOMID drop COUNT FIRST_GFN LAST_GFN\n"
			"       xs-dirtyinject DOMID status|off\n");
	return 2;
}

int main(int argc, char **argv)
{
	struct xen_domctl_xenscope arg = { .op = XENSCOPE_OP_DIRTY_INJECT, .nr = 1 };
	DECLARE_HYPERCALL_BUFFER(uint8_t, buf);
	struct xenscope_dirty_inject *st;
	xc_interface *xch;
	unsigned int dom;
	int err;

	if (argc == 6 && !strcmp(argv[2], "drop")) {
		arg.u.dirty_inject.what = XENSCOPE_DIRTYI_DROP;
		arg.u.dirty_inject.count = strtoul(argv[3], NULL, 0);
		arg.u.dirty_inject.first_gfn = strtoull(argv[4], NULL, 0);
		arg.u.dirty_inject.last_gfn = strtoull(argv[5], NULL, 0);
	} else if (argc == 3 && !strcmp(argv[2], "status")) {
		arg.u.dirty_inject.what = XENSCOPE_DIRTYI_STATUS;
	} else if (argc == 3 && !strcmp(argv[2], "off")) {
		arg.u.dirty_inject.what = XENSCOPE_DIRTYI_OFF;
	} else {
		return usage();
	}
	dom = strtoul(argv[1], NULL, 0);
	xch = xc_interface_open(NULL, NULL, 0);
	if (!xch)
		return 1;
	buf = xc_hypercall_buffer_alloc(xch, buf, sizeof(*st));
	if (!buf) {
		xc_interface_close(xch);
		return 1;
	}
	st = (struct xenscope_dirty_inject *)buf;
	set_xen_guest_handle(arg.buf, buf);
	err = xs_xen_domctl(xch, dom, &arg);
	if (err) {
		fprintf(stderr, "xs-dirtyinject: %s on domain %u: %s\n", argv[2], dom,
			strerror(-err));
	} else {
		printf("domid=%u dropped=%" PRIu64 " remaining=%u range=0x%" PRIx64 "-0x%" PRIx64
		       "\n",
		       st->domid, st->dropped, st->remaining, st->first_gfn, st->last_gfn);
		for (unsigned int i = 0; i < st->nr_gfns && i < XENSCOPE_DIRTYI_LOG; i++)
			printf("gfn=0x%" PRIx64 "\n", st->gfn[i]);
	}
	xc_hypercall_buffer_free(xch, buf);
	xc_interface_close(xch);
	return err ? 1 : 0;
}
