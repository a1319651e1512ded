/* SPDX-License-Identifier: MIT */
/* Reference tracing of a domain in the running hypervisor (XENSCOPE_OP_TRACE). */
#ifndef XENSCOPE_TRACE_LIVE_H
#define XENSCOPE_TRACE_LIVE_H

#include <stdbool.h>
#include <stdint.h>

#include "xenscope/core/common.h"

/*
 * Turn the hypervisor's reference tracepoints for @domid on or off.  Prints
 * one line and returns negative errno on failure (-EOPNOTSUPP: hypervisor
 * without the tracepoints, -ESRCH: no such domain).
 */
int xs_trace_live_set(uint32_t domid, bool on);

/*
 * Allocate (first time only: Xen sizes them once) and enable the trace
 * buffers, @pages per CPU, recording the classes in @mask.  Once this
 * returns, records are kept for a consumer such as xentrace to read, so a
 * caller can say "armed" and mean it.
 */
int xs_trace_live_buffers_on(unsigned long pages, uint32_t mask);

#endif
