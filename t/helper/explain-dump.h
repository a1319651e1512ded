/* SPDX-License-Identifier: MIT */
/* xs-test-tool subcommand: an explanation's every count (explain-dump.c). */
#ifndef XS_TEST_EXPLAIN_DUMP_H
#define XS_TEST_EXPLAIN_DUMP_H

int cmd_explain(int argc, char **argv);

#endif
