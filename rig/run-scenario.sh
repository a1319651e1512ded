#!/usr/bin/env bash
# Boot the rig (patched Xen + dom0 under QEMU's software CPU), run one
# scenario script in dom0 and print its TAP on stdout, for prove.
#
# Usage: run-scenario.sh [--variant release|debug] [--timeout SECONDS]
#                        [--qemu release|backports] SCRIPT [ARGS...]
#
# The scenario runs as root in dom0 with the host's root filesystem visible
# read-only (so the repo and its built tools are at the same path), a
# writable share at /xs (its output in /xs/out) and env XS_TOP set.
# Every run has a hard timeout, counted from the scenario's start; the boot
# before it is watched for progress.  On a hang the host makes Xen print
# every CPU's registers and stack and dom0's vCPUs (debug keys through the
# serial console) before it kills QEMU.  A boot that fails before the
# scenario starts is retried (and counted in a diagnostic line); a scenario
# that fails or hangs is not.  On failure the last lines of the serial log
# are printed as TAP diagnostics; the full logs are kept under
# build/rig/logs/ as NAME.VARIANT.{serial,dom0,qemu,monitor}.log.
set -uo pipefail
here=$(cd "$(dirname "$0")" && pwd)
top=$(cd "$here/.." && pwd)
. "$here/config.sh"

variant=${XS_RIG_VARIANT:-release}
# Generous: a loaded 2-core machine runs the software CPU several times
# slower; a scenario that hangs still ends here.
timeout=${XS_RIG_TIMEOUT:-600}
# --qemu backports: boot under the QEMU of the release's backports suite
# (rig/fetch-qemu.sh), for the scenarios that need what only it emulates.
qemu_from=release
while [ $# -gt 0 ]; do
	case "$1" in
	--variant) variant=$2; shift 2 ;;
	--timeout) timeout=$2; shift 2 ;;
	--qemu) qemu_from=$2; shift 2 ;;
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
# XS_RIG_XEN_DIR: boot another build (a directory holding xen and
# xen-syms), such as the packaged one of make xen-deb, instead of the rig's.
if [ -n "${XS_RIG_XEN_DIR:-}" ]; then
	xendir=$XS_RIG_XEN_DIR
	[ -f "$xendir/xen" ] || bail "no hypervisor image $xendir/xen"
else
	xendir=$("$here/build-xen.sh" "$variant" 2>"$XS_RIG_BUILD_LOG") ||
		bail "hypervisor build failed: $(tail -n 3 "$XS_RIG_BUILD_LOG" | tr '\n' ' ')"
fi
initrd=$("$here/mkinitramfs.sh" 2>"$XS_RIG_BUILD_LOG") ||
	bail "initramfs build failed: $(tail -n 3 "$XS_RIG_BUILD_LOG" | tr '\n' ' ')"
kver=$(rig_kernel_version) || bail "no dom0 kernel"
linux_initrd=$("$here/mkguest-linux.sh" 2>"$XS_RIG_BUILD_LOG") ||
	bail "guest initramfs build failed: $(tail -n 3 "$XS_RIG_BUILD_LOG" | tr '\n' ' ')"

run="$top/build/rig/runs/$name.$variant.$$"
# Log names carry the variant: the release and debug runs of one scenario
# keep their own logs side by side.
log="$logdir/$name.$variant"
serial="$log.serial.log"
rm -f "$log".try*.log

xen_cmdline="console=com1 com1=115200,8n1 dom0_mem=512M,max:512M dom0_max_vcpus=2"
xen_cmdline+=" loglvl=all guest_loglvl=all console_timestamps=boot bootscrub=false"
xen_cmdline+=" ${XS_RIG_XEN_ARGS:-}"
# XS_RIG_QEMU: a directory holding another QEMU's usr/bin and usr/share
# (as rig/fetch-qemu.sh unpacks one), used instead of the system's.
case "$qemu_from" in
release) qemu_dir=${XS_RIG_QEMU:-} ;;
backports)
	qemu_dir=$("$here/fetch-qemu.sh" 2>"$XS_RIG_BUILD_LOG") ||
		bail "$(tail -n 1 "$XS_RIG_BUILD_LOG")"
	;;
