/* SPDX-License-Identifier: MIT */
/* The p2m audit as JSON (the text form is xs_p2m_audit_print). */
#ifndef XENSCOPE_P2M_REPORT_H
#define XENSCOPE_P2M_REPORT_H

#include <jansson.h>

#include "xenscope/p2m/audit.h"

json_t *xs_p2m_audit_json(const struct xs_p2m *p, const struct xs_p2m_audit *a, uint32_t domid);

#endif
