// SPDX-License-Identifier: MIT
/*
 * Fuzzing the snapshot reader, every section kind: the input is a snapshot
 * file, handed over in an anonymous memory file (no temporary file).  The
 * harness recomputes the checksum of .xs.sum when it finds one, so that
 * mutations reach the section parsers instead of stopping at the sum.
 */
#define _GNU_SOURCE
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <unistd.h>
#include <zlib.h>

#include "xenscope/core/buf.h"
#include "xenscope/sharing/sharing.h"
#include "xenscope/snap/snap.h"
#include "xenscope/target/target.h"

#include "fuzz.h"

static uint64_t get(const uint8_t *p, size_t n)
{
	uint64_t v = 0;

	for (size_t i = 0; i < n; i++)
		v |= (uint64_t)p[i] << (8 * i);
	return v;
}

/* Make the first 16-byte .xs.sum section match the file (ELF64, LE). */
static void fix_sum(uint8_t *f, size_t size)
{
	uint64_t shoff, shnum, off, len;
	uint32_t crc;

	if (size < 64)
		return;
	shoff = get(f + 0x28, 8);
	shnum = get(f + 0x3c, 2);
	if (get(f + 0x3a, 2) != 64 || shoff > size || shnum > (size - shoff) / 64)
		return;
	for (uint64_t i = 0; i < shnum; i++) {
		const uint8_t *sh = f + shoff + 64 * i;

		if (get(sh + 4, 4) != XS_SNAP_SHT(XS_SNAP_SUM))
			continue;
		off = get(sh + 0x18, 8);
		len = get(sh + 0x20, 8);
		if (len != 16 || off > size || size - off < 16)
			return;
		memset(f + off, 0, 16);
		crc = (uint32_t)crc32(0, NULL, 0);
		for (size_t done = 0; done < size;) {
			uInt n = size - done > (1U << 30) ? (1U << 30) : (uInt)(size - done);

			crc = (uint32_t)crc32(crc, f + done, n);
			done += n;
		}
		memcpy(f + off, &crc, 4);
		f[off + 4] = 1; /* XS_SNAP_SUM_CRC32 */
		for (int b = 0; b < 8; b++)
			f[off + 8 + b] = (uint8_t)((uint64_t)size >> (8 * b));
		return;
	}
}

static int touch_pages(const struct xenscope_page *p, size_t nr, void *arg)
{
	uint64_t *acc = arg;

	for (size_t i = 0; i < nr; i++)
		*acc += p[i].mfn ^ p[i].count_info;
	return 0;
}

static int touch_refs(const struct xenscope_ref *r, size_t nr, void *arg)
{
	uint64_t *acc = arg;

	for (size_t i = 0; i < nr; i++)
		*acc += r[i].mfn;
	return 0;
}

/* Shared pages of @domid: grouped, checked and put in words. */
static void touch_shared(struct xs_target *t, uint32_t domid, uint64_t *acc)
{
	struct xs_sharing s = { 0 };
	struct xs_buf b = XS_BUF_INIT;

	if (!xs_sharing_read(t, domid, &s)) {
		xs_sharing_summary(&s, &b);
		for (size_t i = 0; i < s.nr && i < 16; i++) {
			xs_shared_page_words(&s.v[i], &b);
			for (unsigned int r = 0; r < XS_SHR_RULES; r++)
				if (s.v[i].broken & (1U << r))
					xs_shared_rule_words(&s.layout, &s.v[i], 1U << r, &b);
		}
		*acc += b.len;
	}
	xs_buf_release(&b);
	xs_sharing_release(&s);
}

int LLVMFuzzerInitialize(int *argc, char ***argv)
{
	xs_fuzz_quiet();
	return 0;
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	static int fd = -1;
	struct xs_domains doms = { 0 };
	struct xs_procs procs = { 0 };
	struct xs_backends bes = { 0 };
	struct xenscope_info info;
	struct xs_target *t;
	char spec[64];
	uint8_t *copy;
	uint64_t acc = 0;

	if (fd < 0)
		fd = memfd_create("xs-fuzz-snap", MFD_CLOEXEC);
	copy = malloc(size ? size : 1);
	if (fd < 0 || !copy)
		abort();
	memcpy(copy, data, size);
	fix_sum(copy, size);
	if (ftruncate(fd, 0) || pwrite(fd, copy, size, 0) != (ssize_t)size)
		abort();
	free(copy);
	snprintf(spec, sizeof(spec), "snap:/proc/self/fd/%d", fd);
	if (xs_target_open(spec, &t))
		return 0;
	xs_target_info(t, &info);
	if (!xs_target_domains(t, &doms)) {
		for (size_t i = 0; i < doms.nr && i < 8; i++) {
			uint32_t d = doms.v[i].domid;

			xs_target_pages(t, d, touch_pages, &acc);
			xs_target_refs(t, d, touch_refs, &acc);
			touch_shared(t, d, &acc);
			for (int k = XS_SNAP_TRACE; k <= XS_SNAP_GUEST; k++) {
				const void *b;
				size_t len;

				if (k != XS_SNAP_SUM && !xs_snap_blob(t, k, d, &b, &len) && len)
					acc += ((const uint8_t *)b)[len - 1];
			}
		}
		xs_domains_release(&doms);
		touch_shared(t, XENSCOPE_DOMID_COW, &acc);
	}
	if (!xs_target_procs(t, &procs))
		xs_procs_release(&procs);
	if (!xs_target_backends(t, &bes))
		xs_backends_release(&bes);
	xs_target_close(t);
	return acc == 42 ? 0 : 0;
}
