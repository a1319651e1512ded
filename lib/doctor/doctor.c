// SPDX-License-Identifier: MIT
/*
 * The checks of `xenscope doctor` (xenscope/doctor/doctor.h), in the order a
 * user would fix them: each needs the ones before it, so a failure turns
 * the checks it makes meaningless into skips instead of more failures.
 */
#include <errno.h>
#include <glob.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "xenscope/core/pageinfo.h"
#include "xenscope/doctor/doctor.h"
#include "xenscope/symbolize/symbolize.h"
#include "xenscope/target/target.h"

/* Where dom0 kernels put privcmd: devtmpfs, or the old xenfs. */
static const char *const privcmd_paths[] = { "/dev/xen/privcmd", "/proc/xen/privcmd" };

/* Where Debian and `make install-xen` leave the hypervisor's symbols. */
static const char *const syms_globs[] = { "/usr/lib/debug/xen-syms*", "/boot/xen-syms*",
					  "/usr/lib/debug/boot/xen-syms*" };

struct run {
	struct xs_doctor *d;
	xs_check_fn *fn;
	void *arg;
	char last_error[200]; /* the library's line while a check runs */
};

static void report(struct run *r, enum xs_check_status s, const char *name, const char *fmt, ...)
	XS_PRINTF(4, 5);

static void report(struct run *r, enum xs_check_status s, const char *name, const char *fmt, ...)
{
	struct xs_check c = { .status = s, .name = name };
	va_list ap;

	va_start(ap, fmt);
	vsnprintf(c.text, sizeof(c.text), fmt, ap);
	va_end(ap);
	r->d->nr_warn += s == XS_CHECK_WARN;
	r->d->nr_fail += s == XS_CHECK_FAIL;
	r->fn(&c, r->arg);
}

/* A failing library call's line becomes the check's text, not stderr. */
static void capture(enum xs_level level, const char *line, void *ctx)
{
	struct run *r = ctx;

	if (level == XS_LEVEL_ERROR)
		snprintf(r->last_error, sizeof(r->last_error), "%s", line);
}

const char *xs_check_status_name(enum xs_check_status s)
{
	static const char *const names[] = { "ok", "warn", "FAIL", "skip" };

	return (unsigned)s < XS_ARRAY_SIZE(names) ? names[s] : "?";
}

const char *xs_doctor_features(uint32_t f, char *buf, size_t len)
{
	snprintf(buf, len, "%s%s%s%s%s", f & XENSCOPE_INFO_FEAT_SHADOW ? "shadow " : "",
		 f & XENSCOPE_INFO_FEAT_SHADOW_WALK ? "shadow-walk " : "",
		 f & XENSCOPE_INFO_FEAT_TRACE ? "trace " : "",
		 f & XENSCOPE_INFO_FEAT_INJECT ? "inject " : "",
		 f & XENSCOPE_INFO_FEAT_DEBUG ? "debug " : "");
	if (!*buf)
		snprintf(buf, len, "none");
	else
		buf[strlen(buf) - 1] = '\0';
	return buf;
}

static const char *check_dom0(struct run *r)
{
	for (size_t i = 0; i < XS_ARRAY_SIZE(privcmd_paths); i++)
		if (!access(privcmd_paths[i], F_OK)) {
			report(r, XS_CHECK_OK, "dom0", "%s is there", privcmd_paths[i]);
			return privcmd_paths[i];
		}
	report(r, XS_CHECK_FAIL, "dom0",
	       "no /dev/xen/privcmd: not a Xen dom0 (or the xen-privcmd module is not loaded)");
	return NULL;
}

static bool check_permissions(struct run *r, const char *privcmd)
{
	if (!access(privcmd, R_OK | W_OK) && !geteuid()) {
		report(r, XS_CHECK_OK, "permissions", "root, %s read-write", privcmd);
		return true;
	}
	report(r, XS_CHECK_FAIL, "permissions", "%s needs root (running as uid %u): use sudo",
	       privcmd, (unsigned)geteuid());
	return false;
}

static bool check_hypervisor(struct run *r)
{
	struct xs_target *t = NULL;
	int err;

	r->last_error[0] = '\0';
	xs_set_print(capture, r);
	err = xs_target_open("xen", &t);
	if (!err)
		err = xs_target_info(t, &r->d->info);
	xs_set_print(NULL, NULL);
	xs_target_close(t);
	if (err) {
		report(r, XS_CHECK_FAIL, "hypervisor", "%s",
		       *r->last_error ? r->last_error : strerror(-err));
		return false;
	}
	r->d->reachable = true;
	report(r, XS_CHECK_OK, "hypervisor", "Xen %u.%u%.*s with the xenscope interface %u",
	       r->d->info.xen_major, r->d->info.xen_minor, (int)sizeof(r->d->info.xen_extra),
	       r->d->info.xen_extra, r->d->info.interface_version);
	return true;
}

