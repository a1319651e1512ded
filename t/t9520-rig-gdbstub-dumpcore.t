#!/usr/bin/env bash
# Rig: xl dump-core of a PV and a PVH guest opened by xs-gdbstub under gdb,
# against xenctx's registers and memory of the same paused guest and the
# guest's ELF file.  Runs 350-440 s: xl dump-core of the PVH guest alone
# takes 290-320 s here (libxc maps every gfn below the MMIO hole).
top=$(cd "$(dirname "$0")/.." && pwd)
exec "$top/rig/run-scenario.sh" --timeout 720 "$top/t/rig/gdbstub-dumpcore.sh"
