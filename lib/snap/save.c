// SPDX-License-Identifier: MIT
/* --save for every tool: read a target through its ops, write a snapshot. */
#include <errno.h>
#include <stdbool.h>

#include "xenscope/sharing/sharing.h"
#include "xenscope/snap/snap.h"

struct save_ctx {
	struct xs_snap_writer *w;
	uint32_t domid;
};

static int save_pages(const struct xenscope_page *p, size_t nr, void *arg)
{
	struct save_ctx *c = arg;

	return xs_snap_writer_add_pages(c->w, c->domid, p, nr);
}

static int save_refs(const struct xenscope_ref *r, size_t nr, void *arg)
{
	struct save_ctx *c = arg;

	return xs_snap_writer_add_refs(c->w, c->domid, r, nr);
}

static int save_cow(const struct xenscope_cow *c, size_t nr, void *arg)
{
	struct save_ctx *s = arg;

	return xs_snap_writer_add_cow(s->w, s->domid, c, nr);
}

/*
 * Shared pages belong to dom_cow, not to the domains that map them: the
 * audited domains' shared gfns, and dom_cow's pages with them, so that
 * the file can tell what each shared page's sharers are.
 */
static int save_shared(struct xs_target *t, struct xs_snap_writer *w,
		       const struct xenscope_info *info, const uint32_t *domids, size_t nr)
{
	bool any = false;
	int err = 0;

	for (size_t i = 0; !err && i < nr; i++) {
		struct save_ctx c = { w, domids[i] };

		if (!xs_sharing_reportable(t, domids[i], info))
			continue;
		err = xs_snap_writer_add_cow(w, domids[i], NULL, 0);
		if (!err)
			err = xs_target_cow(t, domids[i], save_cow, &c);
		/* Dying since it was listed: its (empty) section says so. */
		if (err == -EBUSY)
			err = 0;
		any = true;
	}
	if (!err && any && xs_target_has(t, XS_OP_COW, XENSCOPE_DOMID_COW)) {
		struct save_ctx c = { w, XENSCOPE_DOMID_COW };

		err = xs_snap_writer_add_cow(w, XENSCOPE_DOMID_COW, NULL, 0);
		if (!err)
			err = xs_target_cow(t, XENSCOPE_DOMID_COW, save_cow, &c);
	}
	return err;
}

static int save_lists(struct xs_target *t, struct xs_snap_writer *w)
{
	struct xs_domains doms = { 0 };
	struct xs_procs procs = { 0 };
	struct xs_backends bes = { 0 };
	int err;

	err = xs_target_domains(t, &doms);
	for (size_t i = 0; !err && i < doms.nr; i++)
		err = xs_snap_writer_add_domain(w, &doms.v[i]);
	/* Process and backend lists are extra evidence: save them when there. */
	if (!err && xs_target_has(t, XS_OP_PROCS, 0)) {
		err = xs_target_procs(t, &procs);
		xs_snap_writer_have_procs(w);
		for (size_t i = 0; !err && i < procs.nr; i++)
			err = xs_snap_writer_add_proc(w, &procs.v[i]);
	}
	if (!err && xs_target_has(t, XS_OP_BACKENDS, 0)) {
		err = xs_target_backends(t, &bes);
		xs_snap_writer_have_backends(w);
		for (size_t i = 0; !err && i < bes.nr; i++)
			err = xs_snap_writer_add_backend(w, &bes.v[i]);
	}
	xs_backends_release(&bes);
	xs_procs_release(&procs);
	xs_domains_release(&doms);
	return err;
}

int xs_snap_save(struct xs_target *t, const uint32_t *domids, size_t nr, const char *creator,
		 const char *path)
{
	return xs_snap_save_blobs(t, domids, nr, NULL, 0, creator, path);
}

int xs_snap_save_blobs(struct xs_target *t, const uint32_t *domids, size_t nr,
		       const struct xs_snap_blob_in *blobs, size_t nr_blobs, const char *creator,
		       const char *path)
{
	struct xs_snap_writer *w;
	struct xenscope_info info;
	int err;

	err = xs_target_info(t, &info);
	if (err)
		return err;
	err = xs_snap_writer_new(&w);
	if (err)
		return err;
	xs_snap_writer_set_source(w, creator, xs_target_name(t));
	err = xs_snap_writer_set_info(w, &info);
	if (!err)
		err = save_lists(t, w);
	for (size_t i = 0; !err && i < nr; i++) {
		struct save_ctx c = { w, domids[i] };

		/* Empty sections still say "this domain was audited". */
		err = xs_snap_writer_add_pages(w, domids[i], NULL, 0);
		if (!err)
			err = xs_snap_writer_add_refs(w, domids[i], NULL, 0);
		if (!err)
			err = xs_target_pages(t, domids[i], save_pages, &c);
		if (!err)
			err = xs_target_refs(t, domids[i], save_refs, &c);
	}
	if (!err)
		err = save_shared(t, w, &info, domids, nr);
	for (size_t i = 0; !err && i < nr_blobs; i++)
		err = xs_snap_writer_add_blob(w, blobs[i].kind, blobs[i].domid, blobs[i].data,
					      blobs[i].len);
	if (!err)
		err = xs_snap_write(w, path);
	xs_snap_writer_free(w);
	return err;
}