static void check_features(struct run *r)
{
	uint32_t f = r->d->info.features;
	char names[64];

	xs_doctor_features(f, names, sizeof(names));
	if (!(f & XENSCOPE_INFO_FEAT_TRACE))
		report(r, XS_CHECK_WARN, "features",
		       "%s: no reference tracepoints (refaudit --arm/--history cannot work)",
		       names);
	else if (!(f & XENSCOPE_INFO_FEAT_SHADOW))
		report(r, XS_CHECK_WARN, "features",
		       "%s: no shadow paging (shadowdump has nothing to show)", names);
	else
		report(r, XS_CHECK_OK, "features", "%s", names);
}

static void check_layout(struct run *r)
{
	struct xenscope_info l;

	r->last_error[0] = '\0';
	xs_set_print(capture, r);
	if (xs_layout_resolve(&r->d->info, &l))
		report(r, XS_CHECK_FAIL, "layout", "%s", r->last_error);
	else if (xs_layout_valid(&r->d->info))
		report(r, XS_CHECK_OK, "layout", "page_info layout reported by the hypervisor");
	else
		report(r, XS_CHECK_OK, "layout", "page_info layout: Xen 4.17's, built in");
	xs_set_print(NULL, NULL);
}

static void check_xentrace(struct run *r)
{
	long pages;

	xs_set_print(capture, r);
	pages = xs_doctor_tbuf_pages();
	xs_set_print(NULL, NULL);
	if (pages < 0)
		report(r, XS_CHECK_WARN, "xentrace", "%s", r->last_error);
	else if (!pages)
		report(r, XS_CHECK_WARN, "xentrace",
		       "no trace buffers yet (xentrace -S PAGES or refaudit --arm allocates them)");
	else
		report(r, XS_CHECK_OK, "xentrace", "trace buffers of %ld pages per CPU", pages);
}

/* 0: @path is the running build; -ESTALE: another; other: unreadable. */
static int syms_match(struct run *r, const char *path)
{
	struct xs_syms *s;
	int err;

	r->last_error[0] = '\0';
	xs_set_print(capture, r);
	err = xs_syms_open(path, &s);
	if (!err) {
		err = xs_syms_check_build_id(s, r->d->info.build_id, r->d->info.build_id_len);
		xs_syms_close(s);
	}
	xs_set_print(NULL, NULL);
	return err;
}

static void check_syms(struct run *r)
{
	const char *given = r->d->syms ? r->d->syms : getenv("XS_XEN_SYMS");
	char first_error[200] = "";
	size_t tried = 0;

	if (given && *given) {
		if (syms_match(r, given))
			report(r, XS_CHECK_FAIL, "xen-syms", "%s", r->last_error);
		else
			report(r, XS_CHECK_OK, "xen-syms", "%s is the running build", given);
		return;
	}
	for (size_t i = 0; i < XS_ARRAY_SIZE(syms_globs); i++) {
		glob_t g;

		if (glob(syms_globs[i], 0, NULL, &g))
			continue;
		for (size_t k = 0; k < g.gl_pathc; k++, tried++) {
			if (!syms_match(r, g.gl_pathv[k])) {
				report(r, XS_CHECK_OK, "xen-syms", "%s is the running build",
				       g.gl_pathv[k]);
				globfree(&g);
				return;
			}
			if (!*first_error)
				snprintf(first_error, sizeof(first_error), "%s", r->last_error);
		}
		globfree(&g);
	}
	if (tried)
		report(r, XS_CHECK_FAIL, "xen-syms",
		       "none of %zu xen-syms is the running build: %s", tried, first_error);
	else
		report(r, XS_CHECK_WARN, "xen-syms",
		       "none found (give --syms or $XS_XEN_SYMS): call sites stay addresses");
}

void xs_doctor_run(struct xs_doctor *d, xs_check_fn *fn, void *arg)
{
	static const char *const after_hv[] = { "features", "layout", "xentrace", "xen-syms" };
	struct run r = { .d = d, .fn = fn, .arg = arg };
	const char *privcmd;
	bool up = false;

	d->nr_warn = d->nr_fail = 0;
	d->reachable = false;
	privcmd = check_dom0(&r);
	if (!privcmd)
		report(&r, XS_CHECK_SKIP, "permissions", "not a dom0");
	if (privcmd && check_permissions(&r, privcmd))
		up = check_hypervisor(&r);
	else
		report(&r, XS_CHECK_SKIP, "hypervisor", "cannot be asked from here");
	if (!up) {
		for (size_t i = 0; i < XS_ARRAY_SIZE(after_hv); i++)
			report(&r, XS_CHECK_SKIP, after_hv[i], "needs the hypervisor's answer");
		return;
	}
	check_features(&r);
	check_layout(&r);
	check_xentrace(&r);
	check_syms(&r);
}
