/*
 * One stub per exception vector 0-31.  Each pushes its vector number and
 * jumps to a common path that hands the frame to trap_handler().  Nothing
 * returns: a test guest that faults reports the fault and stops.
 */
	.text
	.code64
	.p2align 4
	.globl trap_stubs
trap_stubs:
	.set vec, 0
	.rept 32
	.p2align 4		/* TRAP_STUB_SIZE in xsg.h */
	pushq $vec
	jmp trap_common
	.set vec, vec + 1
	.endr

trap_common:
	cld
	mov %rsp, %rdi
	and $-16, %rsp
	call trap_handler
	ud2
