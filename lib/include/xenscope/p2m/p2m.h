/* SPDX-License-Identifier: MIT */
/*
 * A 64-bit PV guest's physical-to-machine map, read the way Xen's migration
 * code reads it (tools/libs/guest/xg_sr_save_x86_pv.c: map_p2m_tree,
 * map_p2m_list), and checked against the m2p and page ownership the way
 * that code checks it (mfn_in_pseudophysmap), except that every anomaly is
 * reported instead of aborting.
 *
 * The guest publishes its p2m in shared_info's arch part, in one of two
 * formats:
 *   tree  three levels linked by mfn: pfn_to_mfn_frame_list_list -> frame
 *         lists -> p2m frames (the original format; it cannot describe more
 *         than 512 * 512 * 512 pfns);
 *   list  a virtually mapped array at p2m_vaddr in the address space whose
 *         top-level table p2m_cr3 names, with p2m_generation bumped before
 *         and after every change of the list's mappings.  Used when p2m_cr3
 *         is not 0 (Linux does it when the toolstack set SIF_VIRT_P2M_4TOOLS).
 *
 * Guest memory comes through struct xs_guest_mem, so the same readers run on
 * a live domain (foreign mappings) and on memory images built by tests.
 */
#ifndef XENSCOPE_P2M_H
#define XENSCOPE_P2M_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include <xenscope.h>

#define XS_PAGE_SIZE 4096u
/* p2m entries per frame for a 64-bit guest. */
#define XS_P2M_PER_FRAME (XS_PAGE_SIZE / 8)

/* Linux's marks in a PV p2m entry (arch/x86/include/asm/xen/page.h). */
#define XS_P2M_ENTRY_INVALID UINT64_MAX
#define XS_P2M_FOREIGN_BIT ((uint64_t)1 << 63)
#define XS_P2M_IDENTITY_BIT ((uint64_t)1 << 62)

/* The part of shared_info's struct arch_shared_info the readers need. */
struct xs_p2m_anchor {
	uint64_t max_pfn;    /* entries in the p2m (arch.max_pfn) */
	uint64_t fll_mfn;    /* arch.pfn_to_mfn_frame_list_list */
	uint64_t p2m_cr3;    /* arch.p2m_cr3, in xen_cr3 format; 0: no list */
	uint64_t p2m_vaddr;  /* arch.p2m_vaddr */
	uint64_t generation; /* arch.p2m_generation */
};

struct xs_guest_mem_ops {
	/* Read the guest's p2m anchor from its shared_info page, afresh. */
	int (*anchor)(void *ctx, struct xs_p2m_anchor *out);
	/* Copy @nr frames, by machine frame number, into @buf (nr * 4 KiB). */
	int (*read)(void *ctx, const uint64_t *mfns, size_t nr, void *buf);
	/*
	 * Optional: called before retry @try (1, 2, ...) of a list the guest
	 * was changing (it left @generation): give the guest time to finish.
	 */
	void (*wait)(void *ctx, unsigned int try, uint64_t generation);
};

struct xs_guest_mem {
	const struct xs_guest_mem_ops *ops;
	void *ctx;
	uint64_t max_mfn; /* highest machine frame of the host */
};

/*
 * hvm: an HVM or PVH domain's p2m is Xen's, read entry by entry through
 * XENSCOPE_OP_P2M with each entry's p2m type, access and page order.
 */
enum xs_p2m_format { XS_P2M_FORMAT_TREE = 1, XS_P2M_FORMAT_LIST = 2, XS_P2M_FORMAT_HVM = 3 };

/* xs_p2m.type[] of a gfn Xen's p2m does not map (a hole). */
#define XS_P2M_TYPE_HOLE 0xFFu

struct xs_p2m {
	enum xs_p2m_format format;
	char why[160];	     /* which format was used, and why */
	uint64_t nr;	     /* entries read (max_pfn, trimmed as migration does) */
	uint64_t *entry;     /* nr raw entries, pfn-indexed */
	uint64_t *frames;    /* the p2m's own leaf frames (mfns), nr_frames of them */
	size_t nr_frames;
	uint64_t generation; /* list format: the even generation the read saw */
	unsigned int retries; /* list format: reads thrown away for a generation change */
	/*
	 * What the host says of each entry's frame, filled by whoever has the
	 * host at hand (the live backend; a snapshot keeps them): m2p[pfn] is
	 * the m2p's value for the entry's mfn (XS_P2M_ENTRY_INVALID: none),
	 * owner[pfn] the frame's owner (XS_P2M_OWNER_NONE: nobody's;
	 * XS_P2M_OWNER_UNKNOWN: not known).
	 * NULL: not collected at all.
	 */
	uint64_t *m2p;
	uint32_t *owner;
	/*
	 * hvm format: type[gfn] is the entry's XENSCOPE_P2MT_* (or
	 * XS_P2M_TYPE_HOLE), entry[gfn] its mfn (XS_P2M_ENTRY_INVALID: none);
	 * rec[] the hypervisor's records as read (superpages, access).
	 */
	uint8_t *type;
	struct xenscope_p2m *rec;
	size_t nr_rec;
};

#define XS_P2M_OWNER_UNKNOWN 0xFFFFFFFFu /* not looked up */
#define XS_P2M_OWNER_NONE 0xFFFFFFFEu    /* on no domain's page list */

/* "tree", "list", "hvm". */
const char *xs_p2m_format_name(enum xs_p2m_format f);

/*
 * Read the whole p2m of a 64-bit PV guest into @out (zeroed first).  The
 * list format is read between two reads of p2m_generation; an odd value or a
 * change throws the read away and starts again, at most @max_retries times,
 * then fails with -EAGAIN ("the guest kept changing its p2m").  A structural
 * problem (an mfn out of range, a bad virtual range) is -ERANGE with one
 * line saying where.
 */
int xs_p2m_read_pv(const struct xs_guest_mem *mem, unsigned int max_retries, struct xs_p2m *out);
void xs_p2m_release(struct xs_p2m *p);

/* Readers of one format, used by xs_p2m_read_pv (exposed for tests). */
int xs_p2m_read_tree(const struct xs_guest_mem *mem, const struct xs_p2m_anchor *a,
		     struct xs_p2m *out);
int xs_p2m_read_list(const struct xs_guest_mem *mem, const struct xs_p2m_anchor *a,
		     struct xs_p2m *out);

/* The frame an entry names, without Linux's marks. */
static inline uint64_t xs_p2m_entry_mfn(uint64_t e)
{
	return e & ~(XS_P2M_FOREIGN_BIT | XS_P2M_IDENTITY_BIT);
}

#endif
