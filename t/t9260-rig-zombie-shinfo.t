#!/usr/bin/env bash
# Rig: a zombie held by a dom0 mapping of its shared_info page; the audit
# explains the Xen heap share's type reference that relinquish leaves.
top=$(cd "$(dirname "$0")/.." && pwd)
exec "$top/rig/run-scenario.sh" "$top/t/rig/zombie-shinfo.sh"
