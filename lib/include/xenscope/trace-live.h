/* SPDX-License-Identifier: MIT */
/* Reference tracing of a domain in the running hypervisor (XENSCOPE_OP_TRACE). */
#ifndef XENSCOPE_TRACE_LIVE_H
#define XENSCOPE_TRACE_LIVE_H

#include <stdbool.h>
#include <stdint.h>

#include "common.h"

/*
 * Turn the hypervisor's reference tracepoints for @domid on or off.  Prints
 * one line and returns negative errno on failure (-EOPNOTSUPP: hypervisor
 * without the tracepoints, -ESRCH: no such domain).
 */
int xs_trace_live_set(uint32_t domid, bool on);

#endif
