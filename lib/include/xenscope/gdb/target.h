/* SPDX-License-Identifier: MIT */
/*
 * What the GDB stub debugs: one guest domain, live (libxenctrl) or from a
 * guest dump saved in a snapshot file (docs/gdbstub.md).  The protocol code
 * (gdb-server.h) sees only this ops table, never which backend it holds.
 *
 * Every call returns 0 or a negative errno.  Backends print one line
 * (common.h) for failures a user must see when opening; per-packet reads
 * fail quietly because gdb probes unmapped addresses all the time.
 */
#ifndef XENSCOPE_GDB_TARGET_H
#define XENSCOPE_GDB_TARGET_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "xenscope/core/buf.h"
#include "xenscope/target/target.h"

#define XS_GDB_PAGE_SIZE 4096
#define XS_GDB_MAX_VCPUS 4096 /* above any Xen build's limit; bounds dump headers */

/* struct xs_gdb_regs.flags */
#define XS_GDB_REGS_ONLINE (1U << 0) /* the vCPU is up; otherwise all zero */
/* Translate virtual addresses with 4-level x86-64 paging from cr3; when
 * clear, virtual = physical (an HVM vCPU with paging off). */
#define XS_GDB_REGS_PAGING (1U << 1)
/* Paging on but not long mode (32-bit or PAE): addresses cannot be translated. */
#define XS_GDB_REGS_LEGACY (1U << 2)
/* Online but waiting for an event (Xen's VPF_blocked); else it is runnable. */
#define XS_GDB_REGS_BLOCKED (1U << 3)

/*
 * One vCPU's registers.  Fixed layout of 64-bit fields: guest dumps store
 * it as is (little-endian, like every snapshot).  Selectors are zero-extended.
 */
struct xs_gdb_regs {
	uint64_t gpr[16]; /* rax rbx rcx rdx rsi rdi rbp rsp r8..r15: gdb's order */
	uint64_t rip, rflags;
	uint64_t cs, ss, ds, es, fs, gs;
	uint64_t fs_base, gs_base, gs_base_kernel;
	uint64_t cr0, cr2, cr3, cr4, efer;
	uint64_t flags; /* XS_GDB_REGS_* */
};

/*
 * What execution control reads and changes in one vCPU: the instruction
 * pointer, the flags (TF for a single step) and the debug registers.
 */
struct xs_gdb_dbg {
	uint64_t rip, rflags;
	uint64_t dr[4], dr6, dr7;
};

struct xs_gdb_target;

struct xs_gdb_target_ops {
	const char *name; /* "live" or "dump" */
	/* Registers of vCPU @vcpu (0-based). */
	int (*read_regs)(struct xs_gdb_target *t, unsigned int vcpu, struct xs_gdb_regs *out);
	/* One 4 KiB guest frame: a gfn, or for a PV guest an mfn (what its cr3 holds). */
	int (*read_frame)(struct xs_gdb_target *t, uint64_t frame, void *buf);
	/* Optional: @n frames into @buf (n * 4 KiB) at once; how many leading
	 * ones were read.  Live reads map them in one call. */
	size_t (*read_frames)(struct xs_gdb_target *t, const uint64_t *frames, size_t n,
			      void *buf);
	/* Write @len bytes at @off in @frame; NULL when the target is read-only. */
	int (*write_frame)(struct xs_gdb_target *t, uint64_t frame, size_t off, const void *data,
			   size_t len);
	/* Stop and restart the whole domain; NULL for a dump (always stopped). */
	int (*pause)(struct xs_gdb_target *t);
	int (*unpause)(struct xs_gdb_target *t);
	/*
	 * Execution control (lib/gdb/exec.c); all NULL when the target cannot
	 * run.  set_debugging turns on the hypervisor's debugger intercepts
	 * (int3 and #DB in the guest kernel pause the domain instead of
	 * reaching the guest).  paused: 1 when anything holds the domain
	 * paused, 0 when it runs; -EOWNERDEAD when it crashed, -ESHUTDOWN
	 * when it shut down otherwise, -ENOENT when it is gone.  own_pause: take the pause that is there
	 * (the hypervisor's, after a debug trap) as ours to undo.
	 * write_code: plant or lift a breakpoint byte, with or without
	 * --allow-writes (every byte is restored).
	 */
	int (*set_debugging)(struct xs_gdb_target *t, bool on);
	int (*get_dbg)(struct xs_gdb_target *t, unsigned int vcpu, struct xs_gdb_dbg *d);
	int (*set_dbg)(struct xs_gdb_target *t, unsigned int vcpu, const struct xs_gdb_dbg *d);
	int (*paused)(struct xs_gdb_target *t);
	void (*own_pause)(struct xs_gdb_target *t);
	int (*write_code)(struct xs_gdb_target *t, uint64_t frame, size_t off, const void *data,
			  size_t len);
	void (*close)(struct xs_gdb_target *t);
};

