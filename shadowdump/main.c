// SPDX-License-Identifier: MIT
/*
 * shadowdump: the shadow page tables of a shadow-paged domain, from the
 * live hypervisor or a snapshot.  Without a subcommand, the shadows by level
 * as found through the references they hold (lib/shadow/shadow.c), so what is
 * listed is exactly what the page-reference audit accounts to them; `tables`,
 * `va` and `audit` read the shadow entries themselves beside the guest's
 * (lib/shadow/report.c).
 */
#include <errno.h>
#include <inttypes.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "xenscope/core/cli.h"
#include "xenscope/core/exit.h"
#include "xenscope/core/json.h"
#include "xenscope/core/output.h"
#include "xenscope/shadow/shadow.h"
#include "xenscope/snap/snap.h"

#include "shadowdump.h"

/* What each exit code means here (shadowdump(1) says the same). */
static const struct xs_exit_note exit_notes[] = {
	{ XS_EXIT_OK, "shadows found; audit: clean; va: the walks agree" },
	{ XS_EXIT_EXPECTED, "no shadows: not shadow-paged, or none yet; audit: expected differences "
			    "only; va: a walk stopped before a frame" },
	{ XS_EXIT_SUSPICIOUS, "audit: suspicious entries; va: the walks disagree" },
	{ XS_EXIT_USAGE, NULL },
	{ XS_EXIT_TARGET, NULL },
};

static int set_save(void *v, const char *arg)
{
	((struct opts *)v)->save = arg;
	return 0;
}

static int set_vcpu(void *v, const char *arg)
{
	struct opts *o = v;

	if (xs_parse_u64(arg, &o->vcpu) || o->vcpu > UINT16_MAX)
		return xs_error(-EINVAL, "bad vCPU '%s'", arg);
	o->have_vcpu = true;
	return 0;
}

static int set_help(void *v, const char *arg);

static const struct xs_cli_option options[] = {
	XS_CLI_TARGET_OPTIONS,
	{ "save", 0, "FILE", set_save, 0, "save what was read as a snapshot FILE" },
	{ "list", 'l', NULL, XS_CLI_FLAG(struct opts, list), "one line per shadow page" },
	{ "json", 0, NULL, XS_CLI_FLAG(struct opts, json), "JSON output" },
	{ "vcpu", 0, "N", set_vcpu, 0,
	  "tables, va: from vCPU N's top-level shadow (va: default 0)" },
	{ "help", 'h', NULL, set_help, 0, "this text" },
};

static int set_help(void *v, const char *arg)
{
	return xs_cli_help("[tables|va|audit] DOMID|NAME [ADDR]", options, XS_ARRAY_SIZE(options),
			   exit_notes, XS_ARRAY_SIZE(exit_notes),
			   "subcommands:\n"
			   "  (none)  shadows by level, from the references they hold\n"
			   "  tables  the tree from each vCPU's top-level shadow, guest and shadow\n"
			   "          entries side by side with each pair's verdict (exit 0)\n"
			   "  va      one translation of ADDR, guest walk and shadow walk\n"
			   "  audit   counts per verdict; every suspicious entry with its path\n");
}

static int parse_args(int argc, char **argv, struct opts *o)
{
	int first, err;

	err = xs_cli_parse(argc, argv, options, XS_ARRAY_SIZE(options), o, &first);
	if (err)
		return err;
	if (argc - first >= 1 && (!strcmp(argv[first], "tables") || !strcmp(argv[first], "va") ||
				  !strcmp(argv[first], "audit")))
		o->cmd = argv[first++];
	if (o->cmd && !strcmp(o->cmd, "va")) {
		if (argc - first != 2)
			return xs_error(-EINVAL, "va: give a domain and an address (try --help)");
		o->addr = argv[first + 1];
	} else if (argc - first != 1) {
		return xs_error(-EINVAL, "give one domain (try --help)");
	}
	o->domain = argv[first];
	if (!o->target)
		o->target = "xen";
	return 0;
}

