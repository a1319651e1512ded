/*
 * xs-shinject: test-only shadow corruption for the rig scenarios.
 *
 * Usage: xs-shinject DOMID GFN nx|restore
 *          set the NX bit in every L1 shadow entry of DOMID that maps GFN
 *          (PV: the mfn), or restore the entries set before, through
 *          XENSCOPE_OP_SHADOW_INJECT (hypervisors built with
 *          CONFIG_XENSCOPE_INJECT); prints "entries=N".
 *
 * Exit: 0 done, 1 the hypervisor refused (the errno is printed), 2 usage.
 */
#define __XEN_TOOLS__ 1

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <xenctrl.h>

#include "target/handle-live.h" /* the library's xenscope domctl call */

int main(int argc, char **argv)
{
	struct xen_domctl_xenscope arg = { .op = XENSCOPE_OP_SHADOW_INJECT };
	xc_interface *xch;
	unsigned int dom;
	int err;

	if (argc != 4 || (strcmp(argv[3], "nx") && strcmp(argv[3], "restore"))) {
		fprintf(stderr, "usage: xs-shinject DOMID GFN nx|restore\n");
		return 2;
	}
	dom = strtoul(argv[1], NULL, 0);
	arg.u.inject.mfn = strtoull(argv[2], NULL, 0);
	arg.u.inject.what = strcmp(argv[3], "nx") ? XENSCOPE_SHI_RESTORE : XENSCOPE_SHI_SET_NX;
	xch = xc_interface_open(NULL, NULL, 0);
	if (!xch)
		return 1;
	err = xs_xen_domctl(xch, dom, &arg);
	xc_interface_close(xch);
	if (err) {
		fprintf(stderr, "xs-shinject: %s gfn %s of domain %u: %s\n", argv[3], argv[2], dom,
			strerror(-err));
		return 1;
	}
	printf("entries=%u\n", arg.nr);
	return 0;
}
