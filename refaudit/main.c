// SPDX-License-Identifier: MIT
/*
 * refaudit: why will a domain's pages not free?  This front end parses
 * arguments and prints; the joining of pages with references is
 * lib/audit.c, reading the hypervisor or a snapshot is the target layer.
 */
#include <errno.h>
#include <getopt.h>
#include <inttypes.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <xenscope/audit.h>
#include <xenscope/json.h>
#include <xenscope/output.h>
#include <xenscope/pageinfo.h>
#include <xenscope/snap.h>
#include <xenscope/target.h>

/* Exit status, as documented in refaudit(1). */
enum {
	EXIT_NOTHING_HELD = 0,
	EXIT_HELD_EXPLAINED = 1,
	EXIT_UNEXPLAINED = 2,
	EXIT_USAGE = 3,
	EXIT_TARGET = 4,
};

struct opts {
	const char *target;
	const char *save;
	const char *domain;
	bool json;
};

static void usage(FILE *f)
{
	fprintf(f,
		"usage: %s [-t TARGET | -f FILE] [--save FILE] [--json] [DOMID|NAME]\n"
		"  -t, --target TARGET  'xen' (default), 'snap:PATH' or a snapshot path\n"
		"  -f, --file FILE      read the snapshot FILE\n"
		"      --save FILE      save what was read as a snapshot\n"
		"      --json           JSON output\n",
		xs_prog());
}

static int parse_args(int argc, char **argv, struct opts *o)
{
	enum { OPT_SAVE = 256, OPT_JSON };
	static const struct option longopts[] = {
		{ "target", required_argument, NULL, 't' },
		{ "file", required_argument, NULL, 'f' },
		{ "save", required_argument, NULL, OPT_SAVE },
		{ "json", no_argument, NULL, OPT_JSON },
		{ "help", no_argument, NULL, 'h' },
		{ NULL, 0, NULL, 0 },
	};
	int c;

	opterr = 0; /* our own one-line messages */
	while ((c = getopt_long(argc, argv, "t:f:h", longopts, NULL)) != -1) {
		switch (c) {
		case 't':
		case 'f':
			if (o->target)
				return xs_error(-EINVAL, "give one target (-t or -f)");
			o->target = optarg;
			break;
		case OPT_SAVE:
			o->save = optarg;
			break;
		case OPT_JSON:
			o->json = true;
			break;
		case 'h':
			usage(stdout);
			exit(0);
		default:
			return xs_error(-EINVAL, "unknown or incomplete option '%s' (try --help)",
					argv[optind - 1]);
		}
	}
	if (argc - optind > 1)
		return xs_error(-EINVAL, "one domain at a time (try --help)");
	o->domain = optind < argc ? argv[optind] : NULL;
	if (!o->target)
		o->target = "xen";
	return 0;
}

/* ------------------------------------------------------------ domain list */

static bool dying_with_pages(const struct xs_domain *d)
{
	return (d->flags & XS_DOM_DYING) && d->tot_pages;
}

static int print_domains(const struct xs_domains *doms, bool json)
{
	static const char *const head[] = { "ID", "NAME", "STATE", "PAGES", "MAX" };
	struct xs_table tab;
	int err;

	if (json) {
		json_t *arr = json_array();

		for (size_t i = 0; arr && i < doms->nr; i++)
			json_array_append_new(arr, xs_json_domain(&doms->v[i]));
		return xs_json_print(json_pack("{s:o}", "domains", arr), stdout);
	}
	err = xs_table_init(&tab, XS_ARRAY_SIZE(head), head, "rllrr");
	for (size_t i = 0; !err && i < doms->nr; i++) {
		const struct xs_domain *d = &doms->v[i];
		char state[64];

		err = xs_table_cell(&tab, "%" PRIu32, d->domid);
		if (!err)
			err = xs_table_cell(&tab, "%s", d->name);
		if (!err)
			err = xs_table_cell(&tab, "%s",
					    xs_domain_state(d->flags, state, sizeof(state)));
		if (!err)
			err = xs_table_cell(&tab, "%" PRIu64, d->tot_pages);
		if (!err)
			err = xs_table_cell(&tab, "%" PRIu64, d->max_pages);
		if (!err && dying_with_pages(d))
			xs_table_color(&tab, XS_COLOR_RED);
	}
	if (!err)
		xs_table_print(&tab, stdout);
	xs_table_release(&tab);
	return err;
}

