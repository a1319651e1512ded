/* The workloads a guest command line can ask for (one file each). */
#ifndef XSG_WL_H
#define XSG_WL_H

#include "mm.h"

/* Where workloads map their test data: L4 slot 1, clear of the 1:1 map. */
#define DATA_VA (1UL << L4_SHIFT)
/* Where the grant table is mapped for PV: L4 slot 2. */
#define GRANT_VA (2UL << L4_SHIFT)

void wl_pagetables(unsigned long mib);
void wl_superpages(void);
void wl_grant(unsigned long n);
void wl_grant_dom(const char *d);
void wl_argo_ring(unsigned long n);
void wl_grant_map(unsigned long d);
void wl_grant_self(unsigned long n);
void wl_pin(void);
void wl_leak(void);
void wl_p2m_list(void);
void wl_p2m_balloon(unsigned long n);
void wl_p2m_populate(unsigned long n);
void wl_p2m_plant(unsigned long pfn);
NORETURN void wl_p2m_race(void);
NORETURN void wl_p2m_touch(unsigned long pages);
NORETURN void wl_dirty(unsigned long pages);
NORETURN void wl_dirty_audit(unsigned long pages);
NORETURN void wl_dirty_xen(unsigned long pages);
NORETURN void wl_spin(void);

/* The PV kernel's own p2m (pv.c); PVH has none (pvh.c says so). */
void pv_p2m_publish_list(void);
void pv_p2m_set(uint64_t pfn, uint64_t mfn);
uint64_t pv_p2m_step(uint64_t pfn, uint64_t mfn, bool open);
int pv_console_getc(void);
void wl_shadowmix(void);
/* After "ready": keep remapping and touching the shadowmix pages. */
NORETURN void wl_shadowmix_busy(void);

/* A value unique to data page i, so a wrong translation is noticed. */
static inline uint64_t page_mark(uint64_t i)
{
	return 0x5853000000000000UL | i; /* "XS" */
}

#endif
