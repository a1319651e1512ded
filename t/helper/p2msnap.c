// SPDX-License-Identifier: MIT
/*
 * xs-test-tool mkp2msnap [--damage] SPEC OUT: a snapshot holding one PV
 * domain's p2m section (and the page records that say who owns what),
 * built from a readable text SPEC:
 *
 *   domain 5 guest              the domain (id, name)
 *   format list                 tree | list
 *   maxmfn 0xffffff             the host's last frame
 *   entry 0x10 0x1234 0x10 5    pfn, raw entry, m2p (- none), owner (- none)
 *   invalid 0x20 0x2f           a run of INVALID_P2M_ENTRY
 *   page 0x1234 5 0x10          a page record: mfn, owner, gfn by Xen's m2p
 *
 * Entries not named are consistent: entry 0x100000 + pfn, m2p = pfn,
 * owned by the domain, with a page record each.  --damage writes a section
 * whose counts do not match its size.
 */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "p2msnap.h"
#include "xenscope/core/common.h"
#include "xenscope/core/pageinfo.h"
#include "xenscope/p2m/snap.h"
#include "xenscope/snap/snap.h"

#define NR_MAX 65536

struct spec {
	struct xs_domain dom;
	struct xs_p2m p;
	uint64_t max_mfn;
	struct xenscope_page *pages;
	size_t nr_pages, alloc_pages;
	bool *named_page;
};

static uint64_t num(const char *s)
{
	return strcmp(s, "-") ? strtoull(s, NULL, 0) : XS_P2M_ENTRY_INVALID;
}

static int add_page(struct spec *s, uint64_t mfn, uint32_t owner, uint64_t gfn)
{
	struct xenscope_info l;

	xs_layout_default_417(&l);
	if (xs_array_grow(s->pages, s->alloc_pages, s->nr_pages + 1) < 0)
		return -ENOMEM;
	s->pages[s->nr_pages++] = (struct xenscope_page){
		.mfn = mfn,
		.gfn = gfn,
		.count_info = (1ULL << 63) | 1, /* PGC_allocated, count 1 */
		.type_info = 0,
		.owner = (uint16_t)owner,
		.flags = XENSCOPE_PAGE_GFN_VALID,
	};
	return 0;
}

