#!/usr/bin/env bash
# Install the Debian packages xenscope needs, only when something is missing.
# Idempotent: a second run with everything present does nothing and needs no root.
set -euo pipefail

PKGS=(
	# tool build
	build-essential pkg-config clang
	libxen-dev libdwarf-dev libelf-dev libncurses-dev libjansson-dev zlib1g-dev
	libdeflate-dev
	# tests
	perl gdb jq
	# the Debian package (make deb) and a fresh Debian 12 root to install it
	# into (t8040, scripts/mkchroot.sh)
	debhelper lintian mmdebstrap
	# hypervisor build (the rig builds its own Xen: Debian's lacks shadow paging)
	bison flex python3 dpkg-dev rsync
	# the hypervisor's arm64 cross build (t7020: the series builds where
	# Debian ships Xen besides x86)
	gcc-aarch64-linux-gnu
	# the FLASK hypervisor's built-in policy and its variants (t9230)
	checkpolicy m4
	# the rig: QEMU, dom0 kernel, initramfs, dom0 toolstack
	qemu-system-x86 linux-image-amd64 busybox-static cpio kmod xen-utils-4.17
)

missing=()
for p in "${PKGS[@]}"; do
	dpkg-query -W -f='${Status}\n' "$p" 2>/dev/null | grep -q '^install ok installed$' ||
		missing+=("$p")
done

if [ ${#missing[@]} -eq 0 ]; then
	exit 0
fi

if [ "$(id -u)" -ne 0 ]; then
	echo "install-deps: missing packages: ${missing[*]}; run 'make deps' as root" >&2
	exit 1
fi

echo "install-deps: installing ${missing[*]}"
export DEBIAN_FRONTEND=noninteractive
apt-get update -qq
apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null
