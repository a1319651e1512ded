#!/usr/bin/env bash
# PV p2m readers (tree, list) and the p2m audit (C unit test t/unit/p2m.c)
. "$(dirname "$0")/test-lib.sh"
test_unit p2m
