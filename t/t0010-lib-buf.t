#!/usr/bin/env bash
# xs_buf, arrays and number parsing (C unit test t/unit/buf.c)
. "$(dirname "$0")/test-lib.sh"
test_unit buf
