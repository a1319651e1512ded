#!/usr/bin/env bash
# make demo: build what is needed, boot the embedded hypervisor and tell the
# zombie-domain story with real output.
set -euo pipefail
here=$(cd "$(dirname "$0")" && pwd)

step() {
	printf '\n### %s\n' "$*"
}

step "Building the patched hypervisor (cached after the first time)"
t0=$(date +%s)
"$here/build-xen.sh" release
step "Building the dom0 and guest initramfs (cached)"
"$here/mkinitramfs.sh"
"$here/mkguest-linux.sh"
echo "ready in $(($(date +%s) - t0)) s"

step "Running the zombie-domain demo on Xen under QEMU (about 1 minute)"
XS_RIG_LIVE=1 "$here/run-scenario.sh" --timeout 300 "$here/demo/zombie.sh" >/tmp/xs-demo.$$ 2>&1 &
rpid=$!
# Show the scenario's lines without TAP bookkeeping.
tail -n +1 -F --pid="$rpid" /tmp/xs-demo.$$ 2>/dev/null | grep --line-buffered -v '^1\.\.[0-9]*$\|^ok [0-9]' &
tpid=$!
status=0
wait "$rpid" || status=$?
wait "$tpid" 2>/dev/null || true
rm -f /tmp/xs-demo.$$
if [ "$status" -ne 0 ]; then
	echo "make demo: the demo did not complete (logs in build/rig/logs/)" >&2
	exit 1
fi
echo
echo "make demo: done. Logs: build/rig/logs/zombie.serial.log"
