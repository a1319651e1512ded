#!/usr/bin/env bash
# GDB stub execution control on a fake target: breakpoints, steps over
# them, watchpoints, Ctrl-C, the journal and recovery (t/unit/gdb-exec.c)
. "$(dirname "$0")/test-lib.sh"
test_unit gdb-exec
