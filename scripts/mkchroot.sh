#!/usr/bin/env bash
# Print the path of a fresh Debian 12 root as a tarball (mmdebstrap's apt
# variant: essential packages and apt, nothing of this host's), building it
# once into the cache.
#
# The root takes its packages from the sources this host's apt is
# configured with, so no mirror is named here; its package lists are kept
# (--skip=cleanup/apt/lists) so that installing into it needs no update.
# The cache key is every input: mmdebstrap's version, the sources and the
# apt options given to it.
set -euo pipefail
here=$(cd "$(dirname "$0")" && pwd)
. "$here/../rig/config.sh"

command -v mmdebstrap >/dev/null ||
	{ echo "mkchroot: mmdebstrap not installed (run make deps)" >&2; exit 1; }

sources=()
for f in /etc/apt/sources.list /etc/apt/sources.list.d/*.list /etc/apt/sources.list.d/*.sources; do
	[ -s "$f" ] && grep -qE '^[[:space:]]*(deb|Types:([[:space:]]+[a-z-]+)*[[:space:]]+deb)([[:space:]]|$)' "$f" && sources+=("$f")
done
[ ${#sources[@]} -gt 0 ] || { echo "mkchroot: this host's apt has no deb sources" >&2; exit 1; }

# Host apt options that say how to reach those sources (proxies, checks of
# the Release files' dates on a snapshot), not what to install.
aptopts=()
for f in /etc/apt/apt.conf.d/*; do
	[ -f "$f" ] && grep -qiE '^[[:space:]]*Acquire::' "$f" && aptopts+=("--aptopt=$f")
done

key=$({
	mmdebstrap --version
	cat "${sources[@]}"
	for o in "${aptopts[@]}"; do cat "${o#--aptopt=}"; done
	cat "$0"
} | sha256sum | cut -c1-16)
out="$XS_CACHE/debian12-root-$key.tar"
if [ ! -f "$out" ] || [ ! -s "$out" ]; then
	mkdir -p "$XS_CACHE"
	# mmdebstrap takes the format from the name: keep ".tar" last.
	tmp="$XS_CACHE/debian12-root-$key.$$.tmp.tar"
	trap 'rm -f "$tmp"' EXIT
	mmdebstrap --quiet --variant=apt --skip=cleanup/apt/lists "${aptopts[@]}" \
		bookworm "$tmp" "${sources[@]}" >&2
	mv "$tmp" "$out"
	trap - EXIT
fi
echo "$out"
