#!/usr/bin/env bash
# Apply the hv-probes series to a hypervisor source tree (the tree holding xen/).
# Usage: apply.sh TREE
set -euo pipefail
dir=$(cd "$(dirname "$0")" && pwd)
tree=${1:?usage: apply.sh TREE}
while IFS= read -r p; do
	case "$p" in ''|'#'*) continue ;; esac
	patch -d "$tree" -p1 -s --no-backup-if-mismatch <"$dir/$p" ||
		{ echo "hv-probes: $p does not apply" >&2; exit 1; }
done <"$dir/series"
# The interface header is kept once, in this directory, and installed into
# the tree here (whole: as patches 1..N have it) rather than duplicated
# inside the patches; mail-series.sh writes the series with each patch's
# part of it.
python3 "$dir/public-header.py" for all >"$tree/xen/include/public/xenscope.h"
