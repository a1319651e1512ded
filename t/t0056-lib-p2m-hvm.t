#!/usr/bin/env bash
# HVM/PVH p2m records (XENSCOPE_OP_P2M): decoding, audit, snapshot section (t/unit/p2m-hvm.c)
. "$(dirname "$0")/test-lib.sh"
test_unit p2m-hvm
