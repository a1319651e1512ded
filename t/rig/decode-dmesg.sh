# Rig scenario: Xen's own account of a zombie's pages, decoded.  A small PV
# guest is destroyed while a dom0 process maps some of its pages, so it
# stays dying with only those pages; debug key q then prints a DomPage line
# for each (dump_pageframe_info() lists the pages of a dead domain).
# `xl dmesg | xenscope decode -t xen` must annotate every DomPage line, and
# for the zombie's the holders it names must account for the count Xen
# printed.  The log and both decodings are left in /xs/out for t9800, which
# decodes the log again on the host, offline.
. "$XS_TOP/t/rig/lib.sh"
. "$XS_TOP/t/rig/xsguest-lib.sh"
XS=$XS_TOP/xenscope/xenscope
NPAGES=4
out=/tmp/decode
mkdir -p "$out" /xs/out

# The front door first: doctor and --version on a hypervisor with the
# interface, against what xl info says of the same hypervisor.
xv=$("$XL" info | awk '$1 == "xen_version" { print $3 }')
# The interface version the tools and the patches share: its one definition,
# as the whole series has it (the header the tools were built with).
iv=$(awk '$1 == "#define" && $2 == "XENSCOPE_INTERFACE_VERSION" { print $3 }' \
	"$XS_TOP/build/include/xenscope.h")
doc=$("$XS" doctor 2>&1)
rc=$?
diag "xenscope doctor (exit $rc):" "$doc"
if [ "$rc" -le 1 ] && printf '%s\n' "$doc" | grep -q "^ok    hypervisor   Xen $xv with the xenscope interface $iv$" &&
	[ "$(printf '%s\n' "$doc" | grep -c '^ok ')" -ge 5 ]; then
	ok "xenscope doctor: Xen $xv with the interface, no check failed (exit $rc)"
else
	not_ok "xenscope doctor: Xen $xv with the interface, no check failed (exit $rc)"
fi
if printf '%s\n' "$doc" | grep -q "^ok    xen-syms     .* is the running build$"; then
	ok "xenscope doctor: the rig's xen-syms is the running build"
else
	not_ok "xenscope doctor: the rig's xen-syms is the running build"
fi
ver=$("$XS" --version)
diag "$ver"
if printf '%s\n' "$ver" | grep -q "^hypervisor: Xen $xv, xenscope interface $iv$"; then
	ok "xenscope --version names the hypervisor and its interface"
else
	not_ok "xenscope --version names the hypervisor and its interface"
fi

if ! xsguest_boot zdec pv idle; then
	test_done
	exit
fi
d=$DOMID
if start_holder /tmp/holder.out "$XS_RIG_BIN/xs-map-foreign" "$d" "$NPAGES"; then
	ok "dom0 maps $NPAGES pages of d$d"
else
	not_ok "dom0 maps $NPAGES pages of d$d"
fi
"$XL" destroy "$d"
sleep 1
if xl_dying "$d"; then
	ok "d$d is a zombie after xl destroy"
else
	not_ok "d$d is a zombie after xl destroy"
fi

"$XL" debug-keys q
sleep 1
"$XL" dmesg >"$out/dmesg.txt"
"$XS" decode -t xen "$out/dmesg.txt" >"$out/decoded.txt" 2>"$out/decode.err"
rc=$?
if [ "$rc" -eq 0 ] && ! [ -s "$out/decode.err" ]; then
	ok "xenscope decode -t xen reads xl dmesg (exit 0, every page's references accounted for)"
else
	not_ok "xenscope decode -t xen reads xl dmesg (exit $rc)"
	diag "$(cat "$out/decode.err")"
fi

# Every DomPage line, of every domain, is followed by its annotation.
bare=$(awk '/DomPage [0-9a-f]+: caf=/ { if (pending) n++; pending = 1; next }
	/^    xenscope: / { pending = 0; next }
	{ if (pending) n++; pending = 0 }
	END { print n + pending }' "$out/decoded.txt")
pages=$(grep -Ec 'DomPage [0-9a-f]+: caf=' "$out/dmesg.txt")
if [ "$pages" -gt 0 ] && [ "$bare" -eq 0 ]; then
	ok "all $pages DomPage lines of xl dmesg are annotated"
else
	not_ok "all DomPage lines of xl dmesg are annotated ($pages lines, $bare without)"
fi

# The zombie's lines, from its header to the next domain's: Xen's count
# (count_info's low 57 bits, worked out here in the shell) against the
# annotation's count, and against the holders' references, which come from
# the hypervisor's page walkers, not from what Xen printed.
awk -v d="$d" '/Memory pages belonging to domain/ { cur = ($0 ~ ("domain " d ":$")) }
	cur && /DomPage [0-9a-f]+: caf=/ { print; if ((getline note) > 0) print note }' \
	"$out/decoded.txt" >"$out/zombie.txt"
n=0 bad=0
while IFS= read -r line && IFS= read -r note; do
	caf=$(printf '%s\n' "$line" | sed -n 's/.*caf=\([0-9a-f]*\),.*/\1/p')
	count=$((0x$caf & 0x01ffffffffffffff))
	held=$(printf '%s\n' "$note" | sed -n 's/.*; held by //p' | tr ',' '\n' |
		awk '{ split($3, g, "+"); s += g[1] } END { print s + 0 }')
	n=$((n + 1))
	case "$note" in
	"    xenscope: d$d guest page mfn 0x"*": count=$count | type="*"; now count=$count | "*"; held by d0 "*) ;;
	*) bad=$((bad + 1)); diag "$line" "$note" ;;
	esac
	[ "$held" -eq "$count" ] || { bad=$((bad + 1)); diag "holders account for $held of $count: $note"; }
done <"$out/zombie.txt"
if [ "$n" -eq "$NPAGES" ] && [ "$bad" -eq 0 ]; then
	ok "the zombie's $NPAGES pages: Xen's count decoded, and d0's references account for it"
else
	not_ok "the zombie's $NPAGES pages: Xen's count decoded, and d0's references account for it ($n lines, $bad wrong)"
fi
diag "$(head -n 4 "$out/zombie.txt")"

kill "$HOLDER_PID"
wait "$HOLDER_PID" 2>/dev/null
if wait_gone "$d" 20; then
	ok "d$d is gone once the holder exits"
else
	not_ok "d$d is gone once the holder exits"
fi
if cp "$out/dmesg.txt" "$out/decoded.txt" /xs/out/; then
	ok "the log and its decoding are kept for the host"
else
	not_ok "the log and its decoding are kept for the host"
fi
test_done
