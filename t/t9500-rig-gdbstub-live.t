#!/usr/bin/env bash
# Rig: gdb on a live PV guest through xs-gdbstub, and on its saved dump.
top=$(cd "$(dirname "$0")/.." && pwd)
exec "$top/rig/run-scenario.sh" "$top/t/rig/gdbstub-live.sh"