static int list_domains(struct xs_target *t, const struct xs_domains *doms, const struct opts *o)
{
	uint32_t *ids = calloc(doms->nr ? doms->nr : 1, sizeof(*ids));
	size_t nr = 0;
	int err = 0;

	if (!ids)
		return xs_error(-ENOMEM, "out of memory");
	for (size_t i = 0; i < doms->nr; i++)
		if (dying_with_pages(&doms->v[i]) &&
		    xs_target_has(t, XS_OP_PAGES, doms->v[i].domid) &&
		    xs_target_has(t, XS_OP_REFS, doms->v[i].domid))
			ids[nr++] = doms->v[i].domid;
	/* Saving from the list view keeps the evidence of every zombie. */
	if (o->save)
		err = xs_snap_save(t, ids, nr, xs_prog(), o->save);
	free(ids);
	if (err)
		return EXIT_TARGET;
	if (print_domains(doms, o->json))
		return EXIT_TARGET;
	for (size_t i = 0; i < doms->nr; i++)
		if (dying_with_pages(&doms->v[i]))
			return EXIT_HELD_EXPLAINED;
	return EXIT_NOTHING_HELD;
}

/* ------------------------------------------------------------ one domain */

struct show {
	bool json;
	json_t *pages; /* JSON: array being filled */
};

static void print_ref(const struct xenscope_ref *r)
{
	const char *kind = xs_ref_kind_name(r->kind);

	printf("    %-12s d%-5u general %-3" PRIu32 " type %-3" PRIu32, kind ? kind : "?",
	       r->holder, r->general, r->type);
	if (r->kind == XENSCOPE_REF_GRANT)
		printf(" gref %" PRIu32 " handle %" PRIu32, r->grant_ref, r->handle);
	if (r->via)
		printf(" via %#" PRIx64 " slot %u", r->via, r->slot);
	if (r->kind == XENSCOPE_REF_VCPU_CR3 || r->kind == XENSCOPE_REF_SEG_DESC ||
	    r->kind == XENSCOPE_REF_XEN)
		printf(" aux %" PRIu32, r->aux);
	putchar('\n');
}

static int show_page(const struct xs_audit_page *ap, void *arg)
{
	struct show *s = arg;
	const struct xenscope_page *p = ap->page;
	char dec[XS_PAGEINFO_STRLEN];
	char gfn[24] = "-";

	if (s->json) {
		json_t *j = xs_json_page(p, ap->layout), *refs = json_array();

		for (size_t i = 0; refs && i < ap->nr_refs; i++)
			json_array_append_new(refs, xs_json_ref(&ap->refs[i]));
		if (!j || !refs || json_object_set_new(j, "refs", refs) ||
		    json_object_set_new(j, "unexplained", json_integer(ap->unexplained)) ||
		    json_object_set_new(j, "unexplained_type",
					json_integer(ap->unexplained_type)) ||
		    json_array_append_new(s->pages, j))
			return xs_error(-ENOMEM, "cannot build JSON output");
		return 0;
	}
	if (p->flags & XENSCOPE_PAGE_GFN_VALID)
		snprintf(gfn, sizeof(gfn), "%#" PRIx64, p->gfn);
	printf("mfn %#" PRIx64 "  gfn %s  %s\n", p->mfn, gfn,
	       xs_pageinfo_format(ap->layout, p->count_info, p->type_info, dec, sizeof(dec)));
	for (size_t i = 0; i < ap->nr_refs; i++)
		print_ref(&ap->refs[i]);
	if (ap->unexplained || ap->unexplained_type)
		printf("    %sunexplained: general %+" PRId64 ", type %+" PRId64 "%s\n",
		       xs_color(stdout, XS_COLOR_RED), ap->unexplained, ap->unexplained_type,
		       xs_color(stdout, XS_COLOR_NONE));
	return 0;
}

