/*
 * Common start: report what we are, run the workloads named on the command
 * line in order, say "ready" and idle.  Scenario scripts wait for the
 * "xsguest: ..." lines on the guest console.
 */
#include "hypercall.h"
#include "wl.h"

NORETURN void guest_crash(void)
{
	struct sched_shutdown sd = { .reason = SHUTDOWN_crash };

	hyp_sched_op(SCHEDOP_shutdown, &sd);
	guest_idle();
}

NORETURN void panic(const char *fmt, ...)
{
	char msg[200];
	va_list ap;

	va_start(ap, fmt);
	vsnprintf(msg, sizeof(msg), fmt, ap);
	va_end(ap);
	say("PANIC %s", msg);
	guest_crash();
}

/*
 * Sleep until an event arrives, forever.  SCHEDOP_poll leaves event
 * delivery masked, so we need no event callback; SCHEDOP_block and a
 * PVH hlt would unmask events or take the vCPU down.
 */
NORETURN void guest_idle(void)
{
	for (;;) {
		struct sched_poll poll = { .nr_ports = 0, .timeout = 0 };

		hyp_sched_op(SCHEDOP_poll, &poll);
	}
}

NORETURN static void crash_now(void)
{
	say("crash writing to 0x%lx", 0x7ff000000000UL);
	*(volatile uint64_t *)0x7ff000000000UL = 1; /* nothing maps this */
	panic("the write to an unmapped address did not fault");
}

/* The value of "key=value" if word is that key, else NULL. */
static const char *arg(const char *word, size_t len, const char *key)
{
	size_t k = strlen(key);

	if (len > k && !strncmp(word, key, k) && word[k] == '=')
		return word + k + 1;
	return NULL;
}

static bool is(const char *word, size_t len, const char *name)
{
	return len == strlen(name) && !strncmp(word, name, len);
}

/* "busy": after "ready", keep the shadowmix pages moving instead of idling. */
static bool busy;

/* Run one command-line word; false if it names no workload. */
static bool run_word(const char *w, size_t len)
{
	const char *v;

	if (is(w, len, "idle"))
		return true;
	if ((v = arg(w, len, "pagetables")))
		wl_pagetables(parse_ulong(v, NULL));
	else if (is(w, len, "superpages"))
		wl_superpages();
	else if ((v = arg(w, len, "grant-self")))
		wl_grant_self(parse_ulong(v, NULL));
	else if ((v = arg(w, len, "argo-ring")))
		wl_argo_ring(parse_ulong(v, NULL));
	else if ((v = arg(w, len, "grant-dom")))
		wl_grant_dom(v);
	else if ((v = arg(w, len, "grant-map")))
		wl_grant_map(parse_ulong(v, NULL));
	else if ((v = arg(w, len, "grant")))
		wl_grant(parse_ulong(v, NULL));
	else if (is(w, len, "pin"))
		wl_pin();
	else if (is(w, len, "leak"))
		wl_leak();
	else if (is(w, len, "p2m=list"))
		wl_p2m_list();
	else if ((v = arg(w, len, "p2m-balloon")))
		wl_p2m_balloon(parse_ulong(v, NULL));
	else if ((v = arg(w, len, "p2m-populate")))
		wl_p2m_populate(parse_ulong(v, NULL));
	else if ((v = arg(w, len, "p2m-plant")))
		wl_p2m_plant(parse_ulong(v, NULL));
	else if ((v = arg(w, len, "dirty-audit")))
		wl_dirty_audit(parse_ulong(v, NULL));
	else if ((v = arg(w, len, "dirty-xen")))
		wl_dirty_xen(parse_ulong(v, NULL));
	else if ((v = arg(w, len, "dirty")))
		wl_dirty(parse_ulong(v, NULL));
	else if (is(w, len, "p2m-race"))
		wl_p2m_race();
	else if ((v = arg(w, len, "p2m-touch")))
		wl_p2m_touch(parse_ulong(v, NULL));
	else if (is(w, len, "shadowmix"))
		wl_shadowmix();
	else if (is(w, len, "busy"))
		busy = true;
	else if (is(w, len, "spin"))
		wl_spin();
	else if (is(w, len, "crash"))
		crash_now();
	else
		return false;
	return true;
}

NORETURN void guest_main(const char *cmdline)
{
	unsigned int ran = 0;

	say("boot kind=%s ram_mib=%lu free_mib=%lu cmdline=%s", guest_kind,
	    guest_ram_end_pfn() / MIB_PAGES, alloc_free_pages() / MIB_PAGES,
	    cmdline);
	for (const char *p = cmdline; *p;) {
		size_t len = 0;

		while (*p == ' ')
			p++;
		while (p[len] && p[len] != ' ')
			len++;
		/* Other words (e.g. ones the toolstack adds) are not ours. */
		if (len && run_word(p, len))
			ran++;
		p += len;
	}
	if (!ran)
		say("workload idle");
	say("ready");
	if (busy)
		wl_shadowmix_busy();
	guest_idle();
}
