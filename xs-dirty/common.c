// SPDX-License-Identifier: MIT
/* xs-dirty's shared pieces: options, signals, rounds' clock, the domain. */
#include <errno.h>
#include <inttypes.h>
#include <string.h>
#include <stdlib.h>
#include <time.h>

#include "xenscope/core/cli.h"
#include "xenscope/core/exit.h"
#include "xenscope/target/target.h"

#include "xs-dirty.h"

volatile sig_atomic_t dirty_stop_signal;

static void on_signal(int sig)
{
	dirty_stop_signal = sig;
}

void dirty_catch_signals(void)
{
	struct sigaction sa = { .sa_handler = on_signal };

	sigemptyset(&sa.sa_mask);
	sigaction(SIGINT, &sa, NULL);
	sigaction(SIGTERM, &sa, NULL);
	sigaction(SIGHUP, &sa, NULL);
	sigaction(SIGPIPE, &sa, NULL);
}

bool dirty_wait(double s)
{
	struct timespec ts = { (time_t)s, (long)((s - (double)(time_t)s) * 1e9) };

	while (!dirty_stop_signal && nanosleep(&ts, &ts) < 0 && errno == EINTR)
		;
	return !dirty_stop_signal;
}

double dirty_now(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (double)ts.tv_sec + (double)ts.tv_nsec / 1e9;
}

int dirty_set_interval(const char *arg, double *out)
{
	char *end;
	double s = strtod(arg, &end);

	if (*end || !(s >= 0.01 && s <= 3600))
		return xs_error(-EINVAL, "--interval takes seconds from 0.01 to 3600, not '%s'",
				arg);
	*out = s;
	return 0;
}

int dirty_set_uint(const char *arg, const char *what, unsigned int max, unsigned int *out)
{
	uint64_t n;

	if (xs_parse_u64(arg, &n) < 0 || n > max)
		return xs_error(-EINVAL, "%s takes a number up to %u, not '%s'", what, max, arg);
	*out = (unsigned int)n;
	return 0;
}

int dirty_resolve(const char *s, uint32_t *domid)
{
	struct xs_target *t;
	struct xs_domains doms = { 0 };
	const struct xs_domain *d = NULL;
	int ret = XS_EXIT_TARGET;

	if (xs_target_open("xen", &t) < 0)
		return XS_EXIT_TARGET;
	if (xs_target_domains(t, &doms) == 0) {
		d = xs_cli_find_domain(t, &doms, s);
		ret = d ? XS_EXIT_OK : XS_EXIT_USAGE;
		if (d)
			*domid = d->domid;
	}
	xs_domains_release(&doms);
	xs_target_close(t);
	return ret;
}

int dirty_exit_status(int ret, int closed, uint32_t domid, int done)
{
	if (ret < 0 || closed < 0)
		return XS_EXIT_TARGET;
	if (dirty_stop_signal) {
		xs_warn("%s: stopped; log-dirty mode of domain %" PRIu32 " turned off",
			strsignal(dirty_stop_signal), domid);
		return XS_EXIT_INTERRUPTED;
	}
	return done;
}