static int parse(FILE *f, struct spec *s)
{
	char line[256], kw[64], a[64], b[64], c[64], d[64];
	uint64_t nr = 0;

	while (fgets(line, sizeof(line), f)) {
		int n = sscanf(line, "%63s %63s %63s %63s %63s", kw, a, b, c, d);

		if (n < 1 || kw[0] == '#')
			continue;
		if (!strcmp(kw, "domain") && n >= 3) {
			s->dom.domid = (uint32_t)num(a);
			snprintf(s->dom.name, sizeof(s->dom.name), "%s", b);
		} else if (!strcmp(kw, "format") && n >= 2) {
			s->p.format = strcmp(a, "tree") ? XS_P2M_FORMAT_LIST : XS_P2M_FORMAT_TREE;
		} else if (!strcmp(kw, "maxmfn") && n >= 2) {
			s->max_mfn = num(a);
		} else if (!strcmp(kw, "entries") && n >= 2) {
			nr = num(a);
			if (nr > NR_MAX)
				return xs_error(-EINVAL, "at most %d entries", NR_MAX);
			s->p.nr = nr;
			s->p.entry = calloc(nr + 1, sizeof(uint64_t));
			s->p.m2p = calloc(nr + 1, sizeof(uint64_t));
			s->p.owner = calloc(nr + 1, sizeof(uint32_t));
			s->named_page = calloc(nr + 1, sizeof(bool));
			if (!s->p.entry || !s->p.m2p || !s->p.owner || !s->named_page)
				return -ENOMEM;
			for (uint64_t pfn = 0; pfn < nr; pfn++) {
				s->p.entry[pfn] = 0x100000 + pfn;
				s->p.m2p[pfn] = pfn;
				s->p.owner[pfn] = s->dom.domid;
			}
		} else if (!strcmp(kw, "entry") && n >= 5 && num(a) < nr) {
			uint64_t pfn = num(a);

			s->p.entry[pfn] = num(b);
			s->p.m2p[pfn] = num(c);
			s->p.owner[pfn] = !strcmp(d, "none") ? XS_P2M_OWNER_NONE
				: !strcmp(d, "-")	     ? XS_P2M_OWNER_UNKNOWN
							     : (uint32_t)num(d);
			s->named_page[pfn] = true;
		} else if (!strcmp(kw, "invalid") && n >= 3) {
			for (uint64_t pfn = num(a); pfn <= num(b) && pfn < nr; pfn++) {
				s->p.entry[pfn] = XS_P2M_ENTRY_INVALID;
				s->p.m2p[pfn] = XS_P2M_ENTRY_INVALID;
				s->named_page[pfn] = true;
			}
		} else if (!strcmp(kw, "page") && n >= 4) {
			if (add_page(s, num(a), (uint32_t)num(b), num(c)) < 0)
				return -ENOMEM;
		} else {
			return xs_error(-EINVAL, "bad spec line: %s", line);
		}
	}
	if (!s->p.entry)
		return xs_error(-EINVAL, "the spec names no 'entries N'");
	for (uint64_t pfn = 0; pfn < nr; pfn++)
		if (!s->named_page[pfn] && add_page(s, s->p.entry[pfn], s->dom.domid, pfn) < 0)
			return -ENOMEM;
	s->p.nr_frames = (nr + XS_P2M_PER_FRAME - 1) / XS_P2M_PER_FRAME;
	s->p.frames = calloc(s->p.nr_frames + 1, sizeof(uint64_t));
	snprintf(s->p.why, sizeof(s->p.why), "%s: built by xs-test-tool",
		 xs_p2m_format_name(s->p.format));
	return s->p.frames ? 0 : -ENOMEM;
}

int cmd_mkp2msnap(int argc, char **argv)
{
	struct spec s = { .p.format = XS_P2M_FORMAT_LIST, .max_mfn = 0xffffff };
	struct xs_snap_writer *w = NULL;
	struct xenscope_info info = { 0 };
	bool damage = argc > 1 && !strcmp(argv[1], "--damage");
	void *data = NULL;
	size_t len;
	FILE *f;
	int err;

	if (argc != 3 + damage)
		return xs_error(-EINVAL, "usage: mkp2msnap [--damage] SPEC OUT");
	f = fopen(argv[1 + damage], "r");
	if (!f)
		return xs_error(-errno, "%s: %s", argv[1 + damage], strerror(errno));
	err = parse(f, &s);
	fclose(f);
	if (!err)
		err = xs_p2m_to_section(&s.p, s.max_mfn, &data, &len);
	if (!err && damage)
		((uint64_t *)data)[2] += 1; /* nr: one entry more than there is */
	if (!err)
		err = xs_snap_writer_new(&w);
	if (!err) {
		xs_layout_default_417(&info);
		xs_snap_writer_set_source(w, "xs-test-tool", "mkp2msnap");
		xs_snap_writer_set_time(w, 1700000000);
		err = xs_snap_writer_set_info(w, &info);
	}
	if (!err)
		err = xs_snap_writer_add_domain(w, &s.dom);
	if (!err)
		err = xs_snap_writer_add_pages(w, s.dom.domid, s.pages, s.nr_pages);
	if (!err)
		err = xs_snap_writer_add_refs(w, s.dom.domid, NULL, 0);
	if (!err)
		err = xs_snap_writer_add_blob(w, XS_SNAP_P2M, s.dom.domid, data, len);
	if (!err)
		err = xs_snap_write(w, argv[2 + damage]);
	xs_snap_writer_free(w);
	free(data);
	free(s.pages);
	free(s.named_page);
	xs_p2m_release(&s.p);
	return err;
}
