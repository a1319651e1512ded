/*
 * What differs between the PV and the PVH kernel, implemented once in pv.c
 * and once in pvh.c.  Both map guest memory 1:1 (virtual address == guest
 * physical address) so shared code reaches frame pfn at pfn << 12.
 */
#ifndef XSG_ARCH_H
#define XSG_ARCH_H

#include "xsg.h"

extern const bool guest_is_pv;
extern const char guest_kind[];

/* Extra page-table entry flags this kind of guest needs on every entry. */
extern const uint64_t pte_extra;

/* Guest frame number <-> the frame number that goes into a PTE. */
uint64_t pfn_to_frame(uint64_t pfn);
uint64_t frame_to_pfn(uint64_t frame);

/* A freshly zeroed and filled page is about to become a page table. */
void pt_protect(uint64_t pfn);
/* Write one entry of a page table that may be live. */
void pt_set(uint64_t table_pfn, unsigned int idx, uint64_t pte);
void flush_va(uint64_t va);
void load_cr3(uint64_t l4_pfn);
/* Keep a finished address space validated while not loaded (PV pin). */
void pt_pin_l4(uint64_t l4_pfn);
uint64_t current_l4(void);
/* One past the last guest frame of RAM. */
uint64_t guest_ram_end_pfn(void);

/* The top-level table the kernel booted on (shared kernel mappings). */
extern uint64_t boot_l4_pfn;

#endif
