/* SPDX-License-Identifier: MIT */
/* xs-test-tool subcommands for the GDB stub (gdbdump.c). */
#ifndef XS_TEST_GDBDUMP_H
#define XS_TEST_GDBDUMP_H

int cmd_mkgdbdump(int argc, char **argv);
int cmd_gdbpkt(int argc, char **argv);
int cmd_gdbfill(int argc, char **argv);
int cmd_gdbnoise(int argc, char **argv);

#endif
