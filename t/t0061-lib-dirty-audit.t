#!/usr/bin/env bash
# The lost-dirty audit's rules: which bitmaps may hold a write (t/unit/dirty-audit.c)
. "$(dirname "$0")/test-lib.sh"
test_unit dirty-audit
