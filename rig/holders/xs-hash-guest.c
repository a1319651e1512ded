/*
 * xs-hash-guest: a fingerprint of a guest's whole state that a read-only
 * tool must leave as it found it: a hash of every page of its physical
 * address space and of every vCPU's context.  The rig's read-only scenario
 * takes one before and one after each tool, the guest paused throughout.
 *
 * Usage: xs-hash-guest DOMID
 * Prints "vcpu N HASH" per vCPU, then "gfn 0xG HASH" per page ("gfn 0xG -"
 * for a gfn with no page behind it).  Exit 0, or 1 with one line on error.
 *
 * The pages are mapped read-only through privcmd (PROT_READ): reading is
 * all this does.  privcmd takes machine frames for PV guests, so for PV
 * the guest's p2m is read first, as for xs-map-foreign.
 */
#include <inttypes.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>

#include <xenctrl.h>
#include <xenforeignmemory.h>
#include <xenguest.h>

#define BATCH 256
#define PAGE 4096
#define NO_FRAME (~(xen_pfn_t)0) /* a PV pfn with no machine frame */

/* FNV-1a, 64 bits: a fingerprint, not a defence against anyone. */
static uint64_t fnv1a(const void *p, size_t n)
{
	const unsigned char *b = p;
	uint64_t h = 0xcbf29ce484222325ULL;

	while (n--) {
		h ^= *b++;
		h *= 0x100000001b3ULL;
	}
	return h;
}

static int hash_vcpus(xc_interface *xch, uint32_t dom, const xc_domaininfo_t *info)
{
	for (uint32_t v = 0; v <= info->max_vcpu_id; v++) {
		vcpu_guest_context_any_t ctx;

		memset(&ctx, 0, sizeof(ctx));
		if (xc_vcpu_getcontext(xch, dom, v, &ctx)) {
			fprintf(stderr, "xs-hash-guest: vcpu %u context of domain %u unreadable\n", v,
				dom);
			return -1;
		}
		printf("vcpu %u %016" PRIx64 "\n", v, fnv1a(&ctx, sizeof(ctx)));
	}
	return 0;
}

static int hash_pages(xenforeignmemory_handle *fmem, uint32_t dom, const xen_pfn_t *frames,
		      unsigned long nr)
{
	xen_pfn_t batch[BATCH];
	int err[BATCH];

	for (unsigned long g = 0; g < nr; g += BATCH) {
		unsigned long n = nr - g < BATCH ? nr - g : BATCH;
		unsigned char *map;

		memcpy(batch, frames + g, n * sizeof(*batch));
		map = xenforeignmemory_map(fmem, dom, PROT_READ, n, batch, err);
		for (unsigned long i = 0; i < n; i++) {
			if (!map || err[i] || frames[g + i] == NO_FRAME)
				printf("gfn %#lx -\n", g + i);
			else
				printf("gfn %#lx %016" PRIx64 "\n", g + i,
				       fnv1a(map + i * PAGE, PAGE));
		}
		if (map)
			xenforeignmemory_unmap(fmem, map, n);
	}
	return 0;
}

int main(int argc, char **argv)
{
	struct xc_domain_meminfo minfo = { 0 };
	xenforeignmemory_handle *fmem = NULL;
	xen_pfn_t *frames = NULL;
	xc_domaininfo_t info;
	unsigned long nr, i;
	xc_interface *xch;
	xen_pfn_t max_gfn;
	int pv, ret = 1;
	uint32_t dom;

	if (argc != 2) {
		fprintf(stderr, "usage: xs-hash-guest DOMID\n");
		return 2;
	}
	dom = strtoul(argv[1], NULL, 0);
	xch = xc_interface_open(NULL, NULL, 0);
	if (!xch) {
		fprintf(stderr, "xs-hash-guest: cannot open libxenctrl\n");
		return 1;
	}
	if (xc_domain_getinfolist(xch, dom, 1, &info) != 1 || info.domain != dom) {
		fprintf(stderr, "xs-hash-guest: no domain %u\n", dom);
		goto out_close;
	}
	pv = !(info.flags & XEN_DOMINF_hvm_guest);
	if (pv && xc_map_domain_meminfo(xch, dom, &minfo)) {
		fprintf(stderr, "xs-hash-guest: cannot read the p2m of domain %u\n", dom);
		goto out_close;
	}
	if (pv) {
		nr = minfo.p2m_size;
	} else if (xc_domain_maximum_gpfn(xch, dom, &max_gfn) < 0) {
		fprintf(stderr, "xs-hash-guest: no maximum gfn for domain %u\n", dom);
		goto out_meminfo;
	} else {
		nr = max_gfn + 1;
	}
	frames = calloc(nr, sizeof(*frames));
	fmem = xenforeignmemory_open(NULL, 0);
	if (!frames || !fmem) {
		fprintf(stderr, "xs-hash-guest: out of memory or no privcmd\n");
		goto out_free;
	}
	for (i = 0; i < nr; i++) {
		uint64_t f = i;

		if (pv)
			f = minfo.guest_width == 8 ? ((uint64_t *)minfo.p2m_table)[i]
						   : ((uint32_t *)minfo.p2m_table)[i];
		frames[i] = (pv && (f == ~0ULL || f == 0xffffffffULL)) ? NO_FRAME : f;
	}
	if (hash_vcpus(xch, dom, &info) == 0 && hash_pages(fmem, dom, frames, nr) == 0)
		ret = 0;
out_free:
	if (fmem)
		xenforeignmemory_close(fmem);
	free(frames);
out_meminfo:
	if (pv)
		xc_unmap_domain_meminfo(xch, &minfo);
out_close:
	xc_interface_close(xch);
	return ret;
}
