#!/usr/bin/env bash
# target strings and -xen-domid parsing (C unit test t/unit/target-spec.c)
. "$(dirname "$0")/test-lib.sh"
test_unit target-spec
