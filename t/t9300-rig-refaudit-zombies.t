#!/usr/bin/env bash
# Rig: refaudit names the process behind a foreign-mapping and a gntdev zombie; --watch.
top=$(cd "$(dirname "$0")/.." && pwd)
exec "$top/rig/run-scenario.sh" "$top/t/rig/refaudit-zombies.sh"
