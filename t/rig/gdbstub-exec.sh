# Rig scenario: gdb controls a live xsguest through xs-gdbstub, as a gdb
# user would, on a PV guest and then a PVH guest: hbreak at spin_tick (the
# guest calls it in a loop), stepi, watch on spin_counter; break at
# spin_tick and next over the call to it, with the stub planting int3 and
# then ICEBP (--break-insn icebp); Ctrl-C, then stepi alone to
# spin_tick and one instruction on; detach; then the stub killed with
# SIGKILL while a breakpoint is planted and the domain paused, undone by
# --recover and by a restarted stub.
#
# The checks come from the other side: xenctx (Xen's reader of a vCPU)
# for rip while gdb holds the guest stopped, the disassembly of the guest's
# ELF for the steps, xl list for paused or running, the guest's console (it
# prints a line every 2^22 calls of spin_tick, and a FAULT line if it ever
# took an int3 itself), and the hash of its text pages read in the next
# session.  Every gdb session has a time limit.  On PVH the rig's software
# CPU (QEMU's TCG, SVM) checks a guest's int3 only against the INTn
# intercept, not the #BP one Xen sets: the int3 breakpoint and next points
# run there as TODO (docs/gdbstub.md, "Limits under the rig's software
# CPU"), and a guest that took the int3 itself is reported and replaced
# for the sessions after it; the ICEBP ones are not TODO.  QEMU before 9.1 also never arms the DR7 it loads
# from the VMCB, so under it the hbreak and watch points are TODO too.
. "$XS_TOP/t/rig/lib.sh"
. "$XS_TOP/t/rig/xsguest-lib.sh"
# qemu_at_least X.Y: the QEMU this rig runs under is X.Y or later.
qemu_at_least() {
	[ "$(printf '%s\n%s\n' "$1" "${XS_QEMU_VERSION:-0}" | sort -V | head -n 1)" = "$1" ]
}
STUB=$XS_TOP/gdbstub/xs-gdbstub
# The text pages of the kernel (guest.lds: one image at 1 MiB, .text first).
TEXT_START=0x100000
TEXT_END=0x105000

# Every gdb session has a hard limit: one that hangs fails its points, not
# the run.
GDB_LIMIT=${XS_GDBX_SESSION_LIMIT:-90}
# stepi until spin_tick (64 at most), for a stepi test without breakpoints.
STEPTO=/tmp/gdbx.stepto.gdb
cat >"$STEPTO" <<'GDB'
set $n = 0
while $pc != spin_tick && $n < 64
  stepi
  set $n = $n + 1
end
printf "AT rip=%#lx steps=%d\n", $pc, $n
GDB
# The line of wl-spin.c that calls spin_tick, for next.
CALL_LINE=$(grep -n 'spin_tick();' "$XS_TOP/rig/guests/wl-spin.c" | cut -d: -f1)

# A fresh stub for every session, on loopback TCP: through --stdio gdb
# reads the pipe a byte at a time, and the text dumps took minutes.
ip link set lo up # dom0's loopback starts down
PORT=4700
STUB_PIDFILE=/tmp/gdbx.stub.pid
# start_stub: a stub on $d listening on the next PORT; sets STUB_PID (also
# in STUB_PIDFILE, for a session's "shell kill -9 $(cat ...)").
start_stub() {
	local i
	PORT=$((PORT + 1))
	: >/tmp/gdbx.stub.err
	"$STUB" --once --listen "127.0.0.1:$PORT" ${BREAK_INSN:+--break-insn "$BREAK_INSN"} "$d" \
		2>/tmp/gdbx.stub.err &
	STUB_PID=$!
	echo "$STUB_PID" >"$STUB_PIDFILE"
	for i in $(seq 1 100); do
		grep -q 'listening on' /tmp/gdbx.stub.err && return 0
		kill -0 "$STUB_PID" 2>/dev/null || return 0
		sleep 0.1
	done
}
# stop_stub OUT: the stub ends with its session (--once); one that does
# not within 20 s gets SIGTERM (it then undoes what it did).  Its lines go
# to OUT.
stop_stub() {
	local i
	for i in $(seq 1 200); do
		kill -0 "$STUB_PID" 2>/dev/null || break
		sleep 0.1
	done
	kill -TERM "$STUB_PID" 2>/dev/null
	wait "$STUB_PID" 2>/dev/null
	cat /tmp/gdbx.stub.err >>"$1"
}

