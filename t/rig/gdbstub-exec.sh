# Rig scenario: gdb controls a live xsguest through xs-gdbstub, as a gdb
# user would: break at spin_tick (the guest calls it in a loop), stepi,
# hbreak, watch on spin_counter, Ctrl-C, detach; then the stub killed with
# SIGKILL while a breakpoint is planted and the domain paused, undone by
# --recover and by a restarted stub.  A PV guest (PVH: see the end).
#
# The checks come from the other side: xenctx (Xen's reader of a vCPU)
# for rip while gdb holds the guest stopped, the disassembly of the guest's
# ELF for the step, xl list for paused or running, the guest's console (it
# prints a line every 2^22 calls of spin_tick, and a FAULT line if it ever
# took an int3 itself), and the hash of its text pages read in the next
# session.  gdb starts slowly on the software CPU: four sessions a guest.
. "$XS_TOP/t/rig/lib.sh"
. "$XS_TOP/t/rig/xsguest-lib.sh"
STUB=$XS_TOP/gdbstub/xs-gdbstub
# The text pages of the kernel (guest.lds: one image at 1 MiB, .text first).
TEXT_START=0x100000
TEXT_END=0x105000

# gdb_run ELF OUT CMD...: a gdb -batch session with the guest's symbols
# and a fresh stub on $d; its output in OUT.
gdb_run() {
	local elf=$1 out=$2 args=()
	shift 2
	for c in "$@"; do args+=(-ex "$c"); done
	# A session that hangs fails here rather than eating the rig's time.
	timeout 600 gdb -batch -nx "$elf" -ex 'set pagination off' -ex 'set confirm off' \
		-ex 'set remotetimeout 60' -ex "target remote | $STUB --stdio $d" \
		"${args[@]}" >"$out" 2>&1
}

# DUMP_TEXT FILE: the gdb command saving the kernel's text pages into FILE.
dump_text() {
	echo "dump binary memory $1 $TEXT_START $TEXT_END"
}

# hash FILE: sha256 of FILE, empty when there is none.
hash() {
	[ -s "$1" ] && sha256sum <"$1" | cut -d' ' -f1
}

