#!/usr/bin/env bash
# Rig: reference tracing of a foreign-mapping zombie (--arm, --history, stages, xenalyze).
top=$(cd "$(dirname "$0")/.." && pwd)
exec "$top/rig/run-scenario.sh" --variant debug "$top/t/rig/trace-foreign.sh"
