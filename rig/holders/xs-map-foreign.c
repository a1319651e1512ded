/*
 * xs-map-foreign: map pages of another domain the way a device model does
 * (xenforeignmemory_map through /dev/xen/privcmd) and hold them until told
 * to stop.  The rig's zombie scenarios use it to keep a destroyed domain
 * dying.
 *
 * Usage: xs-map-foreign DOMID NPAGES [FIRST_GFN]
 *        xs-map-foreign DOMID shared-info
 *          (PV) the domain's shared_info page, a Xen heap page it owns, as
 *          a tool reading a guest's shared_info does
 *
 * privcmd takes guest frame numbers for translated (HVM/PVH) guests but
 * machine frames for PV guests, so for PV the guest's own p2m is read first
 * (xc_map_domain_meminfo), as a PV device model would.
 * Prints "mapped N" once the mapping is live, then waits for SIGTERM,
 * SIGINT or end of standard input, unmaps and exits.
 */
#include <errno.h>
#include <signal.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <unistd.h>

#include <xenctrl.h>
#include <xenforeignmemory.h>
#include <xenguest.h>

static volatile sig_atomic_t stop;

/* Turn the guest frame numbers in gfns[] into what privcmd wants. */
static int translate_frames(unsigned int dom, xen_pfn_t *gfns, unsigned long n)
{
	struct xc_domain_meminfo minfo = { 0 };
	xc_domaininfo_t info;
	xc_interface *xch;
	unsigned long i;
	int ret = -1;

	xch = xc_interface_open(NULL, NULL, 0);
	if (!xch) {
		fprintf(stderr, "xs-map-foreign: cannot open libxenctrl\n");
		return -1;
	}
	if (xc_domain_getinfolist(xch, dom, 1, &info) != 1 || info.domain != dom) {
		fprintf(stderr, "xs-map-foreign: no domain %u\n", dom);
		goto out_close;
	}
	if (info.flags & XEN_DOMINF_hvm_guest) {
		ret = 0; /* translated guest: gfns are what privcmd wants */
		goto out_close;
	}
	if (xc_map_domain_meminfo(xch, dom, &minfo)) {
		fprintf(stderr, "xs-map-foreign: cannot read the p2m of domain %u\n", dom);
		goto out_close;
	}
	for (i = 0; i < n; i++) {
		if (gfns[i] >= minfo.p2m_size) {
			fprintf(stderr, "xs-map-foreign: pfn %#lx beyond the p2m\n",
				(unsigned long)gfns[i]);
			goto out_unmap;
		}
		gfns[i] = minfo.guest_width == 8 ? ((uint64_t *)minfo.p2m_table)[gfns[i]]
						 : ((uint32_t *)minfo.p2m_table)[gfns[i]];
	}
	ret = 0;
out_unmap:
	xc_unmap_domain_meminfo(xch, &minfo);
out_close:
	xc_interface_close(xch);
	return ret;
}

/* The machine frame of PV domain @dom's shared_info page. */
static int shared_info_frame(unsigned int dom, xen_pfn_t *frame)
{
	xc_domaininfo_t info;
	xc_interface *xch = xc_interface_open(NULL, NULL, 0);
	int ret = -1;

	if (!xch) {
		fprintf(stderr, "xs-map-foreign: cannot open libxenctrl\n");
		return -1;
	}
	if (xc_domain_getinfolist(xch, dom, 1, &info) != 1 || info.domain != dom)
		fprintf(stderr, "xs-map-foreign: no domain %u\n", dom);
	else if (info.flags & XEN_DOMINF_hvm_guest)
		fprintf(stderr, "xs-map-foreign: shared-info: domain %u is not PV\n", dom);
	else {
		*frame = info.shared_info_frame;
		ret = 0;
	}
	xc_interface_close(xch);
	return ret;
}

static void on_signal(int sig)
{
	(void)sig;
	stop = 1;
}

int main(int argc, char **argv)
{
	xenforeignmemory_handle *fmem = NULL;
	xen_pfn_t *gfns = NULL;
	int *errs = NULL;
	void *map = NULL;
	unsigned long n, i, first = 0x100;
	unsigned int dom;
	bool shinfo;
	int ret = 1;

	if (argc < 3) {
		fprintf(stderr, "usage: xs-map-foreign DOMID NPAGES [FIRST_GFN] | DOMID shared-info\n");
		return 2;
	}
	dom = strtoul(argv[1], NULL, 0);
	shinfo = !strcmp(argv[2], "shared-info");
	n = shinfo ? 1 : strtoul(argv[2], NULL, 0);
	if (argc > 3)
		first = strtoul(argv[3], NULL, 0);
	if (n == 0 || n > 65536) {
		fprintf(stderr, "xs-map-foreign: NPAGES must be 1..65536\n");
		return 2;
	}

	gfns = calloc(n, sizeof(*gfns));
	errs = calloc(n, sizeof(*errs));
	if (!gfns || !errs) {
		fprintf(stderr, "xs-map-foreign: out of memory\n");
		goto out_free;
	}
	for (i = 0; i < n; i++)
		gfns[i] = first + i;

	if (shinfo ? shared_info_frame(dom, gfns) : translate_frames(dom, gfns, n))
		goto out_free;

	fmem = xenforeignmemory_open(NULL, 0);
	if (!fmem) {
		fprintf(stderr, "xs-map-foreign: cannot open privcmd: %s\n", strerror(errno));
		goto out_free;
	}
	map = xenforeignmemory_map(fmem, dom, PROT_READ | PROT_WRITE, n, gfns, errs);
	if (!map) {
		fprintf(stderr, "xs-map-foreign: mapping %lu pages of domain %u failed: %s\n", n,
			dom, strerror(errno));
		goto out_close;
	}
	for (i = 0; i < n; i++) {
		if (errs[i]) {
			fprintf(stderr, "xs-map-foreign: gfn %#lx: %s\n", (unsigned long)gfns[i],
				strerror(-errs[i]));
			goto out_unmap;
		}
		/* Touch each page so the mapping is really populated. */
		(void)*(volatile unsigned char *)((char *)map + i * 4096);
	}

	signal(SIGTERM, on_signal);
	signal(SIGINT, on_signal);
	printf("mapped %lu\n", n);
	fflush(stdout);
	while (!stop)
		pause();
	ret = 0;

out_unmap:
	xenforeignmemory_unmap(fmem, map, n);
out_close:
	xenforeignmemory_close(fmem);
out_free:
	free(gfns);
	free(errs);
	return ret;
}
