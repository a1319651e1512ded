/* SPDX-License-Identifier: MIT */
/* Finding dom0 processes that hold Xen devices, from a /proc tree. */
#ifndef XENSCOPE_PROCSCAN_H
#define XENSCOPE_PROCSCAN_H

#include "xenscope/target/target.h"

/*
 * Scan @proc_root ("/proc", or a fake tree in tests) for processes with
 * /dev/xen/{privcmd,gntdev,gntalloc} open (fd symlinks) or mapped (maps
 * lines).  Processes that vanish or deny access are skipped.  Sorted by pid.
 */
int xs_procs_scan(const char *proc_root, struct xs_procs *out);

/*
 * Count the /dev/xen/... mappings of one /proc/PID/maps text (NUL-terminated,
 * modified in place) into @p->maps and @p->map_pages.
 */
void xs_proc_parse_maps(char *text, struct xs_proc *p);

/* The N of "-xen-domid N" / "--xen-domid=N" in a space-joined command line. */
int32_t xs_cmdline_xen_domid(const char *cmdline);

#endif