# faults: how many FAULT or PANIC lines the guest has printed.
faults() {
	grep -Ec 'xsguest: (FAULT|PANIC)' "$(xsguest_log "$name")"
}

# gdb_run ELF OUT CMD...: a gdb -batch session with the guest's symbols
# and a fresh stub on $d; its output (the stub's lines too) in OUT.  A
# guest that takes a trap itself during the session (its console says
# FAULT) has ended what the session was for: gdb is ended a few seconds
# later rather than at its time limit (the rig's PVH int3, see above).
gdb_run() {
	local elf=$1 out=$2 args=() rc gpid f0
	shift 2
	for c in "$@"; do args+=(-ex "$c"); done
	start_stub
	f0=$(faults)
	timeout -k 10 "$GDB_LIMIT" gdb -batch -nx "$elf" -ex 'set pagination off' \
		-ex 'set confirm off' -ex 'set remotetimeout 60' \
		-ex "target remote 127.0.0.1:$PORT" "${args[@]}" </dev/null >"$out" 2>&1 &
	gpid=$!
	while kill -0 "$gpid" 2>/dev/null; do
		if [ "$(faults)" -gt "$f0" ]; then
			sleep 3
			kill -0 "$gpid" 2>/dev/null || break
			kill -TERM "$gpid"
			echo "SESSION ENDED: the guest took a trap itself" >>"$out"
			break
		fi
		sleep 1
	done
	wait "$gpid"
	rc=$?
	[ $rc -eq 124 ] || [ $rc -eq 137 ] && echo "SESSION TIMED OUT after $GDB_LIMIT s" >>"$out"
	stop_stub "$out"
	return 0
}

# DUMP_TEXT FILE: the gdb command saving the kernel's text pages into FILE.
dump_text() {
	echo "dump binary memory $1 $TEXT_START $TEXT_END"
}

# hash FILE: sha256 of FILE, empty when there is none.
hash() {
	[ -s "$1" ] && sha256sum <"$1" | cut -d' ' -f1
}

# running: xl list shows the domain neither paused, crashed, shut down nor dying.
running() {
	"$XL" list "$d" 2>/dev/null | awk 'NR == 2 {st = $5} END {exit st == "" || st ~ /[pcsd]/}'
}

# spins: how many "spin n=" lines the guest has printed (one per 2^22 calls).
spins() {
	grep -c 'xsguest: spin n=' "$(xsguest_log "$name")"
}

# advancing WHAT: test point: the guest prints new "spin n=" lines, so it
# runs spin_tick (watched from its console, not through the stub).
advancing() {
	local c1 c2 waited=0
	c1=$(spins)
	c2=$c1
	while [ "$c2" -le "$c1" ] && [ $waited -lt 30 ]; do
		sleep 1
		waited=$((waited + 1))
		c2=$(spins)
	done
	if [ "$c2" -gt "$c1" ]; then
		ok "$1: the guest runs spin_tick (its console: $c1 -> $c2 'spin n=' lines)"
	else
		not_ok "$1: the guest runs spin_tick (no new 'spin n=' line in 30 s)"
		diag "$(tail -n 5 "$(xsguest_log "$name")")"
	fi
}

# hex_eq A B: the same number, whatever the zero padding.
hex_eq() {
	[ -n "$1" ] && [ -n "$2" ] && [ $(($1)) -eq $(($2)) ]
}

