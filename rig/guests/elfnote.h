/* Assembler macro for one Xen ELF note (name "Xen", type, descriptor). */
#ifndef XSG_ELFNOTE_H
#define XSG_ELFNOTE_H

#include <xen/elfnote.h>

.macro ELFNOTE type:req, desc:vararg
	.pushsection .note.Xen, "a", @note
	.p2align 2
	.long 2f - 1f		/* name size */
	.long 4f - 3f		/* descriptor size */
	.long \type
1:	.asciz "Xen"
2:	.p2align 2
3:	\desc
4:	.p2align 2
	.popsection
.endm

#endif
