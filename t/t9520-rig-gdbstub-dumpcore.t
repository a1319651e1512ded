#!/usr/bin/env bash
# Rig: xl dump-core of a PV and a PVH guest opened by xs-gdbstub under gdb,
# against xenctx's registers and memory of the same paused guest and the
# guest's ELF file.  xl dump-core of the PVH guest alone takes 290-320 s on
# an idle host (libxc maps every gfn below the MMIO hole); it runs in the
# background while the PV guest is checked.  The limit leaves room for a
# host several times slower.
top=$(cd "$(dirname "$0")/.." && pwd)
exec "$top/rig/run-scenario.sh" --timeout 1080 "$top/t/rig/gdbstub-dumpcore.sh"
