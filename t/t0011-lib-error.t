#!/usr/bin/env bash
# The print hook behind xs_error()/xs_warn() (C unit test t/unit/error.c)
. "$(dirname "$0")/test-lib.sh"
test_unit error
