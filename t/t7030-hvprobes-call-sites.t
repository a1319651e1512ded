#!/usr/bin/env bash
# The reference tracepoints record the real call site.  The release
# hypervisor is built at -O2, where gcc turns a call in tail position into a
# jump: a traced function reading its return address then names its caller's
# caller (put_page_from_l1e() ending in put_page(), unmap_vcpu_info(), ...).
# With the series, the traced entry points are macros passing the address
# of the call itself (a lea of %rip) to the xenscope_* functions doing the
# work.  Checked on the rig's release xen-syms with objdump, the binutils'
# view of the result: fails (never skips) when the build fails.
top=$(cd "$(dirname "$0")/.." && pwd)
fns="put_page get_page page_get_owner_and_reference put_page_type get_page_type
put_page_type_preemptible get_page_type_preemptible put_old_guest_table
share_xen_page_with_guest"
echo "1..4"
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
# XS_T7030_XENDIR: check that build directory instead (an older series').
if out=${XS_T7030_XENDIR:-$("$top/rig/build-xen.sh" release 2>"$tmp/log")} && [ -s "$out/xen-syms" ]; then
	echo "ok 1 - the release hypervisor builds (CONFIG_XENSCOPE_TRACE, -O2)"
else
	echo "not ok 1 - the release hypervisor builds (CONFIG_XENSCOPE_TRACE, -O2)"
	tail -n 5 "$tmp/log" | sed 's/^/# /'
	for i in 2 3 4; do echo "not ok $i - # no release build"; done
	exit 0
fi
grep -qx 'CONFIG_XENSCOPE_TRACE=y' "$out/.config" || echo "# CONFIG_XENSCOPE_TRACE is not set in $out/.config"
objdump -d --no-show-raw-insn "$out/xen-syms" >"$tmp/dis"
nm "$out/xen-syms" >"$tmp/nm"

# 2: none of the traced names is a function any more (each is a macro), so
# nothing can jump to one; a jump to one is the bug.
bad=
for f in $fns; do
	j=$(grep -cE "jmp +[0-9a-f]+ <$f>" "$tmp/dis")
	[ "$j" -gt 0 ] && bad="$bad $f:$j-tail-jumps"
	grep -qE " [tT] $f\$" "$tmp/nm" && bad="$bad $f:function"
done
if [ -z "$bad" ] && grep -qE ' [tT] xenscope_put_page$' "$tmp/nm"; then
	echo "ok 2 - no traced entry point is a function a tail call can jump to"
else
	echo "not ok 2 - no traced entry point is a function a tail call can jump to"
	echo "#$bad"
fi

# 3-4: every call of and jump to a xenscope_* reference function has its
# call site computed in the same function before it (lea 0x0(%rip)), tail
# jumps included.
awk -v fns="$fns" '
	BEGIN { n = split(fns, f); for (i = 1; i <= n; i++) want["<xenscope_" f[i] ">"] = 1 }
	/^[0-9a-f]+ <.*>:$/ { fn = $2; lea = 0; next }
	/lea +0x0\(%rip\),/ { lea++ }
	/(call|jmp) +[0-9a-f]+ <xenscope_/ {
		t = $NF
		if (!(t in want)) next
		kind = $0 ~ /jmp/ ? "jmp" : "call"
		print kind, t, fn, (lea ? "site" : "nosite")
	}' "$tmp/dis" >"$tmp/sites"
calls=$(wc -l <"$tmp/sites")
jumps=$(grep -c '^jmp ' "$tmp/sites")
nosite=$(grep -c ' nosite$' "$tmp/sites")
echo "# $calls calls of the xenscope_* reference functions, $jumps of them tail jumps, $nosite without a call site"
if [ "$calls" -gt 100 ] && [ "$nosite" -eq 0 ]; then
	echo "ok 3 - every call of a traced reference function passes a call site computed before it"
else
	echo "not ok 3 - every call of a traced reference function passes a call site computed before it"
	grep ' nosite$' "$tmp/sites" | head -n 5 | sed 's/^/# /'
fi
if grep -q ' <xenscope_put_page> <put_page_from_l1e>: site$' "$tmp/sites"; then
	echo "ok 4 - put_page_from_l1e's put_page() (a tail call at -O2) records its own site"
else
	echo "not ok 4 - put_page_from_l1e's put_page() (a tail call at -O2) records its own site"
	grep 'put_page_from_l1e' "$tmp/sites" | head -n 3 | sed 's/^/# /'
fi
