/* SPDX-License-Identifier: MIT */
/* xs-test-tool subcommand for p2m snapshots (p2msnap.c). */
#ifndef XS_TEST_P2MSNAP_H
#define XS_TEST_P2MSNAP_H

int cmd_mkp2msnap(int argc, char **argv);

#endif
