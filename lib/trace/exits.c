// SPDX-License-Identifier: MIT
/*
 * VMEXIT reason names: Intel's basic exit reasons (SDM vol. 3 appendix C,
 * Xen's asm/hvm/vmx/vmx.h) and AMD's exit codes (APM vol. 2 appendix C,
 * Xen's asm/hvm/svm/vmcb.h).
 */
#include "xenscope/trace/decode.h"

static const char *const vmx[] = {
	[0] = "exception_nmi",
	[1] = "external_interrupt",
	[2] = "triple_fault",
	[3] = "init",
	[4] = "sipi",
	[5] = "io_smi",
	[6] = "other_smi",
	[7] = "pending_virt_intr",
	[8] = "pending_virt_nmi",
	[9] = "task_switch",
	[10] = "cpuid",
	[11] = "getsec",
	[12] = "hlt",
	[13] = "invd",
	[14] = "invlpg",
	[15] = "rdpmc",
	[16] = "rdtsc",
	[17] = "rsm",
	[18] = "vmcall",
	[19] = "vmclear",
	[20] = "vmlaunch",
	[21] = "vmptrld",
	[22] = "vmptrst",
	[23] = "vmread",
	[24] = "vmresume",
	[25] = "vmwrite",
	[26] = "vmxoff",
	[27] = "vmxon",
	[28] = "cr_access",
	[29] = "dr_access",
	[30] = "io_instruction",
	[31] = "msr_read",
	[32] = "msr_write",
	[33] = "invalid_guest_state",
	[34] = "msr_loading",
	[36] = "mwait_instruction",
	[37] = "monitor_trap_flag",
	[39] = "monitor_instruction",
	[40] = "pause_instruction",
	[41] = "mce_during_vmentry",
	[43] = "tpr_below_threshold",
	[44] = "apic_access",
	[45] = "eoi_induced",
	[46] = "access_gdtr_or_idtr",
	[47] = "access_ldtr_or_tr",
	[48] = "ept_violation",
	[49] = "ept_misconfig",
	[50] = "invept",
	[51] = "rdtscp",
	[52] = "vmx_preemption_timer_expired",
	[53] = "invvpid",
	[54] = "wbinvd",
	[55] = "xsetbv",
	[56] = "apic_write",
	[57] = "rdrand",
	[58] = "invpcid",
	[59] = "vmfunc",
	[60] = "encls",
	[61] = "rdseed",
	[62] = "pml_full",
	[63] = "xsaves",
	[64] = "xrstors",
	[67] = "umwait",
	[68] = "tpause",
	[74] = "bus_lock",
	[75] = "notify",
};

static const char *const svm_misc[] = {
	[0x60] = "intr",
	[0x61] = "nmi",
	[0x62] = "smi",
	[0x63] = "init",
	[0x64] = "vintr",
	[0x65] = "cr0_sel_write",
	[0x66] = "idtr_read",
	[0x67] = "gdtr_read",
	[0x68] = "ldtr_read",
	[0x69] = "tr_read",
	[0x6a] = "idtr_write",
	[0x6b] = "gdtr_write",
	[0x6c] = "ldtr_write",
	[0x6d] = "tr_write",
	[0x6e] = "rdtsc",
	[0x6f] = "rdpmc",
	[0x70] = "pushf",
	[0x71] = "popf",
	[0x72] = "cpuid",
	[0x73] = "rsm",
	[0x74] = "iret",
	[0x75] = "swint",
	[0x76] = "invd",
	[0x77] = "pause",
	[0x78] = "hlt",
	[0x79] = "invlpg",
	[0x7a] = "invlpga",
	[0x7b] = "ioio",
	[0x7c] = "msr",
	[0x7d] = "task_switch",
	[0x7e] = "ferr_freeze",
	[0x7f] = "shutdown",
	[0x80] = "vmrun",
	[0x81] = "vmmcall",
	[0x82] = "vmload",
	[0x83] = "vmsave",
	[0x84] = "stgi",
	[0x85] = "clgi",
	[0x86] = "skinit",
	[0x87] = "rdtscp",
	[0x88] = "icebp",
	[0x89] = "wbinvd",
	[0x8a] = "monitor",
	[0x8b] = "mwait",
	[0x8c] = "mwait_conditional",
	[0x8d] = "xsetbv",
	[0x8e] = "rdpru",
	[0x8f] = "efer_write_trap",
	[0xa0] = "invlpgb",
	[0xa1] = "invlpgb_illegal",
	[0xa2] = "invpcid",
	[0xa3] = "mcommit",
	[0xa4] = "tlbsync",
};

static const char *svm(uint32_t code)
{
	static const char *const cr_read[] = { "cr0_read", "cr1_read", "cr2_read",
					       "cr3_read", "cr4_read", "cr5_read",
					       "cr6_read", "cr7_read", "cr8_read" };
	static const char *const cr_write[] = { "cr0_write", "cr1_write", "cr2_write",
						"cr3_write", "cr4_write", "cr5_write",
						"cr6_write", "cr7_write", "cr8_write" };
	static const char *const exc[32] = {
		[0] = "exception_de",  [1] = "exception_db",  [2] = "exception_nmi",
		[3] = "exception_bp",  [4] = "exception_of",  [5] = "exception_br",
		[6] = "exception_ud",  [7] = "exception_nm",  [8] = "exception_df",
		[10] = "exception_ts", [11] = "exception_np", [12] = "exception_ss",
		[13] = "exception_gp", [14] = "exception_pf", [16] = "exception_mf",
		[17] = "exception_ac", [18] = "exception_mc", [19] = "exception_xf",
	};

	if (code < 0x10)
		return code < XS_ARRAY_SIZE(cr_read) ? cr_read[code] : "cr_read";
	if (code < 0x20)
		return code - 0x10 < XS_ARRAY_SIZE(cr_write) ? cr_write[code - 0x10] : "cr_write";
	if (code < 0x30)
		return "dr_read";
	if (code < 0x40)
		return "dr_write";
	if (code < 0x60)
		return exc[code - 0x40] ? exc[code - 0x40] : "exception";
	if (code < XS_ARRAY_SIZE(svm_misc) && svm_misc[code])
		return svm_misc[code];
	switch (code) {
	case 0x400:
		return "npf";
	case 0x401:
		return "avic_incomplete_ipi";
	case 0x402:
		return "avic_noaccel";
	case 0x403:
		return "vmgexit";
	case 0xffffffffU:
		return "invalid";
	}
	return NULL;
}

const char *xs_trace_exit_name(enum xs_trace_vendor v, uint32_t reason)
{
	switch (v) {
	case XS_VENDOR_AMD:
		return svm(reason);
	case XS_VENDOR_INTEL:
		/* Bit 31: VM entry failure; the basic reason is the low 16 bits. */
		reason &= 0xffff;
		return reason < XS_ARRAY_SIZE(vmx) ? vmx[reason] : NULL;
	case XS_VENDOR_UNKNOWN:
		break;
	}
	return NULL;
}
