/* SPDX-License-Identifier: MIT */
/* What xs-dirty's two commands (watch: main.c, audit: audit.c) share. */
#ifndef XS_DIRTY_H
#define XS_DIRTY_H

#include <signal.h>
#include <stdbool.h>
#include <stdint.h>

/* The signal that asked to stop (SIGINT, SIGTERM, SIGHUP, SIGPIPE), or 0. */
extern volatile sig_atomic_t dirty_stop_signal;

/* Signals only set dirty_stop_signal: the loop ends and the mode is turned off. */
void dirty_catch_signals(void);
/* Sleep @s seconds unless a signal says stop; false if it did. */
bool dirty_wait(double s);
double dirty_now(void);

int dirty_set_interval(const char *arg, double *out);
int dirty_set_uint(const char *arg, const char *what, unsigned int max, unsigned int *out);
/* DOMID or NAME to a domid: XS_EXIT_OK, or the exit status after one line. */
int dirty_resolve(const char *s, uint32_t *domid);

/*
 * The exit status once the session is closed: XS_EXIT_TARGET if the run
 * (@ret) or the close (@closed) failed, XS_EXIT_INTERRUPTED after a signal
 * (said in one line), @done otherwise.
 */
int dirty_exit_status(int ret, int closed, uint32_t domid, int done);

int dirty_audit_main(int argc, char **argv);

#endif