static void print_holders(const struct xs_audit *a)
{
	static const char *const head[] = { "KIND", "HOLDER", "PAGES", "REFS", "GENERAL", "TYPE" };
	struct xs_table tab;
	int err = xs_table_init(&tab, XS_ARRAY_SIZE(head), head, "llrrrr");

	for (size_t i = 0; !err && i < a->nr_holders; i++) {
		const struct xs_audit_holder *h = &a->holders[i];
		const char *kind = xs_ref_kind_name(h->kind);

		err = xs_table_cell(&tab, "%s", kind ? kind : "?");
		if (!err)
			err = xs_table_cell(&tab, "d%u", h->holder);
		if (!err)
			err = xs_table_cell(&tab, "%" PRIu64, h->pages);
		if (!err)
			err = xs_table_cell(&tab, "%" PRIu64, h->refs);
		if (!err)
			err = xs_table_cell(&tab, "%" PRIu64, h->general);
		if (!err)
			err = xs_table_cell(&tab, "%" PRIu64, h->type);
	}
	if (!err && a->nr_holders)
		xs_table_print(&tab, stdout);
	xs_table_release(&tab);
}

static json_t *json_summary(const struct xs_audit *a)
{
	json_t *holders = json_array();

	for (size_t i = 0; holders && i < a->nr_holders; i++) {
		const struct xs_audit_holder *h = &a->holders[i];
		const char *kind = xs_ref_kind_name(h->kind);

		json_array_append_new(
			holders, json_pack("{s:s s:i s:I s:I s:I s:I}", "kind", kind ? kind : "?",
					   "holder", (int)h->holder, "pages", (json_int_t)h->pages,
					   "refs", (json_int_t)h->refs, "general",
					   (json_int_t)h->general, "type", (json_int_t)h->type));
	}
	return json_pack("{s:I s:I s:I s:I s:o}", "pages", (json_int_t)a->nr_pages, "held",
			 (json_int_t)a->held_pages, "unexplained_pages",
			 (json_int_t)a->unexplained_pages, "orphan_refs",
			 (json_int_t)a->orphan_refs, "holders", holders);
}

static int exit_for(const struct xs_audit *a)
{
	if (a->unexplained_pages || a->orphan_refs)
		return EXIT_UNEXPLAINED;
	return a->held_pages ? EXIT_HELD_EXPLAINED : EXIT_NOTHING_HELD;
}

static int audit_domain(struct xs_target *t, const struct xs_domain *d, const struct opts *o)
{
	struct show s = { .json = o->json };
	struct xs_audit a = { 0 };
	char state[64];
	int ret;

	if (o->save && xs_snap_save(t, &d->domid, 1, xs_prog(), o->save))
		return EXIT_TARGET;
	if (s.json && !(s.pages = json_array()))
		return xs_error(-ENOMEM, "out of memory"), EXIT_TARGET;
	if (!s.json)
		printf("domain %u (%s): %s, %" PRIu64 " pages\n", d->domid, d->name,
		       xs_domain_state(d->flags, state, sizeof(state)), d->tot_pages);
	if (xs_audit_run(t, d->domid, show_page, &s, &a)) {
		json_decref(s.pages);
		xs_audit_release(&a);
		return EXIT_TARGET;
	}
	ret = exit_for(&a);
	if (s.json) {
		if (xs_json_print(json_pack("{s:o s:o s:o s:i}", "domain", xs_json_domain(d),
					    "pages", s.pages, "summary", json_summary(&a), "status",
					    ret),
				  stdout))
			ret = EXIT_TARGET;
	} else {
		printf("%" PRIu64 " pages, %" PRIu64 " held, %" PRIu64 " with unexplained "
		       "references, %" PRIu64 " references to pages not listed\n",
		       a.nr_pages, a.held_pages, a.unexplained_pages, a.orphan_refs);
		print_holders(&a);
	}
	xs_audit_release(&a);
	return ret;
}

int main(int argc, char **argv)
{
	struct xs_domains doms = { 0 };
	struct opts o = { 0 };
	struct xs_target *t;
	const struct xs_domain *d;
	int ret;

	xs_set_prog(argv[0]);
	if (parse_args(argc, argv, &o))
		return EXIT_USAGE;
	if (xs_target_open(o.target, &t))
		return EXIT_TARGET;
	if (xs_target_domains(t, &doms)) {
		ret = EXIT_TARGET;
		goto out_close;
	}
	if (!o.domain) {
		ret = list_domains(t, &doms, &o);
		goto out_release;
	}
	d = xs_domains_find(&doms, o.domain);
	if (!d) {
		xs_error(-ENOENT, "no domain '%s' in %s", o.domain, xs_target_name(t));
		ret = EXIT_USAGE;
		goto out_release;
	}
	ret = audit_domain(t, d, &o);

out_release:
	xs_domains_release(&doms);
out_close:
	xs_target_close(t);
	return ret;
}
