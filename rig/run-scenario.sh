#!/usr/bin/env bash
# Boot the rig (patched Xen + dom0 under QEMU's software CPU), run one
# scenario script in dom0 and print its TAP on stdout, for prove.
#
# Usage: run-scenario.sh [--variant release|debug] [--timeout SECONDS] SCRIPT [ARGS...]
#
# The scenario runs as root in dom0 with the host's root filesystem visible
# read-only (so the repo and its built tools are at the same path), a
# writable share at /xs (its output in /xs/out) and env XS_TOP set.
# Every run has a hard timeout.  On failure or hang the last lines of the
# serial log are printed as TAP diagnostics; the full log is kept under
# build/rig/logs/.
set -uo pipefail
here=$(cd "$(dirname "$0")" && pwd)
top=$(cd "$here/.." && pwd)
. "$here/config.sh"

variant=${XS_RIG_VARIANT:-release}
# Generous: a loaded 2-core machine runs the software CPU several times
# slower; a scenario that hangs still ends here.
timeout=${XS_RIG_TIMEOUT:-600}
while [ $# -gt 0 ]; do
	case "$1" in
	--variant) variant=$2; shift 2 ;;
	--timeout) timeout=$2; shift 2 ;;
	--) shift; break ;;
	-*) echo "run-scenario: unknown option $1" >&2; exit 2 ;;
	*) break ;;
	esac
done
script=${1:?usage: run-scenario.sh [--variant V] [--timeout S] SCRIPT [ARGS...]}
shift
name=$(basename "$script" .sh)

# Emit a failing TAP stream that explains itself, and exit non-zero.
bail() {
	echo "1..1"
	echo "not ok 1 - rig: $*"
	exit 1
}

logdir="$top/build/rig/logs"
mkdir -p "$logdir"
XS_RIG_BUILD_LOG="$logdir/build.log"
xendir=$("$here/build-xen.sh" "$variant" 2>"$XS_RIG_BUILD_LOG") ||
	bail "hypervisor build failed: $(tail -n 3 "$XS_RIG_BUILD_LOG" | tr '\n' ' ')"
initrd=$("$here/mkinitramfs.sh" 2>"$XS_RIG_BUILD_LOG") ||
	bail "initramfs build failed: $(tail -n 3 "$XS_RIG_BUILD_LOG" | tr '\n' ' ')"
kver=$(rig_kernel_version) || bail "no dom0 kernel"
linux_initrd=$("$here/mkguest-linux.sh" 2>"$XS_RIG_BUILD_LOG") ||
	bail "guest initramfs build failed: $(tail -n 3 "$XS_RIG_BUILD_LOG" | tr '\n' ' ')"

run="$top/build/rig/runs/$name.$$"
mkdir -p "$logdir" "$run/out"
serial="$logdir/$name.serial.log"
cp "$script" "$run/scenario"
{
	printf 'XS_TOP=%q\n' "$top"
	printf 'XS_VARIANT=%q\n' "$variant"
	printf 'XS_XEN_SYMS=%q\n' "$xendir/xen-syms"
	printf 'XS_LINUX_KERNEL=%q\n' "/boot/vmlinuz-$kver"
	printf 'XS_LINUX_INITRD=%q\n' "$linux_initrd"
	printf 'XS_ARGS=(%s)\n' "$(printf '%q ' "$@")"
	echo "export XS_TOP XS_VARIANT XS_XEN_SYMS XS_LINUX_KERNEL XS_LINUX_INITRD"
} >"$run/env"

xen_cmdline="console=com1 com1=115200,8n1 dom0_mem=512M,max:512M dom0_max_vcpus=2"
xen_cmdline+=" loglvl=all guest_loglvl=all console_timestamps=boot bootscrub=false"
xen_cmdline+=" ${XS_RIG_XEN_ARGS:-}"
dom0_cmdline="console=hvc0 earlyprintk=xen loglevel=4 xs.stage2=$here/dom0/stage2.sh"

# One rig at a time on this machine, whichever clone asks: two software-CPU
# guests on two cores would each run slow enough to hit their timeouts.
# The wait is not counted in the scenario's time.
exec 8>"$XS_CACHE/rig-run.lock"
if ! flock -n 8; then
	echo "# rig: waiting for another rig run on this machine to end" >&2
	flock 8
fi