# revive KIND: a guest that crashed or stopped in a session is reported
# (its console's last lines) and replaced, so that the next sessions test
# what they test rather than a dead guest.
revive() {
	if ! grep -Eq 'xsguest: (FAULT|PANIC)' "$(xsguest_log "$name")" && running; then
		return 0
	fi
	diag "$1: the guest stopped; its console and xl list:" \
		"$(tail -n 3 "$(xsguest_log "$name")")" "$("$XL" list "$d" 2>&1 | tail -n 1)"
	faulted+=" $name"
	"$XL" destroy "$d" 2>/dev/null
	name=${name}r
	if xsguest_create "$name" "$1" spin 32; then
		d=$DOMID
		journal=/run/xs-gdbstub/dom$d.journal
		diag "$1: a new guest for the next sessions (domid $d)"
	fi
}

# sw_points HOW TODO: a software breakpoint (the stub's int3, or with HOW
# " icebp" an ICEBP: --break-insn icebp), then next over the call to
# spin_tick: it returns, and spin_counter went up by exactly one.  TODO:
# the points' TODO directive, if any.  Uses the scenario's locals (kind,
# elf, out, d, tick, name).
sw_points() {
	local how=$1 todo=$2 rip ref
	BREAK_INSN=${how# }
	gdb_run "$elf" "$out.sw$how" 'break spin_tick' 'continue' \
		'printf "HIT rip=%#lx thread=%d\n", $rip, $_thread' \
		"shell xenctx $d 0 >/tmp/gdbx.xenctx2 2>&1" 'delete' \
		"break wl-spin.c:$CALL_LINE" 'continue' 'printf "CALL rip=%#lx\n", $pc' \
		'printf "C0=%lu\n", spin_counter' 'next' \
		'printf "NEXT rip=%#lx C1=%lu\n", $pc, spin_counter' 'info symbol $pc' 'detach'
	rip=$(sed -n 's/^HIT rip=\([^ ]*\) .*/\1/p' "$out.sw$how")
	ref=$(awk '$1 == "rip:" {print "0x" $2; exit}' /tmp/gdbx.xenctx2)
	if grep -q '^Breakpoint 1, ' "$out.sw$how" && hex_eq "$rip" "$tick" && hex_eq "$ref" "$tick" &&
		grep -q '^HIT .* thread=1$' "$out.sw$how"; then
		ok "$kind:$how break spin_tick stops there ($rip, xenctx: $ref) on thread 1 (vCPU 0)$todo"
	else
		not_ok "$kind:$how break spin_tick stops there on thread 1 (xenctx: '$ref')$todo"
		diag "$(cat "$out.sw$how")"
	fi
	local c0 c1 call nrip
	call=$(sed -n 's/^CALL rip=//p' "$out.sw$how")
	c0=$(sed -n 's/^C0=//p' "$out.sw$how")
	nrip=$(sed -n 's/^NEXT rip=\([^ ]*\) .*/\1/p' "$out.sw$how")
	c1=$(sed -n 's/^NEXT .* C1=//p' "$out.sw$how")
	if [ -n "$c0" ] && [ -n "$c1" ] && [ "$c1" -eq $((c0 + 1)) ] &&
		grep -q '^wl_spin + [0-9]* in section ' "$out.sw$how" && [ $((nrip)) -gt $((call)) ]; then
		ok "$kind:$how next over the call returns to wl_spin ($call -> $nrip), spin_tick ran once$todo"
	else
		not_ok "$kind:$how next over the call to spin_tick returns (C0='$c0' C1='$c1')$todo"
		diag "$(cat "$out.sw$how")"
	fi
	revive "$kind"
	BREAK_INSN=
}

scenario() {
	local kind=$1 elf=$2 out=/tmp/gdbx.$1.out
	name=gdbx$1
	local tick hash0 hash1 rip ref next step hb wrip journal faulted=
	if xsguest_create "$name" "$kind" spin 32; then
		ok "$kind xsguest spin is ready (domid $DOMID)"
	else
		not_ok "$kind xsguest spin is ready"
		return
	fi
	d=$DOMID
	journal=/run/xs-gdbstub/dom$d.journal
	# The guest says where spin_tick is: "spin tick=0x... counter=0x...".
	tick=$(xsguest_line "$name" 'spin tick=' | sed 's/.*tick=\(0x[0-9a-f]*\).*/\1/')
	rm -f /tmp/gdbx.text* /tmp/gdbx.xenctx*
	# What the rig's software CPU cannot do for an SVM guest
	# (docs/gdbstub.md): those points still run and are checked, as TODO.
	# This scenario boots the backports QEMU (t9510: --qemu backports),
	# whose VMRUN arms the guest's DR7 (9.1 and later); int3 against the
	# #BP intercept no QEMU checks so far.
	local todo_bp= todo_dr= limit=$GDB_LIMIT
	if [ "$kind" = pvh ]; then
		todo_bp=" # TODO rig CPU: QEMU $XS_QEMU_VERSION raise_interrupt2() checks int3 (is_int) only against SVM_EXIT_SWINT, not the #BP exception intercept Xen sets (svm_do_resume), so the guest's IDT takes it"
		if ! qemu_at_least 9.1; then
			todo_dr=" # TODO rig CPU: QEMU $XS_QEMU_VERSION helper_vmrun() loads the VMCB's DR7 without cpu_x86_update_dr7(), so no TCG breakpoint or watchpoint is armed (fixed in QEMU 9.1, 8aa76496dfaa)"
			limit=40 # a debug-register stop that never comes: a shorter wait
		fi
	fi

	# The text pages first, then hbreak, stepi, watch, detach in one
	# session; xenctx looks while gdb holds the guest at the breakpoint.
	GDB_LIMIT=$limit gdb_run "$elf" "$out" "$(dump_text /tmp/gdbx.text0)" 'hbreak spin_tick' 'continue' \
		'printf "HB rip=%#lx thread=%d\n", $rip, $_thread' \
		"shell xenctx $d 0 >/tmp/gdbx.xenctx 2>&1" \
		'x/2i $pc' 'stepi' 'printf "STEP rip=%#lx\n", $rip' 'delete' \
		'watch spin_counter' 'continue' 'printf "WATCH rip=%#lx\n", $rip' 'delete' \
		'detach'
	hash0=$(hash /tmp/gdbx.text0)
	diag "$kind: spin_tick at $tick, text hash before: $hash0"
	hb=$(sed -n 's/^HB rip=\([^ ]*\) .*/\1/p' "$out")
	ref=$(awk '$1 == "rip:" {print "0x" $2; exit}' /tmp/gdbx.xenctx)
	# gdb reports an hbreak hit as "Breakpoint 1, ..." like any other.
	if grep -q '^Hardware assisted breakpoint 1 at ' "$out" &&
		grep -q '^Breakpoint 1, spin_tick ' "$out" && hex_eq "$hb" "$tick" &&
		grep -q '^HB .* thread=1$' "$out"; then
		ok "$kind: hbreak spin_tick stops there ($hb) on thread 1 (vCPU 0)$todo_dr"
	else
		not_ok "$kind: hbreak spin_tick stops there on thread 1$todo_dr"
		diag "$(cat "$out")"
	fi
	if hex_eq "$ref" "$tick"; then
		ok "$kind: xenctx sees vCPU 0 stopped at spin_tick ($ref)$todo_dr"
	else
		not_ok "$kind: xenctx sees vCPU 0 stopped at spin_tick$todo_dr"
		diag "$(cat /tmp/gdbx.xenctx)"
	fi
	# The second line of x/2i is the instruction after the breakpoint's.
	next=$(grep -A1 '^=> ' "$out" | sed -n '2s/^ *\(0x[0-9a-f]*\).*/\1/p')
	step=$(sed -n 's/^STEP rip=//p' "$out")
	if hex_eq "$step" "$next" && [ $((next)) -gt $((tick)) ]; then
		ok "$kind: stepi from the hbreak advances one instruction, to $step (the disassembly's next)$todo_dr"
	else
		not_ok "$kind: stepi from the hbreak advances one instruction (got '$step', want '$next')$todo_dr"
		diag "$(cat "$out")"
	fi
	wrip=$(sed -n 's/^WATCH rip=//p' "$out")
	if grep -q '^Hardware watchpoint 2: spin_counter' "$out" && grep -q '^New value = ' "$out" &&
		[ -n "$wrip" ] && [ $((wrip)) -gt $((tick)) ] && [ $((wrip)) -lt $((tick + 32)) ]; then
		ok "$kind: watch spin_counter stops in spin_tick after the write ($wrip)$todo_dr"
	else
		not_ok "$kind: watch spin_counter stops after the write$todo_dr"
		diag "$(cat "$out")"
	fi
	# Detached, or killed at its time limit: the stub lets the guest run.
	if running; then
		ok "$kind: the guest runs after the session"
	else
		not_ok "$kind: the guest runs after the session"
		diag "$("$XL" list "$d")"
	fi
	advancing "$kind after the session"
	revive "$kind"

	# A software breakpoint, planted as int3 (the default) and as ICEBP:
	# under QEMU's software CPU only the second reaches Xen from a PVH
	# guest (docs/gdbstub.md).
	sw_points "" "$todo_bp"
	sw_points " icebp" ""
	# Ctrl-C: SIGINT to gdb (itself, not a subshell) once the guest runs
	# again under it: xl list shows it paused by the session, then running.
	start_stub
	gdb -batch -nx "$elf" -ex 'set pagination off' -ex 'set remotetimeout 60' \
		-ex "target remote 127.0.0.1:$PORT" -ex 'continue' \
		-ex 'printf "INT rip=%#lx\n", $rip' -ex "$(dump_text /tmp/gdbx.text1)" \
		-ex "source $STEPTO" -ex 'x/2i $pc' -ex 'stepi' -ex 'printf "STEP2 rip=%#lx\n", $rip' \
		-ex 'detach' </dev/null >"$out.int" 2>&1 &
	local gpid=$! waited t0=$SECONDS
	# Until the session has paused the guest (it attached), then until the
	# guest runs again under gdb's continue: each at most 60 s by the clock.
	# One look at xl list can take a second here, so a short pause may fall
	# between two looks; counting looks made this wait four minutes.
	while running && [ $((SECONDS - t0)) -lt 60 ]; do
		sleep 0.25
	done
	t0=$SECONDS
	while ! running && [ $((SECONDS - t0)) -lt 60 ]; do
		sleep 0.25
	done
	sleep 2
	kill -INT "$gpid"
	waited=0
	while kill -0 "$gpid" 2>/dev/null && [ $waited -lt 80 ]; do
		sleep 1
		waited=$((waited + 1))
	done
	kill -KILL "$gpid" 2>/dev/null
	wait "$gpid"
	stop_stub "$out.int"
	rip=$(sed -n 's/^INT rip=//p' "$out.int")
	if grep -q 'received signal SIGINT' "$out.int" && [ -n "$rip" ]; then
		ok "$kind: Ctrl-C stops the running guest (at $rip)"
	else
		not_ok "$kind: Ctrl-C stops the running guest"
		diag "$(cat "$out.int")"
	fi
	# From there stepi alone reaches spin_tick, then one more: the next
	# instruction of the disassembly (no breakpoint involved).
	rip=$(sed -n 's/^AT rip=\([^ ]*\) .*/\1/p' "$out.int")
	next=$(grep -A1 '^=> ' "$out.int" | sed -n '2s/^ *\(0x[0-9a-f]*\).*/\1/p')
	step=$(sed -n 's/^STEP2 rip=//p' "$out.int")
	if hex_eq "$rip" "$tick" && hex_eq "$step" "$next" && [ $((next)) -gt $((tick)) ]; then
		ok "$kind: stepi after Ctrl-C walks to spin_tick and one instruction on, to $step"
	else
		not_ok "$kind: stepi after Ctrl-C walks to spin_tick and one on (at '$rip', '$step' want '$next')"
		diag "$(cat "$out.int")"
	fi
	advancing "$kind after Ctrl-C and detach"
	hash1=$(hash /tmp/gdbx.text1)
	if [ -n "$hash0" ] && [ "$hash1" = "$hash0" ]; then
		ok "$kind: after the first session the text pages are as before it"
	else
		not_ok "$kind: after the first session the text pages are as before it ($hash1)"
	fi

	# SIGKILL with a breakpoint planted, the domain paused: --recover.
	gdb_run "$elf" "$out.kill" 'set breakpoint always-inserted on' 'break spin_tick' \
		"shell kill -9 \$(cat $STUB_PIDFILE)" 'detach'
	if [ -s "$journal" ] && grep -q '^sw ' "$journal" && ! running; then
		ok "$kind: after SIGKILL the journal holds the int3 and the guest is paused"
	else
		not_ok "$kind: after SIGKILL the journal holds the int3 and the guest is paused"
		diag "$(cat "$out.kill")" "journal: $(cat "$journal" 2>&1)" "$("$XL" list "$d")"
	fi
	check "$kind: xs-gdbstub --recover" "$STUB" --recover "$d"
	if running && [ ! -e "$journal" ]; then
		ok "$kind: recovered: running, journal gone"
	else
		not_ok "$kind: recovered: running, journal gone"
		diag "$("$XL" list "$d")" "journal: $(cat "$journal" 2>&1)"
	fi
	advancing "$kind after --recover"

	# The same, undone by the next stub that starts on the domain; the
	# session first reads the text pages --recover left.
	gdb_run "$elf" "$out.kill2" "$(dump_text /tmp/gdbx.text2)" \
		'set breakpoint always-inserted on' 'break spin_tick' \
		"shell kill -9 \$(cat $STUB_PIDFILE)" 'detach'
	if [ "$(hash /tmp/gdbx.text2)" = "$hash0" ]; then
		ok "$kind: after --recover the text pages are as before"
	else
		not_ok "$kind: after --recover the text pages are as before"
	fi
	"$STUB" --save-dump /tmp/gdbx.dump "$d" >/tmp/gdbx.restart 2>&1
	rip=$(sed -n 's/.*restored the byte at \(0x[0-9a-f]*\).*/\1/p' /tmp/gdbx.restart)
	if hex_eq "$rip" "$tick" && running && [ ! -e "$journal" ]; then
		ok "$kind: a restarted stub undoes a killed one's breakpoint and pause"
	else
		not_ok "$kind: a restarted stub undoes a killed one's breakpoint and pause"
		diag "$(cat /tmp/gdbx.restart)" "$("$XL" list "$d")"
	fi
	advancing "$kind after the restarted stub"
	if [ -n "$faulted" ] || grep -Eq 'xsguest: (FAULT|PANIC)' "$(xsguest_log "$name")"; then
		not_ok "$kind: the guest never took a trap of ours (stopped:$faulted)$todo_bp"
		diag "$(grep -h -E 'xsguest: (FAULT|PANIC)' $(for n in $faulted $name; do
			xsguest_log "$n"; done) 2>/dev/null)"
	else
		ok "$kind: the guest never took a trap of ours (no FAULT on its console)$todo_bp"
	fi
	"$XL" destroy "$d"
}

scenario pv "$XS_GUEST_PV"
scenario pvh "$XS_GUEST_PVH"
test_done
