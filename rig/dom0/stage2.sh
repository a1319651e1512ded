#!/bin/bash
# dom0 stage 2, running from the host's own (read-only, overlaid) tree:
# bring up the Xen toolstack, run the scenario script from the share, write
# its TAP to /xs/out/tap and report the outcome through the isa-debug-exit
# port: QEMU exits with 2N+1 for byte N.  N = 0 scenario ran to the end
# (its TAP says whether it passed), N = 100 toolstack failed, N = 101 no
# scenario, N = 120 stage 1 failed.
set -u
export PATH=/usr/lib/xen-4.17/bin:/usr/sbin:/usr/bin:/sbin:/bin
export XS_IN_DOM0=1

mount -t proc proc /proc
mount -t sysfs sys /sys
mount -t devtmpfs dev /dev
mkdir -p /dev/pts /dev/shm
mount -t devpts devpts /dev/pts
mount -t tmpfs tmpfs /dev/shm
mount -t tmpfs tmpfs /run
# /tmp stays the overlay's (writes go to its tmpfs upper layer): a tmpfs
# mounted there would hide a repository cloned under the host's /tmp.
mkdir -p /run/xen /run/xenstored /var/lib/xen /var/log/xen/console /var/lib/xenstored

report() {
	printf "\\$(printf '%03o' "$1")" | dd of=/dev/port bs=1 seek=244 count=1 2>/dev/null
	# Should not get here: QEMU exits on the write.
	echo o >/proc/sysrq-trigger
	sleep 10
}

step() {
	local what=$1
	shift
	# On the console too: the host's watchdog sees progress, and a hang
	# in the toolstack's start names the step.
	echo "xs-stage2: $what"
	if ! "$@" >>/xs/out/dom0.log 2>&1; then
		echo "xs-stage2: $what failed (see dom0.log)" | tee -a /xs/out/dom0.log
		tail -n 20 /xs/out/dom0.log
		report 100
	fi
}

mkdir -p /xs/out
: >/xs/out/dom0.log
t0=$(date +%s.%N)
step "mount xenfs" mount -t xenfs xenfs /proc/xen
step "xenstored" xenstored --pid-file=/run/xenstored.pid
step "xen-init-dom0" xen-init-dom0
step "xenconsoled" xenconsoled --pid-file=/run/xenconsoled.pid --log=guest --log-dir=/var/log/xen/console
t1=$(date +%s.%N)
echo "xs-stage2: toolstack up in $(awk -v a="$t0" -v b="$t1" 'BEGIN {printf "%.1f", b - a}') s" >>/xs/out/dom0.log

if [ ! -f /xs/scenario ]; then
	echo "xs-stage2: no scenario in the share"
	report 101
fi

cd /xs
# From here on the boot is done: the host's watchdog stops counting a hang as
# a failed boot (retried) and counts it as the scenario's failure.
: >/xs/out/started
echo "xs-stage2: running the scenario"
# Settings from the host: XS_TOP (the repo), XS_VARIANT, ...
[ -f /xs/env ] && . /xs/env
# The scenario prints TAP; keep a copy on the serial console for the log.
# XS_ARGS is an array, which no environment carries: the scenario gets it
# as its arguments.
bash /xs/scenario ${XS_ARGS[@]+"${XS_ARGS[@]}"} 2>>/xs/out/scenario.err | tee /xs/out/tap
sync
report 0