start=$(date +%s)
# QEMU is the only child; timeout(1) ends it by PID on a hang.  With
# XS_RIG_LIVE=1 the scenario's output is shown as it is written (make demo).
timeout -k 10 "$timeout" qemu-system-x86_64 \
	-machine pc -accel tcg,thread=multi \
	-cpu qemu64,+svm,+npt,+vgif -m 2048 -smp 2 \
	-display none -vga none -no-reboot -nic none -monitor none \
	-chardev file,id=ser0,path="$serial" -serial chardev:ser0 \
	-device isa-debug-exit,iobase=0xf4,iosize=0x04 \
	-virtfs local,path=/,mount_tag=hostroot,security_model=none,readonly=on,multidevs=remap \
	-virtfs local,path="$run",mount_tag=xsshare,security_model=none,multidevs=remap \
	-kernel "$xendir/xen" -append "$xen_cmdline" \
	-initrd "/boot/vmlinuz-$kver $dom0_cmdline,$initrd" \
	</dev/null >"$logdir/$name.qemu.log" 2>&1 &
qpid=$!
live=${XS_RIG_LIVE:-}
if [ -n "$live" ]; then
	echo "rig: booting Xen and dom0 under QEMU (pid $qpid; about 15 s), then running $name"
	tail -n +1 -F --pid="$qpid" "$run/out/tap" 2>/dev/null &
fi
wait "$qpid"
rc=$?
[ -z "$live" ] || sleep 0.5
elapsed=$(($(date +%s) - start))
cp -f "$run/out/dom0.log" "$logdir/$name.dom0.log" 2>/dev/null

diag_tail() {
	echo "# --- last lines of the serial log ($serial) ---"
	tail -n "${1:-25}" "$serial" 2>/dev/null | tr -d '\r' | sed 's/^/# /'
	if [ -s "$logdir/$name.qemu.log" ]; then
		echo "# --- qemu ---"
		tail -n 5 "$logdir/$name.qemu.log" | sed 's/^/# /'
	fi
}

tap="$run/out/tap"
status=1
case "$rc" in
1) # byte 0: the scenario ran to its end
	n=$(grep -c '^\(not \)\?ok' "$tap")
	# One more test point of the runner's own: the hypervisor said nothing
	# alarming on its console (ASSERTs and lock checks of debug builds too).
	alarms=$(grep -aE '\(XEN\).*(Assertion .* failed|Xen BUG at|Panic on CPU|FATAL|WARN_ON|Xen WARN|lock.*(order|violation)|Watchdog timer)' "$serial" | head -n 5)
	if [ -z "$live" ]; then
		grep -v '^1\.\.[0-9]' "$tap"
		if ! grep -q '^1\.\.[0-9]' "$tap"; then
			echo "not ok $((n + 1)) - rig: the scenario printed no TAP plan: it stopped early"
		elif [ -n "$alarms" ]; then
			echo "not ok $((n + 1)) - rig: hypervisor console is free of assertions and warnings"
			echo "$alarms" | sed 's/^/# /'
		else
			echo "ok $((n + 1)) - rig: hypervisor console is free of assertions and warnings"
		fi
		echo "1..$((n + 1))"
	fi
	echo "# rig: $name ran in ${elapsed}s (boot + scenario + power-off, $variant hypervisor)"
	if ! grep -q '^1\.\.[0-9]' "$tap"; then
		echo "# rig: the scenario printed no TAP plan: it stopped early"
		diag_tail
		[ -z "$live" ] || echo "not ok - rig: the scenario printed no TAP plan"
	elif grep -q '^not ok' "$tap" || [ -n "$alarms" ]; then
		diag_tail 15
	else
		status=0
	fi
	;;
124|137)
	[ -f "$tap" ] && [ -z "$live" ] && cat "$tap"
	n=$(grep -c '^\(not \)\?ok' "$tap" 2>/dev/null)
	echo "not ok $((n + 1)) - rig: $name timed out after ${timeout}s"
	diag_tail 30
	echo "1..$((n + 1))"
	;;
201) echo "1..1"; echo "not ok 1 - rig: dom0 toolstack failed to start"; tail -n 15 "$run/out/dom0.log" | sed 's/^/# /'; diag_tail ;;
203) echo "1..1"; echo "not ok 1 - rig: no scenario reached dom0"; diag_tail ;;
241) echo "1..1"; echo "not ok 1 - rig: dom0 stage 1 failed"; diag_tail ;;
*) echo "1..1"; echo "not ok 1 - rig: QEMU exited with status $rc"; diag_tail ;;
esac
[ -n "${XS_RIG_KEEP:-}" ] || rm -rf "$run"
exit $status
