#!/usr/bin/env bash
# A log-dirty watch's kept rounds: the ring, the section codec, the cells (t/unit/dirty-history.c)
. "$(dirname "$0")/test-lib.sh"
test_unit dirty-history
