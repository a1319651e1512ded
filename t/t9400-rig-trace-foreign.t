#!/usr/bin/env bash
# Rig: reference tracing of a foreign-mapping zombie (--arm, --history,
# stages, xenalyze).  The capture and the snapshot are made on the rig and
# read again here, on the host, with the booted hypervisor's xen-syms
# (symbolizing it on the software CPU would take minutes).
top=$(cd "$(dirname "$0")/.." && pwd)
. "$top/t/rig/host-capture.sh"
rig_then_host debug trace-foreign "$top/t/rig/trace-foreign-check.sh" held.snap held.trc
