#!/usr/bin/env bash
# xs-dirty's round arithmetic: counts, working set, hot ranges (t/unit/logdirty.c)
. "$(dirname "$0")/test-lib.sh"
test_unit logdirty