*) bail "unknown --qemu $qemu_from (release or backports)" ;;
esac
qemu_cmd=(qemu-system-x86_64)
if [ -n "$qemu_dir" ]; then
	[ -x "$qemu_dir/usr/bin/qemu-system-x86_64" ] || bail "no QEMU in $qemu_dir"
	# QEMU_MODULE_DIR: not the system QEMU's modules, which another
	# build refuses with a warning for each.
	qemu_cmd=(env "QEMU_MODULE_DIR=$qemu_dir/usr/lib/x86_64-linux-gnu/qemu"
		"$qemu_dir/usr/bin/qemu-system-x86_64" -L "$qemu_dir/usr/share/qemu"
		-L "$qemu_dir/usr/share/seabios")
fi
qemu_version=$("${qemu_cmd[@]}" --version | sed -n '1s/.*version \([0-9][0-9.]*\).*/\1/p')
# loglevel=7: every boot message up to KERN_INFO reaches the serial log, so a
# hang shows the last thing dom0's kernel did.
dom0_cmdline="console=hvc0 earlyprintk=xen loglevel=7 softlockup_all_cpu_backtrace=1"
dom0_cmdline+=" xs.stage2=$here/dom0/stage2.sh"

# The timeout counts from the scenario's start; the boot before it has its
# own limits, so that a slow boot on a loaded host does not eat the
# scenario's time.  A boot with no new output for boot_stall seconds (serial
# log, dom0's log) is hung: a normal boot prints something every few seconds
# even on a loaded host.
boot_stall=${XS_RIG_BOOT_STALL:-180}
boot_limit=${XS_RIG_BOOT_TIMEOUT:-900}
# Boots that fail before the scenario starts are retried this many times.
boot_retries=${XS_RIG_BOOT_RETRIES:-2}

# One rig at a time on this machine, whichever clone asks: two software-CPU
# guests on two cores would each run slow enough to hit their timeouts.
# The wait is not counted in the scenario's time.
exec 8>"$XS_CACHE/rig-run.lock"
if ! flock -n 8; then
	echo "# rig: waiting for another rig run on this machine to end" >&2
	waited=$(date +%s)
	flock 8
	echo "# rig: waited $(($(date +%s) - waited))s for the rig" >&2
fi

