/*
 * spin: a loop for debugger tests.  spin_tick() is called over and over
 * and adds one to spin_counter, the only place that writes it, so a
 * breakpoint on the function and a watchpoint on the variable both stop
 * in a known place.  Says where both are, "ready", then spins forever,
 * with a console line every 2^22 ticks to show the guest runs.
 */
#include "wl.h"
#include "xsg.h"

volatile uint64_t spin_counter;

/* noinline: the test needs a function of its own to break on. */
__attribute__((noinline)) void spin_tick(void)
{
	spin_counter++;
}

NORETURN void wl_spin(void)
{
	say("spin tick=%p counter=%p", (void *)spin_tick, (void *)&spin_counter);
	say("ready");
	for (;;) {
		spin_tick();
		if (!(spin_counter & ((1UL << 22) - 1)))
			say("spin n=%lu", (unsigned long)spin_counter);
	}
}
