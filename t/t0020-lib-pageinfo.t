#!/usr/bin/env bash
# count_info/type_info decoding (C unit test t/unit/pageinfo.c)
. "$(dirname "$0")/test-lib.sh"
test_unit pageinfo
