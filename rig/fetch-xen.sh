#!/usr/bin/env bash
# Fetch and unpack Debian's xen source package (Debian's patches applied by
# dpkg-source) into the cache.  Usage: fetch-xen.sh VERSION DESTDIR
#
# The source comes from the repositories apt is configured with, and from
# nowhere else: with no deb-src entry, one is added for the repository apt
# already uses for this release's binary packages.  Anything missing stops
# the script with one line saying what to configure.
set -euo pipefail
ver=$1
dest=$2

if [ -f "$dest/.xenscope-unpacked" ]; then
	exit 0
fi

die() {
	echo "fetch-xen: $*" >&2
	exit 1
}

# "IDENTIFIER REPO_URI RELEASE COMPONENT" for every index apt knows.
targets() {
	apt-get indextargets --format '$(IDENTIFIER) $(REPO_URI) $(RELEASE) $(COMPONENT)' 2>/dev/null
}

if ! targets | awk '$1 == "Sources" { found = 1 } END { exit !found }'; then
	[ "$(id -u)" -eq 0 ] || die "apt has no deb-src entry and this is not root; run 'make deps' as root"
	codename=$(. /etc/os-release && echo "${VERSION_CODENAME:-}")
	[ -n "$codename" ] || die "/etc/os-release names no release; add a deb-src entry for xen by hand"
	repo=$(targets | awk -v rel="$codename" \
		'$1 == "Packages" && $3 == rel && $4 == "main" { print $2; exit }')
	[ -n "$repo" ] ||
		die "apt has no repository for '$codename main' configured; add a deb-src entry (sources.list(5))"
	keyring=/usr/share/keyrings/debian-archive-keyring.gpg
	{
		echo "Types: deb-src"
		echo "URIs: $repo"
		echo "Suites: $codename"
		echo "Components: main"
		[ ! -f "$keyring" ] || echo "Signed-By: $keyring"
	} >/etc/apt/sources.list.d/xenscope-src.sources
	apt-get update -qq || die "apt-get update failed after adding the deb-src entry for $repo"
fi

work=$(mktemp -d "${dest%/}.tmp.XXXXXX")
trap 'rm -rf "$work"' EXIT
if ! (cd "$work" && apt-get source -qq "xen=$ver" >/dev/null 2>"$work/apt.err"); then
	die "apt-get source xen=$ver failed: $(grep -v '^\s*$' "$work/apt.err" | tail -n 1)"
fi
tree=$(find "$work" -mindepth 1 -maxdepth 1 -type d -name 'xen-*' | head -n 1)
[ -n "$tree" ] || die "apt-get source xen=$ver produced no tree"
rm -rf "$dest"
mv "$tree" "$dest"
touch "$dest/.xenscope-unpacked"
