// SPDX-License-Identifier: MIT
/*
 * --arm: turn the hypervisor's reference tracepoints on for a domain and
 * record them until stopped (SIGINT/SIGTERM, or --for seconds).
 *
 * Recording is Debian's xentrace: it is the reference consumer of Xen's
 * per-CPU trace buffers (xc_tbuf_enable/xc_tbuf_set_evt_mask, the t_info
 * page, the buffers mapped through xenforeignmemory, producer/consumer
 * wrap-around) and writes the very format xenalyze reads.  Records Xen drops
 * when a buffer is full are reported in-band by Xen (TRC_LOST_RECORDS);
 * they are counted here when the recording ends, never silently.
 */
#include <errno.h>
#include <inttypes.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/wait.h>
#include <unistd.h>

#include "xenscope/snap/snap.h"
#include "xenscope/trace/capture.h"
#include "xenscope/trace/trace.h"

#include "trace.h"

/* TRC_MEM: the class of our records (and nothing else). */
#define ARM_EVENT_MASK 0x0010f000 /* no suffix: also xentrace's -e argument */
/* Trace buffer pages per CPU (Xen sizes them once, on first use). */
#define ARM_BUF_PAGES 256
#define STR(x) STR_(x)
#define STR_(x) #x

static volatile sig_atomic_t child_pid;

static void forward(int sig)
{
	if (child_pid > 0)
		kill((pid_t)child_pid, SIGINT);
	(void)sig;
}

static const char *xentrace_path(void)
{
	static const char *const paths[] = { "/usr/sbin/xentrace", "/usr/lib/xen-4.17/bin/xentrace",
					     "/usr/local/sbin/xentrace" };
	const char *env = getenv("XENTRACE");

	if (env && *env)
		return env;
	for (size_t i = 0; i < XS_ARRAY_SIZE(paths); i++)
		if (!access(paths[i], X_OK))
			return paths[i];
	return "xentrace";
}

static int record(const struct opts *o)
{
	char secs[32];
	const char *argv[12];
	int n = 0, status;
	pid_t pid;

	/*
	 * No -D (discard what the buffers hold): that would drop the records
	 * made between "armed" and xentrace's start.  What an earlier reader
	 * left unread is filtered out by domain and event when decoding.
	 */
	argv[n++] = "xentrace";
	argv[n++] = "-e";
	argv[n++] = STR(ARM_EVENT_MASK);
	argv[n++] = "-S";
	argv[n++] = STR(ARM_BUF_PAGES);
	if (o->trace_for) {
		snprintf(secs, sizeof(secs), "%u", (unsigned int)(o->trace_for + 0.999));
		argv[n++] = "-T";
		argv[n++] = secs;
	}
	argv[n++] = o->trace;
	argv[n] = NULL;
	pid = fork();
	if (pid < 0)
		return xs_error(-errno, "cannot start xentrace: %s", strerror(errno));
	if (!pid) {
		execv(xentrace_path(), (char *const *)argv);
		fprintf(stderr, "%s: cannot run %s: %s\n", xs_prog(), xentrace_path(),
			strerror(errno));
		_exit(127);
	}
	child_pid = pid;
	signal(SIGINT, forward);
	signal(SIGTERM, forward);
	while (waitpid(pid, &status, 0) < 0)
		if (errno != EINTR)
			return xs_error(-errno, "waiting for xentrace: %s", strerror(errno));
	child_pid = 0;
	if (!WIFEXITED(status) || (WEXITSTATUS(status) && WEXITSTATUS(status) != 130))
		return xs_error(-EIO, "xentrace failed (status %d)", status);
	return 0;
}

static int report(struct xs_target *t, const struct xs_domain *d, const struct opts *o)
{
	struct xs_trace_stats st;
	char *buf;
	size_t len;
	int err = refaudit_trace_load(o->trace, &buf, &len);

	if (err)
		return err;
	err = xs_trace_stats(buf, len, &st);
	if (!err) {
		printf("trace %s: %" PRIu64 " records, %" PRIu64 " from xenscope tracepoints, "
		       "%" PRIu64 " lost\n",
		       o->trace, st.records, st.ours, st.lost);
		if (st.lost)
			xs_warn("%" PRIu64 " trace records were lost (buffers full, %" PRIu64
				" reports): the history may miss gets or puts",
				st.lost, st.lost_reports);
	}
	if (!err && o->save) {
		struct xs_snap_blob_in blob = { XS_SNAP_TRACE, d->domid, buf, len };

		err = xs_snap_save_blobs(t, &d->domid, 1, &blob, 1, xs_prog(), o->save);
	}
	free(buf);
	return err;
}

int refaudit_arm(struct xs_target *t, const struct xs_domain *d, const struct opts *o)
{
	int err;

	/*
	 * The buffers are enabled here, not left to xentrace, so that "armed"
	 * is true when printed: xentrace reads what was recorded before it ran.
	 */
	if (xs_trace_live_buffers_on(ARM_BUF_PAGES, ARM_EVENT_MASK) ||
	    xs_trace_live_set(d->domid, true))
		return XS_EXIT_TARGET;
	printf("armed: tracing references of domain %u into %s\n", d->domid, o->trace);
	fflush(stdout);
	err = record(o);
	/* The domain may be gone: then its tracing went with it. */
	xs_trace_live_set(d->domid, false);
	if (!err)
		err = report(t, d, o);
	return err ? XS_EXIT_TARGET : XS_EXIT_OK;
}
