/*
 * xs-inject: test-only client of XEN_DOMCTL_xenscope for the rig scenarios.
 *
 * Usage: xs-inject DOMID MFN general|type|put-general|put-type
 *          leak (or give back) one reference on page MFN of DOMID through
 *          XENSCOPE_OP_INJECT (hypervisors built with CONFIG_XENSCOPE_INJECT)
 *        xs-inject --walk DOMID
 *          walk PAGES and REFS of DOMID with the cursor, as the tools do,
 *          and print how many records and how many calls each walk took:
 *          "pages=N page_calls=C refs=R ref_calls=C max_refs_per_call=M"
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

/* Per call, as the tools' live backend: 16 pages of records. */
#define BUF_PAGES 16

static int walk(xc_interface *xch, unsigned int dom, uint16_t op, size_t recsize,
		unsigned long *records, unsigned long *calls, unsigned long *max_per_call)
{
	DECLARE_HYPERCALL_BUFFER(uint8_t, buf);
	uint64_t cursor = 0, gen = 0;
	int err = 0;

	buf = xc_hypercall_buffer_alloc_pages(xch, buf, BUF_PAGES);
	if (!buf)
		return -ENOMEM;
	*records = *calls = *max_per_call = 0;
	while (cursor != XENSCOPE_CURSOR_END) {
		struct xen_domctl_xenscope arg = {
			.op = op,
			.nr = (uint32_t)(BUF_PAGES * XC_PAGE_SIZE / recsize),
			.cursor = cursor,
			.gen = gen,
		};

		set_xen_guest_handle(arg.buf, buf);
		err = xs_xen_domctl(xch, dom, &arg);
		if (err)
			break;
		(*calls)++;
		*records += arg.nr;
		if (arg.nr > *max_per_call)
			*max_per_call = arg.nr;
		cursor = arg.cursor;
		gen = arg.gen;
	}
	xc_hypercall_buffer_free_pages(xch, buf, BUF_PAGES);
	return err;
}

int main(int argc, char **argv)
{
	static const char *const what_names[] = {
		[XENSCOPE_INJECT_GENERAL] = "general",
		[XENSCOPE_INJECT_TYPE] = "type",
		[XENSCOPE_INJECT_PUT_GENERAL] = "put-general",
		[XENSCOPE_INJECT_PUT_TYPE] = "put-type",
	};
	xc_interface *xch;
	unsigned int dom, what = 0, i;
	int err;

	if (argc == 3 && !strcmp(argv[1], "--walk")) {
		unsigned long pages, pcalls, pmax, refs, rcalls, rmax;

		dom = strtoul(argv[2], NULL, 0);
		xch = xc_interface_open(NULL, NULL, 0);
		if (!xch)
			return 1;
		err = walk(xch, dom, XENSCOPE_OP_PAGES, sizeof(struct xenscope_page), &pages,
			   &pcalls, &pmax);
		if (!err)
			err = walk(xch, dom, XENSCOPE_OP_REFS, sizeof(struct xenscope_ref), &refs,
				   &rcalls, &rmax);
		xc_interface_close(xch);
		if (err) {
			fprintf(stderr, "xs-inject: walking domain %u: %s\n", dom, strerror(-err));
			return 1;
		}
		printf("pages=%lu page_calls=%lu refs=%lu ref_calls=%lu max_refs_per_call=%lu\n",
		       pages, pcalls, refs, rcalls, rmax);
		return 0;
	}

	if (argc != 4) {
		fprintf(stderr, "usage: xs-inject DOMID MFN general|type|put-general|put-type\n"
				"       xs-inject --walk DOMID\n");
		return 2;
	}
	dom = strtoul(argv[1], NULL, 0);
	for (i = 1; i < sizeof(what_names) / sizeof(what_names[0]); i++)
		if (!strcmp(argv[3], what_names[i]))
			what = i;
	if (!what) {
		fprintf(stderr, "xs-inject: unknown kind '%s'\n", argv[3]);
		return 2;
	}

	xch = xc_interface_open(NULL, NULL, 0);
	if (!xch)
		return 1;
	{
		struct xen_domctl_xenscope arg = { .op = XENSCOPE_OP_INJECT };

		arg.u.inject.mfn = strtoull(argv[2], NULL, 0);
		arg.u.inject.what = what;
		err = xs_xen_domctl(xch, dom, &arg);
	}
	xc_interface_close(xch);
	if (err) {
		fprintf(stderr, "xs-inject: %s on mfn %s of domain %u: %s\n", argv[3], argv[2], dom,
			strerror(-err));
		return 1;
	}
	printf("injected %s mfn %s domain %u\n", argv[3], argv[2], dom);
	return 0;
}
