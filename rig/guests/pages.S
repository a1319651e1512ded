/* Page-sized pieces shared by both kernels: hypercall page and stack. */

	/*
	 * Xen overwrites this page with one 32-byte stub per hypercall.  Until
	 * then it is full of int3, so calling too early faults visibly.
	 */
	.section .text.hypercall, "ax", @progbits
	.p2align 12
	.globl hypercall_page
hypercall_page:
	.fill 4096, 1, 0xcc

	.section .bss.stack, "aw", @nobits
	.p2align 12
	.skip 16384
	.globl stack_top
stack_top:
