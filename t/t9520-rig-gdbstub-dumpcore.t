#!/usr/bin/env bash
# Rig: xl dump-core of a PV and a PVH guest opened by xs-gdbstub under gdb,
# against xenctx's registers and memory of the same paused guest and the
# guest's ELF file.  xl dump-core of the PVH guest alone takes 300-410 s on
# an idle host and 711 s beside a build (libxc maps every gfn below the MMIO
# hole, about a million); it runs in the background while the PV guest is
# checked.  The limit leaves room for a host busier still.
top=$(cd "$(dirname "$0")/.." && pwd)
exec "$top/rig/run-scenario.sh" --timeout 1800 "$top/t/rig/gdbstub-dumpcore.sh"
