#!/usr/bin/env bash
# Seed corpora for the fuzz harnesses, made from the readable sources the
# tests use: snapshots from t/data/*.json, a guest dump from
# t/data/gdbstub-small.desc, a trace from t/data/trace-history.txt.
# The text seeds (GDB sessions, /proc text) are in t/fuzz/seeds/ as they are.
#
# Usage: mkseeds.sh OUTDIR    (env XS_BUILD, XS_BINROOT as make sets them)
set -euo pipefail
top=$(cd "$(dirname "$0")/../.." && pwd)
out=${1:?usage: mkseeds.sh OUTDIR}
tool=$top/${XS_BINROOT:-.}/t/helper/xs-test-tool
trace=$top/${XS_BUILD:-build}/t/unit/trace
data=$top/t/data

rm -rf "$out"
mkdir -p "$out"/{snap,gdb-dump,trace,model,gdb-packet,procscan}
for j in "$data"/*.json; do
	n=$(basename "$j" .json)
	cp "$j" "$out/model/$n.json"
	# Fixtures that describe something other than a snapshot do not load.
	"$tool" mksnap "$j" "$out/snap/$n.xs" 2>/dev/null || true
done
"$tool" mkgdbdump "$data/gdbstub-small.desc" "$out/snap/gdbstub-small.xs"
# The guest dump blob itself: the .xs.guest.7 section of that snapshot.
read -r off size < <(readelf -W -S "$out/snap/gdbstub-small.xs" |
	sed 's/^ *\[ *[0-9]*\] *//' | awk '$1 ~ /^\.xs\.guest\./ { print $4, $5; exit }')
dd if="$out/snap/gdbstub-small.xs" of="$out/gdb-dump/gdbstub-small.bin" bs=1 \
	skip="$((16#$off))" count="$((16#$size))" status=none
"$trace" mk <"$data/trace-history.txt" >"$out/trace/trace-history.trc"
[ -s "$out/gdb-dump/gdbstub-small.bin" ] && [ -s "$out/trace/trace-history.trc" ]
echo "fuzz seeds: $(find "$out" -type f | wc -l) files in $out"
