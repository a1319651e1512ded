#!/usr/bin/env bash
# public/xenscope.h is written once (hv-probes/public/), each item tagged
# with the patch that first needs it, and the series is mailed with each
# patch adding its part (hv-probes/mail-series.sh).  Checked here: the tags
# agree with what the patches use (and the check notices a tag too early
# and one too late); the header of every prefix stands on its own (tools'
# and plain C); and the mailed series, applied with nothing but `git am`
# to the pristine source, gives after each patch k the header of prefix k,
# and in the end the one the tools use.  Fails (never skips) when the
# source cannot be had.
top=$(cd "$(dirname "$0")/.." && pwd)
. "$top/rig/config.sh"
src="$XS_CACHE/xen-src-$XEN_DEB_VERSION"
hp="$top/hv-probes"
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
echo "1..8"
n=0
t() { n=$((n + 1)); if "$@" >"$tmp/out" 2>&1; then echo "ok $n - $D"; else echo "not ok $n - $D"; sed 's/^/# /' "$tmp/out" | tail -n 8; fi; }
nr=$(grep -c -v -e '^#' -e '^[[:space:]]*$' "$hp/series")

D="every item of the header comes with the patch that first needs it"
t python3 "$hp/public-header.py" check

# A copy of hv-probes with one tag moved: the check must name the item.
mutant() {
	rm -rf "$tmp/hp" && mkdir -p "$tmp/hp/public" &&
		cp "$hp/public-header.py" "$hp/series" "$hp"/0*.patch "$tmp/hp/" &&
		sed "$1" "$hp/public/xenscope.h" >"$tmp/hp/public/xenscope.h" &&
		! cmp -s "$hp/public/xenscope.h" "$tmp/hp/public/xenscope.h" &&
		! python3 "$tmp/hp/public-header.py" check >"$tmp/check" &&
		grep -q "$2" "$tmp/check"
}
# XENSCOPE_OP_P2M with patch 2, twelve patches before its walk.
D="the check notices an item that comes before its patch"
t mutant '/^#define XENSCOPE_OP_P2M /i /* series: 0002 */' 'XENSCOPE_OP_P2M is tagged 0002, but patch 0014 uses it'
# XENSCOPE_MAGIC with patch 3: patch 2's domctl could not be built.
D="the check notices an item that comes after its patch"
t mutant '/^#define XENSCOPE_MAGIC /i /* series: 0003 */' 'XENSCOPE_MAGIC is tagged 0003, but patch 0002 uses it'

prefixes() {
	local k m
	for k in $(seq 1 "$nr"); do
		python3 "$hp/public-header.py" for "$k" >"$tmp/h$k.h" || return 1
		for m in "" -D__XEN_TOOLS__; do
			gcc -std=c11 -Wall -Wextra -Werror $m -fsyntax-only -x c "$tmp/h$k.h" ||
				{ echo "prefix $k ($m) does not compile"; return 1; }
		done
	done
}
D="the header of every prefix 1..$nr compiles on its own (tools' and plain C)"
t prefixes

# The build's copy (make writes it before any object), not one made here.
D="the whole header, with no tag left, is the one the tools build with"
t eval 'python3 "$hp/public-header.py" for all >"$tmp/all.h" && ! grep -q "series: [0-9]" "$tmp/all.h" &&
	cmp "$tmp/all.h" "$top/${XS_BUILD:-build}/include/xenscope.h"'

if ! "$top/rig/fetch-xen.sh" "$XEN_DEB_VERSION" "$src" >/dev/null 2>&1 || [ ! -d "$src/xen" ]; then
	for i in 6 7 8; do echo "not ok $i - # the Xen source is not available ($src)"; done
	exit 1
fi
D="mail-series.sh writes the $nr patches"
t eval '"$hp/mail-series.sh" "$tmp/mail" "$src" && [ "$(ls "$tmp/mail"/*.patch | wc -l)" = "$nr" ]'

# The mailed patches on the pristine source with git am alone: after patch
# k the tree has the header of prefix k (the patch added its own part).
applied() {
	local k p g
	g() { git -C "$tmp/tree" -c user.name=t -c user.email=t@t.invalid "$@"; }
	mkdir "$tmp/tree" && "$hp/copy-tree.sh" "$src" "$tmp/tree" &&
		g init -q && g add -A && g commit -q -m pristine || return 1
	k=0
	for p in "$tmp/mail"/*.patch; do
		k=$((k + 1))
		g am -q "$p" || { echo "mailed patch $k does not apply"; return 1; }
		python3 "$hp/public-header.py" for "$k" >"$tmp/want.h"
		if [ -f "$tmp/tree/xen/include/public/xenscope.h" ]; then
			cmp -s "$tmp/want.h" "$tmp/tree/xen/include/public/xenscope.h" ||
				{ echo "after mailed patch $k the header is not prefix $k's"; return 1; }
		else
			echo "after mailed patch $k there is no header"
			return 1
		fi
	done
}
D="the mailed series applies with git am alone, each patch adding its part of the header"
t applied
D="the header the mailed series leaves is the one apply.sh installs"
t "$hp/check-header.sh" "$tmp/tree"
