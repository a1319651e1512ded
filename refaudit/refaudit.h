/* SPDX-License-Identifier: MIT */
/* refaudit's front end: options, exit status, and one file per view. */
#ifndef REFAUDIT_H
#define REFAUDIT_H

#include <stdbool.h>

#include <jansson.h>

#include "xenscope/audit/explain.h"
#include "xenscope/core/exit.h"
#include "xenscope/target/target.h"


struct opts {
	const char *target; /* "xen" unless -t/-f; first, for xs_cli_set_target */
	const char *save;
	const char *domain; /* NULL: list dying domains */
	bool json, dot, pages, watch;
	bool cow; /* dom_cow's pages instead of a domain */
	double timeout;	 /* --watch: seconds, 0 = none */
	double interval; /* --watch: seconds between polls */
	bool arm, history;  /* reference tracing (arm.c, history.c) */
	const char *trace;  /* --trace FILE: recorded or read */
	const char *syms;   /* --syms FILE: the hypervisor's xen-syms */
	double trace_for;   /* --arm: seconds, 0 = until SIGINT */
};

/* Graph nodes per page up to this many held pages, else per group. */
#define DOT_MAX_PAGE_NODES 64

/* list.c: no domain given. */
int refaudit_list(struct xs_target *t, const struct xs_domains *doms, const struct opts *o);
/* show.c: one domain, text. */
void refaudit_show_text(const struct xs_explain *e, const struct opts *o);
/* json.c: one domain. */
int refaudit_show_json(struct xs_target *t, const struct xs_explain *e, const struct opts *o);
/* A JSON string of @s, non-UTF-8 bytes replaced; NULL on failure. */
json_t *refaudit_jstr(const char *s);
/* shared.c: shared pages as text, all of them or those breaking a rule. */
void refaudit_show_shared(const struct xs_sharing *s, bool all);
/* cow.c: --cow, dom_cow's pages; returns an exit status. */
int refaudit_cow(struct xs_target *t, const struct opts *o);
/* watch.c: poll until @d is gone. */
int refaudit_watch(struct xs_target *t, const struct xs_domain *d, const struct opts *o);
/* main.c: explain @d with the options' needs; returns an exit status. */
int refaudit_explain(struct xs_target *t, const struct xs_domain *d, const struct opts *o,
		     struct xs_explain *e);

#endif
