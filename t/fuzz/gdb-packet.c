// SPDX-License-Identifier: MIT
/*
 * Fuzzing the GDB stub's packet framing and command dispatcher: the input is
 * what gdb (or a hostile peer) sends, byte by byte, to a small in-memory
 * guest with two vCPUs and real 4-level page tables, writable so that the
 * write commands run too.
 */
#include <errno.h>
#include <stdbool.h>
#include <string.h>

#include "xenscope/core/buf.h"
#include "xenscope/gdb/packet.h"
#include "xenscope/gdb/server.h"
#include "xenscope/gdb/target.h"

#include "fuzz.h"

#define NR_FRAMES 8
#define KERNEL_VA 0xffffffff80000000ULL

struct mem_target {
	struct xs_gdb_target base;
	uint64_t pages[NR_FRAMES][XS_GDB_PAGE_SIZE / 8];
	bool paused;
};

static struct mem_target mem;

static int mem_read_regs(struct xs_gdb_target *t, unsigned int vcpu, struct xs_gdb_regs *out)
{
	if (vcpu >= t->nr_vcpus)
		return -ENOENT;
	memset(out, 0, sizeof(*out));
	out->flags = XS_GDB_REGS_ONLINE | (vcpu ? 0 : XS_GDB_REGS_PAGING);
	out->cr3 = 1ULL << 12;
	out->rip = KERNEL_VA + 0x10;
	out->gpr[7] = KERNEL_VA + 0x1ff0; /* rsp */
	out->cr0 = 0x80050033;
	return 0;
}

static int mem_read_frame(struct xs_gdb_target *t, uint64_t frame, void *buf)
{
	if (frame >= NR_FRAMES)
		return -EFAULT;
	memcpy(buf, mem.pages[frame], XS_GDB_PAGE_SIZE);
	return 0;
}

static int mem_write_frame(struct xs_gdb_target *t, uint64_t frame, size_t off, const void *data,
			   size_t len)
{
	/* Frames 1-4 are the page tables: keep them intact between inputs. */
	if (frame < 5 || frame >= NR_FRAMES || off > XS_GDB_PAGE_SIZE ||
	    len > XS_GDB_PAGE_SIZE - off)
		return -EFAULT;
	memcpy((char *)mem.pages[frame] + off, data, len);
	return 0;
}

static int mem_pause(struct xs_gdb_target *t)
{
	mem.paused = true;
	return 0;
}

static int mem_unpause(struct xs_gdb_target *t)
{
	mem.paused = false;
	return 0;
}

static void mem_close(struct xs_gdb_target *t)
{
}

static const struct xs_gdb_target_ops mem_ops = {
	.name = "fuzz",
	.read_regs = mem_read_regs,
	.read_frame = mem_read_frame,
	.write_frame = mem_write_frame,
	.pause = mem_pause,
	.unpause = mem_unpause,
	.close = mem_close,
};

int LLVMFuzzerInitialize(int *argc, char ***argv)
{
	xs_fuzz_quiet();
	mem.base.ops = &mem_ops;
	mem.base.domid = 7;
	mem.base.nr_vcpus = 2;
	mem.base.pv = true;
	/* KERNEL_VA: PML4[511] -> PDPT[510] -> PD[0] -> PT[0..3] -> frames 5..7 */
	mem.pages[1][511] = 2 << 12 | 0x3;
	mem.pages[2][510] = 3 << 12 | 0x3;
	mem.pages[3][0] = 4 << 12 | 0x3;
	mem.pages[3][1] = 0x200000 | 0x83; /* a 2 MiB page, mostly unmapped frames */
	for (int i = 0; i < 3; i++)
		mem.pages[4][i] = (uint64_t)(5 + i) << 12 | 0x3;
	mem.pages[4][3] = 0x7fffffffff000ULL | 0x3; /* a frame that does not exist */
	return 0;
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct xs_gdb_server s;
	struct xs_buf reply = XS_BUF_INIT, framed = XS_BUF_INIT;
	static struct xs_gdb_rx rx;

	if (!size)
		return 0;
	/* The first byte picks --allow-writes. */
	xs_gdb_server_init(&s, &mem.base, data[0] & 1);
	xs_gdb_rx_init(&rx);
	for (size_t i = 1; i < size && !s.detached; i++) {
		enum xs_gdb_rx_event ev = xs_gdb_rx_feed(&rx, data[i]);

		xs_buf_reset(&reply);
		if (ev == XS_GDB_RX_PACKET) {
			if (xs_gdb_server_handle(&s, rx.buf, rx.len, &reply) != XS_GDB_NO_REPLY)
				xs_gdb_frame(&framed, reply.buf, reply.len);
		} else if (ev == XS_GDB_RX_INTERRUPT && s.running) {
			if (!xs_gdb_server_interrupt(&s, &reply))
				xs_gdb_frame(&framed, reply.buf, reply.len);
		}
		xs_buf_reset(&framed);
	}
	xs_buf_release(&reply);
	xs_buf_release(&framed);
	return 0;
}
