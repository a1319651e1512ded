#!/usr/bin/env bash
# Rig: the hypervisor of make xen-deb's package boots and passes t9200's
# audit scenario.  The image is taken from the .deb itself (dpkg -x), as a
# host would install it: /boot/xen-4.17-amd64.gz and the -dbg package's
# xen-syms.  Needs `make xen-deb` first; not part of make check's own
# hypervisor builds (the integrator decides whether it runs there).
top=$(cd "$(dirname "$0")/.." && pwd)
deb=$(ls "$top"/build/xen-deb/xen-hypervisor-4.17-amd64_*_amd64.deb 2>/dev/null | tail -n 1)
dbg=$(ls "$top"/build/xen-deb/xen-hypervisor-4.17-amd64-dbg_*_amd64.deb 2>/dev/null | tail -n 1)
if [ -z "$deb" ] || [ -z "$dbg" ]; then
	echo "1..1"
	echo "not ok 1 - no build/xen-deb/xen-hypervisor-4.17-amd64*.deb (run make xen-deb)"
	exit 1
fi
root=$top/build/rig/xen-deb/root
img=$top/build/rig/xen-deb/image
rm -rf "$root" "$img"
mkdir -p "$root" "$img"
dpkg -x "$deb" "$root" && dpkg -x "$dbg" "$root" &&
	gzip -dc "$root/boot/xen-4.17-amd64.gz" >"$img/xen" &&
	cp "$root/usr/lib/debug/boot/xen-syms-4.17-amd64" "$img/xen-syms" || {
	echo "1..1"
	echo "not ok 1 - the package holds /boot/xen-4.17-amd64.gz and xen-syms-4.17-amd64"
	exit 1
}
XS_RIG_XEN_DIR=$img exec "$top/rig/run-scenario.sh" --variant release --timeout 900 \
	"$top/t/rig/hvp-audit.sh"
