/*
 * xs-inject: test-only client of XEN_DOMCTL_xenscope for the rig scenarios.
 *
 * Usage: xs-inject DOMID MFN general|type|put-general|put-type
 *          leak (or give back) one reference on page MFN of DOMID through
 *          XENSCOPE_OP_INJECT (hypervisors built with CONFIG_XENSCOPE_INJECT)
 *        xs-inject DOMID 0 share-skip-undo
 *          arm DOMID: its next nomination failing for an extra reference
 *          keeps the type reference it took (page_make_sharable())
 *        xs-inject DOMID MFN share-repair
 *          give that reference back on page MFN
 *        xs-inject --walk DOMID
 *          walk PAGES and REFS of DOMID with the cursor, as the tools do,
 *          and print how many records and how many calls each walk took:
 *          "pages=N page_calls=C refs=R ref_calls=C max_refs_per_call=M"
 *        xs-inject --dump pages|refs DOMID
 *          print every record the hypervisor returns, one line each, raw
 *          fields and (pages) the page type and counts split with the masks
 *          the hypervisor reports in XENSCOPE_OP_INFO: the scenarios check
 *          Xen's own records against what the tools make of them
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

/* Per call, as the tools' live backend: 16 pages of records. */
#define BUF_PAGES 16

/* Called with each call's records; NULL: only count them. */
typedef void (*batch_fn)(const uint8_t *recs, uint32_t nr, void *arg);

static int walk(xc_interface *xch, unsigned int dom, uint16_t op, size_t recsize,
		unsigned long *records, unsigned long *calls, unsigned long *max_per_call,
		batch_fn fn, void *fn_arg)
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
		if (fn)
			fn(buf, arg.nr, fn_arg);
		*records += arg.nr;
		if (arg.nr > *max_per_call)
			*max_per_call = arg.nr;
		cursor = arg.cursor;
		gen = arg.gen;
	}
	xc_hypercall_buffer_free_pages(xch, buf, BUF_PAGES);
	return err;
}

/*
 * XENSCOPE_OP_INFO: the hypervisor's own PGC_ and PGT_ masks.  Asked of the
 * domain dumped: under FLASK, the one the caller has mmu:pageinfo over.
 */
static int get_info(xc_interface *xch, unsigned int dom, struct xenscope_info *info)
{
	DECLARE_HYPERCALL_BUFFER(uint8_t, buf);
	struct xen_domctl_xenscope arg = { .op = XENSCOPE_OP_INFO, .nr = 1 };
	int err;

	buf = xc_hypercall_buffer_alloc_pages(xch, buf, 1);
	if (!buf)
		return -ENOMEM;
	set_xen_guest_handle(arg.buf, buf);
	err = xs_xen_domctl(xch, dom, &arg);
	if (!err)
		memcpy(info, buf, sizeof(*info));
	xc_hypercall_buffer_free_pages(xch, buf, 1);
	return err;
}

static void print_pages(const uint8_t *recs, uint32_t nr, void *arg)
{
	const struct xenscope_info *in = arg;
	const struct xenscope_page *p = (const void *)recs;

	for (uint32_t i = 0; i < nr; i++, p++)
		printf("page mfn=%#" PRIx64 " gfn=%#" PRIx64 " count_info=%#" PRIx64
		       " type_info=%#" PRIx64 " owner=%u list=%u flags=%#x ptype=%" PRIu64
		       " tcount=%" PRIu64 " gcount=%" PRIu64 " pinned=%d validated=%d"
		       " page_table=%d\n",
		       p->mfn, p->gfn, p->count_info, p->type_info, p->owner, p->list, p->flags,
		       (p->type_info & in->pgt_type_mask) >> in->pgt_type_shift,
		       p->type_info & in->pgt_count_mask, p->count_info & in->pgc_count_mask,
		       !!(p->type_info & in->pgt_pinned), !!(p->type_info & in->pgt_validated),
		       !!(p->count_info & in->pgc_page_table));
}

