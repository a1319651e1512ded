/* Declarations shared by every part of the xsguest test kernels. */
#ifndef XSG_H
#define XSG_H

#include <stdarg.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#define PAGE_SHIFT 12
#define PAGE_SIZE 4096UL
#define MIB_PAGES 256UL /* 4 KiB pages per MiB */

#define ARRAY_SIZE(a) (sizeof(a) / sizeof((a)[0]))
#define NORETURN __attribute__((noreturn))
#define PRINTF(f, a) __attribute__((format(printf, f, a)))

/* lib.c: the few libc pieces a freestanding build (and gcc) needs. */
void *memset(void *d, int c, size_t n);
void *memcpy(void *d, const void *s, size_t n);
int memcmp(const void *a, const void *b, size_t n);
size_t strlen(const char *s);
int strncmp(const char *a, const char *b, size_t n);
unsigned long parse_ulong(const char *s, const char **end);

/* printf.c */
int vsnprintf(char *buf, size_t size, const char *fmt, va_list ap);
int snprintf(char *buf, size_t size, const char *fmt, ...) PRINTF(3, 4);
/* One console line, prefixed "xsguest: ", newline added. */
void say(const char *fmt, ...) PRINTF(1, 2);

/* console.c */
void console_init(void *ring, uint32_t evtchn);
void console_write(const char *s, size_t n);
int console_getc(void);
int console_getc_yield(void);
uint32_t console_port(void);

/* alloc.c: a bump allocator over guest page frame numbers. */
void alloc_init(uint64_t first_pfn, uint64_t end_pfn);
uint64_t alloc_pages(uint64_t n, uint64_t align);
uint64_t alloc_free_pages(void);
uint64_t alloc_total_pages(void);

/* trap.c */
void trap_handler(uint64_t *frame);
extern char trap_stubs[]; /* trap-stubs.S: 32 stubs, TRAP_STUB_SIZE apart */
#define TRAP_STUB_SIZE 16

/* main.c */
NORETURN void guest_main(const char *cmdline);
NORETURN void guest_idle(void);
NORETURN void guest_crash(void);
NORETURN void panic(const char *fmt, ...) PRINTF(1, 2);

#endif
