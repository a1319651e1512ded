/*
 * Entry of the 64-bit PV kernel.  The domain builder loads us at virtual
 * address == pseudo-physical address (VIRT_BASE 0), maps everything up to
 * a little past its boot stack, and enters here in 64-bit mode with
 * %rsi = start_info and %rsp = top of the boot stack.
 */
#include "elfnote.h"

	ELFNOTE XEN_ELFNOTE_GUEST_OS, .asciz "xsguest"
	ELFNOTE XEN_ELFNOTE_XEN_VERSION, .asciz "xen-3.0"
	ELFNOTE XEN_ELFNOTE_LOADER, .asciz "generic"
	ELFNOTE XEN_ELFNOTE_VIRT_BASE, .quad 0
	ELFNOTE XEN_ELFNOTE_PADDR_OFFSET, .quad 0
	ELFNOTE XEN_ELFNOTE_ENTRY, .quad _start
	ELFNOTE XEN_ELFNOTE_HYPERCALL_PAGE, .quad hypercall_page
	ELFNOTE XEN_ELFNOTE_FEATURES, .asciz "!writable_page_tables"

	.section .text.head, "ax", @progbits
	.code64
	.globl _start
_start:
	cld
	/* The boot stack is the last page the builder allocated. */
	mov %rsp, pv_boot_rsp(%rip)
	lea stack_top(%rip), %rsp
	mov %rsi, %rdi
	call pv_main
	ud2