# progress: a signature that changes whenever the guest writes something.
progress() {
	stat -c '%s' "$serial" "$run"/out/* 2>/dev/null | tr '\n' ' '
}

# debug_keys WHY: before QEMU is killed, make Xen say where it and dom0 are:
# Ctrl-A three times switches the serial console's input to Xen, then 'd'
# (registers and stack of every CPU) and '0' (dom0's vCPUs); QEMU's own view
# of the CPUs (info registers) goes to NAME.VARIANT.monitor.log.
# send FIFO TEXT: write to one of QEMU's input FIFOs; opening a FIFO whose
# reader has gone would block, hence the timeout.
send() {
	timeout 5 bash -c 'printf "$2" >"$1"' send "$1" "$2" 2>/dev/null
}

debug_keys() {
	{
		echo
		echo "rig: $1: sending Xen debug keys ('d', '0') at $(date -u +%T)"
	} >>"$log.qemu.log"
	send "$run/serial.in" '\001\001\001'
	sleep 1
	send "$run/serial.in" 'd'
	sleep 4
	send "$run/serial.in" '0'
	sleep 4
	send "$run/monitor.in" 'info registers -a\n'
	sleep 1
}

# boot_once: one QEMU run with the watchdog; sets rc (QEMU's status, or 124
# on the hard timeout, 125 on a stalled boot) and started (the scenario began).
boot_once() {
	rm -rf "$run"
	mkdir -p "$run/out"
	cp "$script" "$run/scenario"
	cp "$envfile" "$run/env"
	: >"$serial"
	# Serial and monitor on pipe chardevs: QEMU reads NAME.in (a FIFO the
	# watchdog writes keys to) and writes NAME.out; the serial output is
	# kept through logfile=.
	mkfifo "$run/serial.in" "$run/monitor.in"
	ln -s /dev/null "$run/serial.out"
	: >"$run/monitor.out"
	"${qemu_cmd[@]}" \
		-machine pc -accel tcg,thread=multi \
		-cpu qemu64,+svm,+npt,+vgif -m 2048 -smp 2 \
		-display none -vga none -no-reboot -nic none \
		-chardev pipe,id=ser0,path="$run/serial",logfile="$serial",logappend=on \
		-serial chardev:ser0 \
		-chardev pipe,id=mon0,path="$run/monitor" -mon chardev=mon0,mode=readline \
		-device isa-debug-exit,iobase=0xf4,iosize=0x04 \
		-virtfs local,path=/,mount_tag=hostroot,security_model=none,readonly=on,multidevs=remap \
		-virtfs local,path="$run",mount_tag=xsshare,security_model=none,multidevs=remap \
		-kernel "$xendir/xen" -append "$xen_cmdline" \
		-initrd "/boot/vmlinuz-$kver $dom0_cmdline,$initrd" \
		</dev/null >"$log.qemu.log" 2>&1 &
	qpid=$!
	if [ -n "$live" ]; then
		echo "rig: booting Xen and dom0 under QEMU (pid $qpid; about 15 s), then running $name"
		tail -n +1 -F --pid="$qpid" "$run/out/tap" 2>/dev/null &
	fi
	local t0 last sig now why=
	t0=$(date +%s)
	last=$t0
	sig=$(progress)
	started=
	while kill -0 "$qpid" 2>/dev/null; do
		sleep 1
		now=$(date +%s)
		[ -n "$started" ] || [ ! -e "$run/out/started" ] || started=$now
		if [ "$(progress)" != "$sig" ]; then
			sig=$(progress)
			last=$now
		fi
		if [ -n "$started" ]; then
			[ $((now - started)) -lt "$timeout" ] || why="timed out after ${timeout}s"
		elif [ $((now - last)) -ge "$boot_stall" ]; then
			why="boot made no progress for ${boot_stall}s"
		elif [ $((now - t0)) -ge "$boot_limit" ]; then
			why="boot did not end within ${boot_limit}s"
		fi
		if [ -n "$why" ]; then
			debug_keys "$why"
			kill -TERM "$qpid" 2>/dev/null
			sleep 3
			kill -KILL "$qpid" 2>/dev/null
			break
		fi
	done
	wait "$qpid"
	rc=$?
	[ -n "$started" ] || [ ! -e "$run/out/started" ] || started=$(date +%s)
	if [ -n "$why" ]; then
		rc=$([ -n "$started" ] && echo 124 || echo 125)
		stall_why=$why
	fi
	boot_s=$(((${started:-$(date +%s)}) - t0))
	cp -f "$run/monitor.out" "$log.monitor.log" 2>/dev/null
	[ -z "$live" ] || sleep 0.5
	cp -f "$run/out/dom0.log" "$log.dom0.log" 2>/dev/null
	return 0
}

envfile=$(mktemp)
{
	printf 'XS_TOP=%q\n' "$top"
	printf 'XS_VARIANT=%q\n' "$variant"
	printf 'XS_XEN_SYMS=%q\n' "$xendir/xen-syms"
	printf 'XS_LINUX_KERNEL=%q\n' "/boot/vmlinuz-$kver"
	printf 'XS_LINUX_INITRD=%q\n' "$linux_initrd"
	printf 'XS_QEMU_VERSION=%q\n' "$qemu_version"
	printf 'XS_ARGS=(%s)\n' "$(printf '%q ' "$@")"
	echo "export XS_TOP XS_VARIANT XS_XEN_SYMS XS_LINUX_KERNEL XS_LINUX_INITRD XS_QEMU_VERSION"
} >"$envfile"

live=${XS_RIG_LIVE:-}
start=$(date +%s)
retried=0
retry_why=
# A boot that fails before the scenario starts (hung, crashed, toolstack or
# stage 1 failure) says nothing about the scenario: boot again, and say so.
# Once the scenario has started, whatever happens is its result.
for attempt in $(seq 1 $((boot_retries + 1))); do
	boot_once
	# Every boot goes into the machine's boot ledger (rig/boot-stats.sh
	# reads it): whether it reached the scenario, how long it took.
	printf '%s %s %s %s %s %s\n' "$(date -u +%Y-%m-%dT%H:%M:%SZ)" "$variant" "$name" \
		"$([ -n "$started" ] && echo started || echo "failed:$rc")" "$boot_s" \
		"$(sha256sum <"$xendir/xen" | cut -c1-12)" >>"$XS_CACHE/rig-boots.log" 2>/dev/null
	[ -z "$started" ] || break
	case "$rc" in
	# hung, toolstack or stage 1 failed, reset (-no-reboot)
	125 | 201 | 241 | 0) ;;
	*) break ;;
	esac
	[ "$attempt" -le "$boot_retries" ] || break
	retried=$((retried + 1))
	retry_why+="${retry_why:+, }try $attempt: $(case "$rc" in
		125) echo "$stall_why" ;;
		201) echo "toolstack failed" ;;
		241) echo "stage 1 failed" ;;
		*) echo "QEMU status $rc" ;;
		esac)"
	mv -f "$serial" "$log.try$attempt.serial.log"
	mv -f "$log.qemu.log" "$log.try$attempt.qemu.log"
	mv -f "$log.monitor.log" "$log.try$attempt.monitor.log" 2>/dev/null
	echo "# rig: boot $attempt failed before the scenario started (status $rc), booting again" >&2
done
rm -f "$envfile"
elapsed=$(($(date +%s) - start))
# Reported as a diagnostic: a retried boot is not a failure of the scenario,
# but it is counted (the rig's boot reliability is measured from these).
boot_note() {
	echo "# rig: boots: $attempt, retried: $retried, last boot ${boot_s}s${retry_why:+ ($retry_why; logs $log.try*.log)}"
}

diag_tail() {
	echo "# --- last lines of the serial log ($serial) ---"
	tail -n "${1:-25}" "$serial" 2>/dev/null | tr -d '\r' | sed 's/^/# /'
	if [ -s "$log.qemu.log" ]; then
		echo "# --- qemu ($log.qemu.log) ---"
		tail -n 5 "$log.qemu.log" | sed 's/^/# /'
	fi
}

tap="$run/out/tap"
status=1
case "$rc" in
1) # byte 0: the scenario ran to its end
	# The points it left for the host (host_jcheck) follow its own.
	if [ -d "$run/out/host-checks" ]; then
		n=$(grep -c '^\(not \)\?ok' "$tap")
		"$here/host-checks.sh" "$run/out" "$n" >"$run/host.tap"
		[ -z "$live" ] || cat "$run/host.tap"
		cat "$run/host.tap" >>"$tap"
	fi
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
	echo "# rig: $name ran in ${elapsed}s (boot + scenario + power-off, $variant hypervisor, QEMU $qemu_version)"
	boot_note
	if ! grep -q '^1\.\.[0-9]' "$tap"; then
		echo "# rig: the scenario printed no TAP plan: it stopped early"
		diag_tail
		[ -z "$live" ] || echo "not ok - rig: the scenario printed no TAP plan"
	elif grep '^not ok' "$tap" | grep -qv '# TODO' || [ -n "$alarms" ]; then
		diag_tail 15
	else
		status=0
	fi
	;;
124)
	[ -f "$tap" ] && [ -z "$live" ] && cat "$tap"
	n=$(grep -c '^\(not \)\?ok' "$tap" 2>/dev/null)
	echo "not ok $((n + 1)) - rig: $name timed out after ${timeout}s"
	boot_note
	diag_tail 60
	echo "1..$((n + 1))"
	;;
125) echo "1..1"; echo "not ok 1 - rig: $stall_why"; boot_note; diag_tail 60 ;;
201) echo "1..1"; echo "not ok 1 - rig: dom0 toolstack failed to start"; tail -n 15 "$run/out/dom0.log" | sed 's/^/# /'; boot_note; diag_tail ;;
203) echo "1..1"; echo "not ok 1 - rig: no scenario reached dom0"; diag_tail ;;
241) echo "1..1"; echo "not ok 1 - rig: dom0 stage 1 failed"; boot_note; diag_tail ;;
*) echo "1..1"; echo "not ok 1 - rig: QEMU exited with status $rc"; boot_note; diag_tail ;;
esac
# prove shows a test's standard error even when it is not verbose: the
# failed points and their diagnostics go there too, so a CI log says why.
if [ "$status" != 0 ] && [ -z "$live" ] && [ -f "$tap" ]; then
	awk '/^not ok/ {on = 1; print; next} /^ok/ {on = 0} on && /^#/ && k++ < 40' "$tap" |
		sed 's/^/rig: /' >&2
fi
[ -n "${XS_RIG_KEEP:-}" ] || rm -rf "$run"
exit $status
