/* SPDX-License-Identifier: MIT */
/*
 * shadowdump's subcommands: the summary by level (main.c), and from the
 * shadow walk (XENSCOPE_OP_SHADOW) `tables`, `va` (tables.c) and `audit`
 * (audit.c).
 */
#ifndef SHADOWDUMP_H
#define SHADOWDUMP_H

#include <stdbool.h>
#include <stdint.h>

#include "xenscope/shadow/report.h"
#include "xenscope/target/target.h"

struct opts {
	const char *target; /* first, for xs_cli_set_target */
	const char *save;
	const char *domain;
	const char *cmd;  /* NULL: the summary */
	const char *addr; /* va */
	uint64_t vcpu;
	bool have_vcpu;
	bool json, list;
};

/* Read the shadows of @d, and save them with --save.  Exit status or 0. */
int sd_read(struct xs_target *t, const struct xs_domain *d, const struct opts *o,
	    struct xs_sh_read *r);

int sd_audit(struct xs_target *t, const struct xs_domain *d, const struct opts *o);
int sd_tables(struct xs_target *t, const struct xs_domain *d, const struct opts *o);
int sd_va(struct xs_target *t, const struct xs_domain *d, const struct opts *o);

#endif