/* What memory reads cost in the target, for `monitor stats`. */
struct xs_gdb_read_stats {
	uint64_t reads, bytes;
	uint64_t ns;	    /* in xs_gdb_read_vmem/pmem: registers, walk, frames */
	uint64_t frames_ns; /* of that, reading the frames of the data */
};

/* Backends fill this header at the start of their own struct. */
struct xs_gdb_target {
	const struct xs_gdb_target_ops *ops;
	uint32_t domid;
	unsigned int nr_vcpus;
	bool pv; /* frames are mfns */
	struct xs_gdb_read_stats stats;
};

/* Open domain @domid on the running hypervisor; @writable wires write_frame.
 * -ENOSYS without libxenctrl. */
int xs_gdb_live_open(uint32_t domid, bool writable, struct xs_gdb_target **out);
/* Open the guest dump of @domid held in snapshot @path (xs_target_open spec). */
int xs_gdb_dump_open(const char *path, uint32_t domid, struct xs_gdb_target **out);
/* The same from a dump blob in memory (copied), as a snapshot section holds it. */
int xs_gdb_dump_open_mem(const void *blob, size_t len, uint32_t domid, struct xs_gdb_target **out);
/* Open an `xl dump-core` ELF file (lib/gdb/core.c); read-only. */
int xs_gdb_core_open(const char *path, uint32_t domid, struct xs_gdb_target **out);
/* Whether @path looks like an `xl dump-core` file (ELF with .xen_prstatus, .xen_pages). */
bool xs_gdb_core_probe(const char *path);
void xs_gdb_target_close(struct xs_gdb_target *t);

/*
 * Read @len bytes at guest virtual address @vaddr as vCPU @vcpu sees it,
 * walking its page tables.  Returns the number of bytes read (short when
 * an unmapped page is reached; 0 means the first byte is unreadable) or a
 * negative errno when the registers cannot be read.
 */
long xs_gdb_read_vmem(struct xs_gdb_target *t, unsigned int vcpu, uint64_t vaddr, void *buf,
		      size_t len);
/* Read physical memory: frame numbers as the target takes them (mfns for PV). */
long xs_gdb_read_pmem(struct xs_gdb_target *t, uint64_t paddr, void *buf, size_t len);
/* Write likewise; -EROFS when the target cannot write, -EFAULT when unmapped. */
int xs_gdb_write_vmem(struct xs_gdb_target *t, unsigned int vcpu, uint64_t vaddr,
		      const void *data, size_t len);
int xs_gdb_write_pmem(struct xs_gdb_target *t, uint64_t paddr, const void *data, size_t len);
/*
 * Translate @vaddr with the page tables at @regs->cr3: the frame holding it
 * and the offset inside.  -EFAULT when not present or not canonical,
 * -EOPNOTSUPP for paging modes other than 4-level.
 */
/* Whether @vaddr is canonical for 48-bit virtual addresses (bits 63:47 equal). */
bool xs_gdb_canonical(uint64_t vaddr);
int xs_gdb_translate(struct xs_gdb_target *t, const struct xs_gdb_regs *regs, uint64_t vaddr,
		     uint64_t *frame, size_t *off);

/*
 * Guest dump: the blob of snapshot section kind XS_SNAP_GUEST for the
 * domain, laid out as
 *	struct xs_gdb_dump_hdr
 *	struct xs_gdb_regs    regs[nr_vcpus]
 *	uint64_t              frames[nr_frames]   strictly ascending
 *	uint8_t               data[nr_frames][4096]
 */
#define XS_GDB_DUMP_MAGIC "XSGUEST"
#define XS_GDB_DUMP_VERSION 1
#define XS_GDB_DUMP_PV (1U << 0) /* frame numbers are mfns */

struct xs_gdb_dump_hdr {
	char magic[8]; /* XS_GDB_DUMP_MAGIC, NUL-padded */
	uint32_t version;
	uint32_t flags; /* XS_GDB_DUMP_* */
	uint32_t nr_vcpus;
	uint32_t regs_size; /* sizeof(struct xs_gdb_regs): lets the record grow */
	uint64_t nr_frames;
};

/*
 * Read everything a debugger needs from @t into a dump at @path: registers
 * of every vCPU and every frame reachable from their page tables (tables
 * and the pages they map), at most @max_frames frames.
 */
int xs_gdb_dump_save(struct xs_gdb_target *t, const char *path, uint64_t max_frames);

/* Build a dump blob in memory (tests and xs_gdb_dump_save); @frames ascending. */
int xs_gdb_dump_build(struct xs_buf *out, uint32_t flags, const struct xs_gdb_regs *regs,
		      unsigned int nr_vcpus, const uint64_t *frames, const void *data,
		      uint64_t nr_frames);
/* Write a snapshot at @path holding one domain record and its dump @blob. */
int xs_gdb_dump_write(const char *path, uint32_t domid, bool pv, const void *blob, size_t len);

#endif
