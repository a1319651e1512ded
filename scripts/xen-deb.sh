#!/usr/bin/env bash
# make xen-deb: Debian's own xen source package with the hv-probes series
# added as quilt patches (DEP-3 headers, appended to debian/patches/series)
# and the Kconfig delta of hv-probes/debian/xen-kconfig.delta appended to
# debian/xen-kconfig, built into xen-hypervisor-4.17-amd64 (and its -dbg)
# only.  The .debs are cached under the rig's cache, keyed by every input,
# and copied to build/xen-deb/.  docs/packaging.md says how to install one.
set -euo pipefail
top=$(cd "$(dirname "$0")/.." && pwd)
. "$top/rig/config.sh"

src="$XS_CACHE/xen-src-$XEN_DEB_VERSION"
"$top/rig/fetch-xen.sh" "$XEN_DEB_VERSION" "$src"
version="$XEN_DEB_VERSION+xenscope1"

key=$(
	{
		echo "$XEN_DEB_VERSION"
		cat "$0" "$top/hv-probes/debian/xen-kconfig.delta" "$top/hv-probes/debian/hypervisor.mk"
		"$top/hv-probes/list-inputs.sh" | xargs -r cat
	} | sha256sum | cut -c1-16
)
cache="$XS_CACHE/xen-deb-$key"
dest="$top/build/xen-deb"

publish() {
	rm -rf "$dest"
	mkdir -p "$dest"
	cp "$cache"/*.deb "$dest/"
	ls "$dest"/*.deb
}

if ls "$cache"/xen-hypervisor-*_amd64.deb >/dev/null 2>&1; then
	publish
	exit 0
fi

stage=$(mktemp -d "$XS_CACHE/xen-deb-stage.XXXXXX")
trap 'rm -rf "$stage"' EXIT
tree="$stage/xen-$version"
cp -a "$src" "$tree"
rm -f "$tree/.xenscope-unpacked"

# dep3 PATCH: a git format-patch file as a DEP-3 patch: its subject and
# message become Description, its From the Author, its Date Last-Update
# (YYYY-MM-DD); then the diff.
dep3() {
	local updated
	updated=$(date -u -d "$(sed -n '1,/^$/s/^Date: //p' "$1")" +%F)
	awk -v origin="vendor, xenscope hv-probes" -v updated="$updated" '
		!hdr && /^From: / { author = substr($0, 7); next }
		!hdr && /^Subject: / { subj = substr($0, 10); sub(/^\[PATCH[^]]*\] /, "", subj); insubj = 1; next }
		!hdr && insubj && /^ / { subj = subj $0; next }
		!hdr && insubj { insubj = 0; hdr = 1; next }
		hdr == 1 && /^---$/ { hdr = 2
			print "Description: " subj
			for (i = 1; i <= nbody; i++) print " " (body[i] == "" ? "." : body[i])
			print "Author: " author
			print "Origin: " origin
			print "Forwarded: not-needed"
			print "Last-Update: " updated
			print "---"
			next }
		hdr == 1 { body[++nbody] = $0; next }
		hdr == 2 { print }' "$1"
}

mkdir -p "$tree/debian/patches/xenscope"
n=0
while IFS= read -r p; do
	case "$p" in '' | '#'*) continue ;; esac
	n=$((n + 1))
	dep3 "$top/hv-probes/$p" >"$tree/debian/patches/xenscope/$p"
	echo "xenscope/$p" >>"$tree/debian/patches/series"
done <"$top/hv-probes/series"
# The interface header lives once in hv-probes/public/, tagged with the
# patch that first needs each part (apply.sh installs it whole); as a quilt
# patch it is a file of its own, after the patches.
hdr=xenscope/$(printf '%04d' $((n + 1)))-public-xenscope.h-the-xenscope-hypervisor-interface.patch
public=$(python3 "$top/hv-probes/public-header.py" for all)
{
	echo "Description: public/xenscope.h: the xenscope hypervisor interface"
	echo " The records and operations of XEN_DOMCTL_xenscope, shared with the tools."
	echo "Author: xenscope developers <dev@xenscope.invalid>"
	echo "Origin: vendor, xenscope hv-probes"
	echo "Forwarded: not-needed"
	echo "---"
	echo "--- /dev/null"
	echo "+++ b/xen/include/public/xenscope.h"
	echo "@@ -0,0 +1,$(printf '%s\n' "$public" | wc -l) @@"
	printf '%s\n' "$public" | sed 's/^/+/'
} >"$tree/debian/patches/$hdr"
echo "$hdr" >>"$tree/debian/patches/series"

cat "$top/hv-probes/debian/xen-kconfig.delta" >>"$tree/debian/xen-kconfig"
{
	echo "xen ($version) bookworm; urgency=medium"
	echo
	echo "  * xenscope: the hv-probes series (debian/patches/xenscope/), shadow"
	echo "    paging and tracing on, fault injection off (debian/xen-kconfig)."
	echo
	echo " -- xenscope maintainers <maintainers@users.noreply.h-seed-b24f1ab5.example>  $(date -uR)"
	echo
	cat "$tree/debian/changelog"
} >"$tree/debian/changelog.new"
mv "$tree/debian/changelog.new" "$tree/debian/changelog"

cd "$tree"
# dpkg-source applies the series' unapplied patches (ours) as quilt would.
dpkg-source --before-build . >&2
nice -n 15 make -j2 -f debian/rules -f "$top/hv-probes/debian/hypervisor.mk" \
	xenscope-hypervisor-deb >"$stage/build.log" 2>&1 ||
	{ tail -n 30 "$stage/build.log" >&2; exit 1; }

mkdir -p "$cache.tmp"
cp "$stage"/*.deb "$cache.tmp/"
cp "$stage/build.log" "$cache.tmp/"
rm -rf "$cache"
mv "$cache.tmp" "$cache"
publish
