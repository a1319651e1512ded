#!/usr/bin/env bash
# Print, one per line, every file of the patch series (its inputs to the
# hypervisor build), in series order, so the rig can hash them.
set -euo pipefail
dir=$(cd "$(dirname "$0")" && pwd)
echo "$dir/series"
echo "$dir/apply.sh"
echo "$dir/copy-tree.sh"
echo "$dir/public/xenscope.h"
echo "$dir/public-header.py"
while IFS= read -r p; do
	case "$p" in ''|'#'*) continue ;; esac
	echo "$dir/$p"
done <"$dir/series"
