/* SPDX-License-Identifier: MIT */
/*
 * Reading snapshot files: everything is validated when the file is opened
 * (checksum, every size and offset), so the accessors below cannot fail.
 * Internal to lib/: tools open snapshots as targets.
 */
#ifndef XENSCOPE_SNAP_READ_H
#define XENSCOPE_SNAP_READ_H

#include "format.h"

/* A per-domain section: bytes inside the mapped file. */
struct xs_snap_sect {
	enum xs_snap_kind kind;
	uint32_t domid;
	const unsigned char *data;
	size_t len;
};

struct xs_snap {
	char *path;
	int fd;
	void *elf; /* Elf *, kept opaque so users need not include libelf.h */
	struct xs_snap_header hdr;
	struct xenscope_info info;
	struct xs_domains domains;
	struct xs_procs procs;
	struct xs_backends backends;
	bool have_procs, have_backends;
	struct xs_snap_sect *sects;
	size_t nr_sects, sects_alloc;
};

int xs_snap_open(const char *path, struct xs_snap **out);
/*
 * The same from @len bytes at @data, which must stay unchanged until
 * xs_snap_close(); @name stands for the file in messages.
 */
int xs_snap_open_image(const void *data, size_t len, const char *name, struct xs_snap **out);
void xs_snap_close(struct xs_snap *s);
/* NULL when the snapshot has no such section. */
const struct xs_snap_sect *xs_snap_find(const struct xs_snap *s, enum xs_snap_kind kind,
					uint32_t domid);

#endif
