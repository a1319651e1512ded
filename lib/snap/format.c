// SPDX-License-Identifier: MIT
/* What the snapshot writer and reader agree on about sections. */
#include <limits.h>
#include <stdbool.h>
#include <zlib.h>

#include "format.h"

static const struct {
	const char *name;
	size_t entsize;
	bool per_domain;
} kinds[] = {
	[XS_SNAP_HEADER] = { ".xs.header", 0, false },
	[XS_SNAP_INFO] = { ".xs.info", 0, false },
	[XS_SNAP_DOMAINS] = { ".xs.domains", sizeof(struct xs_domain), false },
	[XS_SNAP_PAGES] = { ".xs.pages", sizeof(struct xenscope_page), true },
	[XS_SNAP_REFS] = { ".xs.refs", sizeof(struct xenscope_ref), true },
	[XS_SNAP_PROCS] = { ".xs.procs", sizeof(struct xs_snap_proc), false },
	[XS_SNAP_BACKENDS] = { ".xs.backends", sizeof(struct xs_snap_backend), false },
	[XS_SNAP_STRINGS] = { ".xs.strings", 0, false },
	[XS_SNAP_TRACE] = { ".xs.trace", 0, true },
	[XS_SNAP_SHADOW] = { ".xs.shadow", 0, true },
	[XS_SNAP_SUM] = { ".xs.sum", 0, false },
	[XS_SNAP_GUEST] = { ".xs.guest", 0, true },
	[XS_SNAP_P2M] = { ".xs.p2m", 0, true },
};

const char *xs_snap_kind_name(enum xs_snap_kind kind)
{
	return kind > 0 && kind <= XS_SNAP_KIND_MAX ? kinds[kind].name : "?";
}

size_t xs_snap_kind_entsize(enum xs_snap_kind kind)
{
	return kind > 0 && kind <= XS_SNAP_KIND_MAX ? kinds[kind].entsize : 0;
}

bool xs_snap_kind_per_domain(enum xs_snap_kind kind)
{
	return kind > 0 && kind <= XS_SNAP_KIND_MAX && kinds[kind].per_domain;
}

uint32_t xs_crc32(uint32_t crc, const void *data, size_t len)
{
	const unsigned char *p = data;

	while (len) {
		uInt n = len > UINT_MAX ? UINT_MAX : (uInt)len;

		crc = (uint32_t)crc32(crc, p, n);
		p += n;
		len -= n;
	}
	return crc;
}
