/*
 * Entry of the PVH kernel.  Xen starts us at the XEN_ELFNOTE_PHYS32_ENTRY
 * address in 32-bit protected mode with paging off, flat segments and
 * %ebx = physical address of struct hvm_start_info.  We load our own GDT,
 * identity-map the first 4 GiB with 2 MiB pages and switch to long mode.
 */
#include "elfnote.h"

#define GDT_CS32 0x08
#define GDT_CS64 0x10
#define GDT_DS 0x18

#define CR4_PAE 0x20
#define CR0_PG 0x80000000
#define MSR_EFER 0xc0000080
#define EFER_LME 0x100

	ELFNOTE XEN_ELFNOTE_GUEST_OS, .asciz "xsguest"
	ELFNOTE XEN_ELFNOTE_XEN_VERSION, .asciz "xen-3.0"
	ELFNOTE XEN_ELFNOTE_LOADER, .asciz "generic"
	ELFNOTE XEN_ELFNOTE_PHYS32_ENTRY, .long _start

	.section .text.head, "ax", @progbits
	.code32
	.globl _start
_start:
	cld
	mov %ebx, pvh_start_info_pa
	/* Segment selector values at entry are unspecified: use ours. */
	lgdt gdt_ptr
	ljmp $GDT_CS32, $1f
1:	mov $GDT_DS, %eax
	mov %eax, %ds
	mov %eax, %es
	mov %eax, %ss
	mov %eax, %fs
	mov %eax, %gs
	mov $stack_top, %esp

	mov %cr4, %eax
	or $CR4_PAE, %eax
	mov %eax, %cr4
	mov $pvh_pml4, %eax
	mov %eax, %cr3
	mov $MSR_EFER, %ecx
	rdmsr
	or $EFER_LME, %eax
	wrmsr
	mov %cr0, %eax
	or $CR0_PG, %eax
	mov %eax, %cr0
	ljmp $GDT_CS64, $start64

	.code64
start64:
	mov $stack_top, %rsp
	mov pvh_start_info_pa(%rip), %edi
	call pvh_main
	ud2

	.data
	.p2align 3
gdt:
	.quad 0
	.quad 0x00cf9a000000ffff	/* GDT_CS32: 32-bit code, flat */
	.quad 0x00af9a000000ffff	/* GDT_CS64: 64-bit code */
	.quad 0x00cf92000000ffff	/* GDT_DS: data, flat */
gdt_end:
gdt_ptr:
	.word gdt_end - gdt - 1
	.quad gdt

	.globl pvh_start_info_pa
pvh_start_info_pa:
	.long 0

	/* Boot page tables: 1:1 map of 0-4 GiB (RAM, console ring, ...). */
	.p2align 12
	.globl pvh_pml4
pvh_pml4:
	.quad pvh_pdpt + 0x3
	.fill 511, 8, 0
pvh_pdpt:
	.quad pvh_pd + 0x0003, pvh_pd + 0x1003, pvh_pd + 0x2003, pvh_pd + 0x3003
	.fill 508, 8, 0
pvh_pd:
	.set i, 0
	.rept 2048
	.quad (i << 21) | 0xe3		/* present, rw, accessed, dirty, 2M */
	.set i, i + 1
	.endr
