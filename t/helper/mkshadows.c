// SPDX-License-Identifier: MIT
/*
 * mkshadows N OUT: a snapshot of one HVM domain with N L1 shadows (512
 * agreeing entries each) under L2, L3 and L4 shadows, for bench/shadow-audit.sh.
 */
#include <errno.h>
#include <stdlib.h>
#include <string.h>

#include "xenscope/core/pageinfo.h"
#include "xenscope/shadow/records.h"
#include "xenscope/snap/snap.h"

#include "model.h"

#define PTE 0x67ULL

struct out {
	union xenscope_sh_rec *v;
	size_t nr, alloc;
};

static union xenscope_sh_rec *rec(struct out *o, uint8_t kind)
{
	if (xs_array_grow(o->v, o->alloc, o->nr + 1))
		return NULL;
	memset(&o->v[o->nr], 0, sizeof(o->v[0]));
	o->v[o->nr].raw[XENSCOPE_SH_KIND_OFFSET] = kind;
	return &o->v[o->nr++];
}

static int shadow(struct out *o, uint64_t smfn, uint64_t back, unsigned int level,
		  unsigned int nr_entries, uint16_t flags)
{
	union xenscope_sh_rec *r = rec(o, XENSCOPE_SHR_SHADOW);

	if (!r)
		return -ENOMEM;
	r->shadow.smfn = smfn;
	r->shadow.back = back;
	r->shadow.gfn = back - 0x100000;
	r->shadow.level = level;
	r->shadow.pages = 1;
	r->shadow.nr_entries = nr_entries;
	r->shadow.flags =
		flags | XENSCOPE_SHS_BACK_OWNED | XENSCOPE_SHS_BACK_PT | XENSCOPE_SHS_GUEST_READ;
	return 0;
}

static int link(struct out *o, unsigned int idx, uint64_t child_smfn, uint64_t child_back,
		unsigned int child_level)
{
	union xenscope_sh_rec *r = rec(o, XENSCOPE_SHR_ENTRY);

	if (!r)
		return -ENOMEM;
	r->entry.idx = (uint16_t)idx;
	r->entry.sl = (child_smfn << 12) | PTE;
	r->entry.gl = ((child_back - 0x100000) << 12) | 0x27;
	r->entry.p2m_mfn = child_back;
	r->entry.target = child_back;
	r->entry.tlevel = child_level;
	r->entry.flags = XENSCOPE_SHE_P2M_VALID | XENSCOPE_SHE_TGT_SHADOW;
	return 0;
}

/* Shadow mfns 0x10000000 + i, guest tables 0x100000 + i, data 0x200000 + ... */
static int build(struct out *o, uint64_t n)
{
	uint64_t nl2 = (n + 511) / 512, l1 = 3, l2 = l1 + n, data = 0x200000;
	union xenscope_sh_rec *r = rec(o, XENSCOPE_SHR_DOMAIN);
	int err;

	if (!r || nl2 > 512)
		return -EINVAL;
	r->domain.domid = 1;
	r->domain.nr_vcpus = 1;
	r->domain.flags = XENSCOPE_SHD_HVM | XENSCOPE_SHD_REFCOUNTS | XENSCOPE_SHD_TRANSLATE;
	r = rec(o, XENSCOPE_SHR_VCPU);
	if (!r)
		return -ENOMEM;
	r->vcpu.smfn = 0x10000000;
	r->vcpu.guest_mfn = 0x100000;
	err = shadow(o, 0x10000000, 0x100000, 4, 1, XENSCOPE_SHS_TOP);
	if (!err)
		err = link(o, 0, 0x10000001, 0x100001, 3);
	if (!err)
		err = shadow(o, 0x10000001, 0x100001, 3, (unsigned int)nl2, 0);
	for (uint64_t j = 0; !err && j < nl2; j++)
		err = link(o, (unsigned int)j, 0x10000000 + l2 + j, 0x100000 + l2 + j, 2);
	for (uint64_t j = 0; !err && j < nl2; j++) {
		unsigned int k = (unsigned int)(n - j * 512 < 512 ? n - j * 512 : 512);

		err = shadow(o, 0x10000000 + l2 + j, 0x100000 + l2 + j, 2, k, 0);
		for (unsigned int i = 0; !err && i < k; i++)
			err = link(o, i, 0x10000000 + l1 + j * 512 + i, 0x100000 + l1 + j * 512 + i,
				   1);
	}
	for (uint64_t j = 0; !err && j < n; j++) {
		err = shadow(o, 0x10000000 + l1 + j, 0x100000 + l1 + j, 1, 512, 0);
		for (unsigned int i = 0; !err && i < 512; i++) {
			uint64_t mfn = data + (j * 512 + i) % 65536;

			r = rec(o, XENSCOPE_SHR_ENTRY);
			if (!r)
				return -ENOMEM;
			r->entry.idx = (uint16_t)i;
			r->entry.sl = (mfn << 12) | PTE;
			r->entry.gl = ((mfn - 0x100000) << 12) | PTE;
			r->entry.p2m_mfn = mfn;
			r->entry.flags = XENSCOPE_SHE_P2M_VALID | XENSCOPE_SHE_TGT_OWNED;
		}
	}
	return err;
}

int cmd_mkshadows(int argc, char **argv)
{
	struct xs_domain d = { .domid = 1, .flags = XS_DOM_HVM, .tot_pages = 1 };
	struct xenscope_info info = { .interface_version = XENSCOPE_INTERFACE_VERSION,
				      .xen_major = 4,
				      .xen_minor = 17 };
	struct xs_snap_writer *w;
	struct out o = { 0 };
	uint64_t n;
	int err;

	if (argc != 3 || xs_parse_u64(argv[1], &n) || !n || n > 512 * 512)
		return xs_error(-EINVAL, "usage: mkshadows L1_SHADOWS(1-262144) OUT");
	xs_layout_default_417(&info);
	snprintf(d.name, sizeof(d.name), "bench");
	err = build(&o, n);
	if (err) {
		free(o.v);
		return xs_error(err, "mkshadows: cannot build the records");
	}
	err = xs_snap_writer_new(&w);
	if (!err) {
		xs_snap_writer_set_time(w, 0);
		err = xs_snap_writer_set_info(w, &info);
		if (!err)
			err = xs_snap_writer_add_domain(w, &d);
		if (!err)
			err = xs_snap_writer_add_pages(w, 1, NULL, 0);
		if (!err)
			err = xs_snap_writer_add_refs(w, 1, NULL, 0);
		if (!err)
			err = xs_snap_writer_add_blob(w, XS_SNAP_SHADOW, 1, o.v,
						      o.nr * sizeof(*o.v));
		if (!err)
			err = xs_snap_write(w, argv[2]);
		xs_snap_writer_free(w);
	}
	free(o.v);
	return err;
}
