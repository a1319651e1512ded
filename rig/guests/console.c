/*
 * Console output.  Every line goes two ways:
 *  - HYPERVISOR_console_io, which lands in the hypervisor log but is refused
 *    for a domU by release builds of Xen (so its result is ignored);
 *  - the PV console ring shared with dom0's xenconsoled, which logs it to a
 *    file per guest; this is what the rig's scenario scripts read.
 */
#include "xsg.h"
#include "hypercall.h"

static struct xencons_interface *ring;
static uint32_t ring_port;

/* How long to wait for xenconsoled to drain a full ring before dropping. */
#define FULL_RING_YIELDS 100000

static void notify(void)
{
	struct evtchn_send send = { .port = ring_port };

	hyp_event_channel_op(EVTCHNOP_send, &send);
}

void console_init(void *r, uint32_t evtchn)
{
	ring = r;
	ring_port = evtchn;
}

static void ring_write(const char *s, size_t n)
{
	volatile struct xencons_interface *r = ring;
	unsigned int yields = 0;

	while (n) {
		XENCONS_RING_IDX cons = r->out_cons, prod = r->out_prod;

		__atomic_thread_fence(__ATOMIC_ACQUIRE);
		if (prod - cons >= sizeof(r->out)) {
			/* Full: kick the reader and let dom0 run. */
			notify();
			hyp_sched_op(SCHEDOP_yield, NULL);
			if (++yields > FULL_RING_YIELDS)
				return;
			continue;
		}
		while (n && prod - cons < sizeof(r->out)) {
			r->out[MASK_XENCONS_IDX(prod, r->out)] = *s++;
			prod++;
			n--;
		}
		/* The data must be visible before the producer index moves. */
		__atomic_thread_fence(__ATOMIC_RELEASE);
		r->out_prod = prod;
	}
	notify();
}

void console_write(const char *s, size_t n)
{
	hyp_console_io(CONSOLEIO_write, (unsigned int)n, s);
	if (ring)
		ring_write(s, n);
}

/*
 * One byte of console input (what dom0 writes to the guest's pty), or -1
 * when there is none.  xenconsoled is told the space is free again.
 */
int console_getc(void)
{
	volatile struct xencons_interface *r = ring;
	XENCONS_RING_IDX cons, prod;
	int c;

	if (!r)
		return -1;
	cons = r->in_cons;
	prod = r->in_prod;
	__atomic_thread_fence(__ATOMIC_ACQUIRE);
	if (cons == prod)
		return -1;
	c = (unsigned char)r->in[MASK_XENCONS_IDX(cons, r->in)];
	__atomic_thread_fence(__ATOMIC_RELEASE);
	r->in_cons = cons + 1;
	notify();
	return c;
}

/*
 * The next byte of console input, yielding the vCPU until there is one:
 * for kernels that cannot sleep on the console's event channel (PVH maps
 * no shared info, so it cannot clear the pending bit SCHEDOP_poll tests).
 * The ring is polled a while between yields: a PVH guest yielding in a
 * tight loop (a VMMCALL each time) triple-faulted now and then on the
 * rig's software CPU when its host was busy, and a poll costs nothing.
 */
#define POLLS_PER_YIELD 4096

int console_getc_yield(void)
{
	unsigned int polls = 0;
	int c;

	while ((c = console_getc()) < 0) {
		if (++polls % POLLS_PER_YIELD == 0)
			hyp_sched_op(SCHEDOP_yield, NULL);
		else
			__builtin_ia32_pause();
	}
	return c;
}

uint32_t console_port(void)
{
	return ring_port;
}
