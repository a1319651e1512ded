#!/usr/bin/env bash
# Build the dom0 initramfs (busybox-static + the modules stage 1 needs) into
# the cache, keyed by the kernel version and this script's inputs.
# Prints the path of the cpio.gz.
set -euo pipefail
here=$(cd "$(dirname "$0")" && pwd)
. "$here/config.sh"

kver=$(rig_kernel_version)
mods=(xen-privcmd xenfs xen-evtchn xen-gntdev xen-gntalloc 9pnet_virtio 9p overlay virtio_pci)
key=$({ echo "$kver"; echo "${mods[*]}"; cat "$here/mkinitramfs.sh" "$here/dom0/init" /bin/busybox; } |
	sha256sum | cut -c1-16)
out="$XS_CACHE/dom0-initrd-$key.cpio.gz"
if [ -f "$out" ]; then
	echo "$out"
	exit 0
fi

root=$(mktemp -d)
trap 'rm -rf "$root"' EXIT
mkdir -p "$root/bin" "$root/lib/modules"
cp /bin/busybox "$root/bin/busybox"
install -m 0755 "$here/dom0/init" "$root/init"

# Resolve load order with modprobe, de-duplicate, keep order.
: >"$root/modules.order"
for m in "${mods[@]}"; do
	modprobe -S "$kver" --show-depends "$m" | awk '$1 == "insmod" {print $2}'
done | awk '!seen[$0]++' | while read -r ko; do
	base=$(basename "$ko")
	case "$ko" in
	*.ko.xz) xz -dc "$ko" >"$root/lib/modules/${base%.xz}"; base=${base%.xz} ;;
	*.ko.zst) zstd -qdc "$ko" >"$root/lib/modules/${base%.zst}"; base=${base%.zst} ;;
	*) cp "$ko" "$root/lib/modules/$base" ;;
	esac
	echo "/lib/modules/$base" >>"$root/modules.order"
done

pack_cpio "$root" "$out"
echo "$out"
