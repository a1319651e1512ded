// SPDX-License-Identifier: MIT
/* What the snapshot writer and reader agree on about sections. */
#include <limits.h>
#include <stdbool.h>
#include <libdeflate.h>

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
	[XS_SNAP_DIRTY] = { ".xs.dirty", 0, true },
	[XS_SNAP_COW] = { ".xs.cow", sizeof(struct xenscope_cow), true },
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

/*
 * libdeflate's crc32 is zlib's (same polynomial, same chaining) with
 * carry-less multiplication where the CPU has it: several times faster,
 * which matters when opening a snapshot of a 64 GiB domain means
 * checksumming gigabytes.
 */
uint32_t xs_crc32(uint32_t crc, const void *data, size_t len)
{
	return libdeflate_crc32(crc, data, len);
}
