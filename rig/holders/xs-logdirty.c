/*
 * xs-logdirty DOMID on|off: turn log-dirty mode on or off for a domain, the
 * way a live migration's first step does (XEN_DOMCTL_SHADOW_OP_ENABLE_LOGDIRTY),
 * without migrating.  For a PV guest this puts it under shadow paging while
 * it is on, so its shadows can be walked.
 */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <xenctrl.h>

int main(int argc, char **argv)
{
	unsigned int sop;
	xc_interface *xch;
	char *end;
	long domid;
	int rc;

	if (argc != 3 || (strcmp(argv[2], "on") && strcmp(argv[2], "off"))) {
		fprintf(stderr, "usage: xs-logdirty DOMID on|off\n");
		return 3;
	}
	domid = strtol(argv[1], &end, 0);
	if (*end || domid < 0) {
		fprintf(stderr, "xs-logdirty: bad domain '%s'\n", argv[1]);
		return 3;
	}
	sop = strcmp(argv[2], "on") ? XEN_DOMCTL_SHADOW_OP_OFF
				    : XEN_DOMCTL_SHADOW_OP_ENABLE_LOGDIRTY;
	xch = xc_interface_open(NULL, NULL, 0);
	if (!xch) {
		fprintf(stderr, "xs-logdirty: cannot open libxenctrl\n");
		return 4;
	}
	rc = xc_shadow_control(xch, (uint32_t)domid, sop, NULL, 0);
	if (rc)
		fprintf(stderr, "xs-logdirty: domain %ld %s: %s\n", domid, argv[2],
			strerror(errno));
	xc_interface_close(xch);
	return rc ? 4 : 0;
}
