#!/usr/bin/env bash
# The hv-probes series applies to a pristine copy of the hypervisor source,
# and the interface header it installs is byte-identical to the one the
# tools use (hv-probes/public/xenscope.h); the patch headers number the
# series; the leak injector is in a file and a patch of its own, built
# only with CONFIG_XENSCOPE_INJECT (which needs CONFIG_DEBUG), and the
# walker itself takes no page reference; the reference tracepoints record
# call sites, not return addresses, and put_page() reads the owner while it
# still holds the reference it drops.
top=$(cd "$(dirname "$0")/.." && pwd)
. "$top/rig/config.sh"
src="$XS_CACHE/xen-src-$XEN_DEB_VERSION"
echo "1..11"
# No source is a failure, not a skip: the series must be checked.
if ! "$top/rig/fetch-xen.sh" "$XEN_DEB_VERSION" "$src" >/dev/null 2>&1 || [ ! -d "$src/xen" ]; then
	for i in 1 2 3 4 5 6 7 8 9 10 11; do echo "not ok $i - # the Xen source is not available ($src)"; done
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
D="every patch's Subject numbers it as series does ([PATCH n/N])"; t "$top/hv-probes/number-series.sh" --check
# The check can fail: a copy of the series with one header renumbered.
mkdir "$tmp/hdr"
cp "$top/hv-probes/series" "$top"/hv-probes/0*.patch "$tmp/hdr/"
first=$(grep -v -e '^#' -e '^$' "$tmp/hdr/series" | head -n 1)
sed -i '0,/^Subject: \[PATCH [0-9]*\//s//Subject: [PATCH 7\//' "$tmp/hdr/$first"
D="number-series.sh --check notices a header that disagrees"; t eval '! "$top/hv-probes/number-series.sh" --check "$tmp/hdr"'
D="the walker (arch/x86/mm/xenscope.c) takes and drops no page reference"
t eval '! grep -Eq "\<(get|put)_page(_and_type|_type)?\(" "$tmp/xen/arch/x86/mm/xenscope.c"'
D="xenscope-inject.o is built with CONFIG_XENSCOPE_INJECT only, which depends on DEBUG"
t eval 'grep -qx "obj-\$(CONFIG_XENSCOPE_INJECT) += xenscope-inject.o" "$tmp/xen/arch/x86/mm/Makefile" &&
	sed -n "/^config XENSCOPE_INJECT\$/,/^config /p" "$tmp/xen/arch/x86/Kconfig" | grep -Eq "depends on .*\<DEBUG\>"'
# One patch creates the injector's file and its option, and no other patch
# creates either.
inj() {
	local a b
	# (Later patches may change the file: only the one with "--- /dev/null"
	# before it creates it.)
	a=$(for p in "$top"/hv-probes/0*.patch; do
		awk 'prev == "--- /dev/null" && $0 == "+++ b/xen/arch/x86/mm/xenscope-inject.c" { f = 1 }
			{ prev = $0 } END { exit !f }' "$p" && echo "$p"
	done)
	b=$(grep -l '^+config XENSCOPE_INJECT$' "$top"/hv-probes/0*.patch)
	[ -n "$a" ] && [ "$a" = "$b" ] && [ "$(echo "$a" | wc -l)" = 1 ]
}
D="XENSCOPE_OP_INJECT comes in a patch of its own, with its option"; t inj
# put_page()'s body in the patched mm.c: the traced owner is read before the
# cmpxchg that drops the reference (after it, another CPU may free the page
# and its domain), and the record after it uses that id, not the page.
put_page_order() {
	sed -En '/^(xenscope_noinline )?void (XS_TRACED\()?put_page\)?\(/,/^}/p' \
		"$tmp/xen/arch/x86/mm.c" >"$tmp/put_page.c"
	grep -q cmpxchg "$tmp/put_page.c" || { echo "# no put_page() body found"; return 1; }
	local own cx
	own=$(grep -n 'xenscope_trace_owner(page)' "$tmp/put_page.c" | head -n 1 | cut -d: -f1)
	cx=$(grep -n 'cmpxchg(' "$tmp/put_page.c" | head -n 1 | cut -d: -f1)
	[ -n "$own" ] && [ -n "$cx" ] && [ "$own" -lt "$cx" ] &&
		! sed -n "${cx},\$p" "$tmp/put_page.c" | grep -Eq 'page_get_owner|xenscope_trace_ref\('
}
D="put_page() reads the page's owner before the cmpxchg that may drop the last reference"
t put_page_order
D="no tracepoint records __builtin_return_address() (a tail call names the caller's caller)"
t eval '! grep -rq __builtin_return_address "$tmp/xen/arch/x86/mm.c" "$tmp/xen/arch/x86/mm/xenscope-trace.c" "$tmp/xen/include/xen/xenscope-trace.h"'
