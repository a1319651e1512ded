#!/usr/bin/env bash
# The hv-probes series applies to a pristine copy of the hypervisor source,
# and the interface header it installs is byte-identical to the one the
# tools use (hv-probes/public/xenscope.h).
top=$(cd "$(dirname "$0")/.." && pwd)
. "$top/rig/config.sh"
src="$XS_CACHE/xen-src-$XEN_DEB_VERSION"
echo "1..4"
# No source is a failure, not a skip: the series must be checked.
if ! "$top/rig/fetch-xen.sh" "$XEN_DEB_VERSION" "$src" >/dev/null 2>&1 || [ ! -d "$src/xen" ]; then
	for i in 1 2 3 4; do echo "not ok $i - # the Xen source is not available ($src)"; done
	exit 1
fi
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
"$top/hv-probes/copy-tree.sh" "$src" "$tmp"
n=0
t() { n=$((n + 1)); if "$@" >/dev/null 2>&1; then echo "ok $n - $D"; else echo "not ok $n - $D"; fi; }
D="series applies with patch -p1"; t "$top/hv-probes/apply.sh" "$tmp"
D="installed header equals hv-probes/public/xenscope.h"; t "$top/hv-probes/check-header.sh" "$tmp"
D="the dispatcher is in the patched tree"; t grep -q "case XEN_DOMCTL_xenscope:" "$tmp/xen/arch/x86/domctl.c"
echo "tampered" >>"$tmp/xen/include/public/xenscope.h"
D="check-header.sh notices a drifted copy"; t eval '! "$top/hv-probes/check-header.sh" "$tmp"'
