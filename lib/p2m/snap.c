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
#include "xenscope/p2m/hvm.h"
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

/* hvm: the gfns whose records name a frame, in record order. */
static uint64_t mapped_gfns(const struct xenscope_p2m *rec, size_t nr)
{
	uint64_t n = 0;

	for (size_t i = 0; i < nr; i++)
		if (rec[i].mfn != XENSCOPE_P2M_NO_MFN)
			n += rec[i].nr;
	return n;
}

static struct xs_snap_p2m_entry entry_of(const struct xs_p2m *p, uint64_t pfn)
{
	return (struct xs_snap_p2m_entry){
		.entry = p->entry[pfn],
		.m2p = p->m2p ? p->m2p[pfn] : XS_P2M_ENTRY_INVALID,
		.owner = p->owner ? p->owner[pfn] : XS_P2M_OWNER_UNKNOWN,
	};
}

/*
 * hvm: the records as the hypervisor gave them (nr_frames counts them),
 * then one entry per gfn they map, not one per gfn of the whole span.
 */
static int hvm_to_section(const struct xs_p2m *p, struct xs_snap_p2m_head *h, void **data,
			  size_t *len)
{
	uint64_t mapped = mapped_gfns(p->rec, p->nr_rec);
	size_t size = sizeof(*h) + p->nr_rec * sizeof(*p->rec) +
		      mapped * sizeof(struct xs_snap_p2m_entry);
	char *buf = malloc(size), *at;

	if (!buf)
		return xs_error(-ENOMEM, "out of memory for the p2m section");
	h->nr_frames = p->nr_rec;
	memcpy(buf, h, sizeof(*h));
	at = buf + sizeof(*h);
	if (p->nr_rec)
		memcpy(at, p->rec, p->nr_rec * sizeof(*p->rec));
	at += p->nr_rec * sizeof(*p->rec);
	for (size_t i = 0; i < p->nr_rec; i++)
		for (uint64_t g = 0; p->rec[i].mfn != XENSCOPE_P2M_NO_MFN && g < p->rec[i].nr;
		     g++) {
			struct xs_snap_p2m_entry e = entry_of(p, p->rec[i].gfn + g);

			memcpy(at, &e, sizeof(e));
			at += sizeof(e);
		}
	*data = buf;
	*len = size;
	return 0;
}

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
	char *buf, *at;

	memcpy(h.magic, P2M_MAGIC, sizeof(h.magic));
	memcpy(h.why, p->why, sizeof(h.why));
	h.why[sizeof(h.why) - 1] = '\0';
	if (p->format == XS_P2M_FORMAT_HVM)
		return hvm_to_section(p, &h, data, len);
	buf = malloc(size);
	if (!buf)
		return xs_error(-ENOMEM, "out of memory for the p2m section");
	memcpy(buf, &h, sizeof(h));
	at = buf + sizeof(h);
	for (uint64_t i = 0; i < p->nr; i++) {
		struct xs_snap_p2m_entry e = entry_of(p, i);

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

static int hvm_from_section(const struct xs_snap_p2m_head *h, const char *at, size_t rest,
			    struct xs_p2m *out, uint64_t *max_mfn)
{
	struct xenscope_p2m *rec;
	uint64_t mapped;
	int ret;

	if (h->nr_frames > rest / sizeof(*rec))
		return damaged("size does not match its counts");
	rec = malloc(h->nr_frames * sizeof(*rec) + 1);
	if (!rec)
		return xs_error(-ENOMEM, "out of memory for the p2m section");
	memcpy(rec, at, h->nr_frames * sizeof(*rec));
	at += h->nr_frames * sizeof(*rec);
	rest -= h->nr_frames * sizeof(*rec);
	ret = xs_p2m_from_records(rec, h->nr_frames, out);
	free(rec);
	if (ret < 0)
		return damaged("bad hypervisor records");
	mapped = mapped_gfns(out->rec, out->nr_rec);
	out->m2p = (h->flags & P2M_HAVE_M2P) ? malloc(out->nr * sizeof(uint64_t) + 1) : NULL;
	out->owner = (h->flags & P2M_HAVE_OWNERS) ? malloc(out->nr * sizeof(uint32_t) + 1) : NULL;
	if (((h->flags & P2M_HAVE_M2P) && !out->m2p) ||
	    ((h->flags & P2M_HAVE_OWNERS) && !out->owner)) {
		xs_p2m_release(out);
		return xs_error(-ENOMEM, "out of memory for the p2m section");
	}
	if (out->nr != h->nr || rest != mapped * sizeof(struct xs_snap_p2m_entry)) {
		xs_p2m_release(out);
		return damaged("size does not match its counts");
	}
	for (uint64_t pfn = 0; pfn < out->nr; pfn++) {
		if (out->m2p)
			out->m2p[pfn] = XS_P2M_ENTRY_INVALID;
		if (out->owner)
			out->owner[pfn] = XS_P2M_OWNER_UNKNOWN;
	}
	for (size_t i = 0; i < out->nr_rec; i++)
		for (uint64_t g = 0; out->rec[i].mfn != XENSCOPE_P2M_NO_MFN && g < out->rec[i].nr;
		     g++) {
			uint64_t pfn = out->rec[i].gfn + g;
			struct xs_snap_p2m_entry e;

			memcpy(&e, at, sizeof(e));
			at += sizeof(e);
			if (e._pad0 || e.entry != out->entry[pfn]) {
				xs_p2m_release(out);
				return damaged("entries do not match the records");
			}
			if (out->m2p)
				out->m2p[pfn] = e.m2p;
			if (out->owner)
				out->owner[pfn] = e.owner;
		}
	memcpy(out->why, h->why, sizeof(out->why));
	*max_mfn = h->max_mfn;
	return 0;
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
	if (h.format != XS_P2M_FORMAT_TREE && h.format != XS_P2M_FORMAT_LIST &&
	    h.format != XS_P2M_FORMAT_HVM)
		return damaged("unknown format");
	if (h.flags & ~(P2M_HAVE_M2P | P2M_HAVE_OWNERS))
		return damaged("unknown flags");
	if (memchr(h.why, '\0', sizeof(h.why)) == NULL)
		return damaged("unterminated text");
	rest = len - sizeof(h);
	if (h.format == XS_P2M_FORMAT_HVM)
		return hvm_from_section(&h, at + sizeof(h), rest, out, max_mfn);
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
