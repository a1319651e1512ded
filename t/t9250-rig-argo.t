#!/usr/bin/env bash
# Rig: Argo ring pages (debug hypervisor with CONFIG_ARGO, booted argo=1)
# are reported as Xen's references, for a PV and a PVH guest.
top=$(cd "$(dirname "$0")/.." && pwd)
XS_RIG_XEN_ARGS="argo=1 ${XS_RIG_XEN_ARGS:-}" \
	exec "$top/rig/run-scenario.sh" --variant debug "$top/t/rig/argo.sh"