static void print_refs(const uint8_t *recs, uint32_t nr, void *arg)
{
	const struct xenscope_ref *r = (const void *)recs;

	(void)arg;
	for (uint32_t i = 0; i < nr; i++, r++)
		printf("ref mfn=%#" PRIx64 " via=%#" PRIx64 " kind=%u holder=%u slot=%u flags=%#x"
		       " general=%u type=%u grant_ref=%u handle=%u aux=%#x backptr=%d level=%u\n",
		       r->mfn, r->via, r->kind, r->holder, r->slot, r->flags, r->general, r->type,
		       r->grant_ref, r->handle, r->aux, !!(r->flags & XENSCOPE_REFF_BACKPTR),
		       r->flags & XENSCOPE_REFF_BACKPTR ? r->aux & XENSCOPE_SH_LEVEL_MASK : 0);
}

static int dump(const char *what, const char *domid)
{
	unsigned long n, calls, max;
	struct xenscope_info info;
	unsigned int dom = strtoul(domid, NULL, 0);
	xc_interface *xch;
	int err;

	if (strcmp(what, "pages") && strcmp(what, "refs")) {
		fprintf(stderr, "xs-inject: --dump pages or --dump refs, not '%s'\n", what);
		return 2;
	}
	xch = xc_interface_open(NULL, NULL, 0);
	if (!xch)
		return 1;
	err = get_info(xch, dom, &info);
	if (!err && !strcmp(what, "pages"))
		err = walk(xch, dom, XENSCOPE_OP_PAGES, sizeof(struct xenscope_page), &n, &calls,
			   &max, print_pages, &info);
	else if (!err)
		err = walk(xch, dom, XENSCOPE_OP_REFS, sizeof(struct xenscope_ref), &n, &calls,
			   &max, print_refs, NULL);
	xc_interface_close(xch);
	if (err) {
		fprintf(stderr, "xs-inject: dumping %s of domain %u: %s (errno %d)\n", what, dom,
			strerror(-err), -err);
		return 1;
	}
	return 0;
}

int main(int argc, char **argv)
{
	static const char *const what_names[] = {
		[XENSCOPE_INJECT_GENERAL] = "general",
		[XENSCOPE_INJECT_TYPE] = "type",
		[XENSCOPE_INJECT_PUT_GENERAL] = "put-general",
		[XENSCOPE_INJECT_PUT_TYPE] = "put-type",
		[XENSCOPE_INJECT_SHARE_SKIP_UNDO] = "share-skip-undo",
		[XENSCOPE_INJECT_SHARE_REPAIR] = "share-repair",
	};
	xc_interface *xch;
	unsigned int dom, what = 0, i;
	int err;

	if (argc == 4 && !strcmp(argv[1], "--dump"))
		return dump(argv[2], argv[3]);
	if (argc == 3 && !strcmp(argv[1], "--walk")) {
		unsigned long pages, pcalls, pmax, refs, rcalls, rmax;

		dom = strtoul(argv[2], NULL, 0);
		xch = xc_interface_open(NULL, NULL, 0);
		if (!xch)
			return 1;
		err = walk(xch, dom, XENSCOPE_OP_PAGES, sizeof(struct xenscope_page), &pages,
			   &pcalls, &pmax, NULL, NULL);
		if (!err)
			err = walk(xch, dom, XENSCOPE_OP_REFS, sizeof(struct xenscope_ref), &refs,
				   &rcalls, &rmax, NULL, NULL);
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
		fprintf(stderr, "usage: xs-inject DOMID MFN general|type|put-general|put-type|"
				"share-skip-undo|share-repair\n"
				"       xs-inject --walk DOMID\n"
				"       xs-inject --dump pages|refs DOMID\n");
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
		fprintf(stderr, "xs-inject: %s on mfn %s of domain %u: %s (errno %d)\n", argv[3],
			argv[2], dom, strerror(-err), -err);
		return 1;
	}
	printf("injected %s mfn %s domain %u\n", argv[3], argv[2], dom);
	return 0;
}
