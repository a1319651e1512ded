#!/usr/bin/env bash
# Xen's page messages recognised (C unit test t/unit/xenlog.c)
. "$(dirname "$0")/test-lib.sh"
test_unit xenlog
