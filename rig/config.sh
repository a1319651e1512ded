# Shared settings for the rig scripts (sourced).
XEN_DEB_VERSION=4.17.5+72-g01140da4e8-1
XS_CACHE=${XENSCOPE_CACHE:-${XDG_CACHE_HOME:-$HOME/.cache}/xenscope}
mkdir -p "$XS_CACHE"

# The dom0 kernel: Debian's linux-image-amd64 as installed on the host.
rig_kernel_version() {
	local v
	v=$(ls /boot/vmlinuz-* 2>/dev/null | sed 's|.*/vmlinuz-||' | sort -V | tail -n 1)
	[ -n "$v" ] || { echo "rig: no kernel in /boot (apt-get install linux-image-amd64)" >&2; return 1; }
	[ -d "/lib/modules/$v" ] || { echo "rig: no /lib/modules/$v" >&2; return 1; }
	echo "$v"
}

# pack_cpio DIR OUT: pack DIR as a gzipped newc cpio at OUT, atomically.
pack_cpio() {
	local tmp="$2.tmp.$$"
	(cd "$1" && find . | cpio -o -H newc --quiet | gzip -9) >"$tmp"
	mv "$tmp" "$2"
}
