// SPDX-License-Identifier: MIT
/*
 * The p2m section of a snapshot.  The layout is fixed little-endian with
 * explicit padding; the reader checks every length against the section's
 * size before it trusts a count, since snapshot files come from bug reports.
 */
#include <errno.h>
#include <stdlib.h>
#include <string.h>

#include "xenscope/core/common.h"
#include "xenscope/p2m/snap.h"

#define P2M_MAGIC "XSP2M\0\0\0"
#define P2M_VERSION 1
#define P2M_HAVE_M2P 1u
#define P2M_HAVE_OWNERS 2u

struct xs_snap_p2m_head {
	char magic[8];
	uint32_t version;
	uint32_t format;
	uint64_t nr;
	uint64_t nr_frames;
	uint64_t generation;
	uint64_t max_mfn;
	uint32_t retries;
	uint32_t flags;
	char why[160];
};

struct xs_snap_p2m_entry {
	uint64_t entry;
	uint64_t m2p;
	uint32_t owner;
	uint32_t _pad0;
};

_Static_assert(sizeof(struct xs_snap_p2m_head) == 216, "p2m head layout");
_Static_assert(sizeof(struct xs_snap_p2m_entry) == 24, "p2m entry layout");

int xs_p2m_to_section(const struct xs_p2m *p, uint64_t max_mfn, void **data, size_t *len)
{
	struct xs_snap_p2m_head h = {
		.version = P2M_VERSION,
		.format = p->format,
		.nr = p->nr,
		.nr_frames = p->nr_frames,
		.generation = p->generation,
		.max_mfn = max_mfn,
		.retries = p->retries,
		.flags = (p->m2p ? P2M_HAVE_M2P : 0) | (p->owner ? P2M_HAVE_OWNERS : 0),
	};
	size_t size = sizeof(h) + p->nr * sizeof(struct xs_snap_p2m_entry) +
		      p->nr_frames * sizeof(uint64_t);
	char *buf = malloc(size), *at;

	if (!buf)
		return xs_error(-ENOMEM, "out of memory for the p2m section");
	memcpy(h.magic, P2M_MAGIC, sizeof(h.magic));
	memcpy(h.why, p->why, sizeof(h.why));
	h.why[sizeof(h.why) - 1] = '\0';
	memcpy(buf, &h, sizeof(h));
	at = buf + sizeof(h);
	for (uint64_t i = 0; i < p->nr; i++) {
		struct xs_snap_p2m_entry e = {
			.entry = p->entry[i],
			.m2p = p->m2p ? p->m2p[i] : XS_P2M_ENTRY_INVALID,
			.owner = p->owner ? p->owner[i] : XS_P2M_OWNER_UNKNOWN,
		};

		memcpy(at, &e, sizeof(e));
		at += sizeof(e);
	}
	if (p->nr_frames)
		memcpy(at, p->frames, p->nr_frames * sizeof(uint64_t));
	*data = buf;
	*len = size;
	return 0;
}

static int damaged(const char *why)
{
	return xs_error(-EINVAL, "damaged p2m section in the snapshot (%s)", why);
}

int xs_p2m_from_section(const void *data, size_t len, struct xs_p2m *out, uint64_t *max_mfn)
{
	struct xs_snap_p2m_head h;
	const char *at = data;
	size_t rest;

	memset(out, 0, sizeof(*out));
	if (len < sizeof(h))
		return damaged("shorter than its head");
	memcpy(&h, data, sizeof(h));
	if (memcmp(h.magic, P2M_MAGIC, sizeof(h.magic)))
		return damaged("bad magic");
	if (h.version != P2M_VERSION)
		return xs_error(-EINVAL, "p2m section version %u is not supported (this build reads %u)",
				h.version, P2M_VERSION);
	if (h.format != XS_P2M_FORMAT_TREE && h.format != XS_P2M_FORMAT_LIST)
		return damaged("unknown format");
	if (h.flags & ~(P2M_HAVE_M2P | P2M_HAVE_OWNERS))
		return damaged("unknown flags");
	if (memchr(h.why, '\0', sizeof(h.why)) == NULL)
		return damaged("unterminated text");
	rest = len - sizeof(h);
	if (h.nr > rest / sizeof(struct xs_snap_p2m_entry) ||
	    h.nr_frames > (rest - h.nr * sizeof(struct xs_snap_p2m_entry)) / sizeof(uint64_t) ||
	    rest != h.nr * sizeof(struct xs_snap_p2m_entry) + h.nr_frames * sizeof(uint64_t))
		return damaged("size does not match its counts");

	out->entry = malloc(h.nr * sizeof(uint64_t) + 1);
	out->m2p = (h.flags & P2M_HAVE_M2P) ? malloc(h.nr * sizeof(uint64_t) + 1) : NULL;
	out->owner = (h.flags & P2M_HAVE_OWNERS) ? malloc(h.nr * sizeof(uint32_t) + 1) : NULL;
	out->frames = malloc(h.nr_frames * sizeof(uint64_t) + 1);
	if (!out->entry || !out->frames || ((h.flags & P2M_HAVE_M2P) && !out->m2p) ||
	    ((h.flags & P2M_HAVE_OWNERS) && !out->owner)) {
		xs_p2m_release(out);
		return xs_error(-ENOMEM, "out of memory for the p2m section");
	}
	at += sizeof(h);
	for (uint64_t i = 0; i < h.nr; i++) {
		struct xs_snap_p2m_entry e;

		memcpy(&e, at, sizeof(e));
		at += sizeof(e);
		if (e._pad0) {
			xs_p2m_release(out);
			return damaged("non-zero padding");
		}
		out->entry[i] = e.entry;
		if (out->m2p)
			out->m2p[i] = e.m2p;
		if (out->owner)
			out->owner[i] = e.owner;
	}
	memcpy(out->frames, at, h.nr_frames * sizeof(uint64_t));
	out->format = (enum xs_p2m_format)h.format;
	out->nr = h.nr;
	out->nr_frames = h.nr_frames;
	out->generation = h.generation;
	out->retries = h.retries;
	memcpy(out->why, h.why, sizeof(out->why));
	*max_mfn = h.max_mfn;
	return 0;
}
