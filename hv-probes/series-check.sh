#!/usr/bin/env bash
# Every prefix of the series builds: for k = 1..n, `git am` patch k onto a
# git tree of the pristine source (holding patches 1..k-1) with the part of
# public/xenscope.h patches 1..k use (am-patch.sh), and build the
# hypervisor, incrementally, with every xenscope option on (the debug
# variant's configuration).  A tree where patch k does not apply or does not
# build fails the check, naming k.
#
# The mail headers come first: each patch's "[PATCH n/N]" must be its place
# in `series` (number-series.sh rewrites them).
#
# Usage: series-check.sh [WORKDIR]   (default: a directory in the rig cache,
# kept, so that a second run only rebuilds what changed)
set -euo pipefail
dir=$(cd "$(dirname "$0")" && pwd)
top=$(cd "$dir/.." && pwd)
"$dir/number-series.sh" --check ||
	{ echo "series-check: patch headers disagree with series (run hv-probes/number-series.sh)" >&2; exit 1; }
python3 "$dir/public-header.py" check >/dev/null ||
	{ python3 "$dir/public-header.py" check >&2; echo "series-check: public/xenscope.h's tags disagree with the patches" >&2; exit 1; }
. "$top/rig/config.sh"
src="$XS_CACHE/xen-src-$XEN_DEB_VERSION"
"$top/rig/fetch-xen.sh" "$XEN_DEB_VERSION" "$src"
work=${1:-$XS_CACHE/series-check}
exec 9>"$XS_CACHE/series-check.lock"
flock 9

tree=$work/tree
bdir=$work/build
mkdir -p "$bdir"
# Back to the pristine commit, rewriting only what the series changed, so
# the build stays incremental from one run to the next.
if git -C "$tree" rev-parse -q --verify pristine >/dev/null 2>&1; then
	git -C "$tree" am --abort >/dev/null 2>&1 || true
	git -C "$tree" reset -q --hard pristine
	git -C "$tree" clean -q -fdx
else
	rm -rf "$tree"
	mkdir -p "$tree"
	"$dir/copy-tree.sh" "$src" "$tree"
	git -C "$tree" init -q
	git -C "$tree" add -A
	git -C "$tree" -c user.name=xenscope -c user.email=dev@xenscope.invalid \
		commit -q -m pristine
	git -C "$tree" tag pristine
fi

n=$(grep -c -v -e '^#' -e '^[[:space:]]*$' "$dir/series")
for k in $(seq 1 "$n"); do
	p=$(grep -v -e '^#' -e '^[[:space:]]*$' "$dir/series" | sed -n "${k}p")
	# Patch k with the part of public/xenscope.h patches 1..k use, and no
	# more: an item tagged for a later patch is not there to build with.
	"$dir/am-patch.sh" "$tree" "$k" || exit 1
	cat "$src/debian/xen-kconfig" "$top/rig/kconfig/common.config" \
		"$top/rig/kconfig/debug.config" >"$bdir/.config"
	make -s -C "$tree/xen" O="$bdir" olddefconfig >/dev/null
	echo "series-check: patch $k ($p): building" >&2
	if ! make -C "$tree/xen" O="$bdir" -j2 XEN_BUILD_PE=n XEN_BUILD_EFI=n \
		>"$work/build-$k.log" 2>&1; then
		tail -n 30 "$work/build-$k.log" >&2
		echo "series-check: the tree with patches 1..$k does not build ($work/build-$k.log)" >&2
		exit 1
	fi
	echo "series-check: patches 1..$k build"
done
echo "series-check: all $n prefixes of the series apply and build"
