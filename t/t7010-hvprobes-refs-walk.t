#!/usr/bin/env bash
# The hypervisor's xenscope walker (arch/x86/mm/xenscope.c of the patched
# tree), compiled on the host against hv-probes/tests/refs-walk/emul.h and
# driven through xenscope_domctl(): cursor resume, progress, work bounds and
# copy failures.  Fails (never skips) when the series cannot be checked.
top=$(cd "$(dirname "$0")/.." && pwd)
. "$top/rig/config.sh"
src="$XS_CACHE/xen-src-$XEN_DEB_VERSION"
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
bail() {
	echo "1..1"
	echo "not ok 1 - $1"
	sed 's/^/# /' "$tmp/log" 2>/dev/null | tail -n 30
	exit 1
}
"$top/rig/fetch-xen.sh" "$XEN_DEB_VERSION" "$src" >"$tmp/log" 2>&1 ||
	bail "the Xen source is not available ($src)"
"$top/hv-probes/copy-tree.sh" "$src" "$tmp/tree"
"$top/hv-probes/apply.sh" "$tmp/tree" >"$tmp/log" 2>&1 || bail "the series applies"
mkdir "$tmp/build"
make -s -C "$tmp/build" -f "$top/hv-probes/tests/refs-walk/Makefile" \
	XEN_TREE="$tmp/tree" HERE="$top/hv-probes/tests/refs-walk/" test-refs-walk \
	>"$tmp/log" 2>&1 || bail "the walker builds on the host against emul.h"
"$tmp/build/test-refs-walk"
