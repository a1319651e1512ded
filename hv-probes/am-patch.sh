#!/usr/bin/env bash
# Apply patch K of the series to a git tree of the source with `git am`, and
# add to that commit the part of public/xenscope.h patches 1..K use
# (public-header.py), so that each commit holds the header as far as it
# needs it: the form in which the series is mailed and built prefix by
# prefix.  The patch files themselves leave the header out, to keep it
# written once (README).
# Usage: am-patch.sh TREE K     (TREE: a git tree holding patches 1..K-1)
set -euo pipefail
dir=$(cd "$(dirname "$0")" && pwd)
tree=${1:?usage: am-patch.sh TREE K}
k=${2:?usage: am-patch.sh TREE K}
p=$(grep -v -e '^#' -e '^[[:space:]]*$' "$dir/series" | sed -n "${k}p")
[ -n "$p" ] || { echo "am-patch: the series has no patch $k" >&2; exit 2; }
g() { git -C "$tree" -c user.name=xenscope -c user.email=dev@xenscope.invalid "$@"; }
g am -q "$dir/$p" || { g am --abort >/dev/null 2>&1 || true; echo "am-patch: patch $k ($p) does not apply with git am" >&2; exit 1; }
hdr=$tree/xen/include/public/xenscope.h
python3 "$dir/public-header.py" for "$k" >"$hdr.new"
if [ -f "$hdr" ] && cmp -s "$hdr" "$hdr.new"; then
	rm -f "$hdr.new"
	exit 0
fi
mv "$hdr.new" "$hdr"
g add xen/include/public/xenscope.h
g commit -q --amend --no-edit
