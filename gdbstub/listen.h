/* SPDX-License-Identifier: MIT */
/* xs-gdbstub's listening sockets (listen.c). */
#ifndef XS_GDBSTUB_LISTEN_H
#define XS_GDBSTUB_LISTEN_H

/*
 * Listen on "HOST:PORT", "[V6ADDR]:PORT" or, with @unix_path, a Unix
 * socket there.  Warns when the address is not a loopback one.  Returns
 * the listening descriptor or a negative errno (reported).
 */
int gdbstub_listen(const char *spec, const char *unix_path);
/* Remove the Unix socket gdbstub_listen() made, if any. */
void gdbstub_listen_cleanup(void);

#endif
