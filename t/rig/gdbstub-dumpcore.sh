# Rig scenario: post-mortem on `xl dump-core`.  A PV and a PVH xsguest
# (spin workload: spin_counter changes all the time) are paused, Xen's own
# readers look at them, `xl dump-core` writes the core, and gdb -batch
# opens the core through xs-gdbstub.  The other side of every check:
# - registers: xenctx -a on the same paused guest (XEN_DOMCTL_getvcpucontext);
# - memory: xenctx -m on the live paused guest (libxenctrl's own page walk,
#   xc_translate_foreign_address, and a foreign mapping per page), for the
#   bytes at spin_counter, spin_tick, a string in .rodata and the stack;
# - the guest's ELF file: its .text and .rodata bytes (the hypercall page,
#   which Xen writes, apart), and the string read back by its address.
# The core goes to dom0's tmpfs (/tmp): onto the 9p share xl dump-core
# fails with EFAULT (9p's zero-copy path cannot take foreign-mapped pages),
# and a 32 MiB guest's core fits in the overlay's 256 MiB.
. "$XS_TOP/t/rig/lib.sh"
. "$XS_TOP/t/rig/xsguest-lib.sh"
STUB=$XS_TOP/gdbstub/xs-gdbstub
XENCTX=${XENCTX:-/usr/lib/xen-4.17/bin/xenctx}
GDB_LIMIT=120
# xl dump-core of the 32 MiB PVH guest: 300-410 s on an idle host, 711 s
# beside a hypervisor build (a niced make -j2) on the same two cores.
DUMP_LIMIT=1500

# paused DOMID: xl list shows the domain paused.
paused() {
	"$XL" list "$1" 2>/dev/null | awk 'NR == 2 {st = $5} END {exit st !~ /p/}'
}

# xenctx_mem DOMID ADDR BYTES OUT: BYTES (a multiple of 64) of the guest's
# virtual memory at ADDR as xenctx -m prints them (64-bit words), into OUT.
xenctx_mem() {
	"$XENCTX" -m "$2" -b 64 -l $(($3 / 64)) "$1" 0 >"$4.txt" 2>&1 || return 1
	python3 - "$4.txt" "$4" "$3" <<'PY' || return 1
import struct, sys
words = []
for line in open(sys.argv[1]):
    if line.startswith("Memory ("):
        continue
    words += [int(w, 16) for w in line.split()]
data = b"".join(struct.pack("<Q", w) for w in words)
if len(data) != int(sys.argv[3]):
    sys.exit("xenctx gave %d bytes, not %s" % (len(data), sys.argv[3]))
open(sys.argv[2], "wb").write(data)
PY
}

# elf_section ELF NAME: "ADDR SIZE" of section NAME.
elf_section() {
	readelf -SW "$1" | awk -v n="$2" '$2 == n {print "0x" $4, "0x" $6; exit}
		$3 == n {print "0x" $5, "0x" $7; exit}'
}

# elf_string_addr ELF TEXT: the virtual address of TEXT (NUL-terminated) in
# the ELF's .rodata.
elf_string_addr() {
	python3 - "$1" "$2" <<'PY'
import subprocess, sys
elf, text = sys.argv[1], sys.argv[2].encode() + b"\0"
for line in subprocess.run(["readelf", "-SW", elf], capture_output=True, text=True).stdout.splitlines():
    f = line.replace("[ ", "[").split()
    if len(f) > 5 and f[1] == ".rodata":
        addr, off, size = int(f[3], 16), int(f[4], 16), int(f[5], 16)
        data = open(elf, "rb").read()[off:off + size]
        i = data.find(text)
        if i >= 0:
            print(hex(addr + i))
PY
}

# regs_xenctx FILE: "name value" lines (value as a number) from xenctx -a.
regs_xenctx() {
	awk '/^Code / {exit}
	{for (i = 1; i < NF; i++) if ($i ~ /^[a-z0-9]+:$/ && $(i + 1) ~ /^[0-9a-f]+$/) {
		n = $i; sub(/:$/, "", n); if (!(n in seen)) {seen[n] = 1; print n, $(i + 1)}
	}}
	/ fs: / {for (i = 1; i < NF; i++) if ($i == "@") print "fs_base", $(i + 1)}' "$1"
}

# Each guest's state, by kind (pv, pvh): its domain, the regions compared,
# where its sections and symbols are, its background xl dump-core.
declare -A DOM REGIONS TADDR RADDR RSIZE SADDR COUNTER HCALL DUMP_PID DUMP_T0

