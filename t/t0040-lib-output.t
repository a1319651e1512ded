#!/usr/bin/env bash
# text tables and JSON forms of records (C unit test t/unit/output.c)
. "$(dirname "$0")/test-lib.sh"
test_unit output
