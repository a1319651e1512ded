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

# paused: xl list shows the domain paused.
paused() {
	"$XL" list "$d" 2>/dev/null | awk 'NR == 2 {st = $5} END {exit st !~ /p/}'
}

# xenctx_mem ADDR BYTES OUT: BYTES (a multiple of 64) of the guest's virtual
# memory at ADDR as xenctx -m prints them (64-bit words), into the file OUT.
xenctx_mem() {
	"$XENCTX" -m "$1" -b 64 -l $(($2 / 64)) "$d" 0 >"$3.txt" 2>&1 || return 1
	python3 - "$3.txt" "$3" "$2" <<'PY' || return 1
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

scenario() {
	local kind=$1 elf=$2 core=/tmp/gdbd.$1.core out=/tmp/gdbd.$1.out name=gdbd$1
	local rsp counter tick hcall raddr rsize taddr saddr want got bad n x port
	if ! xsguest_create "$name" "$kind" spin 32; then
		not_ok "$kind xsguest spin reaches ready"
		return
	fi
	d=$DOMID
	ok "$kind xsguest spin reaches ready (domid $d)"
	sleep 1
	"$XL" pause "$d"
	if paused; then
		ok "$kind: the guest is paused for the comparison"
	else
		not_ok "$kind: the guest is paused for the comparison"
	fi
	"$XENCTX" -a "$d" 0 >/tmp/gdbd.xenctx 2>&1
	regs_xenctx /tmp/gdbd.xenctx >/tmp/gdbd.xregs
	rsp=0x$(awk '$1 == "rsp" {print $2}' /tmp/gdbd.xregs)
	counter=0x$(nm "$elf" | awk '$3 == "spin_counter" {print $1}')
	tick=0x$(nm "$elf" | awk '$3 == "spin_tick" {print $1}')
	hcall=0x$(nm "$elf" | awk '$3 == "hypercall_page" {print $1}')
	x=$(elf_section "$elf" .rodata) # no <(...): dom0 has no /dev/fd
	raddr=${x% *} rsize=${x#* }
	x=$(elf_section "$elf" .text)
	taddr=${x% *}
	saddr=$(elf_string_addr "$elf" 'spin tick=%p counter=%p')
	diag "$kind: xenctx rip $(awk '$1 == "rip" {print $2}' /tmp/gdbd.xregs), rsp $rsp;" \
		"spin_counter at $counter, .rodata $raddr+$rsize, string at $saddr"
	# What to compare with xenctx, which maps and walks for every word (10-30
	# s a page here): spin_counter, spin_tick's code, the known string, the
	# top of the stack.  The ELF check below covers whole pages.
	local regions="$((counter & ~63)):64 $((tick & ~63)):256"
	regions+=" $((saddr & ~63)):256 $((rsp & ~63)):256"
	bad=
	n=0
	for x in $regions; do
		n=$((n + 1))
		xenctx_mem "${x%%:*}" $((${x#*:})) "/tmp/gdbd.x$n" 2>>/tmp/gdbd.xenctx.err ||
			bad+=" ${x%%:*}"
	done
	if [ -z "$bad" ]; then
		ok "$kind: xenctx -m reads the live paused guest's memory"
	else
		not_ok "$kind: xenctx -m reads the live paused guest's memory (failed at$bad)"
		diag "$(tail -n 5 /tmp/gdbd.xenctx.err)"
	fi

	# For an HVM or PVH guest libxc tries every gfn below the MMIO hole
	# (xc_core_arch_memory_map_get, xg_core_x86.c), a mapping each, since
	# the toolstack's special pages sit just under 4 GiB: minutes here.
	rm -f "$core"
	x=$SECONDS
	check "$kind: xl dump-core of the paused guest" timeout 420 "$XL" dump-core "$d" "$core"
	diag "$kind: xl dump-core took $((SECONDS - x)) s; core $(stat -c %s "$core" 2>/dev/null) bytes," \
		"$(readelf -SW "$core" 2>/dev/null | grep -o '\.xen_[a-z0-9]*' | tr '\n' ' ')"

	# gdb on the core: registers, the same pages, the string, spin_counter.
	local args=() i=0
	for x in $regions; do
		i=$((i + 1))
		args+=(-ex "dump binary memory /tmp/gdbd.g$i ${x%%:*} ${x%%:*}+${x#*:}")
	done
	args+=(-ex "dump binary memory /tmp/gdbd.text $taddr $raddr+$rsize")
	# TCP, not --stdio: gdb reads a pipe a byte at a time (docs/gdbstub.md).
	port=$((4600 + d))
	"$STUB" --once --listen "127.0.0.1:$port" -f "$core" "$d" 2>/tmp/gdbd.stub.err &
	local stub_pid=$!
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
	grep -q '^rip ' "$out" || diag "$(cat "$out")" "$(cat /tmp/gdbd.stub.err)"

	# Registers: every one xenctx prints that the core has, as numbers (read
	# into arrays: a fork costs a good part of a second on the rig).
	local -A xr=() gr=()
	while read -r x want; do xr[$x]=0x$want; done </tmp/gdbd.xregs
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
		diag "$(cat /tmp/gdbd.xenctx)"
	fi
	if grep -q 'vCPU 0 (' "$out"; then
		ok "$kind: gdb lists vCPU 0 from the core"
	else
		not_ok "$kind: gdb lists vCPU 0 from the core"
	fi
	# Memory: the core's pages against xenctx's reads of the live guest.
	bad=
	i=0
	for x in $regions; do
		i=$((i + 1))
		cmp -s "/tmp/gdbd.g$i" "/tmp/gdbd.x$i" || bad+=" ${x%%:*}+${x#*:}"
	done
	if [ -z "$bad" ]; then
		ok "$kind: the core's bytes at spin_counter, spin_tick, the string and the stack are xenctx's live ones"
	else
		not_ok "$kind: the core's bytes are xenctx's live ones (differ:$bad)"
		for x in $(seq 1 "$i"); do
			diag "region $x: core $(stat -c %s "/tmp/gdbd.g$x" 2>&1), xenctx $(stat -c %s "/tmp/gdbd.x$x" 2>&1)," \
				"$(cmp "/tmp/gdbd.g$x" "/tmp/gdbd.x$x" 2>&1 | head -n 1)"
		done
	fi
	# The ELF file: .text and .rodata as linked, but for the hypercall page
	# (Xen writes it for a PV guest, a PVH guest has Xen write it).
	objcopy -O binary --only-section=.text --only-section=.rodata "$elf" /tmp/gdbd.elf
	n=$((hcall - taddr))
	x=$((raddr + rsize - taddr))
	if [ -s /tmp/gdbd.elf ] && [ "$(stat -c %s /tmp/gdbd.text)" -eq "$x" ] &&
		cmp -s -n "$n" /tmp/gdbd.text /tmp/gdbd.elf &&
		cmp -s -i $((n + 4096)) /tmp/gdbd.text /tmp/gdbd.elf; then
		ok "$kind: the core's .text and .rodata are the ELF file's ($x bytes, the hypercall page apart)"
	else
		not_ok "$kind: the core's .text and .rodata are the ELF file's, the hypercall page apart"
		diag "$(cmp /tmp/gdbd.text /tmp/gdbd.elf 2>&1 | head -n 3)"
	fi
	if [ -n "$saddr" ] && grep -q "^$saddr:[[:space:]]*\"spin tick=%p counter=%p\"" "$out"; then
		ok "$kind: x/s reads the known string back from the core at $saddr"
	else
		not_ok "$kind: x/s reads the known string back from the core (at '$saddr')"
		diag "$(grep -A1 'x/s\|^0x' "$out" | head -n 5)"
	fi
	# spin_counter: the core's value is the live word, and the guest ran.
	got=$(sed -n 's/^COUNTER=//p' "$out")
	want=$(od -An -tu8 -j $((counter & 63)) -N8 /tmp/gdbd.x1 | tr -d ' ')
	if [ -n "$got" ] && [ "$got" = "$want" ] && [ "$got" -gt 0 ]; then
		ok "$kind: spin_counter in the core is $got, the live guest's (xenctx)"
	else
		not_ok "$kind: spin_counter in the core is the live guest's (core '$got', xenctx '$want')"
	fi
	if paused; then
		ok "$kind: the guest is still paused: both sides saw the same state"
	else
		not_ok "$kind: the guest is still paused"
	fi
	"$XL" destroy "$d"
	rm -f "$core"
}

ip link set lo up # the stub listens on loopback; dom0's starts down

scenario pv "$XS_GUEST_PV"
scenario pvh "$XS_GUEST_PVH"
test_done
