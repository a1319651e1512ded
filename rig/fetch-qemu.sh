#!/usr/bin/env bash
# Fetch Debian's QEMU from the release's backports suite into the cache and
# print the directory it is unpacked in (holding usr/bin/qemu-system-x86_64
# and its firmware under usr/share), for run-scenario.sh's XS_RIG_QEMU.
#
# Why a second QEMU: the release's QEMU (7.2) does not arm the debug
# registers a nested hypervisor loads on VMRUN (fixed upstream in 9.1,
# commit 8aa76496dfaa), so an HVM or PVH guest's hardware breakpoints and
# watchpoints never fire under it (docs/gdbstub.md).  Only the scenarios
# that need them boot this one; the rest of the rig keeps the release's.
#
# The packages come from the repository apt already uses for this release,
# read with `apt-get indextargets`, under its backports suite, through a
# private apt state in the cache: nothing of the system's apt configuration
# or of its installed packages changes.  The packages are unpacked, not
# installed; the libraries they need are the release's own, which
# scripts/install-deps.sh installs with the release's QEMU.
#
# Usage: fetch-qemu.sh        (prints the directory; exit 1 with one line)
set -euo pipefail
here=$(cd "$(dirname "$0")" && pwd)
. "$here/config.sh"

die() {
	echo "fetch-qemu: $*" >&2
	exit 1
}

# The newest QEMU this needs at least (the DR7 fix).
min_version=9.1
packages="qemu-system-x86 qemu-system-common qemu-system-data seabios"

codename=$(. /etc/os-release && echo "${VERSION_CODENAME:-}")
[ -n "$codename" ] || die "/etc/os-release names no release"
repo=$(apt-get indextargets --format '$(IDENTIFIER) $(REPO_URI) $(RELEASE) $(COMPONENT)' 2>/dev/null |
	awk -v rel="$codename" '$1 == "Packages" && $3 == rel && $4 == "main" { print $2; exit }')
[ -n "$repo" ] || die "apt has no repository for '$codename main' configured"

cache=$XS_CACHE/qemu-backports
state=$cache/apt
mkdir -p "$state/lists/partial" "$state/archives/partial"
keyring=/usr/share/keyrings/debian-archive-keyring.gpg
signed=
[ ! -f "$keyring" ] || signed="[signed-by=$keyring] "
echo "deb $signed$repo $codename-backports main" >"$state/sources.list"
apt_opts=(-o "Dir::Etc::SourceList=$state/sources.list" -o Dir::Etc::SourceParts=/dev/null
	-o "Dir::State::Lists=$state/lists" -o "Dir::Cache=$state" -o Dir::State::Status=/dev/null
	-o APT::Sandbox::User=root -o Debug::NoLocking=1)

exec 9>"$cache.lock"
flock 9

# The index is read again at most once a day; a cached unpack of the
# version it names is used as it is.
if [ -z "$(find "$state/lists" -name '*Packages*' -mtime -1 2>/dev/null | head -n 1)" ]; then
	apt-get "${apt_opts[@]}" -qq update >"$state/update.log" 2>&1 ||
		[ -n "$(find "$state/lists" -name '*Packages*' | head -n 1)" ] ||
		die "apt-get update of $codename-backports failed: $(tail -n 1 "$state/update.log")"
fi
version=$(apt-cache "${apt_opts[@]}" show qemu-system-x86 2>/dev/null |
	awk '$1 == "Version:" { print $2 }' | sort -V | tail -n 1)
[ -n "$version" ] || die "$codename-backports has no qemu-system-x86"
upstream=${version#*:}
upstream=${upstream%%+*}
dpkg --compare-versions "$upstream" ge "$min_version" ||
	die "$codename-backports has QEMU $upstream; at least $min_version is needed"
dest=$cache/${version//:/_}
if [ ! -x "$dest/usr/bin/qemu-system-x86_64" ]; then
	work=$(mktemp -d "$cache/unpack.XXXXXX")
	trap 'rm -rf "$work"' EXIT
	(cd "$work" && apt-get "${apt_opts[@]}" -qq download \
		$(for p in $packages; do echo "$p/$codename-backports"; done) >"$work/download.log" 2>&1) ||
		die "apt-get download from $codename-backports failed: $(tail -n 1 "$work/download.log")"
	mkdir -p "$work/root"
	for deb in "$work"/*.deb; do
		dpkg-deb -x "$deb" "$work/root" || die "cannot unpack $(basename "$deb")"
	done
	"$work/root/usr/bin/qemu-system-x86_64" --version >/dev/null 2>"$work/run.err" ||
		die "the unpacked QEMU does not run: $(head -n 1 "$work/run.err")"
	rm -rf "$dest"
	mv "$work/root" "$dest"
fi
echo "$dest"
