// SPDX-License-Identifier: MIT
/*
 * Fuzzing the guest dump reader: the input is the blob of a snapshot's
 * .xs.guest.D section; when it opens, its registers are read and its page
 * tables walked, as gdb would.
 */
#include <string.h>

#include "xenscope/gdb/target.h"

#include "fuzz.h"

int LLVMFuzzerInitialize(int *argc, char ***argv)
{
	xs_fuzz_quiet();
	return 0;
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct xs_gdb_target *t;
	unsigned char buf[XS_GDB_PAGE_SIZE + 64];

	if (xs_gdb_dump_open_mem(data, size, 7, &t))
		return 0;
	for (unsigned int v = 0; v < t->nr_vcpus && v < 4; v++) {
		struct xs_gdb_regs r;
		uint64_t frame;
		size_t off;

		if (t->ops->read_regs(t, v, &r))
			continue;
		xs_gdb_translate(t, &r, r.rip, &frame, &off);
		xs_gdb_read_vmem(t, v, r.rip, buf, 64);
		/* Across a page boundary, and a whole page. */
		xs_gdb_read_vmem(t, v, (r.gpr[7] | 0xfff) - 7, buf, 16);
		xs_gdb_read_vmem(t, v, r.gpr[7] & ~0xfffULL, buf, XS_GDB_PAGE_SIZE);
		xs_gdb_read_vmem(t, v, 0xffffffff81000000ULL, buf, sizeof(buf));
	}
	t->ops->read_frame(t, 0, buf);
	xs_gdb_write_vmem(t, 0, 0, buf, 8);
	xs_gdb_target_close(t);
	return 0;
}
