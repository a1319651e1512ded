#!/usr/bin/env bash
# Rig: the log-dirty tracepoints in real captures of a PV (shadow) and a
# PVH-HAP guest under `xs-dirty audit`, checked on the host against the
# audit's rounds and with stock xenalyze.  The captures are made on the rig
# and read from the run directory it keeps (t/rig/host-capture.sh).
top=$(cd "$(dirname "$0")/.." && pwd)
. "$top/t/rig/host-capture.sh"
rig_then_host debug logdirty-trace "$top/t/rig/logdirty-trace-check.sh" pv.trc pvh-hap.trc
