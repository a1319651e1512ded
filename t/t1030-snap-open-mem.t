#!/usr/bin/env bash
# A snapshot opened from memory is the one opened from its file (C unit test t/unit/snap-mem.c)
. "$(dirname "$0")/test-lib.sh"
test_unit snap-mem
