#!/usr/bin/env bash
test_description='the test library itself'
. "$(dirname "$0")/test-lib.sh"

test_lazy_prereq TRUE 'true'
test_lazy_prereq FALSE 'false'

test_expect_success 'a passing test passes' 'true'
test_expect_success 'tests run in a scratch directory' 'test "$PWD" = "$TRASH"'
test_expect_success TRUE 'a satisfied prerequisite runs the test' 'true'
test_expect_success FALSE 'an unsatisfied prerequisite skips the test' 'false'
test_expect_success 'test_expect_code checks the status' 'test_expect_code 3 sh -c "exit 3"'
test_expect_success 'xs-test-tool and the tools are on PATH' '
	command -v xs-test-tool && command -v refaudit
'
test_expect_success 'xs-test-tool lists its commands' '
	test_expect_code 2 xs-test-tool 2>err && grep -q mksnap err
'
test_done