static void print_text(const struct xs_domain *d, const struct xs_shadows *s, bool list)
{
	static const char *const hdr[] = { "smfn", "level", "shadows gmfn", "gfn", "entries" };
	struct xs_table tab;

	printf("domain %u (%s): %zu shadow pages; %" PRIu64
	       " entries of L1 shadows map its pages\n",
	       d->domid, d->name, s->nr, s->entries);
	for (int c = XS_SHADOW_L4; c >= XS_SHADOW_L1; c--)
		printf("  %-3s %8" PRIu64 "\n", xs_shadow_class_name(c), s->by_level[c]);
	printf("  %-3s %8" PRIu64 "  (map pages, shadow no guest table: superpages)\n",
	       xs_shadow_class_name(XS_SHADOW_FL1), s->by_level[XS_SHADOW_FL1]);
	if (s->by_level[XS_SHADOW_UNKNOWN])
		printf("  %-3s %8" PRIu64 "  (a level this shadowdump does not know)\n", "?",
		       s->by_level[XS_SHADOW_UNKNOWN]);
	if (!list || xs_table_init(&tab, 5, hdr, "rlrrr"))
		return;
	for (size_t i = 0; i < s->nr; i++) {
		const struct xs_shadow *sh = &s->v[i];

		xs_table_cell(&tab, "%#" PRIx64, sh->smfn);
		xs_table_cell(&tab, "%s", xs_shadow_class_name(sh->cls));
		if (sh->gmfn == XS_SHADOW_NO_MFN)
			xs_table_cell(&tab, "-");
		else
			xs_table_cell(&tab, "%#" PRIx64, sh->gmfn);
		if (sh->gfn == XS_SHADOW_NO_MFN)
			xs_table_cell(&tab, "-");
		else
			xs_table_cell(&tab, "%#" PRIx64, sh->gfn);
		xs_table_cell(&tab, "%u", sh->entries);
	}
	xs_table_print(&tab, stdout);
	xs_table_release(&tab);
}

static json_t *shadow_json(const struct xs_shadow *sh)
{
	json_t *j = json_object();

	if (!j)
		return NULL;
	json_object_set_new(j, "smfn", xs_json_hex(sh->smfn));
	json_object_set_new(j, "level", json_string(xs_shadow_class_name(sh->cls)));
	json_object_set_new(j, "gmfn",
			    sh->gmfn == XS_SHADOW_NO_MFN ? json_null() : xs_json_hex(sh->gmfn));
	json_object_set_new(j, "gfn",
			    sh->gfn == XS_SHADOW_NO_MFN ? json_null() : xs_json_hex(sh->gfn));
	json_object_set_new(j, "entries", json_integer(sh->entries));
	return j;
}

static int print_json(const struct xs_domain *d, const struct xs_shadows *s, bool list)
{
	json_t *doc = json_object(), *by = json_object(), *arr = list ? json_array() : NULL;
	int err = -ENOMEM;

	if (!doc || !by || (list && !arr))
		goto out;
	for (int c = 0; c < XS_SHADOW_NR_CLASSES; c++)
		json_object_set_new(by, xs_shadow_class_name(c), json_integer(s->by_level[c]));
	json_object_set_new(doc, "domid", json_integer(d->domid));
	json_object_set_new(doc, "name", json_string(d->name));
	json_object_set_new(doc, "shadow_pages", json_integer(s->nr));
	json_object_set_new(doc, "l1_entries", json_integer(s->entries));
	json_object_set(doc, "by_level", by);
	for (size_t i = 0; list && i < s->nr; i++) {
		json_t *j = shadow_json(&s->v[i]);

		if (!j || json_array_append_new(arr, j))
			goto out;
	}
	if (list)
		json_object_set(doc, "shadows", arr);
	err = xs_json_print(doc, stdout); /* drops doc */
	doc = NULL;
out:
	if (err == -ENOMEM)
		xs_error(err, "out of memory");
	json_decref(arr);
	json_decref(by);
	json_decref(doc);
	return err;
}

int main(int argc, char **argv)
{
	struct xs_domains doms = { 0 };
	struct xs_shadows s = { 0 };
	struct opts o = { 0 };
	const struct xs_domain *d;
	struct xs_target *t;
	int ret = XS_EXIT_TARGET;

	xs_set_prog(argv[0]);
	ret = parse_args(argc, argv, &o);
	if (ret)
		return ret == XS_CLI_DONE ? XS_EXIT_OK : XS_EXIT_USAGE;
	ret = XS_EXIT_TARGET;
	if (xs_target_open(o.target, &t))
		return XS_EXIT_TARGET;
	if (xs_target_domains(t, &doms))
		goto out_close;
	d = xs_cli_find_domain(t, &doms, o.domain);
	if (!d) {
		ret = XS_EXIT_USAGE;
		goto out_domains;
	}
	if (o.cmd) {
		ret = !strcmp(o.cmd, "audit")	 ? sd_audit(t, d, &o)
		      : !strcmp(o.cmd, "tables") ? sd_tables(t, d, &o)
						 : sd_va(t, d, &o);
		goto out_domains;
	}
	if (o.save && xs_snap_save(t, &d->domid, 1, xs_prog(), o.save))
		goto out_domains;
	if (xs_shadows_collect(t, d->domid, &s))
		goto out_shadows;
	if (!o.json)
		print_text(d, &s, o.list);
	else if (print_json(d, &s, o.list))
		goto out_shadows;
	ret = s.nr ? XS_EXIT_OK : XS_EXIT_EXPECTED;
out_shadows:
	xs_shadows_release(&s);
out_domains:
	xs_domains_release(&doms);
out_close:
	xs_target_close(t);
	return ret;
}
