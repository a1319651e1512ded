// SPDX-License-Identifier: MIT
/*
 * No domain given: every dying domain that still has pages, with a verdict
 * each, and how long it has been dying when the hypervisor says (the
 * xenscope interface's domain_kill() time; "-" from one without it).
 */
#include <errno.h>
#include <inttypes.h>
#include <stdlib.h>
#include <string.h>

#include "xenscope/core/buf.h"
#include "xenscope/core/json.h"
#include "xenscope/core/output.h"
#include "xenscope/snap/snap.h"

#include "refaudit.h"

struct row {
	const struct xs_domain *d;
	bool audited;
	uint64_t held;
	int status;
	char *verdict;
};

static bool leftover(const struct xs_domain *d)
{
	return (d->flags & XS_DOM_DYING) && d->tot_pages;
}

/* Audit one zombie; after the first failure the rest are not tried (one error line). */
static int audit_row(struct xs_target *t, struct row *r, bool *failed)
{
	static const struct xs_explain_opts eo = { .keep_pages = 0 };
	struct xs_explain e = { 0 };
	struct xs_buf v = XS_BUF_INIT;
	int err;

	r->held = r->d->tot_pages;
	r->status = XS_EXIT_EXPECTED;
	if (*failed || !xs_target_has(t, XS_OP_PAGES, r->d->domid) ||
	    !xs_target_has(t, XS_OP_REFS, r->d->domid)) {
		r->verdict = strdup(xs_verdict_not_audited(*failed ? -EIO : -EOPNOTSUPP));
		return r->verdict ? 0 : -ENOMEM;
	}
	err = xs_explain_run(t, r->d, &eo, &e);
	if (err) {
		*failed = true;
		r->verdict = strdup(xs_verdict_not_audited(err));
		xs_explain_release(&e);
		return r->verdict ? 0 : -ENOMEM;
	}
	r->audited = true;
	r->held = e.audit.held_pages;
	r->status = xs_explain_status(&e);
	err = xs_explain_verdict(&e, &v);
	r->verdict = xs_buf_detach(&v, NULL);
	xs_explain_release(&e);
	return err;
}

static int print_text(const struct row *rows, size_t nr)
{
	static const char *const head[] = { "ID", "NAME", "DYING FOR", "HELD", "VERDICT" };
	struct xs_table tab;
	char since[32];
	int err;

	if (!nr) {
		printf("no dying domain holds pages\n");
		return 0;
	}
	err = xs_table_init(&tab, XS_ARRAY_SIZE(head), head, "rllrl");
	for (size_t i = 0; !err && i < nr; i++) {
		err = xs_table_cell(&tab, "%" PRIu32, rows[i].d->domid);
		if (!err)
			err = xs_table_cell(&tab, "%s", rows[i].d->name);
		if (!err)
			err = xs_table_cell(&tab, "%s",
					    xs_dying_for(rows[i].d, since, sizeof(since)));
		if (!err)
			err = xs_table_cell(&tab, "%" PRIu64, rows[i].held);
		if (!err)
			err = xs_table_cell(&tab, "%s", rows[i].verdict);
		if (!err)
			xs_table_color(&tab, rows[i].status == XS_EXIT_SUSPICIOUS
						     ? XS_COLOR_RED
						     : XS_COLOR_YELLOW);
	}
	if (!err)
		xs_table_print(&tab, stdout);
	xs_table_release(&tab);
	return err;
}

/* Each row is the domain's own JSON form plus what the audit found. */
static json_t *json_row(const struct row *r)
{
	json_t *j = xs_json_domain(r->d);

	if (j && !json_object_set_new(j, "audited", json_boolean(r->audited)) &&
	    !json_object_set_new(j, "held", json_integer((json_int_t)r->held)) &&
	    !json_object_set_new(j, "status", json_integer(r->status)) &&
	    !json_object_set_new(j, "verdict", refaudit_jstr(r->verdict)))
		return j;
	json_decref(j);
	return NULL;
}

static int print_json(struct xs_target *t, const struct row *rows, size_t nr, int status)
{
	json_t *a = json_array();

	for (size_t i = 0; a && i < nr; i++)
		if (json_array_append_new(a, json_row(&rows[i]))) {
			json_decref(a);
			a = NULL;
		}
	return xs_json_print(json_pack("{s:i s:o s:i s:o}", "version", 1, "target",
				       refaudit_jstr(xs_target_name(t)), "status", status, "dying",
				       a),
			     stdout);
}

int refaudit_list(struct xs_target *t, const struct xs_domains *doms, const struct opts *o)
{
	struct row *rows = calloc(doms->nr ? doms->nr : 1, sizeof(*rows));
	uint32_t *ids = calloc(doms->nr ? doms->nr : 1, sizeof(*ids));
	bool failed = false;
	size_t nr = 0, nids = 0;
	int status = XS_EXIT_OK, err = 0;

	if (!rows || !ids) {
		err = xs_error(-ENOMEM, "out of memory");
		goto out_free;
	}
	for (size_t i = 0; i < doms->nr; i++) {
		if (!leftover(&doms->v[i]))
			continue;
		if (xs_target_has(t, XS_OP_PAGES, doms->v[i].domid) &&
		    xs_target_has(t, XS_OP_REFS, doms->v[i].domid))
			ids[nids++] = doms->v[i].domid;
		rows[nr].d = &doms->v[i];
		err = audit_row(t, &rows[nr++], &failed);
		if (err) {
			err = xs_error(err, "out of memory");
			goto out_free;
		}
		if (rows[nr - 1].status > status)
			status = rows[nr - 1].status;
	}
	/* Saving from the list view keeps the evidence of every zombie. */
	if (o->save && xs_snap_save(t, ids, nids, xs_prog(), o->save)) {
		err = -EIO;
		goto out_free;
	}
	err = o->json ? print_json(t, rows, nr, failed ? XS_EXIT_TARGET : status)
		      : print_text(rows, nr);
out_free:
	for (size_t i = 0; rows && i < nr; i++)
		free(rows[i].verdict);
	free(rows);
	free(ids);
	if (err || failed)
		return XS_EXIT_TARGET;
	return status;
}
