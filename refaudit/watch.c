// SPDX-License-Identifier: MIT
/*
 * --watch: poll the hypervisor until the domain is gone, printing what
 * changes (pages, holders, verdict), then how long freeing took.  Exit 0
 * when freed; on --timeout the status of the last audit (1 or 2), which is
 * never 0 because the domain is still there.
 */
#include <errno.h>
#include <inttypes.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "xenscope/core/buf.h"

#include "refaudit.h"

static double now(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (double)ts.tv_sec + (double)ts.tv_nsec / 1e9;
}

static void pause_for(double seconds)
{
	struct timespec ts = { .tv_sec = (time_t)seconds,
			       .tv_nsec = (long)((seconds - (double)(time_t)seconds) * 1e9) };

	while (nanosleep(&ts, &ts) && errno == EINTR)
		;
}

/* The domain as listed now; false when it is gone.  -errno when unreadable. */
static int lookup(struct xs_target *t, uint32_t domid, struct xs_domain *out)
{
	struct xs_domains doms = { 0 };
	int found = 0;
	int err = xs_target_domains(t, &doms);

	for (size_t i = 0; !err && i < doms.nr; i++)
		if (doms.v[i].domid == domid) {
			*out = doms.v[i];
			found = 1;
		}
	xs_domains_release(&doms);
	return err ? err : found;
}

struct seen {
	uint64_t tot_pages, held;
	char *verdict;
	int status;
};

/* Audit and print what differs from the last look. */
static int look(struct xs_target *t, const struct xs_domain *d, const struct opts *o, double t0,
		struct seen *s)
{
	struct xs_explain e = { 0 };
	struct xs_buf v = XS_BUF_INIT;
	int status = refaudit_explain(t, d, o, &e);
	double at = now() - t0;

	if (status == XS_EXIT_TARGET)
		goto out_release;
	if (xs_explain_verdict(&e, &v)) {
		status = XS_EXIT_TARGET;
		goto out_release;
	}
	if (d->tot_pages != s->tot_pages)
		printf("%+7.1fs  domain %u has %" PRIu64 " pages (was %" PRIu64 ")\n", at, d->domid,
		       d->tot_pages, s->tot_pages);
	if (!s->verdict)
		printf("%+7.1fs  pages held: %" PRIu64 "\n", at, e.audit.held_pages);
	else if (e.audit.held_pages != s->held)
		printf("%+7.1fs  pages held: %" PRIu64 " (was %" PRIu64 ")\n", at,
		       e.audit.held_pages, s->held);
	if (!s->verdict || strcmp(s->verdict, v.buf))
		printf("%+7.1fs  %s\n", at, v.buf);
	fflush(stdout);
	s->tot_pages = d->tot_pages;
	s->held = e.audit.held_pages;
	s->status = status;
	free(s->verdict);
	s->verdict = xs_buf_detach(&v, NULL);
out_release:
	xs_buf_release(&v);
	xs_explain_release(&e);
	return status;
}

int refaudit_watch(struct xs_target *t, const struct xs_domain *d, const struct opts *o)
{
	struct xs_domain cur = *d;
	struct seen s = { .tot_pages = d->tot_pages };
	double t0 = now(), interval = o->interval ? o->interval : 1.0;
	int ret, found;

	printf("watching domain %u (%s)%s\n", d->domid, d->name,
	       o->timeout ? "" : " until it is gone (no timeout)");
	for (;;) {
		ret = look(t, &cur, o, t0, &s);
		if (ret == XS_EXIT_TARGET) {
			/* An audit fails when the domain goes in the middle of it. */
			found = lookup(t, d->domid, &cur);
			if (found)
				break;
		} else {
			if (o->timeout && now() - t0 >= o->timeout) {
				printf("%+7.1fs  timeout: domain %u is still there\n", now() - t0,
				       d->domid);
				ret = s.status ? s.status : XS_EXIT_EXPECTED;
				break;
			}
			pause_for(interval);
			found = lookup(t, d->domid, &cur);
		}
		if (found < 0) {
			ret = XS_EXIT_TARGET;
			break;
		}
		if (!found) {
			printf("%+7.1fs  domain %u is gone: freed %.1f s after the watch began\n",
			       now() - t0, d->domid, now() - t0);
			ret = XS_EXIT_OK;
			break;
		}
	}
	free(s.verdict);
	return ret;
}
