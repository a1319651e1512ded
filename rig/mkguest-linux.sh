#!/usr/bin/env bash
# Build the initramfs of the rig's Linux guest (busybox only), cached by input
# hash.  Prints the path of the cpio.gz; the kernel is the host's /boot one.
set -euo pipefail
here=$(cd "$(dirname "$0")" && pwd)
. "$here/config.sh"

key=$({ cat "$here/mkguest-linux.sh" "$here/linux-guest/init" /bin/busybox; } | sha256sum | cut -c1-16)
out="$XS_CACHE/linux-guest-$key.cpio.gz"
if [ -f "$out" ]; then
	echo "$out"
	exit 0
fi
root=$(mktemp -d)
trap 'rm -rf "$root"' EXIT
mkdir -p "$root/bin"
cp /bin/busybox "$root/bin/busybox"
install -m 0755 "$here/linux-guest/init" "$root/init"
pack_cpio "$root" "$out"
echo "$out"
