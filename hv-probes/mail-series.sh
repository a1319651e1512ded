#!/usr/bin/env bash
# The series as it is mailed: each patch with its part of
# xen/include/public/xenscope.h (am-patch.sh), written by git format-patch
# into OUTDIR, ready for git send-email or for `git am` on the pristine
# source with nothing else to install.
# Usage: mail-series.sh OUTDIR [SRC]   (SRC: the pristine source; default:
# the rig's cached copy, fetched if missing)
set -euo pipefail
dir=$(cd "$(dirname "$0")" && pwd)
top=$(cd "$dir/.." && pwd)
out=${1:?usage: mail-series.sh OUTDIR [SRC]}
. "$top/rig/config.sh"
src=${2:-$XS_CACHE/xen-src-$XEN_DEB_VERSION}
[ -n "${2:-}" ] || "$top/rig/fetch-xen.sh" "$XEN_DEB_VERSION" "$src"
[ -d "$src/xen" ] || { echo "mail-series: $src holds no xen/" >&2; exit 1; }
tree=$(mktemp -d)
trap 'rm -rf "$tree"' EXIT
"$dir/copy-tree.sh" "$src" "$tree"
g() { git -C "$tree" -c user.name=xenscope -c user.email=dev@xenscope.invalid "$@"; }
g init -q
g add -A
g commit -q -m pristine
n=$(grep -c -v -e '^#' -e '^[[:space:]]*$' "$dir/series")
for k in $(seq 1 "$n"); do
	"$dir/am-patch.sh" "$tree" "$k"
done
mkdir -p "$out"
rm -f "$out"/[0-9][0-9][0-9][0-9]-*.patch
g format-patch -q --numbered --zero-commit --no-signature -o "$out" HEAD~"$n"
echo "mail-series: $n patches in $out"
