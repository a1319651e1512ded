/* SPDX-License-Identifier: MIT */
/*
 * Everything a snapshot holds, in memory, for xs-test-tool: built from a
 * readable JSON description (the .json files in t/data), from a target, or dumped back
 * to the same JSON so round trips can be compared as text.
 */
#ifndef XS_TEST_MODEL_H
#define XS_TEST_MODEL_H

#include <jansson.h>
#include <xenscope.h>

#include "xenscope/snap/snap.h"
#include "xenscope/target/target.h"

struct model_rec {
	uint32_t domid;
	struct xenscope_page *pages;
	size_t nr_pages, pages_alloc;
	struct xenscope_ref *refs;
	size_t nr_refs, refs_alloc;
};

/* A domain's shadow records (.xs.shadow.D) or log-dirty rounds (.xs.dirty.D), as raw bytes. */
struct model_shadow {
	uint32_t domid;
	uint8_t *data;
	size_t len;
};

struct model {
	struct xenscope_info info;
	struct xs_domains doms;
	struct model_rec *recs;
	size_t nr_recs, recs_alloc;
	struct xs_procs procs;
	struct xs_backends backends;
	bool have_procs, have_backends;
	struct model_shadow *shadows;
	size_t nr_shadows, shadows_alloc;
	struct model_shadow *dirty;
	size_t nr_dirty, dirty_alloc;
	struct model_shadow *cow; /* struct xenscope_cow[] per domain (or dom_cow) */
	size_t nr_cow, cow_alloc;
};

int model_from_json(struct model *m, json_t *spec);
int model_from_target(struct model *m, struct xs_target *t);
int model_write(const struct model *m, const char *path);
json_t *model_to_json(const struct model *m);
void model_release(struct model *m);

/* The shadow sections, in model-shadow.c ("shadow" in the JSON). */
int model_shadow_from_json(struct model *m, json_t *spec);
int model_shadow_from_target(struct model *m, struct xs_target *t);
int model_shadow_write(const struct model *m, struct xs_snap_writer *w);
void model_shadow_to_json(const struct model *m, json_t *j);
void model_shadow_release(struct model *m);
/* The log-dirty sections, in model-dirty.c ("dirty" in the JSON). */
int model_dirty_from_json(struct model *m, json_t *spec);
int model_dirty_from_target(struct model *m, struct xs_target *t);
int model_dirty_write(const struct model *m, struct xs_snap_writer *w);
void model_dirty_to_json(const struct model *m, json_t *j);
void model_dirty_release(struct model *m);
/* The shared-page sections, in model-cow.c ("shared" in the JSON). */
int model_cow_from_json(struct model *m, json_t *spec);
int model_cow_from_target(struct model *m, struct xs_target *t);
int model_cow_write(const struct model *m, struct xs_snap_writer *w);
void model_cow_to_json(const struct model *m, json_t *j);
void model_cow_release(struct model *m);
/* mkshadows N OUT (mkshadows.c): a large synthetic shadow set. */
int cmd_mkshadows(int argc, char **argv);

#endif
