#!/usr/bin/env bash
# Rig (release hypervisor): tracing of the references assign_pages(),
# share_xen_page_with_guest() and gnttab_release_mappings() change, and
# call sites that name the caller at -O2.  The captures are made on the rig
# and symbolized here, on the host, with the booted hypervisor's xen-syms.
top=$(cd "$(dirname "$0")/.." && pwd)
. "$top/t/rig/host-capture.sh"
rig_then_host release trace-holders "$top/t/rig/trace-holders-check.sh" live.snap live.trc gone.trc
