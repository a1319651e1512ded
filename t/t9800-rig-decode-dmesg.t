#!/usr/bin/env bash
# Rig: xl dmesg after debug key q, through xenscope decode in dom0 (with the
# pages' holders), then decoded again here on the host, offline: the same
# words for every page line, and the same counts as the decoder the unit
# tests check (xs-test-tool decode).
top=$(cd "$(dirname "$0")/.." && pwd)
tap=$(XS_RIG_KEEP=1 "$top/rig/run-scenario.sh" "$top/t/rig/decode-dmesg.sh")

printf '%s\n' "$tap" | grep -v '^1\.\.[0-9]*$'
n=$(printf '%s\n' "$tap" | grep -Ec '^(not )?ok ')
run=$(ls -td "$top"/build/rig/runs/decode-dmesg.* 2>/dev/null | head -n 1)
out=${run:+$run/out}
XS=$top/xenscope/xenscope
TOOL=$top/t/helper/xs-test-tool

n=$((n + 1))
if [ -n "$out" ] && [ -s "$out/dmesg.txt" ] && [ -s "$out/decoded.txt" ]; then
	# dom0's annotations without the "now ..." part are the offline ones.
	sed 's/^\(    xenscope: [^;]*\);.*/\1/' "$out/decoded.txt" >"$out/dom0-words.txt"
	"$XS" decode "$out/dmesg.txt" >"$out/host.txt"
	if diff -u "$out/dom0-words.txt" "$out/host.txt" >"$out/diff.txt"; then
		echo "ok $n - the host decodes the rig's xl dmesg as dom0 did, line for line"
	else
		echo "not ok $n - the host decodes the rig's xl dmesg as dom0 did, line for line"
		head -n 20 "$out/diff.txt" | sed 's/^/# /'
	fi
	n=$((n + 1))
	grep -E 'DomPage [0-9a-f]{16}: caf=[0-9a-f]+, taf=[0-9a-f]{16}$' "$out/dmesg.txt" |
		sed 's/.*caf=\([0-9a-f]*\), taf=\([0-9a-f]*\)$/0x\1 0x\2/' |
		while read -r caf taf; do "$TOOL" decode "$caf" "$taf"; done >"$out/unit.txt"
	awk '/DomPage [0-9a-f]+: caf=/ { getline note; sub(/^    xenscope: d[0-9]+ guest page mfn 0x[0-9a-f]+: /, "", note); print note }' \
		"$out/host.txt" >"$out/host-words.txt"
	if [ -s "$out/unit.txt" ] && diff -u "$out/unit.txt" "$out/host-words.txt" >"$out/diff2.txt"; then
		echo "ok $n - every DomPage line decodes as xs-test-tool decode does ($(wc -l <"$out/unit.txt") lines)"
	else
		echo "not ok $n - every DomPage line decodes as xs-test-tool decode does"
		head -n 20 "$out/diff2.txt" | sed 's/^/# /'
	fi
else
	echo "not ok $n - the rig left its xl dmesg and decoding"
fi
echo "1..$n"
