#!/usr/bin/env bash
# Build the rig's hypervisor (one variant) with the hv-probes patch series,
# caching the result under a key made of everything that goes into it.
#
# Usage: build-xen.sh VARIANT        (VARIANT: release | debug | flask | arm64)
# Prints the path of the cached build directory (holding xen, xen-syms, .config).
# arm64 is a cross build (Debian's gcc-aarch64-linux-gnu) that proves the
# series keeps the hypervisor building where Debian ships it besides x86; the
# rig never boots it.  flask is debug with FLASK and Xen's default policy
# built in; its build directory also holds the policy's sources
# (flask/tools/flask/policy, with the patched access vectors in
# flask/xen/xsm/flask/policy), for tests that build a policy of their own.
#
# The patched tree is synced into a persistent work tree with rsync --checksum,
# so only files the series really changed get a new mtime and make rebuilds
# just those: a one-patch change costs seconds, not a full build.
set -euo pipefail

here=$(cd "$(dirname "$0")" && pwd)
top=$(cd "$here/.." && pwd)
. "$here/config.sh"

variant=${1:?usage: build-xen.sh release|debug|flask|arm64}
frag="$here/kconfig/$variant.config"
[ -f "$frag" ] || { echo "build-xen: unknown variant '$variant'" >&2; exit 1; }
# The options of common.config are x86 ones (shadow paging, gdbsx).
case "$variant" in
arm64)
	arch=(XEN_TARGET_ARCH=arm64 CROSS_COMPILE=aarch64-linux-gnu-)
	frags=("$frag")
	command -v aarch64-linux-gnu-gcc >/dev/null ||
		{ echo "build-xen: no aarch64-linux-gnu-gcc (make deps)" >&2; exit 1; }
	;;
*)
	arch=()
	frags=("$here/kconfig/common.config" "$frag")
	;;
esac

src="$XS_CACHE/xen-src-$XEN_DEB_VERSION"
"$here/fetch-xen.sh" "$XEN_DEB_VERSION" "$src"

key=$(
	{
		echo "$XEN_DEB_VERSION"
		cat "$here/build-xen.sh" "${frags[@]}"
		cat "$here/xen-patches/$variant"/*.patch 2>/dev/null || true
		"$top/hv-probes/list-inputs.sh" | xargs -r cat
	} | sha256sum | cut -c1-16
)
out="$XS_CACHE/xen-$variant-$key"
if [ -f "$out/xen" ] && [ -f "$out/xen-syms" ]; then
	echo "$out"
	exit 0
fi

# One build at a time: the work tree is shared by every x86 variant and
# clone.  The arm64 cross build has a work tree (and lock) of its own, so it
# never waits for, nor holds up, the rig's hypervisors.
work="$XS_CACHE/xen-work"
[ "$variant" = arm64 ] && work="$XS_CACHE/xen-work-arm64"
mkdir -p "$work"
exec 9>"$work.lock"
flock 9
if [ -f "$out/xen" ] && [ -f "$out/xen-syms" ]; then
	echo "$out"
	exit 0
fi
stage=$(mktemp -d "$XS_CACHE/xen-stage.XXXXXX")
trap 'rm -rf "$stage"' EXIT

# Patched copy of the hypervisor part of the tree (xen/ plus the top-level
# make fragments it includes, and the other files the series patches).
"$top/hv-probes/copy-tree.sh" "$src" "$stage"
"$top/hv-probes/apply.sh" "$stage" >&2
# The rig's own changes to Xen, outside the series (rig/xen-patches/README.md).
for p in "$here/xen-patches/$variant"/*.patch; do
	[ -e "$p" ] || continue
	patch -s -p1 -d "$stage" <"$p" >&2
done

mkdir -p "$work/src"
rsync -a --checksum --delete "$stage/" "$work/src/"

bdir="$work/build-$variant"
mkdir -p "$bdir"
cat "$src/debian/xen-kconfig" "${frags[@]}" >"$bdir/.config.in"
if ! cmp -s "$bdir/.config.in" "$bdir/.config.in.used" 2>/dev/null; then
	cp "$bdir/.config.in" "$bdir/.config"
	make -s -C "$work/src/xen" O="$bdir" "${arch[@]}" olddefconfig >&2
	cp "$bdir/.config.in" "$bdir/.config.in.used"
fi

# Progress for the long cold build: count objects against the last full
# build's count (about 470), so a newcomer sees it moving and how far it is.
expect=$(cat "$work/objects-$variant" 2>/dev/null || echo 470)
before=$(find "$bdir" -name '*.o' 2>/dev/null | wc -l)
echo "build-xen: building the $variant hypervisor ($before of ~$expect objects already built; a cold build takes 2-6 minutes)" >&2
make -C "$work/src/xen" O="$bdir" -j"$(nproc)" "${arch[@]}" XEN_BUILD_PE=n XEN_BUILD_EFI=n \
	>"$bdir/build.log" 2>&1 &
mpid=$!
t0=$(date +%s)
while kill -0 "$mpid" 2>/dev/null; do
	sleep 15
	kill -0 "$mpid" 2>/dev/null || break
	echo "build-xen: $variant: $(find "$bdir" -name '*.o' | wc -l)/~$expect objects, $(($(date +%s) - t0))s" >&2
done
wait "$mpid" || {
	tail -n 40 "$bdir/build.log" >&2
	echo "build-xen: hypervisor build failed; full log: $bdir/build.log" >&2
	exit 1
}
find "$bdir" -name '*.o' | wc -l >"$work/objects-$variant"

# Every option of the fragment must have survived olddefconfig.
while IFS= read -r line; do
	case "$line" in CONFIG_*) grep -qx "$line" "$bdir/.config" ||
		{ echo "build-xen: $line did not take effect" >&2; exit 1; } ;; esac
done <"$frag"

tmp="$out.tmp.$$"
rm -rf "$tmp"
mkdir -p "$tmp"
cp "$bdir/xen" "$bdir/xen-syms" "$bdir/.config" "$tmp/"
if grep -qx 'CONFIG_XSM_FLASK=y' "$bdir/.config"; then
	mkdir -p "$tmp/flask/tools/flask" "$tmp/flask/xen/xsm/flask"
	cp -a "$work/src/tools/flask/policy" "$tmp/flask/tools/flask/"
	cp -a "$work/src/xen/xsm/flask/policy" "$tmp/flask/xen/xsm/flask/"
fi
mv "$tmp" "$out"
echo "$out"
