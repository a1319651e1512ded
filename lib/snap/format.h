/* SPDX-License-Identifier: MIT */
/*
 * On-disk structures of the snapshot format that are not records of the
 * interface itself (docs/snapshot-format.md).  All little-endian, fixed
 * size, explicit padding; the reader copies them out before use, so their
 * alignment in the file does not matter.
 */
#ifndef XENSCOPE_SNAP_FORMAT_H
#define XENSCOPE_SNAP_FORMAT_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "xenscope/snap/snap.h"

#define XS_SNAP_MAGIC "XENSCOPE" /* 8 bytes, no terminator */
#define XS_SNAP_SUM_CRC32 1	 /* zlib crc32 of the whole file, sum zeroed */

struct xs_snap_header {
	char magic[8];
	uint32_t version; /* XS_SNAP_VERSION */
	uint32_t flags;	  /* none defined; must be 0 */
	uint64_t created; /* unix seconds */
	char creator[32]; /* "refaudit", NUL-padded */
	char source[64];  /* "xen", "snapshot old.xs", NUL-padded */
};

struct xs_snap_proc {
	int32_t pid;
	int32_t xen_domid;
	uint32_t fds[XS_DEV_NR];
	uint32_t maps[XS_DEV_NR];
	uint32_t comm; /* offsets into .xs.strings */
	uint32_t cmdline;
	uint32_t map_pages[XS_DEV_NR];
	uint32_t _pad0;
};

struct xs_snap_backend {
	uint32_t domid;
	uint32_t backend_domid;
	int32_t state;
	uint32_t type; /* offsets into .xs.strings */
	uint32_t dev;
	uint32_t path;
};

struct xs_snap_sum {
	uint32_t crc32;
	uint32_t algo; /* XS_SNAP_SUM_CRC32 */
	uint64_t file_size;
};

_Static_assert(sizeof(struct xs_snap_header) == 120, "header layout");
_Static_assert(sizeof(struct xs_snap_proc) == 56, "proc record layout");
_Static_assert(sizeof(struct xs_snap_backend) == 24, "backend record layout");
_Static_assert(sizeof(struct xs_snap_sum) == 16, "sum layout");
_Static_assert(sizeof(struct xs_domain) == 136, "domain record layout");
_Static_assert(sizeof(struct xenscope_page) == 48, "page record layout");
_Static_assert(sizeof(struct xenscope_ref) == 48, "ref record layout");

/* Section names: ".xs.header", ".xs.pages.5", ... */
const char *xs_snap_kind_name(enum xs_snap_kind kind);
/* Record size of @kind, 0 for byte sections. */
size_t xs_snap_kind_entsize(enum xs_snap_kind kind);
/* Kinds that repeat per domain (sh_info = domid). */
bool xs_snap_kind_per_domain(enum xs_snap_kind kind);

/* zlib's crc32 of @len bytes (computed by libdeflate, any length). */
uint32_t xs_crc32(uint32_t crc, const void *data, size_t len);

#endif
