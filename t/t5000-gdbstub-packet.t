#!/usr/bin/env bash
# GDB packet framing (C unit test t/unit/gdb-packet.c)
. "$(dirname "$0")/test-lib.sh"
test_unit gdb-packet
