#!/usr/bin/env bash
# Prove that the interface header installed in a hypervisor tree is the one
# kept in hv-probes/public/xenscope.h (as patches 1..N have it: its series
# tags resolved by public-header.py), byte for byte.
# Usage: check-header.sh TREE       (TREE holds xen/)
set -euo pipefail
dir=$(cd "$(dirname "$0")" && pwd)
tree=${1:?usage: check-header.sh TREE}
inst="$tree/xen/include/public/xenscope.h"
[ -f "$inst" ] || { echo "check-header: $inst missing" >&2; exit 1; }
want=$(mktemp)
trap 'rm -f "$want"' EXIT
python3 "$dir/public-header.py" for all >"$want"
if cmp -s "$want" "$inst"; then
	echo "check-header: $inst matches hv-probes/public/xenscope.h"
else
	echo "check-header: $inst differs from hv-probes/public/xenscope.h" >&2
	diff -u "$want" "$inst" >&2 || true
	exit 1
fi
