#!/usr/bin/env bash
# Fetch and unpack Debian's xen source package (Debian's patches applied by
# dpkg-source) into the cache.  Usage: fetch-xen.sh VERSION DESTDIR
set -euo pipefail
ver=$1
dest=$2

if [ -f "$dest/.xenscope-unpacked" ]; then
	exit 0
fi

src_list=/etc/apt/sources.list.d/xenscope-src.sources
if ! apt-get indextargets --format '$(IDENTIFIER)' 2>/dev/null | grep -qx 'Sources'; then
	if [ "$(id -u)" -ne 0 ]; then
		echo "fetch-xen: no deb-src entry and not root; run 'make deps' as root" >&2
		exit 1
	fi
	# Same mirror as the existing deb entries, only with source packages.
	uri=$(awk '/^URIs:/ {print $2; exit}' /etc/apt/sources.list.d/debian.sources 2>/dev/null || true)
	: "${uri:=http://deb.debian.org/debian}"
	cat >"$src_list" <<SRC
Types: deb-src
URIs: $uri
Suites: bookworm
Components: main
Signed-By: /usr/share/keyrings/debian-archive-keyring.gpg
SRC
	apt-get update -qq
fi

work=$(mktemp -d "${dest%/}.tmp.XXXXXX")
trap 'rm -rf "$work"' EXIT
(cd "$work" && apt-get source -qq "xen=$ver" >/dev/null)
tree=$(find "$work" -mindepth 1 -maxdepth 1 -type d -name 'xen-*' | head -n 1)
[ -n "$tree" ] || { echo "fetch-xen: apt-get source xen=$ver produced no tree" >&2; exit 1; }
rm -rf "$dest"
mv "$tree" "$dest"
touch "$dest/.xenscope-unpacked"
