#!/usr/bin/env bash
# Build gdbsx (tools/debugger/gdbsx) from the Xen source tree the rig's
# hypervisor is built from, into build/bench/gdbsx: the reference for
# bench/rig/gdbstub-live.sh.  Only its own sources and Xen's public headers.
set -euo pipefail
top=$(cd "$(dirname "$0")/../.." && pwd)
src=$(ls -d "$HOME"/.cache/xenscope/xen-src-*/ 2>/dev/null | head -1)
[ -n "$src" ] || { echo "gdbsx-build: no Xen source tree under ~/.cache/xenscope (run make rig-xen)" >&2; exit 1; }
g=$src/tools/debugger/gdbsx
out=$top/build/bench
mkdir -p "$out/inc/xen/sys"
# The Linux privcmd ioctl header lives apart from the public headers.
cp "$src/tools/include/xen-sys/Linux/privcmd.h" "$out/inc/xen/sys/"
gcc -O2 -D__XEN_TOOLS__ -I"$out/inc" -I"$g/xg" -I"$g/gx" "$g/xg/xg_main.c" \
	"$g/gx/gx_comm.c" "$g/gx/gx_main.c" "$g/gx/gx_utils.c" "$g/gx/gx_local.c" -o "$out/gdbsx"
echo "$out/gdbsx"
