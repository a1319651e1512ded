// SPDX-License-Identifier: MIT
/* TRC_HW: power management and IRQ vectors (xen/arch/x86/irq.c, cpu_idle.c). */
#include <stdint.h>
#include <xen/trace.h>

#include "xenscope/trace/decode.h"

static const struct xs_trace_simple hw[] = {
	{ TRC_PM_FREQ_CHANGE, "pm_freq_change", "old_mhz:u new_mhz:u" },
	{ TRC_PM_IDLE_ENTRY, "pm_idle_entry", "cstate:u tsc:x expected_us:u predicted_us:u" },
	{ TRC_PM_IDLE_EXIT, "pm_idle_exit", "cstate:u tsc:x irq0:x irq1:x irq2:x irq3:x" },
	{ TRC_HW_IRQ_MOVE_CLEANUP_DELAY, "irq_move_cleanup_delay", "irq:u vector:u cpu:u" },
	{ TRC_HW_IRQ_MOVE_CLEANUP, "irq_move_cleanup", "irq:u vector:u cpu:u" },
	/* irq, vector, then the CPU mask's first words */
	{ TRC_HW_IRQ_BIND_VECTOR, "irq_bind_vector", "irq:u vector:u mask:*" },
	{ TRC_HW_IRQ_CLEAR_VECTOR, "irq_clear_vector", "irq:u vector:u mask:*" },
	{ TRC_HW_IRQ_MOVE_FINISH, "irq_move_finish", "irq:u old_vector:u cpu:u" },
	{ TRC_HW_IRQ_ASSIGN_VECTOR, "irq_assign_vector", "irq:u vector:u mask:*" },
	{ TRC_HW_IRQ_UNMAPPED_VECTOR, "irq_unmapped_vector", "vector:u" },
	{ TRC_HW_IRQ_HANDLED, "irq_handled", "irq:u tsc_in:x tsc_out:x" },
};

bool xs_trace_dec_hw(struct xs_trace_ctx *c, struct xs_trace_event *ev)
{
	return xs_trace_dec_table(hw, XS_ARRAY_SIZE(hw), ev);
}
