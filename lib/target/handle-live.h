/* SPDX-License-Identifier: MIT */
/*
 * What the live backends (target/xenctrl-live.c, trace/capture-live.c,
 * gdb/guest-live.c) share: one way to open libxenctrl and one
 * XEN_DOMCTL_xenscope call.  Internal to the library, and only built when
 * libxen is.
 */
#ifndef XENSCOPE_XEN_LIVE_H
#define XENSCOPE_XEN_LIVE_H

#include <stdint.h>

#include <xenctrl.h>

#include <xenscope.h>

/*
 * A logger that drops libxenctrl's own messages: ours already say what
 * failed, and a failing command prints one line.
 */
extern xentoollog_logger xs_xen_quiet_logger;

/* libxenctrl, quiet; one line ("is this a Xen dom0?") on failure. */
int xs_xen_open(xc_interface **out);

/*
 * One XEN_DOMCTL_xenscope call for @domid: @arg is filled in with magic and
 * version, sent, and updated from the hypervisor's answer.  Returns 0 or
 * -errno, without printing: callers know what the error means for them.
 */
int xs_xen_domctl(xc_interface *xch, uint32_t domid, struct xen_domctl_xenscope *arg);

#endif