# guest_up KIND ELF: boot KIND's spin xsguest, pause it and read its vCPU 0
# registers with xenctx -a; the addresses to compare from its ELF file.
guest_up() {
	local kind=$1 elf=$2 x rsp d
	if ! xsguest_create "gdbd$kind" "$kind" spin 32; then
		not_ok "$kind xsguest spin reaches ready"
		return 1
	fi
	d=$DOMID
	DOM[$kind]=$d
	ok "$kind xsguest spin reaches ready (domid $d)"
	sleep 1
	"$XL" pause "$d"
	if paused "$d"; then
		ok "$kind: the guest is paused for the comparison"
	else
		not_ok "$kind: the guest is paused for the comparison"
	fi
	"$XENCTX" -a "$d" 0 >/tmp/gdbd.$kind.xenctx 2>&1
	regs_xenctx /tmp/gdbd.$kind.xenctx >/tmp/gdbd.$kind.xregs
	rsp=0x$(awk '$1 == "rsp" {print $2}' /tmp/gdbd.$kind.xregs)
	COUNTER[$kind]=0x$(nm "$elf" | awk '$3 == "spin_counter" {print $1}')
	x=0x$(nm "$elf" | awk '$3 == "spin_tick" {print $1}')
	HCALL[$kind]=0x$(nm "$elf" | awk '$3 == "hypercall_page" {print $1}')
	SADDR[$kind]=$(elf_string_addr "$elf" 'spin tick=%p counter=%p')
	# What to compare with xenctx, which maps and walks for every word (10-30
	# s a page here): spin_counter, spin_tick's code, the known string, the
	# top of the stack.  The ELF check covers whole pages.
	REGIONS[$kind]="$((COUNTER[$kind] & ~63)):64 $((x & ~63)):256"
	REGIONS[$kind]+=" $((SADDR[$kind] & ~63)):256 $((rsp & ~63)):256"
	x=$(elf_section "$elf" .rodata) # no <(...): dom0 has no /dev/fd
	RADDR[$kind]=${x% *} RSIZE[$kind]=${x#* }
	x=$(elf_section "$elf" .text)
	TADDR[$kind]=${x% *}
	diag "$kind: xenctx rip $(awk '$1 == "rip" {print $2}' /tmp/gdbd.$kind.xregs), rsp $rsp;" \
		"spin_counter at ${COUNTER[$kind]}, .rodata ${RADDR[$kind]}+${RSIZE[$kind]}, string at ${SADDR[$kind]}"
}

# xenctx_regions KIND: xenctx -m's reads of the live paused guest's regions.
xenctx_regions() {
	local kind=$1 x n=0 bad=
	for x in ${REGIONS[$kind]}; do
		n=$((n + 1))
		xenctx_mem "${DOM[$kind]}" "${x%%:*}" $((${x#*:})) "/tmp/gdbd.$kind.x$n" \
			2>>/tmp/gdbd.$kind.xenctx.err || bad+=" ${x%%:*}"
	done
	if [ -z "$bad" ]; then
		ok "$kind: xenctx -m reads the live paused guest's memory"
	else
		not_ok "$kind: xenctx -m reads the live paused guest's memory (failed at$bad)"
		diag "$(tail -n 5 /tmp/gdbd.$kind.xenctx.err)"
	fi
}

# dump_start KIND: xl dump-core of the paused guest, in the background.
# For an HVM or PVH guest libxc tries every gfn below the MMIO hole
# (xc_core_arch_memory_map_get, xg_core_x86.c), a mapping each, since the
# toolstack's special pages sit just under 4 GiB: minutes here, so the PVH
# core is written while the PV guest is looked at.
dump_start() {
	local kind=$1
	rm -f "/tmp/gdbd.$kind.core" "/tmp/gdbd.$kind.dumprc"
	DUMP_T0[$kind]=$SECONDS
	(
		timeout "$DUMP_LIMIT" "$XL" dump-core "${DOM[$kind]}" "/tmp/gdbd.$kind.core" \
			>/tmp/gdbd.$kind.dump.log 2>&1
		echo $? >/tmp/gdbd.$kind.dumprc
	) &
	DUMP_PID[$kind]=$!
}

# dump_wait KIND: the background dump-core's end, as a test point.
dump_wait() {
	local kind=$1 core=/tmp/gdbd.$1.core rc
	wait "${DUMP_PID[$kind]}"
	rc=$(cat /tmp/gdbd.$kind.dumprc 2>/dev/null)
	if [ "$rc" = 0 ]; then
		ok "$kind: xl dump-core of the paused guest"
	else
		not_ok "$kind: xl dump-core of the paused guest (exit ${rc:-?}; 124: over ${DUMP_LIMIT}s)"
		diag "$(tail -n 5 /tmp/gdbd.$kind.dump.log)"
	fi
	diag "$kind: xl dump-core took $((SECONDS - DUMP_T0[$kind])) s; core $(stat -c %s "$core" 2>/dev/null) bytes," \
		"$(readelf -SW "$core" 2>/dev/null | grep -o '\.xen_[a-z0-9]*' | tr '\n' ' ')"
}

# core_checks KIND ELF: gdb on KIND's core through the stub, against
# xenctx's registers and memory and the ELF file; then the guest goes.
core_checks() {
	local kind=$1 elf=$2 core=/tmp/gdbd.$1.core out=/tmp/gdbd.$1.out d=${DOM[$1]}
	local taddr=${TADDR[$1]} raddr=${RADDR[$1]} rsize=${RSIZE[$1]} saddr=${SADDR[$1]}
	local x want got bad n i port stub_pid args=()
	# gdb on the core: registers, the same pages, the string, spin_counter.
	i=0
	for x in ${REGIONS[$kind]}; do
		i=$((i + 1))
		args+=(-ex "dump binary memory /tmp/gdbd.$kind.g$i ${x%%:*} ${x%%:*}+${x#*:}")
	done
	args+=(-ex "dump binary memory /tmp/gdbd.$kind.text $taddr $raddr+$rsize")
	# TCP, not --stdio: gdb reads a pipe a byte at a time (docs/gdbstub.md).
	port=$((4600 + d))
	"$STUB" --once --listen "127.0.0.1:$port" -f "$core" "$d" 2>/tmp/gdbd.$kind.stub.err &
	stub_pid=$!
	sleep 1
	timeout -k 10 "$GDB_LIMIT" gdb -batch -nx "$elf" -ex 'set pagination off' \
		-ex 'set remotetimeout 60' -ex "target remote 127.0.0.1:$port" \
		-ex 'info registers rip rsp rbp rax rbx rcx rdx rsi rdi r8 r9 r10 r11 r12 r13 r14 r15' \
		-ex 'info registers eflags cs ss fs_base cr0 cr2 cr3 cr4' \
		-ex 'info threads' "${args[@]}" \
		-ex "x/s $saddr" -ex 'printf "COUNTER=%lu\n", spin_counter' -ex 'detach' \
		</dev/null >"$out" 2>&1
	kill "$stub_pid" 2>/dev/null
	wait "$stub_pid"
	grep -q '^rip ' "$out" || diag "$(cat "$out")" "$(cat /tmp/gdbd.$kind.stub.err)"

	# Registers: every one xenctx prints that the core has, as numbers (read
	# into arrays: a fork costs a good part of a second on the rig).
	local -A xr=() gr=()
	while read -r x want; do xr[$x]=0x$want; done </tmp/gdbd.$kind.xregs
	while read -r x got _; do
		[[ $got == 0x* ]] && [ -z "${gr[$x]:-}" ] && gr[$x]=$got
	done <"$out"
	bad=
	n=0
	for x in rip rsp rbp rax rbx rcx rdx rsi rdi r8 r9 r10 r11 r12 r13 r14 r15 \
		flags:eflags cs ss fs_base cr0 cr2 cr3 cr4; do
		want=${xr[${x%%:*}]:-}
		got=${gr[${x#*:}]:-}
		# The stub gives cr3 as the frame's address (a PV cr3 may carry flags).
		[ "$x" = cr3 ] && [ -n "$want" ] && want=$((want & ~0xfff))
		if [ -z "$want" ] || [ -z "$got" ] || [ $((want)) -ne $((got)) ]; then
			bad+=" ${x#*:}=${got:-?}/${want:-?}"
		fi
		n=$((n + 1))
	done
	if [ -z "$bad" ]; then
		ok "$kind: the core's $n registers (vCPU 0) are xenctx's on the paused guest"
	else
		not_ok "$kind: the core's registers are xenctx's (core/xenctx:$bad)"
		diag "$(cat /tmp/gdbd.$kind.xenctx)"
	fi
	if grep -q 'vCPU 0 (' "$out"; then
		ok "$kind: gdb lists vCPU 0 from the core"
	else
		not_ok "$kind: gdb lists vCPU 0 from the core"
	fi
	# Memory: the core's pages against xenctx's reads of the live guest.
	bad=
	i=0
	for x in ${REGIONS[$kind]}; do
		i=$((i + 1))
		cmp -s "/tmp/gdbd.$kind.g$i" "/tmp/gdbd.$kind.x$i" || bad+=" ${x%%:*}+${x#*:}"
	done
	if [ -z "$bad" ]; then
		ok "$kind: the core's bytes at spin_counter, spin_tick, the string and the stack are xenctx's live ones"
	else
		not_ok "$kind: the core's bytes are xenctx's live ones (differ:$bad)"
		for x in $(seq 1 "$i"); do
			diag "region $x: core $(stat -c %s "/tmp/gdbd.$kind.g$x" 2>&1)," \
				"xenctx $(stat -c %s "/tmp/gdbd.$kind.x$x" 2>&1)," \
				"$(cmp "/tmp/gdbd.$kind.g$x" "/tmp/gdbd.$kind.x$x" 2>&1 | head -n 1)"
		done
	fi
	# The ELF file: .text and .rodata as linked, but for the hypercall page
	# (Xen writes it for a PV guest, a PVH guest has Xen write it).
	objcopy -O binary --only-section=.text --only-section=.rodata "$elf" /tmp/gdbd.$kind.elf
	n=$((HCALL[$kind] - taddr))
	x=$((raddr + rsize - taddr))
	if [ -s /tmp/gdbd.$kind.elf ] && [ "$(stat -c %s /tmp/gdbd.$kind.text 2>/dev/null)" = "$x" ] &&
		cmp -s -n "$n" /tmp/gdbd.$kind.text /tmp/gdbd.$kind.elf &&
		cmp -s -i $((n + 4096)) /tmp/gdbd.$kind.text /tmp/gdbd.$kind.elf; then
		ok "$kind: the core's .text and .rodata are the ELF file's ($x bytes, the hypercall page apart)"
	else
		not_ok "$kind: the core's .text and .rodata are the ELF file's, the hypercall page apart"
		diag "$(cmp /tmp/gdbd.$kind.text /tmp/gdbd.$kind.elf 2>&1 | head -n 3)"
	fi
	if [ -n "$saddr" ] && grep -q "^$saddr:[[:space:]]*\"spin tick=%p counter=%p\"" "$out"; then
		ok "$kind: x/s reads the known string back from the core at $saddr"
	else
		not_ok "$kind: x/s reads the known string back from the core (at '$saddr')"
		diag "$(grep -A1 'x/s\|^0x' "$out" | head -n 5)"
	fi
	# spin_counter: the core's value is the live word, and the guest ran.
	got=$(sed -n 's/^COUNTER=//p' "$out")
	want=$(od -An -tu8 -j $((COUNTER[$kind] & 63)) -N8 /tmp/gdbd.$kind.x1 2>/dev/null | tr -d ' ')
	if [ -n "$got" ] && [ "$got" = "$want" ] && [ "$got" -gt 0 ]; then
		ok "$kind: spin_counter in the core is $got, the live guest's (xenctx)"
	else
		not_ok "$kind: spin_counter in the core is the live guest's (core '$got', xenctx '$want')"
	fi
	if paused "$d"; then
		ok "$kind: the guest is still paused: both sides saw the same state"
	else
		not_ok "$kind: the guest is still paused"
	fi
	"$XL" destroy "$d"
	rm -f "$core"
}

ip link set lo up # the stub listens on loopback; dom0's starts down

# The PVH guest's core first, in the background (the long part); the PV
# guest is booted, read and opened meanwhile; then the PVH core.
pvh_up=
if guest_up pvh "$XS_GUEST_PVH"; then
	pvh_up=1
	dump_start pvh
	xenctx_regions pvh
fi
if guest_up pv "$XS_GUEST_PV"; then
	xenctx_regions pv
	dump_start pv
	dump_wait pv
	core_checks pv "$XS_GUEST_PV"
fi
if [ -n "$pvh_up" ]; then
	dump_wait pvh
	core_checks pvh "$XS_GUEST_PVH"
fi
test_done