# running NAME: xl list shows the domain without the p(aused) flag.
running() {
	"$XL" list "$d" | awk 'NR == 2 {exit ($5 ~ /p/)}'
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

scenario() {
	local kind=$1 elf=$2 out=/tmp/gdbx.$1.out
	name=gdbx$1
	local tick hash0 hash1 rip ref next step hb wrip journal
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
	rm -f /tmp/gdbx.text*

	# The text pages first, then break, stepi, hbreak, watch, detach in one
	# session; xenctx looks while gdb holds the guest at the breakpoint.
	gdb_run "$elf" "$out" "$(dump_text /tmp/gdbx.text0)" 'break spin_tick' 'continue' \
		'printf "HIT rip=%#lx thread=%d\n", $rip, $_thread' \
		"shell xenctx $d 0 >/tmp/gdbx.xenctx 2>&1" \
		'x/2i $pc' 'stepi' 'printf "STEP rip=%#lx\n", $rip' 'delete' \
		'hbreak spin_tick' 'continue' 'printf "HB rip=%#lx\n", $rip' 'delete' \
		'watch spin_counter' 'continue' 'printf "WATCH rip=%#lx\n", $rip' 'delete' \
		'detach'
	hash0=$(hash /tmp/gdbx.text0)
	diag "$kind: spin_tick at $tick, text hash before: $hash0"
	rip=$(sed -n 's/^HIT rip=\([^ ]*\) .*/\1/p' "$out")
	ref=$(awk '$1 == "rip:" {print "0x" $2; exit}' /tmp/gdbx.xenctx)
	if grep -q '^Breakpoint 1, ' "$out" && hex_eq "$rip" "$tick" &&
		grep -q '^HIT .* thread=1$' "$out"; then
		ok "$kind: break spin_tick stops there ($rip) on thread 1 (vCPU 0)"
	else
		not_ok "$kind: break spin_tick stops there on thread 1"
		diag "$(cat "$out")"
	fi
	if hex_eq "$ref" "$tick"; then
		ok "$kind: xenctx sees vCPU 0 stopped at spin_tick ($ref)"
	else
		not_ok "$kind: xenctx sees vCPU 0 stopped at spin_tick"
		diag "$(cat /tmp/gdbx.xenctx)"
	fi
	# The second line of x/2i is the instruction after the breakpoint's.
	next=$(grep -A1 '^=> ' "$out" | sed -n '2s/^ *\(0x[0-9a-f]*\).*/\1/p')
	step=$(sed -n 's/^STEP rip=//p' "$out")
	if hex_eq "$step" "$next" && [ $((next)) -gt $((tick)) ]; then
		ok "$kind: stepi advances one instruction, to $step (the disassembly's next)"
	else
		not_ok "$kind: stepi advances one instruction (got '$step', want '$next')"
		diag "$(cat "$out")"
	fi
	hb=$(sed -n 's/^HB rip=//p' "$out")
	# gdb reports an hbreak hit as "Breakpoint 2, ..." like any other.
	if grep -q '^Hardware assisted breakpoint 2 at ' "$out" &&
		grep -q '^Breakpoint 2, spin_tick ' "$out" && hex_eq "$hb" "$tick"; then
		ok "$kind: hbreak spin_tick stops there ($hb)"
	else
		not_ok "$kind: hbreak spin_tick stops there"
		diag "$(cat "$out")"
	fi
	wrip=$(sed -n 's/^WATCH rip=//p' "$out")
	if grep -q '^Hardware watchpoint 3: spin_counter' "$out" && grep -q '^New value = ' "$out" &&
		[ -n "$wrip" ] && [ $((wrip)) -gt $((tick)) ] && [ $((wrip)) -lt $((tick + 32)) ]; then
		ok "$kind: watch spin_counter stops in spin_tick after the write ($wrip)"
	else
		not_ok "$kind: watch spin_counter stops after the write"
		diag "$(cat "$out")"
	fi
	if running; then
		ok "$kind: the guest runs after detach"
	else
		not_ok "$kind: the guest runs after detach"
		diag "$("$XL" list "$d")"
	fi
	advancing "$kind after detach"
	# Ctrl-C: SIGINT to gdb (itself, not a subshell) once the guest runs
	# again under it: xl list shows it paused by the session, then running.
	gdb -batch -nx "$elf" -ex 'set pagination off' -ex 'set remotetimeout 60' \
		-ex "target remote | $STUB --stdio $d" -ex 'continue' \
		-ex 'printf "INT rip=%#lx\n", $rip' -ex "$(dump_text /tmp/gdbx.text1)" \
		-ex 'detach' </dev/null >"$out.int" 2>&1 &
	local gpid=$! waited=0
	while running && [ $waited -lt 240 ]; do
		sleep 0.25
		waited=$((waited + 1))
	done
	while ! running && [ $waited -lt 480 ]; do
		sleep 0.25
		waited=$((waited + 1))
	done
	sleep 2
	kill -INT "$gpid"
	waited=0
	while kill -0 "$gpid" 2>/dev/null && [ $waited -lt 60 ]; do
		sleep 1
		waited=$((waited + 1))
	done
	kill -KILL "$gpid" 2>/dev/null
	wait "$gpid"
	rip=$(sed -n 's/^INT rip=//p' "$out.int")
	if grep -q 'received signal SIGINT' "$out.int" && [ -n "$rip" ]; then
		ok "$kind: Ctrl-C stops the running guest (at $rip)"
	else
		not_ok "$kind: Ctrl-C stops the running guest"
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
		"shell kill -9 \$(pgrep -f '^$STUB --stdio $d\$')" 'detach'
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
		"shell kill -9 \$(pgrep -f '^$STUB --stdio $d\$')" 'detach'
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
	if grep -Eq 'xsguest: (FAULT|PANIC)' "$(xsguest_log "$name")"; then
		not_ok "$kind: the guest never took a trap of ours"
		diag "$(cat "$(xsguest_log "$name")")"
	else
		ok "$kind: the guest never took a trap of ours (no FAULT on its console)"
	fi
	"$XL" destroy "$d"
}

scenario pv "$XS_GUEST_PV"
# PVH: its first session did not come back in the rig (not diagnosed yet);
# XS_GDBX_PVH=1 runs it.
if [ "${XS_GDBX_PVH:-0}" = 1 ]; then
	scenario pvh "$XS_GUEST_PVH"
else
	echo "ok $((XS_TEST_N += 1)) # SKIP pvh: execution control not yet working in the rig (XS_GDBX_PVH=1)"
fi
test_done
