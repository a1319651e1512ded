/* SPDX-License-Identifier: MIT */
/*
 * Is this host ready for xenscope?  The checks `xenscope doctor` runs, each
 * one line: a dom0 with privcmd, the permissions to use it, a hypervisor
 * with the xenscope interface and which features it was built with, the
 * page_info layout, xentrace's buffers, and a xen-syms that is the running
 * build.  The library says what it found; the front end prints and decides.
 */
#ifndef XENSCOPE_DOCTOR_H
#define XENSCOPE_DOCTOR_H

#include <stdbool.h>
#include <stddef.h>

#include <xenscope.h>

enum xs_check_status {
	XS_CHECK_OK,
	XS_CHECK_WARN, /* works, with something missing that some commands need */
	XS_CHECK_FAIL,
	XS_CHECK_SKIP, /* not checked: an earlier check failed */
};

struct xs_check {
	enum xs_check_status status;
	const char *name; /* "dom0", "permissions", ... */
	char text[256];
};

typedef void xs_check_fn(const struct xs_check *c, void *arg);

struct xs_doctor {
	const char *syms; /* xen-syms to compare; NULL: $XS_XEN_SYMS, then the usual places */
	/* Results, filled by xs_doctor_run(). */
	unsigned int nr_warn, nr_fail;
	bool reachable; /* the hypervisor answered XENSCOPE_OP_INFO */
	struct xenscope_info info;
};

/* Run every check in order, calling @fn with each result. */
void xs_doctor_run(struct xs_doctor *d, xs_check_fn *fn, void *arg);

/* "ok", "warn", "FAIL", "skip". */
const char *xs_check_status_name(enum xs_check_status s);

/* "shadow trace debug" from XENSCOPE_INFO_FEAT_* bits ("none" for 0). */
const char *xs_doctor_features(uint32_t features, char *buf, size_t len);

/*
 * Trace buffer pages per CPU the running hypervisor has allocated (0: none
 * yet).  Negative errno (with its line) when it cannot be asked.
 */
long xs_doctor_tbuf_pages(void);

#endif
